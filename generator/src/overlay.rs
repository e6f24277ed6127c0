//! OpenAPI Overlay 1.0 and 1.1 (<https://spec.openapis.org/overlay/v1.1.0>): a separate document
//! of `actions` that update, copy into or remove parts of a spec, so a user can fix an upstream
//! spec (add a `discriminator`, say) without editing the file they do not own.
//!
//! Targets (and 1.1 `copy` sources) are full RFC 9535 JSONPath, filters and `..` included,
//! evaluated by `serde_json_path` on a JSON view of the tree as it is when the action runs. Each
//! match's normalized path is then walked in the YAML tree itself, so key order and scalars
//! (integers, booleans, strings that look like numbers) are kept exactly.
//!
//! What an action does, per Overlay 1.1 (used for 1.0 documents too, whose text leaves the
//! cases 1.1 settles open):
//! - `update` on an object merges: a key only in the update is added (at the end), an object
//!   merges recursively, an array is concatenated, a primitive replaces a primitive, a `null` in
//!   the update leaves an existing object or array alone (the spec's own "structured overlay"
//!   example lists `components:` that way), a `null` in the spec takes any value; any other
//!   pairing (an object onto a string, say) is an error;
//! - `update` on an array appends the value, or concatenates it when it is an array;
//! - `update` on a primitive replaces it with a primitive;
//! - `copy: <JSONPath>` (1.1 only) does what `update` does with the value of the one node the
//!   path selects (none or several is an error); an action with both `update` and `copy` is an
//!   error, since 1.1 makes each of them void the other;
//! - `remove: true` removes every match from its object or array, and wins over the others.
//!
//! A target that matches nothing is an error here (1.1 calls it a no-op): in a code generator an
//! overlay that silently stops applying after an upstream rename is worse than a failed build.

use serde_json_path::{JsonPath, PathElement};
use serde_yaml_ng::{Mapping, Value};

use crate::diag::{child, Diagnostic, Diagnostics};

/// Deepest `(`/`[` nesting accepted in a JSONPath: the parser and the filter evaluation
/// recurse once per level, so a hostile overlay could otherwise exhaust the stack.
const MAX_PATH_NESTING: usize = 64;

/// The Overlay versions this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V1_0,
    V1_1,
}

/// One step from a node to a child in the YAML tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A node a query selected: the steps that reach it, and its place in document order (the
/// position of each step among its siblings).
#[derive(Debug)]
struct Located {
    steps: Vec<Step>,
    order: Vec<usize>,
}

/// Applies every action of `overlay` to `doc`, in order; each action sees the result of the
/// ones before it. Returns the pointers (tokens) of the nodes that `update` and `copy` wrote.
pub fn apply(doc: &mut Value, overlay: &Value) -> Result<Vec<Vec<String>>, Diagnostics> {
    let mut diags = Diagnostics::default();
    let version = match version(overlay) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    let Some(actions) = overlay.get("actions").and_then(Value::as_sequence) else {
        diags.error("#/actions", "overlay has no `actions` list");
        return Err(diags);
    };
    let mut written = Vec::new();
    for (i, action) in actions.iter().enumerate() {
        match apply_action(doc, action, &format!("#/actions/{i}"), version) {
            Ok(w) => written.extend(w),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(written)
    }
}

/// The `overlay` field: `1.0.x` or `1.1.x`.
fn version(overlay: &Value) -> Result<Version, Diagnostic> {
    let Some(field) = overlay.get("overlay") else {
        return Err(Diagnostic::error(
            "#/overlay",
            "not an OpenAPI Overlay document: no `overlay` version field",
        ));
    };
    let text = match field {
        Value::String(s) => s.clone(),
        other => serde_yaml_ng::to_string(other)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default(),
    };
    let parts: Vec<&str> = text.split('.').collect();
    let patch_ok = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        ["1", "0", patch] if field.is_string() && patch_ok(patch) => Ok(Version::V1_0),
        ["1", "1", patch] if field.is_string() && patch_ok(patch) => Ok(Version::V1_1),
        _ => Err(Diagnostic::error(
            "#/overlay",
            format!(
                "unsupported Overlay version `{text}`: this generator reads 1.0.x and 1.1.x \
                 (written as a string, e.g. `overlay: 1.1.0`)"
            ),
        )),
    }
}

