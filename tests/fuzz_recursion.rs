//! Property test: random graphs of components that refer to each other in every shape a spec
//! can (objects, arrays, maps, unions, allOf, the nullable-`$ref` idiom, plain aliases)
//! generate a crate whose every file parses, or fail with a cycle error for the one kind of
//! cycle no Rust type can hold: pure aliases. Never a panic, a hang or a stack overflow.
//!
//! `PROPTEST_CASES` sets the budget (default 64); a long run:
//! `PROPTEST_CASES=20000 cargo test -p integration-tests --release --test fuzz_recursion`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use serde_json::{json, Value};

/// How one component refers to the others (`usize`s are picked modulo the count).
#[derive(Debug, Clone)]
enum Shape {
    /// An object with properties that refer to components (required or not).
    Object(Vec<(usize, bool)>),
    /// An object property in the 3.0 "nullable `$ref`" idiom.
    NullableRef(usize),
    /// `type: array, items: $ref`.
    Array(usize),
    /// An array whose item object has a property referring to a component.
    ArrayOfObjects(usize),
    /// `additionalProperties: $ref`.
    Map(usize),
    /// `oneOf` of references, maybe with a scalar and `nullable`.
    OneOf(Vec<usize>, bool),
    /// `anyOf` of references and `{type: 'null'}`.
    AnyOfNull(Vec<usize>),
    /// `allOf` of references plus own properties.
    AllOf(Vec<usize>, bool),
    /// `nullable: true, allOf: [$ref]` as the whole component.
    NullableAllOf(usize),
    /// A plain `$ref`.
    Alias(usize),
    /// A scalar, so graphs have leaves.
    Leaf,
}

fn shape() -> impl Strategy<Value = Shape> {
    let idx = || 0usize..8;
    prop_oneof![
        prop::collection::vec((idx(), any::<bool>()), 1..4).prop_map(Shape::Object),
        idx().prop_map(Shape::NullableRef),
        idx().prop_map(Shape::Array),
        idx().prop_map(Shape::ArrayOfObjects),
        idx().prop_map(Shape::Map),
        (prop::collection::vec(idx(), 1..4), any::<bool>()).prop_map(|(v, s)| Shape::OneOf(v, s)),
        prop::collection::vec(idx(), 1..3).prop_map(Shape::AnyOfNull),
        (prop::collection::vec(idx(), 1..3), any::<bool>()).prop_map(|(v, p)| Shape::AllOf(v, p)),
        idx().prop_map(Shape::NullableAllOf),
        idx().prop_map(Shape::Alias),
        Just(Shape::Leaf),
    ]
}

fn reference(i: usize, n: usize) -> Value {
    json!({"$ref": format!("#/components/schemas/c{}", i % n)})
}

fn schema(shape: &Shape, n: usize) -> Value {
    let r = |i: &usize| reference(*i, n);
    match shape {
        Shape::Object(props) => {
            let mut properties = serde_json::Map::new();
            let mut required = Vec::new();
            for (k, (i, req)) in props.iter().enumerate() {
                properties.insert(format!("p{k}"), r(i));
                if *req {
                    required.push(json!(format!("p{k}")));
                }
            }
            properties.insert("name".into(), json!({"type": "string"}));
            json!({"type": "object", "properties": properties, "required": required})
        }
        Shape::NullableRef(i) => json!({
            "type": "object",
            "properties": {"parent": {"nullable": true, "allOf": [r(i)]}}
        }),
        Shape::Array(i) => json!({"type": "array", "items": r(i)}),
        Shape::ArrayOfObjects(i) => json!({
            "type": "array",
            "items": {"type": "object", "properties": {"sub": r(i), "v": {"type": "integer"}}}
        }),
        Shape::Map(i) => json!({"type": "object", "additionalProperties": r(i)}),
        Shape::OneOf(members, scalar) => {
            let mut list: Vec<Value> = members.iter().map(r).collect();
            if *scalar {
                list.push(json!({"type": "string"}));
            }
            json!({"oneOf": list, "nullable": scalar})
        }
        Shape::AnyOfNull(members) => {
            let mut list: Vec<Value> = members.iter().map(r).collect();
            list.push(json!({"type": "null"}));
            json!({"anyOf": list})
        }
        Shape::AllOf(members, own) => {
            let mut list: Vec<Value> = members.iter().map(r).collect();
            if *own {
                list.push(json!({"type": "object", "properties": {"extra": {"type": "boolean"}}}));
            }
            json!({"allOf": list})
        }
        Shape::NullableAllOf(i) => json!({"nullable": true, "allOf": [r(i)]}),
        Shape::Alias(i) => r(i),
        Shape::Leaf => json!({"type": "string"}),
    }
}

