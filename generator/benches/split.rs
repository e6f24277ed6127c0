//! The synthetic spec split the way multi-file specs are kept: per resource family, one file
//! of path items and one of schemas, beside a root that refers to them (`paths` entries and
//! `components` entries that are only `$ref`s to the files). Same API, so the same crate.
//!
//! The discriminated unions stay in the root: their `mapping` values are pointers into the
//! root document, which a file of its own could not hold.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

/// Writes `text` (a synthetic spec) split into files under `dir`; returns the root's path
/// and how many files were written besides it.
pub fn split(text: &str, dir: &Path) -> (PathBuf, usize) {
    let mut root: Value = serde_yaml_ng::from_str(text).expect("synthetic spec parses");
    let mut files: BTreeMap<String, Mapping> = BTreeMap::new();

    let schemas = root["components"]["schemas"]
        .as_mapping()
        .expect("components.schemas")
        .clone();
    // Which file each moved schema goes to.
    let mut home: BTreeMap<String, String> = BTreeMap::new();
    for (name, schema) in &schemas {
        let name = name.as_str().expect("string keys");
        let Some(unit) = unit_of(name, "w") else {
            continue;
        };
        if schema.get("discriminator").is_some() {
            continue;
        }
        home.insert(name.to_owned(), format!("schemas/u{unit}.yaml"));
    }
    for (name, file) in &home {
        let mut schema = schemas[name.as_str()].clone();
        relink(&mut schema, file, &home);
        files
            .entry(file.clone())
            .or_default()
            .insert(Value::from(name.as_str()), schema);
        root["components"]["schemas"][name.as_str()] = reference(&format!("{file}#/{name}"));
    }

    let paths = root["paths"].as_mapping().expect("paths").clone();
    for (key, item) in &paths {
        let key = key.as_str().expect("string keys");
        let unit = key
            .split('/')
            .find_map(|segment| unit_of(segment, "widgets"))
            .expect("every synthetic path belongs to a unit");
        let file = format!("paths/u{unit}.yaml");
        let mut item = item.clone();
        relink(&mut item, &file, &home);
        files
            .entry(file.clone())
            .or_default()
            .insert(Value::from(key), item);
        let escaped = key.replace('~', "~0").replace('/', "~1");
        root["paths"][key] = reference(&format!("{file}#/{escaped}"));
    }

    for (file, content) in &files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        let text = serde_yaml_ng::to_string(&Value::Mapping(content.clone())).expect("yaml");
        std::fs::write(path, text).expect("write a part");
    }
    let root_path = dir.join("api.yaml");
    std::fs::write(&root_path, serde_yaml_ng::to_string(&root).expect("yaml")).expect("write");
    (root_path, files.len())
}

/// `w12-base` with prefix `w` is unit 12; `widgets3` with prefix `widgets` is unit 3.
fn unit_of(name: &str, prefix: &str) -> Option<usize> {
    let rest = name.strip_prefix(prefix)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn reference(target: &str) -> Value {
    let mut map = Mapping::new();
    map.insert(Value::from("$ref"), Value::from(target));
    Value::Mapping(map)
}

/// The `$ref`s of content moved into `file`, spelled as that file must spell them: to a
/// schema in the same file `#/name`, in another file `../schemas/uN.yaml#/name`, anything
/// still in the root `../api.yaml#/...`.
fn relink(value: &mut Value, file: &str, home: &BTreeMap<String, String>) {
    match value {
        Value::Mapping(map) => {
            for (k, v) in map.iter_mut() {
                if k.as_str() == Some("$ref") {
                    if let Some(target) = v.as_str() {
                        *v = Value::from(relinked(target, file, home));
                    }
                } else {
                    relink(v, file, home);
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|v| relink(v, file, home)),
        _ => {}
    }
}

fn relinked(target: &str, file: &str, home: &BTreeMap<String, String>) -> String {
    if let Some(name) = target.strip_prefix("#/components/schemas/") {
        if let Some(other) = home.get(name) {
            return if other == file {
                format!("#/{name}")
            } else {
                format!("../{other}#/{name}")
            };
        }
    }
    format!("../api.yaml{target}")
}
