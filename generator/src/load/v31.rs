//! OpenAPI 3.1 read as 3.0: one job, rewriting a 3.1 tree into the 3.0 shape the rest of the
//! pipeline (bundling, repairs, `openapiv3`'s typed model, the lowering) already understands.
//!
//! Why a tree rewrite and not a second model: every later stage stays single-version, and
//! `openapiv3` (3.0 only) keeps giving us typed access. What JSON Schema 2020-12 can say that
//! 3.0 cannot is mapped to the loosest 3.0 schema that still accepts every valid value, with a
//! warning naming the JSON pointer, so a generated type never rejects a payload the spec allows.
//!
//! Schemas:
//! - `type: [T, "null"]` → `type: T, nullable: true`; several non-null types → `oneOf` of
//!   single-type schemas, each carrying its own type's keywords (an untagged union);
//! - `const: x` → `enum: [x]` (a string const also gets `type: string`, so a property fixed to
//!   one string per `oneOf` variant tags the union as `enum: [x]` does);
//! - `examples: [..]` → `example`; numeric `exclusiveMinimum`/`exclusiveMaximum` → a bound
//!   with the 3.0 boolean;
//! - `$ref` with sibling keywords → `allOf: [$ref]` plus the siblings (read as the referenced
//!   type, with the siblings' docs and nullability);
//! - a relative `#/$defs/X` inside a schema → the pointer of the enclosing schema's `$defs`
//!   (bundling then moves the target into `components`);
//! - `contentEncoding: base64` → `format: byte`, a binary `contentMediaType` → `format: binary`;
//! - `unevaluatedProperties` → `additionalProperties`;
//! - `prefixItems` (tuples), `dependentSchemas`, `if`/`then`/`else`, `patternProperties`,
//!   `$dynamicRef`: dropped with a warning (the loosest correct type); pure assertions and
//!   annotations 3.0 has no word for (`$comment`, `contains`, `propertyNames`, ...) silently.
//! - boolean schemas: `true` → `{}`; `false` → `{}` with a warning.
//!
//! The document: `paths` becomes optional (a webhooks-only document), `$ref`'d path items
//! (`components/pathItems`) are copied in place, `mutualTLS` security schemes are dropped with
//! a warning, `jsonSchemaDialect`, `info.summary` and `license.identifier` are dropped, and
//! after bundling each webhook's request-body schema becomes a component schema named after
//! the webhook ([`webhooks_to_models`]), so its payload types are generated as models.

use serde_yaml_ng::{Mapping, Value};

use super::pointer::{self, to_pointer};
use super::position::Position;
use super::Tree;
use crate::diag::Diagnostics;

/// How many `$ref`s a path item may pass through to reach its definition.
const MAX_PATH_ITEM_HOPS: usize = 16;

/// Whether `version` (the `openapi` field) is one this module converts.
pub fn is_v31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// Rewrites a 3.1 document in place into 3.0's shape (everything but webhooks, which wait for
/// bundling: see [`webhooks_to_models`]).
pub fn convert(tree: &mut Tree, warnings: &mut Diagnostics) -> Result<(), Diagnostics> {
    document(tree, warnings);
    inline_path_items(tree)?;
    let root_defs = tree.get("$defs").is_some();
    let mut path = Vec::new();
    let mut defs = Vec::new();
    let mut walk = Walk {
        warnings,
        root_defs,
        defs: &mut defs,
    };
    walk.node(tree, Position::Root, &mut path);
    Ok(())
}

/// Converts the nodes at `locations` (each alone, as if it were the only thing in the
/// document at that place): content grafted from other files after [`convert`] ran.
pub fn convert_at(
    tree: &mut Tree,
    locations: &[Vec<String>],
    warnings: &mut Diagnostics,
) -> Result<(), Diagnostics> {
    let unique: std::collections::BTreeSet<&Vec<String>> = locations.iter().collect();
    for at in unique {
        let Some(slot) = pointer::get_mut(tree, at) else {
            continue;
        };
        let node = std::mem::take(slot);
        let mut doc = node;
        for token in at.iter().rev() {
            let mut map = Mapping::new();
            map.insert(Value::from(token.as_str()), doc);
            doc = Value::Mapping(map);
        }
        convert(&mut doc, warnings)?;
        let converted = pointer::get_mut(&mut doc, at).map(std::mem::take);
        if let (Some(converted), Some(slot)) = (converted, pointer::get_mut(tree, at)) {
            *slot = converted;
        }
    }
    Ok(())
}

