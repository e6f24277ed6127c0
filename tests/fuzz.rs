//! Property test: arbitrary YAML, and random mutations of every valid fixture, never make the
//! generator panic or hang; whenever generation succeeds, every emitted Rust file parses.
//! Specs with random parameter schemas and styles always load, and render whenever they lower.
//!
//! The budget is fixed for CI (`PROPTEST_CASES`, default 64 per property); a long local run:
//! `PROPTEST_CASES=20000 cargo test -p integration-tests --release --test fuzz`.

use std::sync::mpsc;
use std::time::Duration;

use integration_tests::{fixture, root};
use proptest::prelude::*;
use serde_yaml_ng::{Mapping, Value};

/// Words a spec is made of, so random trees look enough like specs to reach deep code.
const KEYS: &[&str] = &[
    "openapi",
    "info",
    "title",
    "version",
    "paths",
    "components",
    "schemas",
    "type",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "$ref",
    "enum",
    "required",
    "discriminator",
    "propertyName",
    "mapping",
    "nullable",
    "additionalProperties",
    "responses",
    "200",
    "4XX",
    "default",
    "content",
    "application/json",
    "schema",
    "get",
    "post",
    "parameters",
    "name",
    "in",
    "requestBody",
    "description",
    "format",
    "x-sdk-name",
    "x-sdk-resource",
    "x-sdk-method",
    "operationId",
    "security",
    "securitySchemes",
    "servers",
];

const STRINGS: &[&str] = &[
    "object",
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "null",
    "3.0.3",
    "3.1.0",
    "#/components/schemas/a",
    "#/components/schemas/b",
    "#/components/schemas/missing",
    "query",
    "path",
    "header",
    "/x/{id}",
    "id",
    "type",
    "self",
    "",
    "*/",
    "{{ x }}",
    "{% if %}",
    "é",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_map(|n| Value::Number(n.into())),
        prop::sample::select(STRINGS).prop_map(|s| Value::String(s.to_owned())),
        "[a-z{}/#~_-]{0,12}".prop_map(Value::String),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Sequence),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kvs| {
                let mut m = Mapping::new();
                for (k, v) in kvs {
                    m.insert(Value::String(k.to_owned()), v);
                }
                Value::Mapping(m)
            }),
        ]
    })
}

