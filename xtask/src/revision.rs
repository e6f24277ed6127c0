//! A spec as it was at a git revision, with the files it reads: the root file's directory
//! (and the config's other roots and overlays) unpacked from `git archive` into a temporary
//! directory, so the old side of `api-diff` goes through the same loader, with the same
//! safety checks, as the working tree.

use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// The files of one revision, unpacked; removed when dropped.
pub struct Checkout {
    dir: tempfile::TempDir,
    /// The repository's top directory (canonical) in the working tree.
    top: PathBuf,
    rev: String,
}

impl Checkout {
    /// Unpacks the directory holding `spec` (a path in the working tree) as it was at `rev`.
    /// Returns the checkout and the spec's path inside it.
    pub fn of_spec(rev: &str, spec: &Path) -> Result<(Checkout, PathBuf), String> {
        let absolute = spec
            .canonicalize()
            .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
        let dir = absolute.parent().unwrap_or(Path::new("/"));
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        let top = Path::new(String::from_utf8_lossy(&top).trim())
            .canonicalize()
            .map_err(|e| format!("cannot read the repository root: {e}"))?;
        let relative = slash_path(absolute.strip_prefix(&top).map_err(|_| {
            format!(
                "{} is not inside the repository {}",
                spec.display(),
                top.display()
            )
        })?);
        // The root file first, so a revision without it fails with a plain message.
        git(&top, &["cat-file", "-e", &format!("{rev}:{relative}")])
            .map_err(|_| format!("git show {rev}:{relative} failed: not in that revision"))?;
        let checkout = Checkout {
            dir: tempfile::tempdir()
                .map_err(|e| format!("cannot make a temporary directory: {e}"))?,
            top,
            rev: rev.to_owned(),
        };
        let spec_dir = relative.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        checkout.unpack(&spec_dir)?;
        let spec = checkout.dir.path().join(&relative);
        Ok((checkout, spec))
    }

    /// `rev:path` of the spec, for messages.
    pub fn label(&self, spec: &Path) -> String {
        let relative = spec
            .strip_prefix(self.dir.path())
            .map_or_else(|_| spec.display().to_string(), slash_path);
        format!("{}:{relative}", self.rev)
    }

    /// Also unpacks `path` (a file or directory inside the checkout, as the revision's config
    /// names it), unless it is already there.
    pub fn include(&self, path: &Path) -> Result<(), String> {
        let relative = lexical(
            path.strip_prefix(self.dir.path())
                .map_err(|_| format!("{} is outside the repository", path.display()))?,
        )
        .ok_or_else(|| format!("{} is outside the repository", path.display()))?;
        if self.dir.path().join(&relative).exists() {
            return Ok(());
        }
        self.unpack(&slash_path(&relative))
    }

    /// `git archive <rev> -- <relative>` unpacked into the checkout (`tar` refuses entries
    /// that would leave it).
    fn unpack(&self, relative: &str) -> Result<(), String> {
        let mut args = vec!["archive", "--format=tar", self.rev.as_str()];
        if !relative.is_empty() {
            args.extend(["--", relative]);
        }
        let tarball = git(&self.top, &args)?;
        tar::Archive::new(tarball.as_slice())
            .unpack(self.dir.path())
            .map_err(|e| format!("cannot unpack {}:{relative}: {e}", self.rev))
    }
}

/// Runs git in `dir`; its stdout, or a message with its stderr.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// `a/./b/../c` as `a/c`; `None` when a `..` leaves the start.
fn lexical(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