/// Top-level fields 3.0 lacks or requires.
fn document(tree: &mut Tree, warnings: &mut Diagnostics) {
    let Value::Mapping(root) = tree else {
        return;
    };
    root.shift_remove("jsonSchemaDialect");
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Mapping(Mapping::new()));
    }
    if let Some(Value::Mapping(info)) = root.get_mut("info") {
        info.shift_remove("summary");
        if let Some(Value::Mapping(license)) = info.get_mut("license") {
            license.shift_remove("identifier");
        }
    }
    let mut dropped = Vec::new();
    if let Some(Value::Mapping(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    {
        schemes.retain(|name, scheme| {
            let mtls = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
            if mtls {
                dropped.push(name.as_str().unwrap_or_default().to_owned());
            }
            !mtls
        });
    }
    for name in &dropped {
        warnings.warn(
            to_pointer(&["components", "securitySchemes", name]),
            "`mutualTLS` security is set up on the HTTP client, not per request; ignored",
        );
        drop_requirement(root.get_mut("security"), name);
        if let Some(Value::Mapping(paths)) = root.get_mut("paths") {
            for (_, item) in paths.iter_mut() {
                if let Value::Mapping(item) = item {
                    for (_, op) in item.iter_mut() {
                        drop_requirement(op.get_mut("security"), name);
                    }
                }
            }
        }
    }
}

/// Removes `name` from every requirement of a `security` list.
fn drop_requirement(security: Option<&mut Value>, name: &str) {
    if let Some(Value::Sequence(reqs)) = security {
        for req in reqs {
            if let Value::Mapping(req) = req {
                req.shift_remove(name);
            }
        }
    }
}

/// Path items `$ref`'d into `components/pathItems` (3.1 only) are copied where they are used,
/// under `paths` and `webhooks`; the section then goes. A reference that leads nowhere is an
/// error at its pointer.
fn inline_path_items(tree: &mut Tree) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::default();
    for top in ["paths", "webhooks"] {
        let keys: Vec<String> = match tree.get(top) {
            Some(Value::Mapping(m)) => m
                .keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect(),
            _ => continue,
        };
        for key in keys {
            let at = [top.to_owned(), key];
            let Some(item) = pointer::get(tree, &at) else {
                continue;
            };
            // A path item in another file is the bundler's: it copies it in later.
            if !pointer::ref_of(item).is_some_and(|r| r.starts_with('#')) {
                continue;
            }
            match resolve_path_item(tree, item) {
                Ok(resolved) => {
                    if let Some(slot) = pointer::get_mut(tree, &at) {
                        *slot = resolved;
                    }
                }
                Err(message) => errors.error(to_pointer(&at), message),
            }
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    if let Some(Value::Mapping(components)) = tree.get_mut("components") {
        components.shift_remove("pathItems");
    }
    Ok(())
}

/// The path item `item` stands for: its target, with the referrer's own fields (`summary`,
/// `description`, ...) laid over it.
fn resolve_path_item(tree: &Tree, item: &Value) -> Result<Value, String> {
    let mut current = item.clone();
    let mut overrides: Vec<Mapping> = Vec::new();
    for _ in 0..MAX_PATH_ITEM_HOPS {
        let Some(reference) = pointer::ref_of(&current).map(str::to_owned) else {
            let mut out = current;
            if let Value::Mapping(map) = &mut out {
                for layer in overrides.into_iter().rev() {
                    for (k, v) in layer {
                        map.insert(k, v);
                    }
                }
            }
            return Ok(out);
        };
        if let Value::Mapping(map) = &current {
            let mut own = map.clone();
            own.shift_remove("$ref");
            overrides.push(own);
        }
        let fragment = reference.strip_prefix('#').ok_or_else(|| {
            format!("`{reference}`: only references inside this document are read")
        })?;
        let tokens = pointer::parse_fragment(fragment)?;
        current = pointer::get(tree, &tokens)
            .cloned()
            .ok_or_else(|| format!("`{reference}` points nowhere"))?;
    }
    Err(format!(
        "path item references pass through more than {MAX_PATH_ITEM_HOPS} `$ref`s"
    ))
}

/// The recursive rewrite of every schema (the parsers bound the tree depth at 128).
struct Walk<'w> {
    warnings: &'w mut Diagnostics,
    /// The document has a top-level `$defs`, so `#/$defs/...` means it.
    root_defs: bool,
    /// Enclosing schemas with `$defs`: their path, and the names they define.
    defs: &'w mut Vec<(Vec<String>, Vec<String>)>,
}

impl Walk<'_> {
    fn node(&mut self, value: &mut Value, pos: Position, path: &mut Vec<String>) {
        if pos == Position::Schema {
            if let Value::Bool(b) = value {
                if !*b && path.last().map(String::as_str) != Some("additionalProperties") {
                    self.warnings.warn(
                        to_pointer(path),
                        "a `false` schema (no value is valid) is read as any JSON value",
                    );
                }
                if path.last().map(String::as_str) != Some("additionalProperties") {
                    *value = Value::Mapping(Mapping::new());
                }
                return;
            }
        }
        let pushed_defs = match value {
            Value::Mapping(map) if pos == Position::Schema => {
                // Its own `$defs` first: a `$ref` beside them may mean them.
                let pushed = match map.get("$defs") {
                    Some(Value::Mapping(d)) => {
                        let names = d.keys().filter_map(|k| k.as_str().map(str::to_owned));
                        self.defs.push((path.clone(), names.collect()));
                        true
                    }
                    _ => false,
                };
                self.schema(map, path);
                pushed
            }
            _ => false,
        };
        match value {
            Value::Mapping(map) => {
                for (k, v) in map.iter_mut() {
                    let Some(k) = k.as_str() else { continue };
                    let child = pos.child(k);
                    if child != Position::Other {
                        path.push(k.to_owned());
                        self.node(v, child, path);
                        path.pop();
                    }
                }
            }
            Value::Sequence(items) => {
                let item = pos.item();
                if item != Position::Other {
                    for (i, v) in items.iter_mut().enumerate() {
                        path.push(i.to_string());
                        self.node(v, item, path);
                        path.pop();
                    }
                }
            }
            _ => {}
        }
        if pushed_defs {
            self.defs.pop();
        }
    }

    /// Rewrites one schema object; its subschemas are visited after, by [`Walk::node`].
    fn schema(&mut self, map: &mut Mapping, path: &[String]) {
        let here = || to_pointer(path);
        if let Some(Value::String(reference)) = map.get("$ref") {
            if let Some(absolute) = self.relative_def(reference) {
                map.insert("$ref".into(), Value::String(absolute));
            }
            ref_siblings(map);
        }
        split_type(map);
        if let Some(value) = map.shift_remove("const") {
            if !map.contains_key("enum") {
                if value.is_string() && !map.contains_key("type") {
                    map.insert("type".into(), "string".into());
                }
                map.insert("enum".into(), Value::Sequence(vec![value]));
            }
        }
        // A list of examples in a schema: the first is 3.0's one `example`.
        if let Some(Value::Sequence(examples)) = map.shift_remove("examples") {
            if let (Some(first), false) = (examples.into_iter().next(), map.contains_key("example"))
            {
                map.insert("example".into(), first);
            }
        }
        exclusive_bound(map, "exclusiveMinimum", "minimum", true);
        exclusive_bound(map, "exclusiveMaximum", "maximum", false);
        content_format(map);
        if let Some(value) = map.shift_remove("unevaluatedProperties") {
            if !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), value);
            }
        }
        if map.shift_remove("prefixItems").is_some() {
            map.insert("items".into(), Value::Mapping(Mapping::new()));
            self.warnings.warn(
                crate::diag::child(&here(), "prefixItems"),
                "`prefixItems` (a tuple) cannot be expressed; generated as an array of any JSON value",
            );
        }
        for (key, what) in [
            (
                "dependentSchemas",
                "`dependentSchemas` cannot be expressed; ignored",
            ),
            ("if", "`if`/`then`/`else` cannot be expressed; ignored"),
            (
                "patternProperties",
                "`patternProperties` cannot be expressed; the other properties are any JSON value",
            ),
            (
                "$dynamicRef",
                "`$dynamicRef` cannot be followed; read as any JSON value",
            ),
            (
                "$recursiveRef",
                "`$recursiveRef` cannot be followed; read as any JSON value",
            ),
        ] {
            if map.shift_remove(key).is_some() {
                self.warnings.warn(crate::diag::child(&here(), key), what);
            }
        }
        for key in [
            "then",
            "else",
            "$schema",
            "$id",
            "$anchor",
            "$dynamicAnchor",
            "$recursiveAnchor",
            "$comment",
            "$vocabulary",
            "contentSchema",
            "dependentRequired",
            "propertyNames",
            "contains",
            "minContains",
            "maxContains",
            "unevaluatedItems",
        ] {
            map.shift_remove(key);
        }
    }

    /// `#/$defs/X/...` written inside a schema whose own (or an ancestor's) `$defs` holds `X`,
    /// when the document has no top-level `$defs`: the absolute pointer it means.
    fn relative_def(&self, reference: &str) -> Option<String> {
        if self.root_defs {
            return None;
        }
        let rest = reference.strip_prefix("#/$defs/")?;
        let name = pointer::decode_token(rest.split('/').next()?);
        let (owner, _) = self
            .defs
            .iter()
            .rev()
            .find(|(_, names)| names.contains(&name))?;
        Some(format!("{}/$defs/{rest}", to_pointer(owner)))
    }
}