/// Every valid spec we have: the corpus and the real one.
fn valid_specs() -> Vec<Value> {
    let mut paths: Vec<_> = std::fs::read_dir(fixture("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths.push(root().join("spec/cloudflare-identity.yaml"));
    paths
        .iter()
        // The generator's own parser: fixtures may hold what plain `serde_yaml_ng` refuses
        // (integers past 64 bits).
        .map(|p| generator::load::parse_tree(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

/// One edit at the `index`-th node (in pre-order) of `doc`.
#[derive(Debug, Clone)]
enum Edit {
    Replace(Value),
    Remove,
    Insert(&'static str, Value),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        tree().prop_map(Edit::Replace),
        Just(Edit::Remove),
        (prop::sample::select(KEYS), tree()).prop_map(|(k, v)| Edit::Insert(k, v)),
    ]
}

/// Applies `edit` to the node number `target` (counting down); returns true once applied.
fn apply(doc: &mut Value, target: &mut usize, edit: &Edit) -> bool {
    if *target == 0 {
        match edit {
            Edit::Replace(v) => *doc = v.clone(),
            Edit::Remove => *doc = Value::Null,
            Edit::Insert(k, v) => {
                if let Value::Mapping(m) = doc {
                    m.insert(Value::String((*k).to_owned()), v.clone());
                } else {
                    *doc = v.clone();
                }
            }
        }
        return true;
    }
    *target -= 1;
    match doc {
        Value::Mapping(m) => {
            let keys: Vec<Value> = m.keys().cloned().collect();
            for k in keys {
                if let Some(child) = m.get_mut(&k) {
                    if apply(child, target, edit) {
                        if child.is_null() && matches!(edit, Edit::Remove) {
                            m.remove(&k);
                        }
                        return true;
                    }
                }
            }
            false
        }
        Value::Sequence(items) => items.iter_mut().any(|c| apply(c, target, edit)),
        _ => false,
    }
}

/// Runs the generator on `text` in a thread with a deadline: a panic or a hang fails.
fn check(text: String) -> Result<(), TestCaseError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| {
            let doc = generator::load::load_str(&text).ok()?;
            generator::generate_from_doc(&doc, &Default::default()).ok()
        });
        let _ = tx.send((outcome, text));
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Err(_) => Err(TestCaseError::fail("the generator hung (over 20 s)")),
        Ok((Err(_), text)) => Err(TestCaseError::fail(format!("panicked on:\n{text}"))),
        Ok((Ok(None), _)) => Ok(()),
        Ok((Ok(Some(generated)), text)) => {
            for f in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(&f.contents) {
                    return Err(TestCaseError::fail(format!(
                        "{} does not parse ({e}) for:\n{text}",
                        f.path
                    )));
                }
            }
            Ok(())
        }
    }
}

/// A parameter schema: scalars, enums, unions, arrays, objects, maps and `$ref`s, nested.
fn param_schema() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    let leaf = prop_oneof![
        Just(json!({"type": "integer"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "enum": ["a", "b-c", "self"]})),
        Just(
            json!({"oneOf": [{"type": "string", "enum": ["x"]}, {"type": "string", "enum": ["y"]}]})
        ),
        Just(json!({})),
        Just(json!({"type": "object"})),
        Just(json!({"$ref": "#/components/schemas/Union"})),
        Just(json!({"$ref": "#/components/schemas/Level"})),
        Just(json!({"$ref": "#/components/schemas/Point"})),
        Just(json!({"$ref": "#/components/schemas/Tree"})),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|i| json!({"type": "array", "items": i})),
            inner
                .clone()
                .prop_map(|i| json!({"type": "object", "additionalProperties": i})),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({
                "type": "object",
                "required": ["a"],
                "properties": {"a": a, "b": b},
            })),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({"oneOf": [a, b]})),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({"anyOf": [a, b]})),
            inner.prop_map(|i| json!({"allOf": [i], "nullable": true})),
        ]
    })
}

/// One parameter: where it goes, its schema, and a style valid for that place (or none).
fn parameter() -> impl Strategy<Value = (&'static str, serde_json::Value)> {
    let place = prop::sample::select(&["query", "path", "header"][..]);
    (
        place,
        param_schema(),
        any::<prop::sample::Index>(),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        0..8u8,
    )
        .prop_map(|(place, schema, style, explode, allow_reserved, variant)| {
            let styles: &[Option<&str>] = match place {
                "query" => &[
                    None,
                    Some("form"),
                    Some("spaceDelimited"),
                    Some("pipeDelimited"),
                    Some("deepObject"),
                ],
                "path" => &[None, Some("simple"), Some("label"), Some("matrix")],
                _ => &[None, Some("simple")],
            };
            let mut p =
                serde_json::json!({"in": place, "required": place == "path" || variant == 1});
            if variant == 0 {
                p["content"] = serde_json::json!({"application/json": {"schema": schema}});
            } else {
                p["schema"] = schema;
                if let Some(style) = styles[style.index(styles.len())] {
                    p["style"] = style.into();
                }
                if let Some(explode) = explode {
                    p["explode"] = explode.into();
                }
            }
            if place == "query" && allow_reserved {
                p["allowReserved"] = true.into();
            }
            (place, p)
        })
}

