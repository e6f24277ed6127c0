//! Other files of a multi-file spec: reading them safely and grafting them into the tree.
//!
//! A `$ref` to `models/pet.yaml#/Pet` is answered by grafting the parsed file, once, under
//! [`GRAFTS`] at the root and returning the pointer into the graft; bundling then moves what is
//! used into `components` like any other non-component target, and the grafts are dropped.
//!
//! Safety: only regular files under the root spec's directory are read. A reference with a URL
//! scheme, an absolute path, a `..` that leaves the directory, or a symlink whose canonical
//! path leaves it is refused before anything is opened. There is no network access.
//!
//! A `$ref` inside a grafted file is relative to that file: it is rewritten, when grafting,
//! to the same target spelled relative to the root directory, so every later lookup (and the
//! cache, keyed by canonical path) sees one spelling per file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use super::bundle::Resolver;
use super::pointer::{self, to_pointer};
use super::Tree;

/// The root key under which other files are grafted while bundling; removed afterwards.
pub const GRAFTS: &str = "x-openapi-rs-files";

/// Resolves references within the document and to files under the allowed roots.
pub struct Files {
    /// Canonical directory of the root spec: keys and rebased references are relative to it.
    root_dir: PathBuf,
    /// Canonical directories files may be read from: `root_dir`, then the config's `roots`.
    allowed: Vec<PathBuf>,
    /// Canonical path of the root spec: a reference to it is a local reference.
    root_file: PathBuf,
    /// Canonical path → graft key (the path relative to `root_dir`, with `/`).
    grafted: BTreeMap<PathBuf, String>,
    /// A rewritten reference → where it was written, for error messages.
    origins: BTreeMap<String, String>,
    /// References whose file does not exist.
    absent: BTreeSet<String>,
    /// Where bundling moved grafted nodes (graft pointer → component pointer), so a file read
    /// before is found there once its graft is gone.
    moved: Vec<(Vec<String>, Vec<String>)>,
}

impl Files {
    /// A resolver for the spec at `root_file` that also reads files under `extra_roots`;
    /// an error when a path cannot be resolved.
    pub fn new(root_file: &Path, extra_roots: &[PathBuf]) -> Result<Files, String> {
        let root_file = root_file
            .canonicalize()
            .map_err(|e| format!("cannot read {}: {}", root_file.display(), io_reason(&e)))?;
        let root_dir = root_file
            .parent()
            .ok_or_else(|| format!("{} has no directory", root_file.display()))?
            .to_path_buf();
        let mut allowed = vec![root_dir.clone()];
        for extra in extra_roots {
            let canonical = extra.canonicalize().map_err(|e| {
                format!(
                    "the allowed root {} cannot be read: {}",
                    extra.display(),
                    io_reason(&e)
                )
            })?;
            if !canonical.is_dir() {
                return Err(format!(
                    "the allowed root {} is not a directory",
                    extra.display()
                ));
            }
            allowed.push(canonical);
        }
        Ok(Files {
            root_dir,
            allowed,
            root_file,
            grafted: BTreeMap::new(),
            origins: BTreeMap::new(),
            absent: BTreeSet::new(),
            moved: Vec::new(),
        })
    }

    /// Where a file reference leads, checked before anything is opened: the lexical path
    /// (`..` resolved on the path as written) must lie under an allowed root. Returns that
    /// path and its spelling relative to `root_dir`.
    fn place(&self, file: &str) -> Result<(PathBuf, PathBuf), String> {
        let relative = check_relative(file)?;
        let mut absolute = self.root_dir.clone();
        for part in relative.components() {
            match part {
                Component::ParentDir => {
                    if !absolute.pop() {
                        return Err(self.outside(file));
                    }
                }
                other => absolute.push(other),
            }
        }
        if !self.allowed.iter().any(|root| absolute.starts_with(root)) {
            return Err(self.outside(file));
        }
        Ok((absolute, relative))
    }

    fn outside(&self, file: &str) -> String {
        if self.allowed.len() > 1 {
            format!("refused `{file}`: it leaves the spec's directory and the allowed roots")
        } else {
            format!("refused `{file}`: it leaves the spec's directory")
        }
    }

    /// Where `reference` was written, when that was inside another file.
    fn origin(&self, reference: &str) -> String {
        match self.origins.get(reference) {
            Some(o) => format!(" ({o})"),
            None => String::new(),
        }
    }