/// `$ref` beside other keywords (allowed in 3.1, ignored in 3.0): `allOf: [$ref]` with the
/// siblings, which the lowering reads as the referenced type with the siblings' docs.
fn ref_siblings(map: &mut Mapping) {
    map.shift_remove("$comment");
    if map.len() <= 1 {
        return;
    }
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    let mut target = Mapping::new();
    target.insert("$ref".into(), reference);
    let members = match map.shift_remove("allOf") {
        Some(Value::Sequence(mut rest)) => {
            rest.insert(0, Value::Mapping(target));
            rest
        }
        _ => vec![Value::Mapping(target)],
    };
    map.insert("allOf".into(), Value::Sequence(members));
}

/// Keywords that only apply to one JSON type, for splitting a `type` list.
fn keyword_type(key: &str, value: &Value) -> Option<&'static str> {
    Some(match key {
        "minLength" | "maxLength" | "pattern" | "contentMediaType" | "contentEncoding" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" | "contains"
        | "minContains" | "maxContains" | "unevaluatedItems" => "array",
        "properties"
        | "required"
        | "additionalProperties"
        | "minProperties"
        | "maxProperties"
        | "patternProperties"
        | "propertyNames"
        | "unevaluatedProperties"
        | "dependentSchemas"
        | "dependentRequired"
        | "discriminator" => "object",
        "format" => match value.as_str() {
            Some("int32" | "int64" | "float" | "double") => "number",
            _ => "string",
        },
        _ => return None,
    })
}

