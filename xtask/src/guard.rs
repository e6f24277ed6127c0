//! Where a write that would break the workspace is refused: replacing a crate that other
//! workspace members depend on (by path) with a crate of another package name leaves their
//! dependency pointing at a package that is no longer there, and then no cargo command in the
//! workspace, `cargo xtask` included, can run to undo it.

use std::path::{Path, PathBuf};

/// A workspace member whose manifest depends on the output directory by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    /// Its `Cargo.toml`.
    pub manifest: PathBuf,
}

/// What writing a crate named `new_name` into `out` would do to the workspace around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing depends on the name, or it does not change.
    Safe,
    /// The package name changes and these members depend on the old one.
    Breaks {
        old_name: String,
        dependents: Vec<Dependent>,
    },
}

/// Looks at the crate already in `out` and the workspace above it.
pub fn check(out: &Path, new_name: &str) -> Verdict {
    let Some(old_name) = package_name(&out.join("Cargo.toml")) else {
        return Verdict::Safe;
    };
    if old_name == new_name {
        return Verdict::Safe;
    }
    let dependents = dependents_of(out, &old_name);
    if dependents.is_empty() {
        Verdict::Safe
    } else {
        Verdict::Breaks {
            old_name,
            dependents,
        }
    }
}

/// The refusal, saying what would change and the two ways on.
pub fn refusal(out: &Path, new_name: &str, old_name: &str, dependents: &[Dependent]) -> String {
    let list: Vec<String> = dependents
        .iter()
        .map(|d| format!("    {}", d.manifest.display()))
        .collect();
    format!(
        "refusing to write {out}: it holds the crate `{old_name}`, which these workspace members \
         depend on by path:\n{list}\nthis spec makes the crate `{new_name}`; replacing it would \
         leave them depending on a package that no longer exists, and the workspace (cargo xtask \
         included) unable to build.\n  - to generate a client for another API, pass --out DIR \
         (a directory of its own);\n  - to rename the crate deliberately, run again with \
         --rename: the dependency entries above are renamed too (then rename the \
         `{old_ident}::` paths in their code).\nnothing was written",
        out = out.display(),
        list = list.join("\n"),
        old_ident = old_name.replace('-', "_"),
    )
}

/// Renames `old_name`'s dependency entry to `new_name` in each dependent manifest: a line
/// `old_name = { ..., path = ... }` keeps its table and gets the new key.
pub fn rename_dependents(
    dependents: &[Dependent],
    old_name: &str,
    new_name: &str,
) -> std::io::Result<()> {
    for d in dependents {
        let text = std::fs::read_to_string(&d.manifest)?;
        let renamed: Vec<String> = text
            .lines()
            .map(|line| {
                let trimmed = line.trim_start();
                let rest = trimmed.strip_prefix(old_name).map(str::trim_start);
                match rest {
                    Some(rest) if rest.starts_with('=') && rest.contains("path") => {
                        let indent = &line[..line.len() - trimmed.len()];
                        format!("{indent}{new_name} {rest}")
                    }
                    _ => line.to_owned(),
                }
            })
            .collect();
        let mut out = renamed.join("\n");
        if text.ends_with('\n') {
            out.push('\n');
        }
        std::fs::write(&d.manifest, out)?;
    }
    Ok(())
}

fn package_name(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let value: toml::Table = text.parse().ok()?;
    value
        .get("package")?
        .get("name")?
        .as_str()
        .map(str::to_owned)
}

/// Members of the workspace around `out` that depend on `old_name` at `out` by path.
fn dependents_of(out: &Path, old_name: &str) -> Vec<Dependent> {
    let Ok(out) = out.canonicalize() else {
        return Vec::new();
    };
    let Some((root, members)) = workspace_around(&out) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for member in members {
        let dir = root.join(&member);
        let manifest = dir.join("Cargo.toml");
        let Some(table) = std::fs::read_to_string(&manifest)
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
        else {
            continue;
        };
        let depends = ["dependencies", "dev-dependencies", "build-dependencies"]
            .iter()
            .filter_map(|section| table.get(*section)?.as_table())
            .filter_map(|deps| deps.get(old_name)?.get("path")?.as_str())
            .any(|path| dir.join(path).canonicalize().is_ok_and(|p| p == out));
        if depends {
            found.push(Dependent { manifest });
        }
    }
    found
}

/// The nearest `Cargo.toml` with a `[workspace]` above `dir`, and its members (plain paths;
/// a glob member is read as its directory's children).
fn workspace_around(dir: &Path) -> Option<(PathBuf, Vec<String>)> {
    for ancestor in dir.ancestors().skip(1) {
        let manifest = ancestor.join("Cargo.toml");
        let Some(table) = std::fs::read_to_string(&manifest)
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
        else {
            continue;
        };
        let Some(workspace) = table.get("workspace") else {
            continue;
        };
        let mut members = Vec::new();
        for m in workspace
            .get("members")
            .and_then(|m| m.as_array())
            .into_iter()
            .flatten()
            .filter_map(|m| m.as_str())
        {
            match m.strip_suffix("/*") {
                Some(parent) => {
                    let entries = std::fs::read_dir(ancestor.join(parent))
                        .into_iter()
                        .flatten();
                    for e in entries.flatten() {
                        members.push(format!("{parent}/{}", e.file_name().to_string_lossy()));
                    }
                }
                None => members.push(m.to_owned()),
            }
        }
        return Some((ancestor.to_path_buf(), members));
    }
    None
}