fn spec(shapes: &[Shape]) -> String {
    let n = shapes.len();
    let mut schemas = serde_json::Map::new();
    for (i, s) in shapes.iter().enumerate() {
        schemas.insert(format!("c{i}"), schema(s, n));
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "graph", "version": "1"},
        "servers": [{"url": "https://x.test"}],
        "paths": {"/x": {"post": {
            "operationId": "x",
            "requestBody": {"content": {"application/json": {"schema": reference(0, n)}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": reference(n - 1, n)
            }}}}
        }}},
        "components": {"schemas": schemas}
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The errors a graph may end in: cycles that pass through no object, array or map.
const CYCLE_ERRORS: &[&str] = &[
    "reference cycle",
    "refers to itself without passing through",
    "includes itself through allOf",
    "contains itself through an `allOf`",
];

static GENERATED: AtomicUsize = AtomicUsize::new(0);
static CYCLE_ERRORS_SEEN: AtomicUsize = AtomicUsize::new(0);

fn check(text: String) -> Result<(), TestCaseError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| {
            let doc = generator::load::load_str(&text).map_err(|d| format!("{d:?}"))?;
            generator::generate_from_doc(&doc, &Default::default()).map_err(|d| {
                d.errors()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        });
        let _ = tx.send((outcome, text));
    });
    match rx.recv_timeout(HANG) {
        Err(_) => Err(TestCaseError::fail("the generator hung (over 60 s)")),
        Ok((Err(_), text)) => Err(TestCaseError::fail(format!("panicked on:\n{text}"))),
        Ok((Ok(Err(errors)), text)) => {
            for e in errors.lines() {
                if !CYCLE_ERRORS.iter().any(|c| e.contains(c)) {
                    return Err(TestCaseError::fail(format!(
                        "an error that is not a pure-alias cycle: {e}\nfor:\n{text}"
                    )));
                }
            }
            CYCLE_ERRORS_SEEN.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
        Ok((Ok(Ok(generated)), text)) => {
            for f in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(&f.contents) {
                    return Err(TestCaseError::fail(format!(
                        "{} does not parse ({e}) for:\n{text}",
                        f.path
                    )));
                }
            }
            GENERATED.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
    }
}

/// Past this, a case counts as a hang: generous, as CI machines are shared and debug builds
/// slow, and a real hang never ends.
const HANG: Duration = Duration::from_secs(60);

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64)
}

/// Most graphs must generate: a generator that rejects everything would pass the property
/// alone. Prints how many did, and how many ended in a cycle error.
#[test]
fn component_graphs_generate_or_fail_only_on_pure_alias_cycles() {
    let config = ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let strategy = prop::collection::vec(shape(), 1..8);
    if let Err(e) = runner.run(&strategy, |shapes| check(spec(&shapes))) {
        panic!("{e}");
    }
    let generated = GENERATED.load(Ordering::Relaxed);
    let cycles = CYCLE_ERRORS_SEEN.load(Ordering::Relaxed);
    eprintln!("component graphs: {generated} generated, {cycles} ended in a cycle error");
    assert!(
        generated * 2 > generated + cycles,
        "fewer than half of the graphs generated ({generated} of {})",
        generated + cycles
    );
}
