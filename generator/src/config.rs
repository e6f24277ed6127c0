//! The codegen config file: settings that belong with a spec rather than on a command line.
//!
//! ```yaml
//! # codegen.yaml, beside the spec
//! skip-invalid: false      # skip operations that cannot be generated, with a warning each
//! only-used: false         # emit only the component schemas operations use
//! strict-models: false     # models drop the fields the spec does not list (kept by default)
//! formats-as-strings: false # `date-time`, `date`, `uuid`, `uri` stay `String` (typed by default)
//! overlays:                # OpenAPI Overlay documents applied first, relative to this file
//!   - overlays/fix-discriminator.yaml
//! roots:                   # directories besides the spec's that `$ref`s may read, relative
//!   - ../common            # to this file
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};

/// Settings read from a config file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// Skip what cannot be generated instead of failing.
    #[serde(default)]
    pub skip_invalid: bool,
    /// Emit only the component schemas that operations use.
    #[serde(default)]
    pub only_used: bool,
    /// Models keep no fields the spec does not list.
    #[serde(default)]
    pub strict_models: bool,
    /// Strings of a `format` with a Rust type stay `String`s.
    #[serde(default)]
    pub formats_as_strings: bool,
    /// Overlays, resolved against the config file's directory.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// Directories besides the spec's own that referenced files may be read from, resolved
    /// against the config file's directory.
    #[serde(default)]
    pub roots: Vec<PathBuf>,
}

/// The config file used when none is named: `codegen.yaml` beside the spec, if present.
pub fn default_path(spec: &Path) -> Option<PathBuf> {
    let candidate = spec.parent()?.join("codegen.yaml");
    candidate.is_file().then_some(candidate)
}

/// Reads a config file; overlay paths come back resolved against its directory.
pub fn load(path: &Path) -> Result<Config, Diagnostics> {
    let fail = |message: String| {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error("", message));
        d
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| fail(format!("cannot read config {}: {e}", path.display())))?;
    let mut config: Config = if text.trim().is_empty() {
        Config::default()
    } else {
        serde_yaml_ng::from_str(&text)
            .map_err(|e| fail(format!("config {}: {e}", path.display())))?
    };
    let base = path.parent().unwrap_or(Path::new("."));
    config.overlays = config.overlays.iter().map(|o| base.join(o)).collect();
    config.roots = config.roots.iter().map(|r| base.join(r)).collect();
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_resolves_overlays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("codegen.yaml");
        std::fs::write(
            &path,
            "skip-invalid: true\nformats-as-strings: true\noverlays: [o.yaml]\nroots: [../c]\n",
        )
        .unwrap();
        let config = load(&path).unwrap();
        assert!(config.skip_invalid);
        assert!(config.formats_as_strings);
        assert_eq!(config.overlays, vec![dir.path().join("o.yaml")]);
        assert_eq!(config.roots, vec![dir.path().join("../c")]);
        std::fs::write(&path, "skip_invalid: true\n").unwrap();
        let err = load(&path).unwrap_err();
        assert!(err.iter().any(|d| d.message.contains("unknown field")));
    }
}
