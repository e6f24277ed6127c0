//! Where the component schemas no operation reaches are lowered: they are the API's
//! vocabulary (event and webhook payloads live there), so they are emitted too, and a broken
//! one is an error like anywhere else. A component an operation does reach, even only as an
//! `allOf` base or an envelope that the client unwraps, has already been accounted for.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;

use super::refs::parse_component_ref;
use super::{Ctx, Options};
use crate::diag::{child, Diagnostics, Severity};

impl<'a> Ctx<'a> {
    /// Lowers every component schema not lowered yet, in spec order. With `skip_invalid`, a
    /// component that cannot be generated is left out with a warning, with the types only it
    /// made.
    pub fn lower_components(&mut self, options: &Options) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let reached = reached_from_operations(self.doc);
        for (name, schema) in &components.schemas {
            if reached.contains(name) || self.component_types.contains_key(name) {
                continue;
            }
            let pointer = child("#/components/schemas", name);
            let before = std::mem::take(&mut self.diags);
            let saved = options.skip_invalid.then(|| self.save_types());
            match schema {
                ReferenceOr::Item(target) => {
                    self.lower_component(name.clone(), target);
                }
                ReferenceOr::Reference { reference } => {
                    self.lower_reference(reference, &pointer);
                }
            }
            self.lower_deferred();
            let mine = std::mem::replace(&mut self.diags, before);
            if mine.has_errors() && options.skip_invalid {
                if let Some(saved) = saved {
                    self.restore_types(saved);
                }
                self.diags
                    .extend(demoted(mine, &format!("skipped component `{name}`")));
            } else {
                self.diags.extend(mine);
            }
        }
    }
}

/// The component schemas that the operations refer to, directly or through other components
/// of any kind.
fn reached_from_operations(doc: &OpenAPI) -> BTreeSet<String> {
    let mut reached: BTreeSet<(String, String)> = BTreeSet::new();
    let mut pending: Vec<Value> = doc
        .paths
        .paths
        .values()
        .filter_map(|item| serde_json::to_value(item).ok())
        .collect();
    while let Some(value) = pending.pop() {
        for reference in refs_in(&value) {
            let Ok((section, name)) = parse_component_ref(&reference) else {
                continue;
            };
            if reached.insert((section.to_owned(), name.clone())) {
                if let Some(component) = component_value(doc, section, &name) {
                    pending.push(component);
                }
            }
        }
    }
    reached
        .into_iter()
        .filter(|(section, _)| section == "schemas")
        .map(|(_, name)| name)
        .collect()
}

/// Every `$ref` inside `value` (an explicit stack: the tree's depth is the spec's).
fn refs_in(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push(r.clone());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

fn component_value(doc: &OpenAPI, section: &str, name: &str) -> Option<Value> {
    let c = doc.components.as_ref()?;
    let found = match section {
        "schemas" => serde_json::to_value(c.schemas.get(name)?),
        "parameters" => serde_json::to_value(c.parameters.get(name)?),
        "responses" => serde_json::to_value(c.responses.get(name)?),
        "requestBodies" => serde_json::to_value(c.request_bodies.get(name)?),
        "headers" => serde_json::to_value(c.headers.get(name)?),
        _ => return None,
    };
    found.ok()
}

/// The type space as it was before an operation or component, to roll back to if it is
/// skipped.
pub(super) struct SavedTypes {
    types: std::collections::BTreeMap<String, crate::ir::TypeDef>,
    component_types: std::collections::BTreeMap<String, crate::ir::TypeRef>,
    inline_types: std::collections::BTreeMap<String, super::schema::Lowered>,
    type_names: super::names::Namespace,
    recursive: std::collections::BTreeSet<String>,
    envelope: Option<crate::ir::Envelope>,
}

impl Ctx<'_> {
    pub(super) fn save_types(&self) -> SavedTypes {
        SavedTypes {
            types: self.ir.types.clone(),
            component_types: self.component_types.clone(),
            inline_types: self.inline_types.clone(),
            type_names: self.type_names.clone(),
            recursive: self.recursive.clone(),
            envelope: self.envelope.clone(),
        }
    }

    pub(super) fn restore_types(&mut self, saved: SavedTypes) {
        self.ir.types = saved.types;
        self.component_types = saved.component_types;
        self.inline_types = saved.inline_types;
        self.type_names = saved.type_names;
        self.recursive = saved.recursive;
        self.envelope = saved.envelope;
    }
}

/// `mine` with its errors turned into warnings that start with `what`.
pub(super) fn demoted(mine: Diagnostics, what: &str) -> Diagnostics {
    let mut out = Diagnostics::default();
    for d in mine.iter() {
        let mut d = d.clone();
        if d.severity == Severity::Error {
            d.severity = Severity::Warning;
            d.message = format!("{what}: {}", d.message);
        }
        out.push(d);
    }
    out
}
