//! Bundling: every `$ref` made a reference to a component.
//!
//! The typed model and the lowering follow only `#/components/<kind>/<name>`. Real specs also
//! point anywhere else in the document: into a property (`#/components/schemas/Pet/properties/
//! owner`), an `allOf` member, an operation's response schema, a parameter's schema, or a
//! private container (`#/x-defs/Thing`). Each such target is *moved* into
//! `components/<kind>/<generated name>` and a `$ref` to the new component left where it was,
//! so the target gets exactly one Rust type however many places use it; the referrers then
//! point at the component. The kind comes from where the `$ref` stands in the grammar
//! (`load::position`).
//!
//! Component references are left as written: the lowering follows them, cycles included.
//!
//! Where a reference leads is asked of a [`Resolver`]. Today only this document is known
//! ([`LocalOnly`]); a multi-file loader plugs in by grafting the other file into the tree and
//! answering with the pointer of the graft, after which the same hoisting applies.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_yaml_ng::{Mapping, Value};

use super::files::GRAFTS;
use super::pointer::{self, describe, ref_of, to_pointer};
use super::position::{self, Kind, Position};
use super::Tree;
use crate::diag::Diagnostics;

/// How many references one chain may pass through before we call it a loop.
const MAX_HOPS: usize = 64;

/// Moving a target can bring `$ref`s that stood in data (`#/x-defs/...`) to a place where the
/// grammar expects an object; another round rewrites those. Each round empties the places it
/// moved from, so a handful suffice; the bound only guards against a bug looping.
/// Content grafted from other files needs one round per level of nesting between files.
const MAX_ROUNDS: usize = 256;

/// Finds the node a `$ref` points at.
pub trait Resolver {
    /// The pointer tokens, in the tree being bundled, of what `reference` points at; `None`
    /// when this resolver does not handle that kind of reference (it is then left as written
    /// and the lowering reports it where it is used).
    fn locate(&mut self, tree: &mut Tree, reference: &str) -> Option<Result<Vec<String>, String>>;

    /// True when `reference` failed only because its file is absent: it is then left as
    /// written for the lowering to report where it is used (so it can be skipped).
    fn absent(&self, _reference: &str) -> bool {
        false
    }

    /// The node at `from` was moved to the component at `to`.
    fn moved(&mut self, _from: &[String], _to: &[String]) {}

    /// The tree no longer holds what was grafted into it (see `load::files`): what was moved
    /// out of it is found where it went, the rest is read again when a later bundling asks.
    fn forget_grafts(&mut self) {}
}

/// References inside this document only (`#...`).
pub struct LocalOnly;

impl Resolver for LocalOnly {
    fn locate(&mut self, _tree: &mut Tree, reference: &str) -> Option<Result<Vec<String>, String>> {
        reference.strip_prefix('#').map(pointer::parse_fragment)
    }
}

/// One `$ref` found at a position that expects `kind`.
struct Referrer {
    /// Tokens of the mapping that holds the `$ref` (or of the mapping value, see `value`).
    at: Vec<String>,
    kind: Kind,
    reference: String,
    /// The reference is a `discriminator.mapping` value: a string, not a `$ref` object.
    value: bool,
}

/// What a reference turned out to mean.
enum Resolved {
    /// Leave it as written.
    Untouched,
    /// Use this component reference (the chain ended at a component).
    Component(String),
    /// This node of the tree, which is not a component.
    Node(Vec<String>),
}

/// Rewrites every non-component `$ref` of `tree` as described in the module docs. Every
/// reference that points nowhere is reported, each at the pointer of its `$ref`.
///
/// Returns the pointers (tokens) of the nodes that came from grafted files (see
/// `load::files`), so a later stage can give them what the root document got.
pub fn bundle(
    tree: &mut Tree,
    resolver: &mut dyn Resolver,
    warnings: &mut Diagnostics,
) -> Result<Vec<Vec<String>>, Diagnostics> {
    let mut imported = Vec::new();
    sections(tree, resolver)?;
    for _ in 0..MAX_ROUNDS {
        let described = descriptions(tree, resolver, warnings)?;
        if !round(tree, resolver, &mut imported)? && !described {
            break;
        }
    }
    Ok(imported)
}

