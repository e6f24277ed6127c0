//! Where resources get their Rust names: each level's accessor and the struct behind it, clear
//! of the items the generated crate already defines (`Client`'s own methods, the runtime's
//! types, the prelude) and of each other.

use std::collections::BTreeMap;

use super::names::{self, Namespace};
use crate::ir::Ir;

/// Inherent and common trait methods of the runtime's `Client`: a top-level accessor of the
/// same name would be a second definition, or hide the trait's.
const CLIENT_METHODS: &[&str] = &[
    "builder",
    "from_env",
    "base_url",
    "execute",
    "execute_json",
    "execute_bytes",
    "execute_with",
    "http_client_builder",
    "clone",
    "clone_from",
    "fmt",
    "eq",
    "ne",
    "hash",
    "into",
    "from",
    "to_owned",
    "to_string",
    "default",
];

/// Items `resources.rs` uses by their bare name: a resource struct may not take one.
const RESOURCES_MODULE_ITEMS: &[&str] = &["Client", "Error"];

/// Renames top-level resources that would clash with `Client`'s methods, then names the struct
/// of every resource level.
pub fn name_resources(ir: &mut Ir) {
    let mut accessors = Namespace::with_reserved(CLIENT_METHODS);
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for op in &mut ir.operations {
        let Some(top) = op.resource.first_mut() else {
            continue;
        };
        let new = renamed.entry(top.clone()).or_insert_with(|| {
            let bare = top.trim_start_matches("r#");
            if CLIENT_METHODS.contains(&bare) {
                accessors.claim(&format!("{bare}_api"))
            } else {
                accessors.claim(top)
            }
        });
        *top = new.clone();
    }

    let mut structs = Namespace::for_types();
    for reserved in RESOURCES_MODULE_ITEMS {
        structs.claim(reserved);
    }
    for op in &ir.operations {
        for depth in 0..op.resource.len() {
            let path = &op.resource[..=depth];
            if ir.resource_structs.contains_key(path) {
                continue;
            }
            let joined: String = path
                .iter()
                .map(|s| names::type_name(s.trim_start_matches("r#")))
                .collect();
            let name = structs.claim_first(&[joined.clone(), format!("{joined}Resource")]);
            ir.resource_structs.insert(path.to_vec(), name);
        }
    }
}