fn json_type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Sequence(_) => "array",
        _ => "object",
    }
}

/// A `type` list becomes one type plus `nullable`, or a `oneOf` of single-type schemas.
fn split_type(map: &mut Mapping) {
    let Some(Value::Sequence(types)) = map.get("type") else {
        return;
    };
    let mut names: Vec<String> = Vec::new();
    let mut null = false;
    for t in types.iter().filter_map(Value::as_str) {
        if t == "null" {
            null = true;
        } else if !names.iter().any(|n| n == t) {
            names.push(t.to_owned());
        }
    }
    // Every integer is a number: the wider type alone.
    if names.iter().any(|n| n == "number") {
        names.retain(|n| n != "integer");
    }
    map.shift_remove("type");
    if null {
        map.insert("nullable".into(), Value::Bool(true));
    }
    match names.as_slice() {
        [] if null => {
            map.insert("type".into(), "null".into());
        }
        [] => {}
        [one] => {
            map.insert("type".into(), one.as_str().into());
        }
        _ if map.contains_key("oneOf") || map.contains_key("anyOf") => {
            // Already a union: the members say which types they take; the list adds nothing.
        }
        _ => {
            let mut members = Vec::new();
            let enum_values = map.shift_remove("enum");
            for name in &names {
                let family = if name == "integer" {
                    "number"
                } else {
                    name.as_str()
                };
                let mut member = Mapping::new();
                member.insert("type".into(), name.as_str().into());
                for (k, v) in map.iter() {
                    if let Some(key) = k.as_str() {
                        if keyword_type(key, v) == Some(family) {
                            member.insert(k.clone(), v.clone());
                        }
                    }
                }
                if let Some(Value::Sequence(values)) = &enum_values {
                    let mine: Vec<Value> = values
                        .iter()
                        .filter(|v| {
                            let t = json_type_of(v);
                            t == name || (name == "number" && t == "integer")
                        })
                        .cloned()
                        .collect();
                    if !mine.is_empty() {
                        member.insert("enum".into(), Value::Sequence(mine));
                    }
                }
                members.push(Value::Mapping(member));
            }
            map.retain(|k, v| k.as_str().is_none_or(|key| keyword_type(key, v).is_none()));
            map.insert("oneOf".into(), Value::Sequence(members));
        }
    }
}

