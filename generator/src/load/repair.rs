//! Repairs of what real specs get wrong and the typed model cannot read, each with a warning
//! naming its pointer:
//!
//! - an operation without `responses` (required by 3.0, often left out): given an empty one,
//!   so the operation is generated with no response body;
//! - a response without `description` (required too): given an empty one;
//! - a number a typed keyword cannot hold: an integer bound outside the 64-bit range
//!   (`minimum: -9223372036854776000`, a bound printed through a float) is clamped to it, a
//!   length or count (`maxLength`, `maxItems`, ...) that is negative, fractional or too large is
//!   clamped or dropped. `openapiv3` would otherwise reject the whole document;
//! - `required: true` on a property (JSON Schema draft 3, common in converted Swagger specs):
//!   read as the property's name in its parent's `required` list.

use serde_yaml_ng::{Mapping, Number, Value};

use super::position::{self, Position, Step};
use super::Tree;
use crate::diag::Diagnostics;

/// Keywords `openapiv3` reads as `usize`.
const SIZES: [&str; 6] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Keywords of an integer schema `openapiv3` reads as `i64`.
const INTEGER_BOUNDS: [&str; 3] = ["minimum", "maximum", "multipleOf"];

/// One change to make, found while walking the tree immutably.
enum Fix {
    /// Insert `responses: {}` into the operation.
    NoResponses,
    /// Insert `description: ""` into the response.
    NoDescription,
    /// Set (or, with `None`, remove) a number keyword of a schema.
    Number(&'static str, Option<Number>),
    /// Remove a boolean `required` from a schema.
    BoolRequired,
    /// Add a property to the `required` list of a schema.
    Require(String),
}

/// Applies every repair to `tree`, recording one warning each.
pub fn repair(tree: &mut Tree, warnings: &mut Diagnostics) {
    let mut fixes: Vec<(Vec<String>, Fix)> = Vec::new();
    position::walk(tree, |node, pos, path| {
        let Value::Mapping(map) = node else {
            return true;
        };
        if map.contains_key("$ref") {
            return false;
        }
        match pos {
            Position::Operation => {
                if matches!(map.get("responses"), None | Some(Value::Null)) {
                    fixes.push((position::tokens(path), Fix::NoResponses));
                }
            }
            Position::Response => {
                if matches!(map.get("description"), None | Some(Value::Null)) {
                    fixes.push((position::tokens(path), Fix::NoDescription));
                }
            }
            Position::Schema => {
                number_fixes(map, path, &mut fixes);
                if let Some(Value::Bool(required)) = map.get("required") {
                    fixes.push((position::tokens(path), Fix::BoolRequired));
                    if let [parent @ .., Step::Key("properties"), Step::Key(name)] = path {
                        if *required {
                            let parent = position::tokens(parent);
                            fixes.push((parent, Fix::Require((*name).to_owned())));
                        }
                    }
                }
            }
            _ => {}
        }
        true
    });
    for (path, fix) in fixes {
        let pointer = super::pointer::to_pointer(&path);
        let Some(Value::Mapping(map)) = super::pointer::get_mut(tree, &path) else {
            continue;
        };
        match fix {
            Fix::NoResponses => {
                map.insert(Value::from("responses"), Value::Mapping(Mapping::new()));
                warnings.warn(
                    pointer,
                    "the operation has no `responses` (OpenAPI 3.0 requires them); \
                     generated with no response body",
                );
            }
            Fix::NoDescription => {
                map.insert(Value::from("description"), Value::from(""));
                warnings.warn(
                    pointer,
                    "the response has no `description` (OpenAPI 3.0 requires one); read as empty",
                );
            }
            Fix::BoolRequired => {
                let was = map.remove("required").and_then(|v| v.as_bool());
                let read = match (was, path.iter().rev().nth(1).map(String::as_str)) {
                    (Some(true), Some("properties")) => {
                        "read as listing the property in its parent's `required`"
                    }
                    _ => "ignored",
                };
                let shown = was.map_or_else(String::new, |b| format!(" {b}"));
                warnings.warn(
                    crate::diag::child(&pointer, "required"),
                    format!("`required:{shown}` on a schema is JSON Schema draft 3, not OpenAPI 3.0 (a list of property names); {read}"),
                );
            }
            Fix::Require(name) => {
                let list = map
                    .entry(Value::from("required"))
                    .or_insert_with(|| Value::Sequence(Vec::new()));
                if let Value::Sequence(list) = list {
                    if !list.iter().any(|v| v.as_str() == Some(name.as_str())) {
                        list.push(Value::from(name));
                    }
                }
            }
            Fix::Number(key, replacement) => {
                let was = map.get(key).map(number_text).unwrap_or_default();
                let message = match &replacement {
                    Some(n) if SIZES.contains(&key) => {
                        format!("`{key}` is {was}, not a whole number within 64 bits; read as {n}")
                    }
                    Some(n) => format!(
                        "`{key}` is {was}, which does not fit a 64-bit integer; read as {n}"
                    ),
                    None if SIZES.contains(&key) => {
                        format!("`{key}` is {was}, not a length or count; ignored")
                    }
                    None => {
                        format!("`{key}` is {was}, which does not fit a 64-bit integer; ignored")
                    }
                };
                match replacement {
                    Some(n) => map.insert(Value::from(key), Value::Number(n)),
                    None => map.remove(key),
                };
                warnings.warn(crate::diag::child(&pointer, key), message);
            }
        }
    }
}

fn number_text(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// The number keywords of one schema that `openapiv3` cannot read, with their replacements.
fn number_fixes(map: &Mapping, path: &[Step<'_>], fixes: &mut Vec<(Vec<String>, Fix)>) {
    let mut found = Vec::new();
    for key in SIZES {
        if let Some(Value::Number(n)) = map.get(key) {
            if n.as_u64().and_then(|u| usize::try_from(u).ok()).is_none() {
                found.push(Fix::Number(key, size(n)));
            }
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("integer") {
        for key in INTEGER_BOUNDS {
            if let Some(Value::Number(n)) = map.get(key) {
                if let Some(clamped) = clamp_i64(n) {
                    // A bound past the range bounds nothing; a step past it means nothing.
                    let replacement = (key != "multipleOf").then(|| Number::from(clamped));
                    found.push(Fix::Number(key, replacement));
                }
            }
        }
    }
    if !found.is_empty() {
        let at = position::tokens(path);
        fixes.extend(found.into_iter().map(|f| (at.clone(), f)));
    }
}

/// A length or count as `usize`: fractions go down, past the range is the maximum, a negative
/// or non-finite value is no constraint at all.
fn size(n: &Number) -> Option<Number> {
    if let Some(u) = n.as_u64() {
        // Only on a target narrower than 64 bits.
        return Some(Number::from(
            u64::try_from(usize::MAX).unwrap_or(u64::MAX).min(u),
        ));
    }
    let f = n.as_f64()?;
    if !f.is_finite() || f < 0.0 {
        return None;
    }
    let max = usize::MAX as f64;
    // `as` saturates; the value is finite and not negative.
    Some(Number::from(if f >= max {
        usize::MAX
    } else {
        f.floor() as usize
    } as u64))
}

/// The `i64` an out-of-range integer bound is clamped to; `None` when it is in range, or a
/// float in range (the lint already says so and `openapiv3` reads those).
pub(super) fn clamp_i64(n: &Number) -> Option<i64> {
    if n.as_i64().is_some() {
        return None;
    }
    if n.as_u64().is_some() {
        return Some(i64::MAX);
    }
    let f = n.as_f64()?;
    if f.is_nan() {
        return None;
    }
    // 2^63 is the first float past i64::MAX. A float of -2^63 is i64::MIN, but only a literal
    // past i64::MIN (`-9223372036854776000`) or a float reaches here as one.
    if f >= 9_223_372_036_854_775_808.0 {
        Some(i64::MAX)
    } else if f <= -9_223_372_036_854_775_808.0 {
        Some(i64::MIN)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(yaml: &str) -> (String, Vec<String>) {
        let mut tree: Tree = crate::load::parse_tree(yaml).unwrap();
        let mut warnings = Diagnostics::default();
        repair(&mut tree, &mut warnings);
        (
            serde_json::to_string(&tree).unwrap(),
            warnings.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn big_integer_bounds_are_clamped_in_yaml_and_json() {
        let yaml = "components:\n  schemas:\n    a:\n      type: integer\n      minimum: -9223372036854776000\n      maximum: 18446744073709551616\n      multipleOf: 18446744073709551615\n";
        let json = r#"{"components": {"schemas": {"a": {"type": "integer", "minimum": -9223372036854776000, "maximum": 18446744073709551616, "multipleOf": 18446744073709551615}}}}"#;
        for text in [yaml, json] {
            let (tree, warnings) = repaired(text);
            assert_eq!(
                tree,
                r#"{"components":{"schemas":{"a":{"type":"integer","minimum":-9223372036854775808,"maximum":9223372036854775807}}}}"#
            );
            assert_eq!(
                warnings,
                [
                    "warning: `minimum` is -9.223372036854776e18, which does not fit a 64-bit integer; read as -9223372036854775808 (at #/components/schemas/a/minimum)",
                    "warning: `maximum` is 1.8446744073709552e19, which does not fit a 64-bit integer; read as 9223372036854775807 (at #/components/schemas/a/maximum)",
                    "warning: `multipleOf` is 18446744073709551615, which does not fit a 64-bit integer; ignored (at #/components/schemas/a/multipleOf)",
                ]
            );
        }
    }

    #[test]
    fn in_range_bounds_and_data_are_untouched() {
        let text = "components:\n  schemas:\n    a:\n      type: integer\n      minimum: -9223372036854775808\n      maximum: 9e+07\n      example: {maxLength: -1}\n    b:\n      type: number\n      maximum: 1e300\n";
        let (_, warnings) = repaired(text);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn sizes_are_clamped_or_dropped() {
        let (tree, warnings) = repaired(
            "paths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          schema: {type: string, maxLength: 18446744073709551616, minLength: -1}\n      responses: {}\n",
        );
        assert!(
            tree.contains(r#""maxLength":18446744073709551615"#),
            "{tree}"
        );
        assert!(!tree.contains("minLength"), "{tree}");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("not a length or count"),
            "{warnings:?}"
        );
        assert!(
            warnings[0].contains("#/paths/~1a/get/parameters/0/schema/minLength"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_boolean_required_moves_to_the_parent() {
        let (tree, warnings) = repaired(
            "components:\n  schemas:\n    a:\n      required: [x]\n      properties:\n        x: {type: string}\n        offset: {type: number, required: true}\n        other: {type: number, required: false}\n    b: {type: object, required: true}\n",
        );
        assert_eq!(
            tree,
            r#"{"components":{"schemas":{"a":{"required":["x","offset"],"properties":{"x":{"type":"string"},"offset":{"type":"number"},"other":{"type":"number"}}},"b":{"type":"object"}}}}"#
        );
        assert_eq!(
            warnings,
            [
                "warning: `required: true` on a schema is JSON Schema draft 3, not OpenAPI 3.0 (a list of property names); read as listing the property in its parent's `required` (at #/components/schemas/a/properties/offset/required)",
                "warning: `required: false` on a schema is JSON Schema draft 3, not OpenAPI 3.0 (a list of property names); ignored (at #/components/schemas/a/properties/other/required)",
                "warning: `required: true` on a schema is JSON Schema draft 3, not OpenAPI 3.0 (a list of property names); ignored (at #/components/schemas/b/required)",
            ]
        );
    }

    #[test]
    fn missing_responses_and_descriptions_are_given_empty_ones() {
        let (tree, warnings) = repaired(
            "paths:\n  /a:\n    get: {operationId: a}\n    post: {responses: ~}\n    put: {responses: {'204': {description: x}}}\n",
        );
        assert_eq!(
            tree,
            r#"{"paths":{"/a":{"get":{"operationId":"a","responses":{}},"post":{"responses":{}},"put":{"responses":{"204":{"description":"x"}}}}}}"#
        );
        assert_eq!(
            warnings,
            [
                "warning: the operation has no `responses` (OpenAPI 3.0 requires them); generated with no response body (at #/paths/~1a/get)",
                "warning: the operation has no `responses` (OpenAPI 3.0 requires them); generated with no response body (at #/paths/~1a/post)",
            ]
        );
        let (tree, warnings) = repaired(
            "paths:\n  /a:\n    get: {responses: {'200': {content: {}}, '404': {$ref: '#/components/responses/NotFound'}}}\ncomponents: {responses: {NotFound: {}}}\n",
        );
        assert_eq!(
            tree,
            r##"{"paths":{"/a":{"get":{"responses":{"200":{"content":{},"description":""},"404":{"$ref":"#/components/responses/NotFound"}}}}},"components":{"responses":{"NotFound":{"description":""}}}}"##
        );
        assert_eq!(
            warnings,
            [
                "warning: the response has no `description` (OpenAPI 3.0 requires one); read as empty (at #/paths/~1a/get/responses/200)",
                "warning: the response has no `description` (OpenAPI 3.0 requires one); read as empty (at #/components/responses/NotFound)",
            ]
        );
    }
}