fn apply_action(
    doc: &mut Value,
    action: &Value,
    here: &str,
    version: Version,
) -> Result<Vec<Vec<String>>, Diagnostic> {
    let Some(target) = action.get("target").and_then(Value::as_str) else {
        return Err(Diagnostic::error(here, "action has no `target` string"));
    };
    let target_at = format!("{here}/target");
    let target_path = parse_path(target, &target_at)?;
    let remove = match action.get("remove") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(Diagnostic::error(
                format!("{here}/remove"),
                "`remove` must be `true` or `false`",
            ))
        }
    };
    let copy = match action.get("copy") {
        None => None,
        Some(_) if version == Version::V1_0 => {
            return Err(Diagnostic::error(
                format!("{here}/copy"),
                "`copy` is an Overlay 1.1 field; declare `overlay: 1.1.0` to use it",
            ))
        }
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => {
            return Err(Diagnostic::error(
                format!("{here}/copy"),
                "`copy` must be a JSONPath string",
            ))
        }
    };
    let update = action.get("update");
    if !remove && copy.is_some() && update.is_some() {
        return Err(Diagnostic::error(
            here,
            "action has both `update` and `copy`; give one (Overlay 1.1 makes each void the other)",
        ));
    }
    if !remove && copy.is_none() && update.is_none() {
        return Err(Diagnostic::error(
            here,
            "action has no `update`, no `copy` and no `remove: true`",
        ));
    }

    let json = serde_json::to_value(&*doc).map_err(|e| {
        Diagnostic::error(
            here,
            format!("the spec cannot be read as JSON for JSONPath: {e}"),
        )
    })?;
    let mut targets = locate(&target_path, &json, doc);
    if targets.is_empty() {
        return Err(Diagnostic::error(
            target_at,
            format!("target `{target}` matches nothing in the spec"),
        ));
    }

    if remove {
        // Last in document order first: a removal never shifts an index (or drops a parent)
        // that a later removal of this action still has to follow.
        targets.reverse();
        for t in &targets {
            remove_at(doc, &t.steps).map_err(|m| Diagnostic::error(&target_at, m))?;
        }
        return Ok(Vec::new());
    }

    let (value, value_at) = match (copy, update) {
        (Some(source), _) => {
            let copy_at = format!("{here}/copy");
            let source_path = parse_path(source, &copy_at)?;
            let found = locate(&source_path, &json, doc);
            let [one] = found.as_slice() else {
                let n = found.len();
                let what = if n == 0 {
                    "no node".to_owned()
                } else {
                    format!("{n} nodes")
                };
                return Err(Diagnostic::error(
                    copy_at,
                    format!("copy source `{source}` selects {what}; it must select exactly one"),
                ));
            };
            let value = node(doc, &one.steps).cloned().ok_or_else(|| {
                Diagnostic::error(&copy_at, format!("copy source `{source}` went missing"))
            })?;
            (value, copy_at)
        }
        (None, Some(update)) => (update.clone(), format!("{here}/update")),
        (None, None) => return Ok(Vec::new()),
    };
    // Document order: an update only adds keys at the end of an object and items at the end
    // of an array, so the steps of the later matches stay valid.
    for t in &targets {
        let spec_at = pointer(&t.steps);
        let Some(slot) = node_mut(doc, &t.steps) else {
            return Err(Diagnostic::error(
                &target_at,
                format!("target node `{spec_at}` went missing"),
            ));
        };
        apply_value(slot, &value, &spec_at).map_err(|m| Diagnostic::error(&value_at, m))?;
    }
    Ok(targets.into_iter().map(|t| tokens(&t.steps)).collect())
}