/// A numeric `exclusiveMinimum: n` (3.1) as `minimum: n, exclusiveMinimum: true` (3.0),
/// unless an inclusive bound already says more.
fn exclusive_bound(map: &mut Mapping, exclusive: &str, inclusive: &str, lower: bool) {
    let Some(Value::Number(n)) = map.get(exclusive).cloned() else {
        return;
    };
    map.shift_remove(exclusive);
    let stricter = match map.get(inclusive).and_then(Value::as_f64) {
        Some(bound) => {
            let n = n.as_f64().unwrap_or(bound);
            if lower {
                n >= bound
            } else {
                n <= bound
            }
        }
        None => true,
    };
    if stricter {
        map.insert(inclusive.into(), Value::Number(n));
        map.insert(exclusive.into(), Value::Bool(true));
    }
}

/// `contentEncoding`/`contentMediaType` on a string: the 3.0 formats for bytes.
fn content_format(map: &mut Mapping) {
    let encoding = map.shift_remove("contentEncoding");
    let media = map.shift_remove("contentMediaType");
    if encoding.is_none() && media.is_none() {
        return;
    }
    if map.contains_key("format") {
        return;
    }
    let ty = map.get("type").and_then(Value::as_str);
    if !matches!(ty, None | Some("string")) {
        return;
    }
    let format = match encoding.as_ref().and_then(Value::as_str) {
        Some("base64" | "base64url") => "byte",
        Some(_) => return,
        None => match media.as_ref().and_then(Value::as_str) {
            Some(m) if is_textual(m) => return,
            Some(_) => "binary",
            None => return,
        },
    };
    map.insert("type".into(), "string".into());
    map.insert("format".into(), format.into());
}

fn is_textual(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence.starts_with("text/")
        || essence.ends_with("json")
        || essence.ends_with("xml")
        || essence == "application/x-www-form-urlencoded"
}