/// A spec whose one operation takes `params` (named `p0`, `p1`, ...; those in the path appear
/// in it), some of them through `#/components/parameters`.
fn parameter_spec(params: &[(&'static str, serde_json::Value)], by_ref: &[bool]) -> String {
    use serde_json::json;
    let mut path = "/things".to_owned();
    let mut list = Vec::new();
    let mut components = serde_json::Map::new();
    for (i, (place, p)) in params.iter().enumerate() {
        let name = format!("p{i}");
        if *place == "path" {
            path.push_str(&format!("/{{{name}}}"));
        }
        let mut p = p.clone();
        p["name"] = name.clone().into();
        if by_ref.get(i).copied().unwrap_or(false) {
            components.insert(name.clone(), p);
            list.push(json!({"$ref": format!("#/components/parameters/{name}")}));
        } else {
            list.push(p);
        }
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {path: {"get": {
            "operationId": "get_things",
            "parameters": list,
            "responses": {"204": {"description": "done"}},
        }}},
        "components": {
            "parameters": components,
            "schemas": {
                "Union": {"anyOf": [{"type": "integer"}, {"$ref": "#/components/schemas/Level"}]},
                "Level": {"type": "string", "enum": ["all", "one"]},
                "Point": {"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "number"}}},
                "Tree": {"type": "object", "properties": {
                    "label": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
                }},
            },
        },
    });
    doc.to_string()
}

/// A spec with valid parameters loads; when it lowers, it renders, and every file parses.
fn check_parameters(text: String) -> Result<(), TestCaseError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| {
            let doc = generator::load::load_str(&text).map_err(|d| format!("load: {d:?}"))?;
            let (ir, diags) = generator::lower::lower(&doc, &Default::default());
            if diags.has_errors() {
                return Ok(None);
            }
            let files = generator::render::render(&ir).map_err(|e| format!("render: {e}"))?;
            Ok::<_, String>(Some(files))
        });
        let _ = tx.send((outcome, text));
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Err(_) => Err(TestCaseError::fail("the generator hung (over 20 s)")),
        Ok((Err(_), text)) => Err(TestCaseError::fail(format!("panicked on:\n{text}"))),
        Ok((Ok(Err(e)), text)) => Err(TestCaseError::fail(format!("{e}\nfor:\n{text}"))),
        Ok((Ok(Ok(None)), _)) => Ok(()),
        Ok((Ok(Ok(Some(files))), text)) => {
            for f in files.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(&f.contents) {
                    return Err(TestCaseError::fail(format!(
                        "{} does not parse ({e}) for:\n{text}",
                        f.path
                    )));
                }
            }
            Ok(())
        }
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(text)?;
    }

    #[test]
    fn arbitrary_yaml_trees_never_panic(doc in tree()) {
        let text = serde_yaml_ng::to_string(&doc).unwrap_or_default();
        check(text)?;
        // The same tree as a 3.0 document, so it gets past the version check.
        let mut wrapped = Mapping::new();
        wrapped.insert("openapi".into(), "3.0.3".into());
        wrapped.insert("info".into(), serde_yaml_ng::from_str("{title: t, version: '1'}").unwrap());
        wrapped.insert("paths".into(), Value::Mapping(Mapping::new()));
        wrapped.insert("components".into(), doc);
        check(serde_yaml_ng::to_string(&Value::Mapping(wrapped)).unwrap_or_default())?;
    }

    #[test]
    fn random_parameter_schemas_and_styles_generate(
        params in prop::collection::vec(parameter(), 1..6),
        by_ref in prop::collection::vec(any::<bool>(), 6),
    ) {
        check_parameters(parameter_spec(&params, &by_ref))?;
    }

    #[test]
    fn mutated_valid_specs_never_panic(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), edit()), 1..4),
    ) {
        let specs = valid_specs();
        let mut doc = specs[which.index(specs.len())].clone();
        for (at, e) in &edits {
            let size = count(&doc);
            let mut target = at.index(size.max(1));
            apply(&mut doc, &mut target, e);
        }
        check(serde_yaml_ng::to_string(&doc).unwrap_or_default())?;
    }
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Mapping(m) => m.values().map(count).sum(),
        Value::Sequence(s) => s.iter().map(count).sum(),
        _ => 0,
    }
}