fn tokens(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect()
}

/// Parses a JSONPath, or says where (`at`, the overlay pointer of the field) and why not.
fn parse_path(text: &str, at: &str) -> Result<JsonPath, Diagnostic> {
    if nesting(text) > MAX_PATH_NESTING {
        return Err(Diagnostic::error(
            at,
            format!("JSONPath `{text}` nests deeper than {MAX_PATH_NESTING} levels"),
        ));
    }
    JsonPath::parse(text)
        .map_err(|e| Diagnostic::error(at, format!("invalid JSONPath `{text}`: {e}")))
}

/// The deepest nesting of `(` and `[` in `text`, string literals skipped.
fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The nodes `path` selects in `json` (the JSON view of `doc`), as steps into `doc`, in
/// document order, each once.
fn locate(path: &JsonPath, json: &serde_json::Value, doc: &Value) -> Vec<Located> {
    let mut out: Vec<Located> = path
        .query_located(json)
        .iter()
        .filter_map(|hit| {
            // A node the YAML tree cannot reach (inside a `!tagged` value, which the JSON view
            // shows as an object) is left out.
            let mut steps = Vec::new();
            let mut order = Vec::new();
            let mut at = doc;
            for element in hit.location().iter() {
                match (element, at) {
                    (PathElement::Name(name), Value::Mapping(map)) => {
                        order.push(map.keys().position(|k| k.as_str() == Some(*name))?);
                        at = map.get(*name)?;
                        steps.push(Step::Key((*name).to_owned()));
                    }
                    (PathElement::Index(i), Value::Sequence(items)) => {
                        at = items.get(*i)?;
                        order.push(*i);
                        steps.push(Step::Index(*i));
                    }
                    _ => return None,
                }
            }
            Some(Located { steps, order })
        })
        .collect();
    out.sort_by(|a, b| a.order.cmp(&b.order));
    out.dedup_by(|a, b| a.order == b.order);
    out
}

fn node<'a>(doc: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    steps.iter().try_fold(doc, |at, step| match (step, at) {
        (Step::Key(k), Value::Mapping(map)) => map.get(k.as_str()),
        (Step::Index(i), Value::Sequence(items)) => items.get(*i),
        _ => None,
    })
}

fn node_mut<'a>(doc: &'a mut Value, steps: &[Step]) -> Option<&'a mut Value> {
    steps.iter().try_fold(doc, |at, step| match (step, at) {
        (Step::Key(k), Value::Mapping(map)) => map.get_mut(k.as_str()),
        (Step::Index(i), Value::Sequence(items)) => items.get_mut(*i),
        _ => None,
    })
}

/// The JSON pointer of `steps` in the spec, for messages.
fn pointer(steps: &[Step]) -> String {
    let mut out = "#".to_owned();
    for step in steps {
        out = match step {
            Step::Key(k) => child(&out, k),
            Step::Index(i) => format!("{out}/{i}"),
        };
    }
    out
}

fn remove_at(doc: &mut Value, steps: &[Step]) -> Result<(), String> {
    let Some((last, parent)) = steps.split_last() else {
        return Err("`remove` cannot remove the whole document (`$`)".to_owned());
    };
    match (last, node_mut(doc, parent)) {
        (Step::Key(k), Some(Value::Mapping(map))) => {
            map.shift_remove(k.as_str());
        }
        (Step::Index(i), Some(Value::Sequence(items))) if *i < items.len() => {
            items.remove(*i);
        }
        // Not there any more: nothing to remove (matches go deepest-last-first, so an
        // ancestor is never removed before its descendants).
        _ => {}
    }
    Ok(())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Mapping(_) => "an object",
        Value::Sequence(_) => "an array",
        Value::Null => "null",
        _ => "a primitive",
    }
}