/// After bundling: each webhook's request-body schema becomes a component schema named after
/// the webhook (a `$ref` to a component is already one), so its types are generated as models;
/// then `webhooks` goes (the client sends no webhooks).
pub fn webhooks_to_models(tree: &mut Tree) {
    let Some(Value::Mapping(webhooks)) = tree
        .as_mapping_mut()
        .and_then(|r| r.shift_remove("webhooks"))
    else {
        return;
    };
    let mut found: Vec<(String, Value)> = Vec::new();
    for (name, item) in &webhooks {
        let (Some(name), Value::Mapping(item)) = (name.as_str(), item) else {
            continue;
        };
        let ops: Vec<(&str, &Value)> = item
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?, v)))
            .filter(|(k, _)| Position::PathItem.child(k) == Position::Operation)
            .collect();
        let many = ops.len() > 1;
        for (method, op) in ops {
            let Some(mut body) = op.get("requestBody") else {
                continue;
            };
            if let Some(reference) = pointer::ref_of(body) {
                let target = reference
                    .strip_prefix('#')
                    .and_then(|f| pointer::parse_fragment(f).ok())
                    .and_then(|t| pointer::get(tree, &t));
                match target {
                    Some(t) => body = t,
                    None => continue,
                }
            }
            let Some(Value::Mapping(content)) = body.get("content") else {
                continue;
            };
            let schemas: Vec<&Value> = content.values().filter_map(|m| m.get("schema")).collect();
            let several = schemas.len() > 1;
            for (i, schema) in schemas.into_iter().enumerate() {
                if pointer::ref_of(schema).is_some_and(|r| r.starts_with("#/components/schemas/")) {
                    continue;
                }
                let mut base = name.to_owned();
                if many {
                    base.push('_');
                    base.push_str(method);
                }
                base.push_str("_webhook");
                if several {
                    base.push_str(&format!("_{}", i + 1));
                }
                found.push((base, schema.clone()));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let Some(root) = tree.as_mapping_mut() else {
        return;
    };
    let components = root
        .entry("components".into())
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(components) = components else {
        return;
    };
    let schemas = components
        .entry("schemas".into())
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(schemas) = schemas else {
        return;
    };
    for (base, schema) in found {
        let mut name = base.clone();
        let mut n = 2usize;
        while schemas.contains_key(name.as_str()) {
            name = format!("{base}{n}");
            n += 1;
        }
        schemas.insert(name.into(), schema);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(yaml: &str) -> (Tree, Diagnostics) {
        let mut tree = super::super::parse_tree(yaml).unwrap();
        let mut warnings = Diagnostics::default();
        convert(&mut tree, &mut warnings).unwrap();
        (tree, warnings)
    }

    fn schema(yaml_schema: &str) -> (Value, Diagnostics) {
        let doc = format!(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    S:\n{}",
            yaml_schema
                .lines()
                .map(|l| format!("      {l}\n"))
                .collect::<String>()
        );
        let (tree, w) = converted(&doc);
        let s = tree
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(|s| s.get("S"))
            .cloned()
            .unwrap();
        (s, w)
    }

    fn yaml(v: &Value) -> String {
        serde_yaml_ng::to_string(v).unwrap()
    }

    #[test]
    fn type_with_null_is_nullable() {
        let (s, w) = schema("type: [string, 'null']\nmaxLength: 3");
        assert_eq!(yaml(&s), "maxLength: 3\nnullable: true\ntype: string\n");
        assert!(w.is_empty());
    }

    #[test]
    fn several_types_are_a_union_with_their_own_keywords() {
        let (s, _) = schema(
            "type: [string, integer, array, 'null']\nminLength: 1\nminimum: 0\nitems: {type: string}\ndescription: d\nenum: [a, 1, null]",
        );
        assert_eq!(
            yaml(&s),
            "description: d\nnullable: true\noneOf:\n- type: string\n  minLength: 1\n  enum:\n  - a\n- type: integer\n  minimum: 0\n  enum:\n  - 1\n- type: array\n  items:\n    type: string\n"
        );
    }

    #[test]
    fn const_is_a_one_value_enum() {
        let (s, _) = schema("properties:\n  kind: {const: cat}\n  n: {const: 3}");
        assert_eq!(
            yaml(&s),
            "properties:\n  kind:\n    type: string\n    enum:\n    - cat\n  n:\n    enum:\n    - 3\n"
        );
    }

    #[test]
    fn examples_exclusive_bounds_and_content() {
        let (s, _) = schema(
            "type: object\nproperties:\n  a: {type: integer, exclusiveMinimum: 0, exclusiveMaximum: 10, maximum: 5, examples: [1, 2]}\n  b: {type: string, contentEncoding: base64}\n  c: {type: string, contentMediaType: image/png}\n  d: {type: string, contentMediaType: application/json}",
        );
        assert_eq!(
            yaml(&s),
            "type: object\nproperties:\n  a:\n    type: integer\n    maximum: 5\n    example: 1\n    minimum: 0\n    exclusiveMinimum: true\n  b:\n    type: string\n    format: byte\n  c:\n    type: string\n    format: binary\n  d:\n    type: string\n"
        );
    }

    #[test]
    fn ref_with_siblings_is_all_of_one() {
        let (s, _) = schema("properties:\n  p: {$ref: '#/components/schemas/T', description: d}\n  q: {$ref: '#/components/schemas/T'}");
        assert_eq!(
            yaml(&s),
            "properties:\n  p:\n    description: d\n    allOf:\n    - $ref: '#/components/schemas/T'\n  q:\n    $ref: '#/components/schemas/T'\n"
        );
    }

    #[test]
    fn relative_defs_become_absolute() {
        let (s, _) = schema(
            "properties:\n  p: {$ref: '#/$defs/B'}\n$defs:\n  B:\n    properties:\n      q: {$ref: '#/$defs/B'}",
        );
        let text = yaml(&s);
        assert_eq!(
            text.matches("'#/components/schemas/S/$defs/B'").count(),
            2,
            "{text}"
        );
    }

    #[test]
    fn unexpressible_keywords_warn_with_their_pointer() {
        let (s, w) =
            schema("type: array\nprefixItems: [{type: string}, {type: integer}]\nitems: false");
        assert_eq!(yaml(&s), "type: array\nitems: {}\n");
        let messages: Vec<String> = w.iter().map(|d| d.pointer.clone()).collect();
        assert_eq!(messages, ["#/components/schemas/S/prefixItems"]);
        let (s, w) = schema(
            "type: object\nunevaluatedProperties: false\nif: {required: [a]}\nthen: {required: [b]}\ndependentSchemas: {a: {required: [b]}}",
        );
        assert_eq!(yaml(&s), "type: object\nadditionalProperties: false\n");
        let pointers: Vec<String> = w.iter().map(|d| d.pointer.clone()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/S/dependentSchemas",
                "#/components/schemas/S/if"
            ]
        );
    }

    #[test]
    fn document_fields_and_path_items() {
        let (tree, w) = converted(
            "openapi: 3.1.0\njsonSchemaDialect: x\ninfo: {title: t, version: '1', summary: s, license: {name: MIT, identifier: MIT}}\nwebhooks:\n  hook: {$ref: '#/components/pathItems/P'}\ncomponents:\n  pathItems:\n    P: {post: {requestBody: {content: {application/json: {schema: {type: object}}}}}}\n  securitySchemes:\n    m: {type: mutualTLS}\nsecurity: [{m: []}]",
        );
        assert_eq!(
            yaml(&tree),
            "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\n  license:\n    name: MIT\nwebhooks:\n  hook:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\ncomponents:\n  securitySchemes: {}\nsecurity:\n- {}\npaths: {}\n"
        );
        assert_eq!(w.len(), 1);
        let mut tree = tree;
        webhooks_to_models(&mut tree);
        assert_eq!(
            yaml(tree.get("components").unwrap()),
            "securitySchemes: {}\nschemas:\n  hook_webhook:\n    type: object\n"
        );
    }

    #[test]
    fn a_path_item_reference_that_points_nowhere_is_an_error() {
        let mut tree = super::super::parse_tree(
            "openapi: 3.1.0\npaths:\n  /a: {$ref: '#/components/pathItems/X'}",
        )
        .unwrap();
        let err = convert(&mut tree, &mut Diagnostics::default()).unwrap_err();
        assert_eq!(err.iter().next().unwrap().pointer, "#/paths/~1a");
    }
}

#[cfg(test)]
mod idempotence {
    use super::*;

    /// Overlays run after conversion and their results are converted again, so converting
    /// converted content must change nothing.
    #[test]
    fn converting_twice_is_converting_once() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/corpus/openapi-3.1.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        {
            let mut once = crate::load::parse_tree(&text).unwrap();
            convert(&mut once, &mut Diagnostics::default()).unwrap();
            let mut twice = once.clone();
            convert(&mut twice, &mut Diagnostics::default()).unwrap();
            assert_eq!(
                serde_yaml_ng::to_string(&once).unwrap(),
                serde_yaml_ng::to_string(&twice).unwrap(),
                "{path}"
            );
        }
    }
}