/// A whole `components/<section>` given as a `$ref` (a common multi-file layout: an index
/// file of components) is replaced by what it points at.
fn sections(tree: &mut Tree, resolver: &mut dyn Resolver) -> Result<(), Diagnostics> {
    let refs: Vec<(String, String)> = match pointer::get(tree, &["components"]) {
        Some(Value::Mapping(c)) => c
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), ref_of(v)?.to_owned())))
            .collect(),
        _ => return Ok(()),
    };
    let mut errors = Diagnostics::default();
    for (section, reference) in refs {
        let at = to_pointer(&["components", section.as_str()]);
        let node = match resolver.locate(tree, &reference) {
            Some(Ok(tokens)) => pointer::get(tree, &tokens).cloned(),
            Some(Err(e)) => {
                errors.error(at, format!("`{reference}`: {e}"));
                continue;
            }
            None => None,
        };
        match node {
            Some(node @ Value::Mapping(_)) => {
                if let Some(slot) = pointer::get_mut(tree, &["components", section.as_str()]) {
                    *slot = node;
                }
            }
            _ => errors.error(at, format!("`{reference}` does not lead to a mapping")),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(())
}

/// A `$ref` object standing as a `description` (against the standard, but common in
/// multi-file specs) is replaced by the string it points at, with a warning, as bundlers do.
fn descriptions(
    tree: &mut Tree,
    resolver: &mut dyn Resolver,
    warnings: &mut Diagnostics,
) -> Result<bool, Diagnostics> {
    let mut found: Vec<(Vec<String>, String)> = Vec::new();
    let mut stack: Vec<(&Value, Vec<String>)> = vec![(&*tree, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        match node {
            Value::Mapping(map) => {
                for (k, v) in map {
                    let Some(k) = k.as_str() else { continue };
                    if path.is_empty() && k == GRAFTS {
                        continue;
                    }
                    if matches!(k, "example" | "examples" | "default" | "enum") {
                        continue;
                    }
                    let mut p = path.clone();
                    p.push(k.to_owned());
                    if k == "description" {
                        if let Some(r) = ref_of(v) {
                            found.push((p, r.to_owned()));
                        }
                        continue;
                    }
                    stack.push((v, p));
                }
            }
            Value::Sequence(items) => {
                for (i, v) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(i.to_string());
                    stack.push((v, p));
                }
            }
            _ => {}
        }
    }
    found.sort();
    let mut errors = Diagnostics::default();
    let changed = !found.is_empty();
    for (at, reference) in found {
        let text = match resolver.locate(tree, &reference) {
            None => Err(format!("`{reference}` cannot be followed here")),
            Some(Err(e)) => Err(format!("`{reference}`: {e}")),
            Some(Ok(tokens)) => match pointer::get(tree, &tokens) {
                Some(Value::String(s)) => Ok(s.clone()),
                Some(other) => Err(format!(
                    "`{reference}` points at {}, not a string",
                    describe(other)
                )),
                None => Err(format!("`{reference}` points nowhere")),
            },
        };
        match text {
            Ok(text) => {
                warnings.warn(
                    to_pointer(&at),
                    format!("a `$ref` as a description is not standard; replaced by the text of `{reference}`"),
                );
                if let Some(slot) = pointer::get_mut(tree, &at) {
                    *slot = Value::String(text);
                }
            }
            Err(e) => errors.error(to_pointer(&at), e),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(changed)
}

/// One pass over the tree; true when it changed something.
fn round(
    tree: &mut Tree,
    resolver: &mut dyn Resolver,
    imported: &mut Vec<Vec<String>>,
) -> Result<bool, Diagnostics> {
    let referrers = collect(tree);
    if referrers.is_empty() {
        return Ok(false);
    }
    let mut errors = Diagnostics::default();
    let mut resolved = Vec::with_capacity(referrers.len());
    for r in &referrers {
        match resolve(tree, resolver, &r.reference, r.kind) {
            Ok(res) => resolved.push(res),
            Err(_) if resolver.absent(&r.reference) => resolved.push(Resolved::Untouched),
            Err(message) => {
                errors.error(to_pointer(&r.at), message);
                resolved.push(Resolved::Untouched);
            }
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }

    // Names first, in document order of first use, so the rewriting below needs no moves.
    let mut names = Names::default();
    let mut hoisted = claimed_by_components(&referrers, &resolved);
    let mut inlined: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut changed = false;
    for (r, res) in referrers.iter().zip(&resolved) {
        let new_ref = match res {
            Resolved::Untouched => continue,
            Resolved::Component(c) if *c == r.reference => continue,
            Resolved::Component(c) => c.clone(),
            Resolved::Node(target) => match r.kind.section() {
                // Only a path item under `paths` is copied: a copy inside a callback could
                // hold the reference again.
                None if r.at.len() == 2 => {
                    inlined.push((r.at.clone(), target.clone()));
                    continue;
                }
                None => continue,
                Some(section) => {
                    let key = (target.clone(), r.kind);
                    let name = match hoisted.get(&key) {
                        Some(name) => name.clone(),
                        None => {
                            let name = names.allocate(tree, section, &base_name(tree, target));
                            hoisted.insert(key, name.clone());
                            name
                        }
                    };
                    to_pointer(&["components", section, &name])
                }
            },
        };
        match pointer::get_mut(tree, &r.at) {
            Some(slot) if r.value => {
                *slot = Value::from(new_ref);
                changed = true;
            }
            Some(Value::Mapping(map)) => {
                map.insert(Value::from("$ref"), Value::from(new_ref));
                changed = true;
            }
            _ => {}
        }
    }

    // Deepest first: a target inside another target is still where its path says.
    let mut moves: Vec<(Vec<String>, Kind, String)> = hoisted
        .into_iter()
        .map(|((target, kind), name)| (target, kind, name))
        .collect();
    moves.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    let mut moved: Vec<(Vec<String>, Vec<String>)> = Vec::with_capacity(moves.len());
    for (target, kind, name) in moves {
        let Some(section) = kind.section() else {
            continue;
        };
        let new_ref = to_pointer(&["components", section, &name]);
        let Some(slot) = pointer::get_mut(tree, &target) else {
            continue;
        };
        let node = std::mem::replace(slot, reference_to(&new_ref));
        if let Err(message) = insert_component(tree, section, &name, node) {
            errors.error(to_pointer(&target), message);
        }
        let to = vec!["components".to_owned(), section.to_owned(), name];
        if from_file(&target, imported) {
            imported.push(to.clone());
        }
        resolver.moved(&target, &to);
        moved.push((target, to));
    }

    // Path items have no section in 3.0: the referrer gets a copy of its target.
    for (at, target) in inlined {
        let at = relocate(at, &moved);
        let target = relocate(target, &moved);
        if let Some(copy) = pointer::get(tree, &target).cloned() {
            if let Some(slot) = pointer::get_mut(tree, &at) {
                *slot = copy;
                changed = true;
                if from_file(&target, imported) {
                    imported.push(at);
                }
            }
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(changed || !moved.is_empty())
}

/// Targets that a component is only a reference to (`Pet: {$ref: models/pet.yaml}`, the
/// usual multi-file layout): the target moves into that component's own slot, so it keeps
/// the component's name instead of becoming `Pet2` behind an alias. When several components
/// refer to one target, the first in document order takes it; the others stay references.
fn claimed_by_components(
    referrers: &[Referrer],
    resolved: &[Resolved],
) -> BTreeMap<(Vec<String>, Kind), String> {
    let mut claimed = BTreeMap::new();
    for (r, res) in referrers.iter().zip(resolved) {
        let Resolved::Node(target) = res else {
            continue;
        };
        let own_section = r.at.get(1).map(String::as_str);
        if !is_component_path(&r.at) || r.kind.section() != own_section {
            continue;
        }
        // Part of another component keeps a name of its own (`PersonName`): only what
        // stands outside `components` (another file, `#/x-defs/...`) is claimed.
        if target.first().is_some_and(|t| t == "components") {
            continue;
        }
        claimed
            .entry((target.clone(), r.kind))
            .or_insert_with(|| r.at[2].clone());
    }
    claimed
}

/// True for a node grafted from another file, or inside a node already moved out of one.
fn from_file(target: &[String], imported: &[Vec<String>]) -> bool {
    target.first().is_some_and(|t| t == GRAFTS) || imported.iter().any(|i| target.starts_with(i))
}

fn reference_to(pointer: &str) -> Value {
    let mut map = Mapping::new();
    map.insert(Value::from("$ref"), Value::from(pointer));
    Value::Mapping(map)
}

/// Where a path ended up after the moves (a move carries everything under its target).
fn relocate(path: Vec<String>, moved: &[(Vec<String>, Vec<String>)]) -> Vec<String> {
    for (from, to) in moved {
        if path.starts_with(from) {
            let mut out = to.clone();
            out.extend_from_slice(&path[from.len()..]);
            return out;
        }
    }
    path
}

fn insert_component(tree: &mut Tree, section: &str, name: &str, node: Value) -> Result<(), String> {
    let Value::Mapping(root) = tree else {
        return Err("the document is not a mapping".into());
    };
    let components = root
        .entry(Value::from("components"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(components) = components else {
        return Err("`#/components` is not a mapping".into());
    };
    let section_map = components
        .entry(Value::from(section))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(section_map) = section_map else {
        return Err(format!("`#/components/{section}` is not a mapping"));
    };
    section_map.insert(Value::from(name), node);
    Ok(())
}

/// Every `$ref` standing where the grammar expects an object, in document order. Data
/// (examples, extensions, defaults) is not walked: a `$ref` key there is a value.
fn collect(tree: &Tree) -> Vec<Referrer> {
    let mut out = Vec::new();
    position::walk(tree, |node, pos, path| {
        match (pos.kind(), ref_of(node)) {
            (Some(kind), Some(reference)) => {
                out.push(Referrer {
                    at: position::tokens(path),
                    kind,
                    reference: reference.to_owned(),
                    value: false,
                });
                // The siblings of a `$ref` are ignored in 3.0.
                false
            }
            (Some(Kind::Schema), None) => {
                mapping_values(node, path, &mut out);
                true
            }
            _ => true,
        }
    });
    out
}

/// The `discriminator.mapping` values of a schema that are references (`./Dog.yaml`,
/// `#/x-defs/Dog`), not component names: they name the same schemas the `oneOf` does, and
/// must lead to the same components.
fn mapping_values(schema: &Value, path: &[position::Step<'_>], out: &mut Vec<Referrer>) {
    let Some(Value::Mapping(mapping)) = schema.get("discriminator").and_then(|d| d.get("mapping"))
    else {
        return;
    };
    for (tag, target) in mapping {
        let (Some(tag), Some(target)) = (tag.as_str(), target.as_str()) else {
            continue;
        };
        if is_mapping_reference(target) && !is_component_ref(target) {
            let mut at = position::tokens(path);
            at.extend([
                "discriminator".to_owned(),
                "mapping".to_owned(),
                tag.to_owned(),
            ]);
            out.push(Referrer {
                at,
                kind: Kind::Schema,
                reference: target.to_owned(),
                value: true,
            });
        }
    }
}

/// A mapping value is a reference when it holds a `#` or a `/` or names a YAML or JSON file;
/// otherwise it is a component name (`Dog`), which the lowering looks up itself.
pub fn is_mapping_reference(value: &str) -> bool {
    value.contains(['#', '/'])
        || [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| value.to_ascii_lowercase().ends_with(ext))
}

/// True for `#/components/<section>/<name>` exactly: the lowering follows those itself.
fn is_component_ref(reference: &str) -> bool {
    component_tokens(reference).is_some()
}

fn component_tokens(reference: &str) -> Option<Vec<String>> {
    let tokens = pointer::parse_fragment(reference.strip_prefix('#')?).ok()?;
    is_component_path(&tokens).then_some(tokens)
}

fn is_component_path<S: AsRef<str>>(tokens: &[S]) -> bool {
    tokens.len() == 3 && tokens[0].as_ref() == "components"
}

/// Follows `reference` (through any chain of references, and through references met halfway
/// down a pointer) to the node it means.
fn resolve(
    tree: &mut Tree,
    resolver: &mut dyn Resolver,
    reference: &str,
    kind: Kind,
) -> Result<Resolved, String> {
    if is_component_ref(reference) {
        return Ok(Resolved::Untouched);
    }
    let mut seen: Vec<String> = Vec::new();
    let mut current = reference.to_owned();
    loop {
        if !seen.is_empty() && is_component_ref(&current) {
            return Ok(Resolved::Component(current));
        }
        if seen.contains(&current) {
            seen.push(current);
            return Err(format!("reference cycle: {}", seen.join(" -> ")));
        }
        if seen.len() >= MAX_HOPS {
            return Err(format!(
                "`{reference}` passes through more than {MAX_HOPS} references"
            ));
        }
        let tokens = match resolver.locate(tree, &current) {
            None if seen.is_empty() => return Ok(Resolved::Untouched),
            None => {
                return Err(format!(
                    "`{reference}` leads to `{current}`, which cannot be followed here"
                ))
            }
            Some(result) => result.map_err(|e| format!("`{reference}`: {e}"))?,
        };
        seen.push(current.clone());
        let mut node: &Value = tree;
        let mut at: Vec<String> = Vec::with_capacity(tokens.len());
        let mut next = None;
        for (i, token) in tokens.iter().enumerate() {
            if let Some(child) = pointer::child(node, token) {
                node = child;
                at.push(token.clone());
                continue;
            }
            if let Some(inner) = ref_of(node) {
                // The pointer goes on inside a referenced object: follow it, then the rest.
                let rest = to_pointer(&tokens[i..]);
                let sep = if inner.contains('#') { "" } else { "#" };
                next = Some(format!("{inner}{sep}{}", &rest[1..]));
                break;
            }
            let place = to_pointer(&at);
            let why = match node {
                Value::Mapping(_) | Value::Sequence(_) => {
                    format!("there is no `{token}` in `{place}`")
                }
                other => format!("`{place}` is {}, not an object or a list", describe(other)),
            };
            return Err(format!("`{reference}` points nowhere: {why}"));
        }
        if let Some(next) = next {
            current = next;
            continue;
        }
        if let Some(inner) = ref_of(node) {
            current = inner.to_owned();
            continue;
        }
        if is_component_path(&at) {
            return Ok(Resolved::Component(to_pointer(&at)));
        }
        if !matches!(node, Value::Mapping(_)) {
            return Err(format!(
                "`{reference}` points at {}, not a {}",
                describe(node),
                kind.noun()
            ));
        }
        let container = ["components", kind.section().unwrap_or("")];
        if at.len() < 3 && at.iter().zip(container).all(|(a, c)| a == c) {
            return Err(format!(
                "`{reference}` points at `{}`, a container, not a {}",
                to_pointer(&at),
                kind.noun()
            ));
        }
        return Ok(Resolved::Node(at));
    }
}

/// Component names in use, compared as the lowering will see them (case and separators
/// ignored), so a new name never becomes a second Rust type of the same name.
#[derive(Default)]
struct Names {
    taken: BTreeMap<String, BTreeSet<String>>,
}

impl Names {
    fn allocate(&mut self, tree: &Tree, section: &str, base: &str) -> String {
        let taken = self.taken.entry(section.to_owned()).or_insert_with(|| {
            pointer::get(tree, &["components", section])
                .and_then(Value::as_mapping)
                .map(|m| m.keys().filter_map(Value::as_str).map(fold).collect())
                .unwrap_or_default()
        });
        let mut name = base.to_owned();
        let mut n = 2;
        while taken.contains(&fold(&name)) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.insert(fold(&name));
        name
    }
}

fn fold(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A component name from where the target stands: `Pet/properties/owner` is `PetOwner`,
/// `Tag/allOf/0` is `TagAllOf0`, an operation's response schema `<operationId>Response`.
fn base_name(tree: &Tree, target: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut i = match target.first().map(String::as_str) {
        // Another file: named after its component name, or the file's stem when the
        // reference takes the whole file.
        Some(GRAFTS) if target.len() == 2 => {
            let stem = target[1].rsplit('/').next().unwrap_or_default();
            let stem = stem.split('.').next().unwrap_or_default();
            words.push(stem.to_owned());
            2
        }
        Some(GRAFTS) if target.len() >= 5 && target[2] == "components" => {
            words.push(target[4].clone());
            5
        }
        Some(GRAFTS) => 2,
        Some("components") if target.len() >= 3 => {
            words.push(target[2].clone());
            3
        }
        Some("paths") if target.len() >= 2 => {
            let is_operation = target
                .get(2)
                .is_some_and(|m| Position::PathItem.child(m) == Position::Operation);
            if is_operation {
                let op_id = pointer::get(tree, &target[..3])
                    .and_then(|op| pointer::child(op, "operationId"))
                    .and_then(Value::as_str);
                match op_id {
                    Some(id) => words.push(id.to_owned()),
                    None => {
                        words.push(target[2].clone());
                        words.push(target[1].clone());
                    }
                }
                3
            } else {
                words.push(target[1].clone());
                2
            }
        }
        // A private container (`x-defs`, `definitions`): its name says nothing.
        _ => 1,
    };
    while i < target.len() {
        let token = target[i].as_str();
        match token {
            "properties" | "schema" => {}
            "content" => i += 1,
            "items" => words.push("Item".into()),
            "additionalProperties" => words.push("Value".into()),
            "requestBody" => words.push("Body".into()),
            "responses" => {
                words.push("Response".into());
                if let Some(code) = target.get(i + 1).filter(|c| *c != "200") {
                    words.push(code.clone());
                }
                i += 1;
            }
            "parameters" | "headers" => {
                let name = pointer::get(tree, &target[..(i + 2).min(target.len())])
                    .and_then(|p| pointer::child(p, "name"))
                    .and_then(Value::as_str);
                match (token, name, target.get(i + 1)) {
                    ("parameters", Some(name), _) => words.push(name.to_owned()),
                    (_, _, Some(key)) => words.push(key.clone()),
                    _ => {}
                }
                i += 1;
            }
            other => words.push(other.to_owned()),
        }
        i += 1;
    }
    let name = words.join(" ").to_upper_camel_case();
    if name.is_empty() {
        "Inline".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(yaml: &str) -> Tree {
        serde_yaml_ng::from_str(yaml).unwrap()
    }

    fn bundled(yaml: &str) -> Result<String, Vec<String>> {
        let mut t = tree(yaml);
        bundle(&mut t, &mut LocalOnly, &mut Diagnostics::default())
            .map(|_| serde_yaml_ng::to_string(&t).unwrap())
            .map_err(|d| d.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn names_come_from_where_the_target_stands() {
        let t = tree(
            r#"
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters: [{name: user-id, in: path}]
    post: {}
"#,
        );
        let name = |p: &[&str]| {
            let p: Vec<String> = p.iter().map(|s| (*s).to_owned()).collect();
            base_name(&t, &p)
        };
        assert_eq!(
            name(&["components", "schemas", "Pet", "properties", "owner"]),
            "PetOwner"
        );
        assert_eq!(
            name(&["components", "schemas", "Tag", "allOf", "0"]),
            "TagAllOf0"
        );
        assert_eq!(
            name(&[
                "components",
                "schemas",
                "T",
                "items",
                "additionalProperties"
            ]),
            "TItemValue"
        );
        assert_eq!(
            name(&["components", "parameters", "limit", "schema"]),
            "Limit"
        );
        assert_eq!(name(&["x-defs", "Thing"]), "Thing");
        assert_eq!(
            name(&[
                "paths",
                "/users/{id}",
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "schema"
            ]),
            "GetUserResponse"
        );
        assert_eq!(
            name(&[
                "paths",
                "/users/{id}",
                "post",
                "responses",
                "404",
                "content",
                "application/json",
                "schema"
            ]),
            "PostUsersIdResponse404"
        );
        assert_eq!(
            name(&["paths", "/users/{id}", "get", "parameters", "0", "schema"]),
            "GetUserUserId"
        );
        assert_eq!(name(&[]), "Inline");
    }

    #[test]
    fn names_do_not_collide_with_components_however_they_are_spelled() {
        let t = tree("components: {schemas: {pet-owner: {}, PetOwner2: {}}}");
        let mut names = Names::default();
        assert_eq!(names.allocate(&t, "schemas", "PetOwner"), "PetOwner3");
        assert_eq!(names.allocate(&t, "schemas", "PetOwner"), "PetOwner4");
        assert_eq!(names.allocate(&t, "parameters", "PetOwner"), "PetOwner");
    }

    #[test]
    fn a_target_is_moved_once_and_left_as_a_reference() {
        let out = bundled(
            r##"
components:
  schemas:
    Pet:
      properties:
        owner: {type: object, properties: {name: {type: string}}}
    A: {properties: {o: {$ref: '#/components/schemas/Pet/properties/owner'}}}
    B: {items: {$ref: '#/components/schemas/Pet/properties/owner'}}
"##,
        )
        .unwrap();
        assert_eq!(
            out,
            r##"components:
  schemas:
    Pet:
      properties:
        owner:
          $ref: '#/components/schemas/PetOwner'
    A:
      properties:
        o:
          $ref: '#/components/schemas/PetOwner'
    B:
      items:
        $ref: '#/components/schemas/PetOwner'
    PetOwner:
      type: object
      properties:
        name:
          type: string
"##
        );
    }

    #[test]
    fn nested_targets_move_deepest_first_into_the_components_that_refer_to_them() {
        let out = bundled(
            r##"
x-defs:
  Outer:
    properties:
      inner: {properties: {leaf: {type: string}}}
components:
  schemas:
    UsesInner: {$ref: '#/x-defs/Outer/properties/inner'}
    UsesOuter: {$ref: '#/x-defs/Outer'}
    UsesLeaf: {items: {$ref: '#/x-defs/Outer/properties/inner/properties/leaf'}}
"##,
        )
        .unwrap();
        assert_eq!(
            out,
            r##"x-defs:
  Outer:
    $ref: '#/components/schemas/UsesOuter'
components:
  schemas:
    UsesInner:
      properties:
        leaf:
          $ref: '#/components/schemas/OuterInnerLeaf'
    UsesOuter:
      properties:
        inner:
          $ref: '#/components/schemas/UsesInner'
    UsesLeaf:
      items:
        $ref: '#/components/schemas/OuterInnerLeaf'
    OuterInnerLeaf:
      type: string
"##
        );
    }

    #[test]
    fn chains_end_at_a_component_and_pointers_pass_through_references() {
        let out = bundled(
            r##"
x-alias: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet: {properties: {owner: {$ref: '#/components/schemas/Person'}}}
    Person: {properties: {name: {type: string}}}
    A: {$ref: '#/x-alias'}
    B: {$ref: '#/components/schemas/Pet/properties/owner/properties/name'}
"##,
        )
        .unwrap();
        assert!(
            out.contains("A:\n      $ref: '#/components/schemas/Pet'"),
            "{out}"
        );
        assert!(
            out.contains("B:\n      $ref: '#/components/schemas/PersonName'"),
            "{out}"
        );
    }

    #[test]
    fn every_dangling_pointer_and_cycle_is_reported() {
        let errors = bundled(
            r##"
x-a: {$ref: '#/x-b'}
x-b: {$ref: '#/x-a'}
components:
  schemas:
    A: {$ref: '#/components/schemas/Pet/properties/nope'}
    B: {$ref: '#/x-a'}
    C: {$ref: '#/components/schemas/Pet/type/x'}
    D: {$ref: '#/components/schemas/Pet/type'}
    E: {$ref: '#/components'}
    Pet: {type: object, properties: {}}
"##,
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "error: `#/components/schemas/Pet/properties/nope` points nowhere: there is no `nope` in `#/components/schemas/Pet/properties` (at #/components/schemas/A)",
                "error: reference cycle: #/x-a -> #/x-b -> #/x-a (at #/components/schemas/B)",
                "error: `#/components/schemas/Pet/type/x` points nowhere: `#/components/schemas/Pet/type` is a string, not an object or a list (at #/components/schemas/C)",
                "error: `#/components/schemas/Pet/type` points at a string, not a schema (at #/components/schemas/D)",
                "error: `#/components` points at `#/components`, a container, not a schema (at #/components/schemas/E)",
            ]
        );
    }

    #[test]
    fn path_items_are_copied_and_data_is_left_alone() {
        let out = bundled(
            r##"
paths:
  /a: {get: {operationId: a, responses: {}}}
  /b: {$ref: '#/paths/~1a'}
  /c:
    get:
      responses: {}
      x-note: {$ref: '#/nowhere'}
      requestBody:
        content:
          application/json:
            example: {$ref: '#/nowhere'}
"##,
        )
        .unwrap();
        assert!(out.contains("/b:\n    get:\n      operationId: a"), "{out}");
        assert!(out.contains("x-note:\n        $ref: '#/nowhere'"), "{out}");
    }

    #[test]
    fn references_inside_a_moved_target_are_rewritten_in_a_later_round() {
        let out = bundled(
            r##"
x-defs:
  Node: {properties: {next: {$ref: '#/x-defs/Node'}}}
components:
  schemas:
    List: {properties: {head: {$ref: '#/x-defs/Node'}}}
"##,
        )
        .unwrap();
        assert!(
            out.contains("Node:\n      properties:\n        next:\n          $ref: '#/components/schemas/Node'"),
            "{out}"
        );
        assert!(!out.contains("$ref: '#/x-defs"), "{out}");
    }

    #[test]
    fn other_files_are_left_for_the_lowering_to_report() {
        let out = bundled("components: {schemas: {A: {$ref: 'other.yaml#/B'}}}").unwrap();
        assert!(out.contains("other.yaml#/B"), "{out}");
    }
}