fn is_structure(v: &Value) -> bool {
    matches!(v, Value::Mapping(_) | Value::Sequence(_))
}

/// Applies an `update` (or copied) value to one target node; `at` is the node's pointer.
fn apply_value(target: &mut Value, value: &Value, at: &str) -> Result<(), String> {
    match (target, value) {
        (Value::Mapping(t), Value::Mapping(v)) => merge_mapping(t, v, at),
        (Value::Sequence(t), Value::Sequence(v)) => {
            t.extend(v.iter().cloned());
            Ok(())
        }
        (Value::Sequence(t), v) => {
            t.push(v.clone());
            Ok(())
        }
        (t, v) if t.is_null() || (!is_structure(t) && !is_structure(v)) => {
            *t = v.clone();
            Ok(())
        }
        (t, v) => Err(format!(
            "target `{at}` is {}, so the value must be {} too, not {}",
            kind(t),
            kind(t),
            kind(v)
        )),
    }
}

/// Merges `update`'s keys into `target`, recursively, per Overlay 1.1.
fn merge_mapping(target: &mut Mapping, update: &Mapping, at: &str) -> Result<(), String> {
    for (k, v) in update {
        let Some(existing) = target.get_mut(k) else {
            target.insert(k.clone(), v.clone());
            continue;
        };
        let here = match k.as_str() {
            Some(name) => child(at, name),
            None => at.to_owned(),
        };
        match (existing, v) {
            (Value::Mapping(t), Value::Mapping(u)) => merge_mapping(t, u, &here)?,
            (Value::Sequence(t), Value::Sequence(u)) => t.extend(u.iter().cloned()),
            (t, Value::Null) if is_structure(t) => {}
            (t, u) if t.is_null() || (!is_structure(t) && !is_structure(u)) => *t = u.clone(),
            (t, u) => {
                return Err(format!(
                    "cannot merge {} into {} at `{here}`",
                    kind(u),
                    kind(t)
                ))
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml_ng::from_str(text).unwrap()
    }

    fn apply_one(doc: &mut Value, version: &str, actions: &str) -> Result<(), Diagnostics> {
        let overlay = yaml(&format!(
            "{{\"overlay\": \"{version}\", \"actions\": {actions}}}"
        ));
        apply(doc, &overlay).map(|_| ())
    }

    fn messages(d: &Diagnostics) -> Vec<String> {
        d.iter()
            .map(|d| format!("{} {}", d.pointer, d.message))
            .collect()
    }

    #[test]
    fn update_merges_and_remove_deletes() {
        let mut doc = yaml(
            r#"{"openapi": "3.0.3", "components": {"schemas": {"a": {"type": "object", "x": 1}}}}"#,
        );
        let overlay = yaml(
            r#"{"overlay": "1.0.0", "actions": [
            {"target": "$.components.schemas.a", "update": {"discriminator": {"propertyName": "type"}}},
            {"target": "$.components.schemas.a.x", "remove": true}
        ]}"#,
        );
        apply(&mut doc, &overlay).unwrap();
        assert_eq!(
            doc["components"]["schemas"]["a"],
            yaml(r#"{"type": "object", "discriminator": {"propertyName": "type"}}"#)
        );
    }

    #[test]
    fn a_target_that_matches_nothing_is_an_error() {
        let mut doc = yaml(r#"{"openapi": "3.0.3"}"#);
        let overlay =
            yaml(r#"{"overlay": "1.0.0", "actions": [{"target": "$.nope", "update": {}}]}"#);
        let err = apply(&mut doc, &overlay).unwrap_err();
        assert!(err.iter().any(|d| d.message.contains("matches nothing")));
    }

    #[test]
    fn bracket_dot_index_and_wildcard_targets() {
        let mut doc = yaml(r#"{"a-b": [{"x": 1}, {"x": 2}], "c": {"d": {}, "e": {}}}"#);
        apply_one(
            &mut doc,
            "1.0.0",
            r#"[{"target": "$['a-b'][1]", "update": {"y": true}},
                {"target": "$.c.*", "update": {"z": 0}}]"#,
        )
        .unwrap();
        assert_eq!(
            doc,
            yaml(
                r#"{"a-b": [{"x": 1}, {"x": 2, "y": true}], "c": {"d": {"z": 0}, "e": {"z": 0}}}"#
            )
        );
    }

    #[test]
    fn a_filter_selects_operations_by_id() {
        let mut doc = yaml(
            r#"{"paths": {"/a": {"get": {"operationId": "x"}, "post": {"operationId": "y"}},
                          "/b": {"get": {"operationId": "x2"}}}}"#,
        );
        apply_one(
            &mut doc,
            "1.0.0",
            r#"[{"target": "$.paths[*][?@.operationId=='x' || @.operationId=='x2']",
                 "update": {"deprecated": true}}]"#,
        )
        .unwrap();
        assert_eq!(doc["paths"]["/a"]["get"]["deprecated"], Value::Bool(true));
        assert_eq!(doc["paths"]["/b"]["get"]["deprecated"], Value::Bool(true));
        assert!(doc["paths"]["/a"]["post"].get("deprecated").is_none());
    }

    #[test]
    fn recursive_descent_reaches_every_depth() {
        let mut doc = yaml(
            r#"{"components": {"schemas": {
                "A": {"type": "object", "properties": {"b": {"type": "object"}, "c": {"type": "string"}}},
                "D": {"type": "array", "items": {"type": "object"}}}}}"#,
        );
        apply_one(
            &mut doc,
            "1.0.0",
            r#"[{"target": "$..[?@.type=='object']", "update": {"additionalProperties": false}}]"#,
        )
        .unwrap();
        let s = &doc["components"]["schemas"];
        assert_eq!(s["A"]["additionalProperties"], Value::Bool(false));
        assert_eq!(
            s["A"]["properties"]["b"]["additionalProperties"],
            Value::Bool(false)
        );
        assert_eq!(s["D"]["items"]["additionalProperties"], Value::Bool(false));
        assert!(s["A"]["properties"]["c"]
            .get("additionalProperties")
            .is_none());
        assert!(s["D"].get("additionalProperties").is_none());
    }

    #[test]
    fn update_merges_recursively_concatenates_arrays_and_replaces_primitives() {
        let mut doc = yaml(
            r#"{"info": {"title": "t", "x": {"a": 1, "list": [1]}, "keep": "k", "n": null},
                "tags": [{"name": "a"}]}"#,
        );
        apply_one(
            &mut doc,
            "1.1.0",
            r#"[{"target": "$.info", "update": {"title": "u", "x": {"b": 2, "list": [2]},
                                                "keep": null, "n": {"v": 1}, "new": "z"}},
                {"target": "$.tags", "update": {"name": "b"}},
                {"target": "$.tags", "update": [{"name": "c"}]},
                {"target": "$.info.title", "update": "v"}]"#,
        )
        .unwrap();
        assert_eq!(
            doc,
            yaml(
                r#"{"info": {"title": "v", "x": {"a": 1, "list": [1, 2], "b": 2}, "keep": null,
                             "n": {"v": 1}, "new": "z"},
                    "tags": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}"#
            )
        );
    }

    #[test]
    fn an_incompatible_merge_is_a_located_error() {
        let mut doc = yaml(r#"{"info": {"title": "t"}}"#);
        let err = apply_one(
            &mut doc,
            "1.0.0",
            r#"[{"target": "$.info", "update": {"title": {"a": 1}}}]"#,
        )
        .unwrap_err();
        let m = messages(&err);
        assert!(
            m.iter()
                .any(|m| m.starts_with("#/actions/0/update ") && m.contains("#/info/title")),
            "{m:?}"
        );
        let err =
            apply_one(&mut doc, "1.1.0", r#"[{"target": "$.info", "update": 3}]"#).unwrap_err();
        assert!(messages(&err)[0].contains("must be an object too"));
    }

    #[test]
    fn remove_by_filter_removes_every_match() {
        let mut doc = yaml(
            r#"{"params": [{"name": "a"}, {"name": "dummy"}, {"name": "b"}, {"name": "dummy"}],
                "tags": ["x", "dummy", "y"]}"#,
        );
        apply_one(
            &mut doc,
            "1.1.0",
            r#"[{"target": "$.params[?@.name=='dummy']", "remove": true},
                {"target": "$.tags[?@=='dummy']", "remove": true}]"#,
        )
        .unwrap();
        assert_eq!(
            doc,
            yaml(r#"{"params": [{"name": "a"}, {"name": "b"}], "tags": ["x", "y"]}"#)
        );
    }

    #[test]
    fn removing_a_node_and_its_descendants_at_once_is_fine() {
        let mut doc = yaml(r#"{"a": [{"x": {"x": 1}}, {"x": 2}], "b": 1}"#);
        apply_one(&mut doc, "1.1.0", r#"[{"target": "$..x", "remove": true}]"#).unwrap();
        assert_eq!(doc, yaml(r#"{"a": [{}, {}], "b": 1}"#));
        let err = apply_one(&mut doc, "1.1.0", r#"[{"target": "$", "remove": true}]"#).unwrap_err();
        assert!(messages(&err)[0].contains("whole document"));
    }

    #[test]
    fn copy_merges_the_one_node_its_path_selects() {
        let mut doc = yaml(
            r#"{"paths": {"/items": {"get": {"operationId": "list"}},
                          "/some-items": {"delete": {"operationId": "del"}}}}"#,
        );
        apply_one(
            &mut doc,
            "1.1.0",
            r#"[{"target": "$.paths", "update": {"/new": {}}},
                {"target": "$.paths['/new']", "copy": "$.paths['/items']"},
                {"target": "$.paths['/some-items']", "copy": "$.paths['/items']"},
                {"target": "$.paths['/items']", "remove": true}]"#,
        )
        .unwrap();
        assert_eq!(
            doc,
            yaml(
                r#"{"paths": {"/some-items": {"delete": {"operationId": "del"},
                                              "get": {"operationId": "list"}},
                              "/new": {"get": {"operationId": "list"}}}}"#
            )
        );
    }

    #[test]
    fn copy_needs_exactly_one_source_node() {
        let doc = yaml(r#"{"a": {}, "b": {"x": 1}, "c": {"x": 2}}"#);
        let err = apply_one(
            &mut doc.clone(),
            "1.1.0",
            r#"[{"target": "$.a", "copy": "$.nope"}]"#,
        )
        .unwrap_err();
        assert_eq!(err.iter().next().unwrap().pointer, "#/actions/0/copy");
        assert!(messages(&err)[0].contains("selects no node"));
        let err = apply_one(
            &mut doc.clone(),
            "1.1.0",
            r#"[{"target": "$.a", "copy": "$[?@.x]"}]"#,
        )
        .unwrap_err();
        assert!(messages(&err)[0].contains("selects 2 nodes"));
        // `copy` is 1.1 only; with `update` beside it the action is ambiguous.
        let err = apply_one(
            &mut doc.clone(),
            "1.0.0",
            r#"[{"target": "$.a", "copy": "$.b"}]"#,
        )
        .unwrap_err();
        assert!(messages(&err)[0].contains("Overlay 1.1 field"));
        let err = apply_one(
            &mut doc.clone(),
            "1.1.0",
            r#"[{"target": "$.a", "copy": "$.b", "update": {}}]"#,
        )
        .unwrap_err();
        assert!(messages(&err)[0].contains("both `update` and `copy`"));
    }

    #[test]
    fn an_invalid_path_is_located_at_its_action() {
        let mut doc = yaml(r#"{"a": {}}"#);
        let err = apply_one(
            &mut doc,
            "1.0.0",
            r#"[{"target": "$.a", "update": {}}, {"target": "$[?@.x ==]", "update": {}},
                {"target": "components", "update": {}}]"#,
        )
        .unwrap_err();
        let d: Vec<_> = err.iter().collect();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].pointer, "#/actions/1/target");
        assert!(d[0]
            .message
            .contains("invalid JSONPath `$[?@.x ==]`: at position"));
        assert_eq!(d[1].pointer, "#/actions/2/target");
        let deep = format!("$.a{}", "[?@.x".repeat(100));
        assert!(parse_path(&deep, "#")
            .unwrap_err()
            .message
            .contains("nests deeper"));
    }

    #[test]
    fn versions_1_0_and_1_1_are_read_and_others_refused() {
        for v in ["1.0.0", "1.0.3", "1.1.0", "1.1.12"] {
            let mut doc = yaml(r#"{"a": {}}"#);
            apply_one(&mut doc, v, r#"[{"target": "$.a", "update": {"b": 1}}]"#).unwrap();
        }
        for v in ["2.0.0", "1.2.0", "1.0", "1.1.x"] {
            let mut doc = yaml(r#"{"a": {}}"#);
            let err = apply_one(&mut doc, v, r#"[{"target": "$.a", "update": {}}]"#).unwrap_err();
            let d = err.iter().next().unwrap();
            assert_eq!(d.pointer, "#/overlay");
            assert!(d.message.contains(&format!("`{v}`")), "{}", d.message);
        }
        let mut doc = yaml(r#"{"a": {}}"#);
        let overlay = yaml(r#"{"overlay": 1.1, "actions": [{"target": "$", "update": {}}]}"#);
        let err = apply(&mut doc, &overlay).unwrap_err();
        assert!(messages(&err)[0].contains("`1.1`"));
    }

    #[test]
    fn document_order_and_scalars_are_kept() {
        let mut doc = yaml("z: 1\nb: '2'\na:\n  n: 0x10\n  s: '007'\n  t: true\n  f: 1.5\nm: x\n");
        apply_one(
            &mut doc,
            "1.1.0",
            r#"[{"target": "$.a", "update": {"new": 1, "n": 17}},
                {"target": "$.b", "remove": true},
                {"target": "$", "update": {"c": 3}}]"#,
        )
        .unwrap();
        let keys: Vec<_> = doc
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(keys, ["z", "a", "m", "c"]);
        let a = &doc["a"];
        let a_keys: Vec<_> = a
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(a_keys, ["n", "s", "t", "f", "new"]);
        assert_eq!(a["s"], Value::String("007".into()));
        assert_eq!(a["t"], Value::Bool(true));
        assert_eq!(a["n"].as_u64(), Some(17));
        assert_eq!(a["f"].as_f64(), Some(1.5));
    }

    #[test]
    fn matches_apply_in_document_order_not_key_order() {
        // serde_json sorts object keys; the matches must still come in the spec's order.
        let mut doc = yaml(r#"{"list": [], "src": {"z": {"v": 1}, "a": {"v": 2}}}"#);
        apply_one(
            &mut doc,
            "1.1.0",
            r#"[{"target": "$.src.*", "update": {"seen": true}}]"#,
        )
        .unwrap();
        let keys: Vec<_> = doc["src"]
            .as_mapping()
            .unwrap()
            .keys()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(keys, ["z", "a"]);
        let json = serde_json::to_value(&doc).unwrap();
        let path = JsonPath::parse("$.src.*").unwrap();
        let found = locate(&path, &json, &doc);
        assert_eq!(found[0].steps[1], Step::Key("z".into()));
        assert_eq!(found[1].steps[1], Step::Key("a".into()));
    }
}
