//! Property test: arbitrary YAML, and random mutations of every valid fixture, never make the
//! generator panic or hang; whenever generation succeeds, every emitted Rust file parses.
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
