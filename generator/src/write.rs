//! Output: the whole crate is written to a temporary sibling directory and swapped into place,
//! so a failure or a kill at any point leaves the previous output intact. `check` compares
//! instead of writing.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::render::OutputFile;

/// What `check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files the generator would create.
    pub added: Vec<String>,
    /// Files the generator would change.
    pub changed: Vec<String>,
    /// Files the generator would delete.
    pub removed: Vec<String>,
}

impl Drift {
    /// True when the directory is exactly what the generator makes.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (mark, list) in [
            ("+", &self.added),
            ("~", &self.changed),
            ("-", &self.removed),
        ] {
            for p in list {
                writeln!(f, "  {mark} {p}")?;
            }
        }
        Ok(())
    }
}

/// Files under `dir`, relative and `/`-separated; hidden entries and `target/` are not ours.
fn existing_files(dir: &Path) -> std::io::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || (d == dir && name == "target") {
                continue;
            }
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    Ok(out)
}

/// Compares `files` with what is in `dir`.
pub fn check(dir: &Path, files: &[OutputFile]) -> std::io::Result<Drift> {
    let mut existing = existing_files(dir)?;
    let mut drift = Drift::default();
    for f in files {
        if existing.remove(&f.path) {
            let current = fs::read(dir.join(&f.path))?;
            if current != f.contents.as_bytes() {
                drift.changed.push(f.path.clone());
            }
        } else {
            drift.added.push(f.path.clone());
        }
    }
    drift.removed = existing.into_iter().collect();
    Ok(drift)
}

/// Writes `files` as the new contents of `dir`, atomically as far as the file system allows:
/// everything goes to a sibling temporary directory first, which then replaces `dir`.
pub fn write_atomic(dir: &Path, files: &[OutputFile]) -> std::io::Result<()> {
    let dir = absolute(dir)?;
    let parent = dir
        .parent()
        .ok_or_else(|| std::io::Error::other("the output directory has no parent"))?;
    fs::create_dir_all(parent)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".to_owned());
    recover_interrupted(&dir, parent, &name)?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(parent)?;
    for f in files {
        let path = staging.path().join(&f.path);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p)?;
        }
        fs::write(&path, &f.contents)?;
    }
    // Keep what is not ours (a `target/` from building the crate in place, dotfiles).
    if dir.exists() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let n = entry.file_name().to_string_lossy().into_owned();
            if n.starts_with('.') || n == "target" {
                fs::rename(entry.path(), staging.path().join(&n))?;
            }
        }
    }
    let staged = staging.keep();
    if dir.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(parent)?
            .keep();
        fs::remove_dir(&old)?;
        fs::rename(&dir, &old)?;
        if let Err(e) = fs::rename(&staged, &dir) {
            // Put the old output back before reporting.
            let _ = fs::rename(&old, &dir);
            let _ = fs::remove_dir_all(&staged);
            return Err(e);
        }
        fs::remove_dir_all(&old)?;
    } else {
        fs::rename(&staged, &dir)?;
    }
    Ok(())
}

/// A run killed between its two renames leaves the previous output as `.NAME.old-*` and no
/// `NAME`: put it back. Staging directories of killed runs are removed.
fn recover_interrupted(dir: &Path, parent: &Path, name: &str) -> std::io::Result<()> {
    let old_prefix = format!(".{name}.old-");
    let new_prefix = format!(".{name}.new-");
    for entry in fs::read_dir(parent)? {
        let entry = entry?;
        let n = entry.file_name().to_string_lossy().into_owned();
        if n.starts_with(&old_prefix) {
            if dir.exists() {
                fs::remove_dir_all(entry.path())?;
            } else {
                fs::rename(entry.path(), dir)?;
            }
        } else if n.starts_with(&new_prefix) {
            fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> std::io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn writes_replaces_and_checks() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("gen");
        write_atomic(&out, &[file("a.rs", "1"), file("src/b.rs", "2")]).unwrap();
        fs::create_dir_all(out.join("target")).unwrap();
        fs::write(out.join("target/keep"), "x").unwrap();
        write_atomic(&out, &[file("a.rs", "1"), file("c.rs", "3")]).unwrap();
        assert!(!out.join("src/b.rs").exists());
        assert_eq!(fs::read_to_string(out.join("c.rs")).unwrap(), "3");
        assert!(out.join("target/keep").exists(), "build output is kept");
        let drift = check(&out, &[file("a.rs", "changed"), file("d.rs", "4")]).unwrap();
        assert_eq!(drift.changed, vec!["a.rs"]);
        assert_eq!(drift.added, vec!["d.rs"]);
        assert_eq!(drift.removed, vec!["c.rs"]);
        assert!(check(&out, &[file("a.rs", "1"), file("c.rs", "3")])
            .unwrap()
            .is_empty());
        let leftovers: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging directories left behind");
    }

    #[test]
    fn a_run_killed_between_the_renames_is_recovered() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("gen");
        write_atomic(&out, &[file("a.rs", "previous")]).unwrap();
        // What a kill after `rename(out, old)` leaves behind, plus a half-written staging dir.
        fs::rename(&out, root.path().join(".gen.old-x")).unwrap();
        fs::create_dir_all(root.path().join(".gen.new-y/src")).unwrap();
        assert!(
            check(&out, &[file("a.rs", "previous")])
                .unwrap()
                .added
                .len()
                == 1
        );
        write_atomic(&out, &[file("a.rs", "next")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.rs")).unwrap(), "next");
        let leftovers: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "recovered and cleaned up");
    }
}
