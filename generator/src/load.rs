//! Reading a spec: YAML or JSON text into `openapiv3` types.
//!
//! Parsing goes through a plain JSON tree first, so the version check and overlays work on any
//! document and every error can say where it is: parser errors carry line and column, shape
//! errors carry the JSON pointer of the node that did not fit.

use std::path::{Path, PathBuf};

use serde_yaml_ng::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::overlay;

pub mod bundle;
mod files;
pub(crate) mod pointer;
mod position;
mod repair;
mod v31;
mod yaml;

/// A parsed document before it is typed: YAML's value tree, which keeps key order, with every
/// mapping key turned into a string so JSON and YAML inputs look the same.
pub type Tree = Value;

/// Reads and parses the spec at `path`, applying each overlay in order.
pub fn load_file(path: &Path, overlays: &[&Path]) -> Result<openapiv3::OpenAPI, Diagnostics> {
    load_file_with_warnings(path, overlays).map(|(doc, _)| doc)
}

/// Like [`load_file`], also returning warnings about what the typed model cannot show
/// (`enum: [null]`, integers written as floats, ...).
pub fn load_file_with_warnings(
    path: &Path,
    overlays: &[&Path],
) -> Result<(openapiv3::OpenAPI, Diagnostics), Diagnostics> {
    load_file_within(path, overlays, &[])
}

/// Like [`load_file_with_warnings`], also reading referenced files under `roots` (besides
/// the spec's own directory, which is always allowed).
pub fn load_file_within(
    path: &Path,
    overlays: &[&Path],
    roots: &[PathBuf],
) -> Result<(openapiv3::OpenAPI, Diagnostics), Diagnostics> {
    let text = read(path)?;
    let tree = parse_tree(&text)?;
    let mut parsed = Vec::with_capacity(overlays.len());
    for overlay_path in overlays {
        let overlay_text = read(overlay_path)?;
        let overlay_tree = parse_tree(&overlay_text).map_err(|mut d| {
            prefix_all(&mut d, overlay_path);
            d
        })?;
        parsed.push((*overlay_path, overlay_tree));
    }
    let files = files::Files::new(path, roots).map_err(|e| one(Diagnostic::error("", e)))?;
    typed(tree, &text, Box::new(files), &parsed)
}

/// The version check, the warnings, bundling, overlays and repairs, then the typed document.
/// `resolver` reads the other files a reference names (for text, there are none).
///
/// Overlays apply to the resolved document, so their targets reach what other files hold
/// (in place, or under `components` where bundling put it); a 3.1 document is already in
/// 3.0's shape then, and what the overlays wrote is converted in turn.
fn typed(
    mut tree: Tree,
    text: &str,
    mut resolver: Box<dyn bundle::Resolver>,
    overlays: &[(&Path, Tree)],
) -> Result<(openapiv3::OpenAPI, Diagnostics), Diagnostics> {
    let v31 = check_version(&tree, text)?;
    let mut warnings = Diagnostics::default();
    // Version differences end here: a 3.1 tree is rewritten into 3.0's shape in place
    // (pointers kept), so everything after reads one version.
    if v31 {
        v31::convert(&mut tree, &mut warnings)?;
    }
    // Linted before bundling moves anything, so warnings name the pointers the author wrote.
    lint_tree(&tree, &mut Vec::new(), &mut warnings);
    resolve(&mut tree, resolver.as_mut(), v31, &mut warnings)?;
    if !overlays.is_empty() {
        let mut written = Vec::new();
        for (overlay_path, overlay) in overlays {
            written.extend(overlay::apply(&mut tree, overlay).map_err(|mut d| {
                prefix_all(&mut d, overlay_path);
                d
            })?);
        }
        if v31 {
            v31::convert_at(&mut tree, &written, &mut warnings)?;
        }
        // What the overlays wrote may hold references of its own.
        resolve(&mut tree, resolver.as_mut(), v31, &mut warnings)?;
    }
    if v31 {
        v31::webhooks_to_models(&mut tree);
    }
    repair::repair(&mut tree, &mut warnings);
    into_openapi(tree).map(|doc| (doc, warnings))
}