    fn locate_file(
        &mut self,
        tree: &mut Tree,
        file: &str,
        fragment: &str,
    ) -> Result<Vec<String>, String> {
        let (joined, relative) = self.place(file)?;
        let canonical = joined
            .canonicalize()
            .map_err(|e| format!("cannot read `{file}`: {}", io_reason(&e)))?;
        if !self.allowed.iter().any(|root| canonical.starts_with(root)) {
            return Err(format!(
                "refused `{file}`: it leads (through a symlink) outside the spec's directory"
            ));
        }
        let tokens = pointer::parse_fragment(fragment).map_err(|e| format!("in `{file}`: {e}"))?;
        if canonical == self.root_file {
            return Ok(tokens);
        }
        if !self.grafted.contains_key(&canonical) {
            if let Some(at) = self.moved_to(&slash_path(&relative), &tokens) {
                if pointer::get(tree, &at).is_some() {
                    return Ok(at);
                }
            }
        }
        let key = match self.grafted.get(&canonical) {
            Some(key) => key.clone(),
            None => self.graft(tree, &canonical, file, &relative)?,
        };
        let Some(graft) = pointer::get(tree, &[GRAFTS, key.as_str()]) else {
            return Err(format!("`{file}` was read but is gone"));
        };
        // A fragment that points nowhere names the file it was looked for in.
        let mut node = graft;
        for (i, token) in tokens.iter().enumerate() {
            match pointer::child(node, token) {
                Some(child) => node = child,
                // A `$ref` met halfway is followed by the bundler.
                None if pointer::ref_of(node).is_some() => break,
                None => {
                    return Err(format!(
                        "`{file}` has nothing at `{}`: there is no `{token}` in `{}`",
                        to_pointer(&tokens),
                        to_pointer(&tokens[..i])
                    ))
                }
            }
        }
        let mut out = vec![GRAFTS.to_owned(), key];
        out.extend(tokens);
        Ok(out)
    }

    /// Where the node at `tokens` of the file `key` went, if bundling moved it (or what
    /// holds it) into `components`.
    fn moved_to(&self, key: &str, tokens: &[String]) -> Option<Vec<String>> {
        let mut at = vec![GRAFTS.to_owned(), key.to_owned()];
        at.extend_from_slice(tokens);
        self.moved
            .iter()
            .filter(|(from, _)| at.starts_with(from))
            .max_by_key(|(from, _)| from.len())
            .map(|(from, to)| {
                let mut out = to.clone();
                out.extend_from_slice(&at[from.len()..]);
                out
            })
    }

    /// Reads and parses one file, rewrites its references relative to the root directory,
    /// and grafts it; returns its graft key.
    fn graft(
        &mut self,
        tree: &mut Tree,
        canonical: &Path,
        file: &str,
        relative: &Path,
    ) -> Result<String, String> {
        if !canonical.is_file() {
            return Err(format!("cannot read `{file}`: not a file"));
        }
        let text = std::fs::read_to_string(canonical)
            .map_err(|e| format!("cannot read `{file}`: {}", io_reason(&e)))?;
        let mut value = super::parse_tree(&text).map_err(|d| {
            let what = d
                .iter()
                .map(|d| match d.line_col {
                    Some((l, c)) => format!("{} (line {l}, column {c})", d.message),
                    None => d.message.clone(),
                })
                .collect::<Vec<_>>()
                .join("; ");
            format!("`{file}` does not parse: {what}")
        })?;
        let key = slash_path(relative);
        let dir = relative.parent().unwrap_or(Path::new("")).to_path_buf();
        self.rewrite_refs(&mut value, &key, &dir);
        let Value::Mapping(root) = tree else {
            return Err("the document is not a mapping".into());
        };
        let grafts = root
            .entry(Value::from(GRAFTS))
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        if let Value::Mapping(grafts) = grafts {
            grafts.insert(Value::from(key.as_str()), value);
        }
        self.grafted.insert(canonical.to_path_buf(), key.clone());
        Ok(key)
    }

    /// Every `$ref` string of a grafted file, made relative to the root directory.
    fn rewrite_refs(&mut self, value: &mut Value, key: &str, dir: &Path) {
        let mut stack: Vec<(&mut Value, Vec<String>)> = vec![(value, Vec::new())];
        while let Some((node, path)) = stack.pop() {
            match node {
                Value::Mapping(map) => {
                    let is_discriminator = path.last().is_some_and(|p| p == "discriminator");
                    for (k, v) in map.iter_mut() {
                        let Some(k) = k.as_str() else { continue };
                        if is_discriminator && k == "mapping" {
                            // Its values that are references are relative to this file too.
                            if let Value::Mapping(mapping) = v {
                                for target in mapping.values_mut() {
                                    if let Value::String(t) = target {
                                        if super::bundle::is_mapping_reference(t) {
                                            *t = rebase(t, key, dir);
                                        }
                                    }
                                }
                            }
                            continue;
                        }
                        if k == "$ref" {
                            if let Value::String(reference) = v {
                                let written = reference.clone();
                                let new = rebase(&written, key, dir);
                                self.origins.entry(new.clone()).or_insert_with(|| {
                                    format!(
                                        "written as `{written}` in `{key}` at {}",
                                        to_pointer(&path)
                                    )
                                });
                                *reference = new;
                            }
                            continue;
                        }
                        let mut p = path.clone();
                        p.push(k.to_owned());
                        stack.push((v, p));
                    }
                }
                Value::Sequence(items) => {
                    for (i, v) in items.iter_mut().enumerate() {
                        let mut p = path.clone();
                        p.push(i.to_string());
                        stack.push((v, p));
                    }
                }
                _ => {}
            }
        }
    }
}

impl Resolver for Files {
    fn absent(&self, reference: &str) -> bool {
        self.absent.contains(reference)
    }

