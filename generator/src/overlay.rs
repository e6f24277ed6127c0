//! OpenAPI Overlay 1.0 (<https://spec.openapis.org/overlay/v1.0.0>): a separate document of
//! `actions` that update or remove parts of a spec, so a user can fix an upstream spec (add a
//! `discriminator`, say) without editing the file they do not own.
//!
//! Targets are JSONPath; we support the subset overlays use in practice: `$`, `.name`,
//! `['name']`, `["name"]`, `[n]`, `.*` and `[*]`. Anything else is a clear error.

use serde_yaml_ng::Value;

use crate::diag::{Diagnostic, Diagnostics};

/// One step of a JSONPath target.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
    Wildcard,
}

/// Applies every action of `overlay` to `doc`, in order.
pub fn apply(doc: &mut Value, overlay: &Value) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    if overlay.get("overlay").and_then(Value::as_str).is_none() {
        diags.error(
            "#/overlay",
            "not an OpenAPI Overlay document: no `overlay` version field",
        );
        return Err(diags);
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_sequence) else {
        diags.error("#/actions", "overlay has no `actions` list");
        return Err(diags);
    };
    for (i, action) in actions.iter().enumerate() {
        let here = format!("#/actions/{i}");
        let Some(target) = action.get("target").and_then(Value::as_str) else {
            diags.error(&here, "action has no `target`");
            continue;
        };
        let steps = match parse_path(target) {
            Ok(s) => s,
            Err(e) => {
                diags.error(&here, format!("unsupported target `{target}`: {e}"));
                continue;
            }
        };
        let remove = action
            .get("remove")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let matched = if remove {
            remove_at(doc, &steps)
        } else if let Some(update) = action.get("update") {
            update_at(doc, &steps, update)
        } else {
            diags.error(&here, "action has neither `update` nor `remove: true`");
            continue;
        };
        if matched == 0 {
            diags.push(Diagnostic::error(
                here,
                format!("target `{target}` matches nothing in the spec"),
            ));
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let rest = path
        .strip_prefix('$')
        .ok_or_else(|| "a target must start with `$`".to_owned())?;
    let chars: Vec<char> = rest.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '.' => {
                i += 1;
                let start = i;
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                match name.as_str() {
                    "" => return Err("empty name after `.` (`..` is not supported)".into()),
                    "*" => steps.push(Step::Wildcard),
                    _ => steps.push(Step::Key(name)),
                }
            }
            '[' => {
                let close = chars[i..]
                    .iter()
                    .position(|&c| c == ']')
                    .map(|p| p + i)
                    .ok_or_else(|| "unclosed `[`".to_owned())?;
                let inner: String = chars[i + 1..close].iter().collect();
                let inner = inner.trim();
                if inner == "*" {
                    steps.push(Step::Wildcard);
                } else if let Some(q) = inner
                    .strip_prefix('\'')
                    .and_then(|s| s.strip_suffix('\''))
                    .or_else(|| inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
                {
                    steps.push(Step::Key(q.to_owned()));
                } else if let Ok(n) = inner.parse::<usize>() {
                    steps.push(Step::Index(n));
                } else {
                    return Err(format!("selector `[{inner}]` is not supported"));
                }
                i = close + 1;
            }
            c => return Err(format!("unexpected `{c}`")),
        }
    }
    Ok(steps)
}

fn children<'a>(value: &'a mut Value, step: &Step) -> Vec<&'a mut Value> {
    match (step, value) {
        (Step::Key(k), Value::Mapping(map)) => map.get_mut(k.as_str()).into_iter().collect(),
        (Step::Index(n), Value::Sequence(items)) => items.get_mut(*n).into_iter().collect(),
        (Step::Wildcard, Value::Mapping(map)) => map.values_mut().collect(),
        (Step::Wildcard, Value::Sequence(items)) => items.iter_mut().collect(),
        _ => Vec::new(),
    }
}

fn select<'a>(root: &'a mut Value, steps: &[Step]) -> Vec<&'a mut Value> {
    let mut current = vec![root];
    for step in steps {
        current = current
            .into_iter()
            .flat_map(|v| children(v, step))
            .collect();
    }
    current
}

fn update_at(doc: &mut Value, steps: &[Step], update: &Value) -> usize {
    let targets = select(doc, steps);
    let n = targets.len();
    for t in targets {
        merge(t, update);
    }
    n
}

/// Objects merge key by key; arrays get the update appended; anything else is replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Mapping(t), Value::Mapping(u)) => {
            for (k, v) in u {
                match t.get_mut(k) {
                    Some(existing) if existing.is_mapping() && v.is_mapping() => merge(existing, v),
                    _ => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Sequence(t), u) => t.push(u.clone()),
        (t, u) => *t = u.clone(),
    }
}

fn remove_at(doc: &mut Value, steps: &[Step]) -> usize {
    let Some((last, parent_steps)) = steps.split_last() else {
        return 0;
    };
    let mut removed = 0;
    for parent in select(doc, parent_steps) {
        match (last, parent) {
            (Step::Key(k), Value::Mapping(map)) => {
                removed += usize::from(map.shift_remove(k.as_str()).is_some());
            }
            (Step::Index(n), Value::Sequence(items)) if *n < items.len() => {
                items.remove(*n);
                removed += 1;
            }
            (Step::Wildcard, Value::Mapping(map)) => {
                removed += map.len();
                map.clear();
            }
            (Step::Wildcard, Value::Sequence(items)) => {
                removed += items.len();
                items.clear();
            }
            _ => {}
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml_ng::from_str(text).unwrap()
    }

    #[test]
    fn parses_bracket_and_dot_steps() {
        assert_eq!(
            parse_path("$.components.schemas['a-b'][0].*").unwrap(),
            vec![
                Step::Key("components".into()),
                Step::Key("schemas".into()),
                Step::Key("a-b".into()),
                Step::Index(0),
                Step::Wildcard
            ]
        );
        assert!(parse_path("$..x").is_err());
        assert!(parse_path("$[?(@.a)]").is_err());
        assert!(parse_path("components").is_err());
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
}