/// Bundling: every reference made one to a component, other files read through `resolver`.
fn resolve(
    tree: &mut Tree,
    resolver: &mut dyn bundle::Resolver,
    v31: bool,
    warnings: &mut Diagnostics,
) -> Result<(), Diagnostics> {
    let imported = bundle::bundle(tree, resolver, warnings)?;
    files::drop_grafts(tree);
    resolver.forget_grafts();
    if v31 {
        // What came from other files was not in the tree when it was converted.
        v31::convert_at(tree, &imported, warnings)?;
    }
    Ok(())
}

/// One step of a JSON pointer, borrowed from the tree: pointers are only built for warnings.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn pointer_of(path: &[Step<'_>], last: Option<&str>) -> String {
    let mut out = "#".to_owned();
    for step in path {
        out = match step {
            Step::Key(k) => crate::diag::child(&out, k),
            Step::Index(i) => format!("{out}/{i}"),
        };
    }
    match last {
        Some(k) => crate::diag::child(&out, k),
        None => out,
    }
}

/// Warnings for things `openapiv3`'s typed model drops or changes silently.
fn lint_tree<'a>(value: &'a Value, path: &mut Vec<Step<'a>>, out: &mut Diagnostics) {
    match value {
        Value::Mapping(map) => {
            if let Some(Value::Sequence(values)) = map.get("enum") {
                if !values.is_empty() && values.iter().all(Value::is_null) {
                    out.warn(
                        pointer_of(path, None),
                        "`enum: [null]`: the value can only be null; generated as an optional value",
                    );
                }
            }
            if map.get("type").and_then(Value::as_str) == Some("integer") {
                for key in ["minimum", "maximum", "default", "example", "multipleOf"] {
                    if let Some(Value::Number(n)) = map.get(key) {
                        // Past the 64-bit range is the repairs' business (they clamp it).
                        if n.is_f64() && repair::clamp_i64(n).is_none() {
                            out.warn(
                                pointer_of(path, Some(key)),
                                format!("`{key}` of an integer is written as a float ({n}); read as a number"),
                            );
                        }
                    }
                }
            }
            for (k, v) in map {
                if let Value::String(k) = k {
                    path.push(Step::Key(k));
                    lint_tree(v, path, out);
                    path.pop();
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                lint_tree(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Parses spec text (YAML or JSON) without overlays.
pub fn load_str(text: &str) -> Result<openapiv3::OpenAPI, Diagnostics> {
    load_str_with_warnings(text).map(|(doc, _)| doc)
}

/// Like [`load_str`], also returning the warnings [`load_file_with_warnings`] gives.
pub fn load_str_with_warnings(
    text: &str,
) -> Result<(openapiv3::OpenAPI, Diagnostics), Diagnostics> {
    typed(parse_tree(text)?, text, Box::new(files::NoBase), &[])
}

fn read(path: &Path) -> Result<String, Diagnostics> {
    std::fs::read_to_string(path).map_err(|e| {
        one(Diagnostic::error(
            "",
            format!("cannot read {}: {e}", path.display()),
        ))
    })
}

fn prefix_all(diags: &mut Diagnostics, path: &Path) {
    let mut out = Diagnostics::default();
    for d in diags.iter() {
        let mut d = d.clone();
        d.message = format!("in overlay {}: {}", path.display(), d.message);
        out.push(d);
    }
    *diags = out;
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut diags = Diagnostics::default();
    diags.push(d);
    diags
}

/// Parses YAML 1.2 or JSON text into a tree, with line and column on syntax errors.
pub fn parse_tree(text: &str) -> Result<Tree, Diagnostics> {
    if text.trim().is_empty() {
        return Err(one(Diagnostic::error(
            "",
            "the file is empty: expected an OpenAPI 3.0 or 3.1 document",
        )));
    }
    if text.trim_start().starts_with('{') {
        // JSON is parsed as JSON: tab-indented JSON is not valid YAML.
        let tree: Value = serde_json::from_str(text).map_err(|e| {
            one(Diagnostic::error(
                "",
                format!("JSON syntax error: {}", strip_location(&e.to_string())),
            )
            .at(e.line(), e.column()))
        })?;
        return normalize_keys(tree);
    }
    let yaml: Value = yaml::from_str(text).map_err(|e| {
        let message = format!("YAML syntax error: {}", strip_location(&e.to_string()));
        let d = Diagnostic::error("", message);
        one(match e.location() {
            Some(loc) => d.at(loc.line(), loc.column()),
            None => d,
        })
    })?;
    normalize_keys(yaml)
}

fn strip_location(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// YAML allows non-string keys (`200:`) and tags; JSON does not. Keys become strings, tags go.
fn normalize_keys(mut value: Value) -> Result<Tree, Diagnostics> {
    match normalize(&mut value) {
        Ok(()) => Ok(value),
        Err(bad) => {
            let pointer = bad
                .path
                .iter()
                .rev()
                .fold("#".to_owned(), |p, token| crate::diag::child(&p, token));
            Err(one(Diagnostic::error(
                pointer,
                format!("unsupported mapping key {}: keys must be strings", bad.key),
            )))
        }
    }
}

/// A mapping key that cannot be a string, and where it is: the path is built, innermost
/// first, only as the error travels up, so a good document costs no pointer strings.
struct BadKey {
    key: String,
    path: Vec<String>,
}

/// [`normalize_keys`] in place: only a mapping with a non-string key is rebuilt.
fn normalize(value: &mut Value) -> Result<(), BadKey> {
    while let Value::Tagged(tagged) = value {
        let inner = std::mem::take(&mut tagged.value);
        *value = inner;
    }
    match value {
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                normalize(item).map_err(|mut bad| {
                    bad.path.push(i.to_string());
                    bad
                })?;
            }
        }
        Value::Mapping(map) => {
            if map.keys().any(|k| !k.is_string()) {
                for (k, v) in std::mem::take(map) {
                    let key = match k {
                        Value::String(s) => s,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".to_owned(),
                        other => {
                            return Err(BadKey {
                                key: format!("{other:?}"),
                                path: Vec::new(),
                            })
                        }
                    };
                    map.insert(Value::String(key), v);
                }
            }
            for (k, v) in map.iter_mut() {
                normalize(v).map_err(|mut bad| {
                    bad.path.push(k.as_str().unwrap_or_default().to_owned());
                    bad
                })?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// OpenAPI 3.0.x and 3.1.x are supported (true for 3.1); say which version was found otherwise.
fn check_version(tree: &Tree, text: &str) -> Result<bool, Diagnostics> {
    let Some(obj) = tree.as_mapping() else {
        return Err(one(Diagnostic::error(
            "#",
            "not an OpenAPI document: the top level is not a mapping",
        )));
    };
    let locate = |key: &str, d: Diagnostic| match top_level_line(text, key) {
        Some(line) => d.at(line, 1),
        None => d,
    };
    if let Some(v) = obj.get("swagger") {
        let found = scalar_text(v);
        return Err(one(locate(
            "swagger",
            Diagnostic::error(
                "#/swagger",
                format!(
                    "unsupported version: this is a Swagger/OpenAPI {found} document; \
                     only OpenAPI 3.0.x and 3.1.x are supported (convert it first, e.g. with swagger2openapi)"
                ),
            ),
        )));
    }
    match obj.get("openapi") {
        None => Err(one(Diagnostic::error(
            "#",
            "not an OpenAPI document: no `openapi` version field at the top level \
             (only OpenAPI 3.0.x and 3.1.x are supported)",
        ))),
        Some(Value::String(v)) if v.starts_with("3.0") => Ok(false),
        Some(Value::String(v)) if v31::is_v31(v) => Ok(true),
        Some(v) => {
            let found = scalar_text(v);
            Err(one(locate(
                "openapi",
                Diagnostic::error(
                    "#/openapi",
                    format!(
                        "unsupported version: found OpenAPI {found}; only OpenAPI 3.0.x and 3.1.x are supported"
                    ),
                ),
            )))
        }
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

/// Line (1-based) of a top-level key, for messages about the document as a whole.
fn top_level_line(text: &str, key: &str) -> Option<usize> {
    let plain = format!("{key}:");
    let quoted = format!("\"{key}\"");
    text.lines()
        .position(|l| l.starts_with(&plain) || l.trim_start().starts_with(&quoted))
        .map(|i| i + 1)
}

fn into_openapi(tree: Tree) -> Result<openapiv3::OpenAPI, Diagnostics> {
    // Typed from a clone only when it fails: the clone lets the error be located better.
    let paths = tree.get("paths").cloned();
    serde_path_to_error::deserialize(tree).map_err(|e| {
        let mut pointer = path_to_pointer(e.path());
        let mut inner = e.into_inner().to_string();
        if pointer == "#/paths" {
            if let Some((p, message)) = paths.as_ref().and_then(locate_in_paths) {
                (pointer, inner) = (p, message);
            }
        }
        one(Diagnostic::error(
            pointer,
            format!("the document does not fit OpenAPI 3.0: {inner}"),
        ))
    })
}

/// `openapiv3` types `paths` through a flattened map, which loses the path of an error
/// inside; typing each path item, then each operation of the failing one, finds it again.
fn locate_in_paths(paths: &Value) -> Option<(String, String)> {
    fn first_error<T: serde::de::DeserializeOwned>(
        base: &str,
        entries: impl Iterator<Item = (String, Value)>,
    ) -> Option<(String, String, String)> {
        entries.into_iter().find_map(|(key, value)| {
            serde_path_to_error::deserialize::<_, T>(value)
                .err()
                .map(|e| {
                    let inner = path_to_pointer(e.path());
                    let at = format!("{}{}", crate::diag::child(base, &key), &inner[1..]);
                    (key, at, e.into_inner().to_string())
                })
        })
    }
    let entries = |v: &Value| -> Vec<(String, Value)> {
        v.as_mapping()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.clone())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (key, at, message) =
        first_error::<openapiv3::PathItem>("#/paths", entries(paths).into_iter())?;
    let item = paths.get(key.as_str())?;
    let methods = entries(item)
        .into_iter()
        .filter(|(k, _)| position::Position::PathItem.child(k) == position::Position::Operation);
    match first_error::<openapiv3::Operation>(&crate::diag::child("#/paths", &key), methods) {
        Some((_, at, message)) => Some((at, message)),
        None => Some((at, message)),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("#");
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out = crate::diag::child(&out, key),
            Segment::Enum { variant } => out = crate::diag::child(&out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_keys_become_strings_and_tags_go() {
        let tree =
            parse_tree("a:\n  200: x\n  true: y\n  ~: z\n  b: !tag [1, !t {3: 4}]\n").unwrap();
        let json = serde_json::to_string(&tree).unwrap();
        assert_eq!(
            json,
            r#"{"a":{"200":"x","true":"y","null":"z","b":[1,{"3":4}]}}"#
        );
    }

    #[test]
    fn a_key_that_cannot_be_a_string_is_an_error_with_its_pointer() {
        let err = parse_tree("paths:\n  /a~b:\n    get:\n      - {[1, 2]: x}\n").unwrap_err();
        let d = err.iter().next().unwrap();
        assert_eq!(d.pointer, "#/paths/~1a~0b/get/0");
        assert!(
            d.message.contains("unsupported mapping key"),
            "{}",
            d.message
        );
    }
}
