//! Compiled as a test of the crate generated from `tests/fixtures/corpus/recursion-shapes.yaml`
//! (by `tests/recursion_shapes.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! Real JSON through every recursive shape: it decodes to the variant or field it should, and
//! encodes back to the same JSON.

use fixture_recursion_shapes::models::{
    And, Expr, Filter, JsonTree, Left, Right, Thread, TreeNode,
};
use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded, value, "re-encoding changed the JSON");
    decoded
}

#[test]
fn a_union_recurs_through_arrays_of_itself() {
    let expr: Expr = round_trip(json!([1.5, ["x", [2.0]], "y"]));
    let Expr::Array(items) = expr else {
        panic!("an array of expressions: {expr:?}")
    };
    assert!(matches!(items[0], Expr::Number(n) if n == 1.5));
    assert!(matches!(&items[1], Expr::Array(inner) if matches!(&inner[1], Expr::Array(_))));
    assert!(matches!(&items[2], Expr::String(s) if s == "y"));
    // A value no alternative takes is kept, not an error.
    assert!(matches!(round_trip::<Expr>(json!(true)), Expr::Unknown(_)));
}

#[test]
fn mutual_recursion_through_a_union_and_an_object() {
    let filter: Filter = round_trip(json!({
        "and": [{"field": "a"}, {"and": [{"field": "b"}], "not": {"field": "c"}}],
        "not": {"and": []}
    }));
    let Filter::And(and) = filter else {
        panic!("an `and` filter: {filter:?}")
    };
    let And { and: members, not, .. } = *and;
    assert!(matches!(&members[0], Filter::FieldMatch(m) if m.field == "a"));
    assert!(matches!(&members[1], Filter::And(inner) if inner.not.is_some()));
    assert!(matches!(not.as_deref(), Some(Filter::And(_))));
}

#[test]
fn an_array_whose_items_hold_the_array() {
    let thread: Thread = round_trip(json!([
        {"text": "root", "replies": [{"text": "re", "replies": [{"text": "re re"}]}]},
        {"text": "second"}
    ]));
    let Thread(items) = thread;
    let replies = items[0].replies.as_ref().expect("replies");
    assert_eq!(replies.0[0].text.as_deref(), Some("re"));
    assert_eq!(
        replies.0[0].replies.as_ref().map(|r| r.0.len()),
        Some(1),
        "the nested thread"
    );
}

#[test]
fn a_nullable_reference_to_itself_and_a_map_of_itself() {
    let node: TreeNode = round_trip(json!({
        "parent": {"children": []},
        "children": [{"children": [{}]}]
    }));
    assert!(node.parent.is_some());
    assert_eq!(node.children.as_ref().map(Vec::len), Some(1));
    // `null` is the nullable reference's other value (it encodes back as absent).
    let orphan: TreeNode = serde_json::from_value(json!({"parent": null})).expect("decodes");
    assert!(orphan.parent.is_none());

    let tree: JsonTree = round_trip(json!({"a": {"b": {}, "c": {"d": {}}}}));
    assert_eq!(tree.0["a"].0["c"].0.len(), 1);
}

#[test]
fn unions_that_are_each_others_alternative_still_decode() {
    assert!(matches!(round_trip::<Left>(json!("s")), Left::String(s) if s == "s"));
    assert!(matches!(round_trip::<Left>(json!(7)), Left::Right(Right::Integer(7))));
    // `right` left out its `left` alternative: a string is kept by its fallback.
    assert!(matches!(round_trip::<Right>(json!("s")), Right::Unknown(_)));
}