    fn moved(&mut self, from: &[String], to: &[String]) {
        if from.first().is_some_and(|f| f == GRAFTS) {
            self.moved.push((from.to_vec(), to.to_vec()));
        }
    }

    fn forget_grafts(&mut self) {
        self.grafted.clear();
    }

    fn locate(&mut self, tree: &mut Tree, reference: &str) -> Option<Result<Vec<String>, String>> {
        if let Some(fragment) = reference.strip_prefix('#') {
            return Some(pointer::parse_fragment(fragment));
        }
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let origin = self.origin(reference);
        let absent = self
            .place(file)
            .is_ok_and(|(p, _)| !p.exists() && p.symlink_metadata().is_err());
        if absent {
            self.absent.insert(reference.to_owned());
        }
        Some(
            self.locate_file(tree, file, fragment)
                .map_err(|e| format!("{e}{origin}")),
        )
    }
}

/// Resolves only references inside the document; a reference to a file is an error, as
/// there is no directory to read it from.
pub struct NoBase;

impl Resolver for NoBase {
    fn locate(&mut self, _tree: &mut Tree, reference: &str) -> Option<Result<Vec<String>, String>> {
        match reference.strip_prefix('#') {
            Some(fragment) => Some(pointer::parse_fragment(fragment)),
            None => {
                let file = reference.split_once('#').map_or(reference, |(f, _)| f);
                Some(Err(format!(
                    "no base directory to resolve `{file}` against (the spec was given as text)"
                )))
            }
        }
    }
}

/// True when `file` starts with a URL scheme (`https:`, `file:`, ...). A Windows drive
/// letter (`C:`) also counts: it is absolute either way.
fn has_scheme(file: &str) -> bool {
    match file.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `file` with `.` and `..` resolved lexically (leading `..`s kept: whether they leave the
/// allowed roots is [`Files::place`]'s question); an error for a URL or an absolute path.
fn check_relative(file: &str) -> Result<PathBuf, String> {
    if file.is_empty() {
        return Err("an empty file name".into());
    }
    if has_scheme(file) {
        return Err(format!(
            "refused `{file}`: only files under the spec's directory are read (no network access)"
        ));
    }
    if file.starts_with('/') || file.starts_with('\\') || Path::new(file).is_absolute() {
        return Err(format!(
            "refused `{file}`: an absolute path; only files under the spec's directory are read"
        ));
    }
    let mut out = PathBuf::new();
    for part in Path::new(file).components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "refused `{file}`: an absolute path; only files under the spec's directory are read"
                ))
            }
        }
    }
    if out.as_os_str().is_empty() {
        return Err(format!("`{file}` names a directory, not a file"));
    }
    Ok(out)
}

/// A reference written in the file `key` (in directory `dir`, both relative to the root),
/// spelled relative to the root. Local references point into the file itself; what cannot
/// be rebased (URLs, absolute paths, escapes) is left as written and refused when followed.
fn rebase(reference: &str, key: &str, dir: &Path) -> String {
    let (file, fragment) = match reference.split_once('#') {
        Some((f, frag)) => (f, Some(frag)),
        None => (reference, None),
    };
    let with_fragment = |f: &str| match fragment {
        Some(frag) => format!("{f}#{frag}"),
        None => f.to_owned(),
    };
    if file.is_empty() {
        return with_fragment(key);
    }
    if has_scheme(file) || file.starts_with('/') || Path::new(file).is_absolute() {
        return reference.to_owned();
    }
    let joined = dir.join(file).to_string_lossy().replace('\\', "/");
    match check_relative(&joined) {
        Ok(p) => with_fragment(&slash_path(&p)),
        Err(_) => reference.to_owned(),
    }
}

fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Drops the grafts once bundling moved out what is used.
pub fn drop_grafts(tree: &mut Tree) {
    if let Value::Mapping(root) = tree {
        root.shift_remove(GRAFTS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked_before_anything_is_read() {
        assert!(check_relative("https://x/y.yaml").is_err());
        assert!(check_relative("file:///etc/passwd").is_err());
        assert!(check_relative("/etc/passwd").is_err());
        assert_eq!(
            check_relative("a/../../x.yaml").ok(),
            Some(PathBuf::from("../x.yaml"))
        );
        assert!(check_relative("a/..").is_err());
        assert_eq!(
            check_relative("./a/../b/c.yaml").ok(),
            Some(PathBuf::from("b/c.yaml"))
        );
    }

    #[test]
    fn references_in_a_file_are_rebased_on_the_root() {
        let dir = Path::new("paths/pets");
        assert_eq!(
            rebase("../../schemas/Pet.yaml", "paths/pets/x.yaml", dir),
            "schemas/Pet.yaml"
        );
        assert_eq!(
            rebase("#/Pet", "paths/pets/x.yaml", dir),
            "paths/pets/x.yaml#/Pet"
        );
        assert_eq!(
            rebase("./a.yaml#/B", "paths/pets/x.yaml", dir),
            "paths/pets/a.yaml#/B"
        );
        assert_eq!(
            rebase("../../../s.yaml", "paths/pets/x.yaml", dir),
            "../s.yaml"
        );
    }
}
