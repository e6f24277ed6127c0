//! Compiled as a test of the crate generated from `tests/fixtures/corpus/openapi-3.1.yaml` (by
//! `tests/openapi_31.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! Each JSON Schema 2020-12 feature the fixture uses decodes a real payload into the Rust type
//! a user expects, and re-encodes it to the same JSON.

use fixture_openapi_31::models::{
    Circle, Id, Owner, OwnerDefsAddress, Pet, PetAdoptedWebhook, PetKey, PetStatus, Shape,
    Shelter, Square,
};
use fixture_openapi_31::Client;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Decodes `value` as `T` and checks that it encodes back to the same JSON.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded, value);
    decoded
}

fn pet(extra: Value) -> Value {
    let mut pet = json!({"name": "Rex", "key": "rex-1", "nickname": null});
    if let (Some(pet), Value::Object(extra)) = (pet.as_object_mut(), extra) {
        pet.extend(extra);
    }
    pet
}

#[test]
fn a_type_list_with_null_is_an_option() {
    // `type: [string, 'null']`, required: the key is always sent, as null when unset.
    let p: Pet = round_trip(pet(json!({})));
    assert_eq!(p.nickname, None);
    let p: Pet = round_trip(pet(json!({"nickname": "Rexy"})));
    assert_eq!(p.nickname.as_deref(), Some("Rexy"));
}

#[test]
fn a_union_with_a_null_member_is_an_option() {
    let p: Pet = round_trip(pet(json!({"age": 3})));
    assert_eq!(p.age, Some(3));
    let p: Pet = serde_json::from_value(pet(json!({"age": null}))).expect("decodes");
    assert_eq!(p.age, None);
    let p: Pet = round_trip(pet(json!({"previous_owner": {"name": "Ann"}})));
    let owner: Option<Owner> = p.previous_owner;
    assert_eq!(owner.map(|o| o.name).as_deref(), Some("Ann"));
    let p: Pet = serde_json::from_value(pet(json!({"previous_owner": null}))).expect("decodes");
    assert!(p.previous_owner.is_none());
}

#[test]
fn several_types_are_an_untagged_union() {
    let p: Pet = round_trip(pet(json!({"key": "abc"})));
    assert_eq!(p.key, PetKey::String("abc".into()));
    let p: Pet = round_trip(pet(json!({"key": 7})));
    assert_eq!(p.key, PetKey::Integer(7));
}

#[test]
fn a_const_property_tags_a_union() {
    let s: Shape = round_trip(json!({"kind": "circle", "radius": 1.5}));
    assert!(matches!(&s, Shape::Circle(Circle { radius, .. }) if *radius == 1.5));
    assert_eq!(s.kind(), Some("circle"));
    let s: Shape = round_trip(json!({"kind": "square", "side": 2.0}));
    assert!(matches!(&s, Shape::Square(Square { side, .. }) if *side == 2.0));
    // A kind this version does not know is kept, not an error.
    let s: Shape = round_trip(json!({"kind": "hexagon", "side": 1.0}));
    assert!(matches!(s, Shape::Unknown(_)));
}

#[test]
fn a_const_is_a_one_value_enum() {
    let p: Pet = round_trip(pet(json!({"status": "available"})));
    assert_eq!(p.status, Some(PetStatus::Available));
}

#[test]
fn a_ref_with_siblings_is_the_referenced_type() {
    let p: Pet = round_trip(pet(json!({"owner": {"name": "Ann", "address": {"city": "Oslo"}}})));
    let owner: Owner = p.owner.expect("owner");
    assert_eq!(owner.name, "Ann");
}

#[test]
fn defs_are_one_type_wherever_they_are_referenced_from() {
    let o: Owner = round_trip(json!({"name": "Ann", "address": {"city": "Oslo"}}));
    let from_owner: Option<OwnerDefsAddress> = o.address;
    let s: Shelter = round_trip(json!({"address": {"city": "Oslo", "zip": "0150"}}));
    let from_shelter: Option<OwnerDefsAddress> = s.address;
    assert_eq!(from_owner.and_then(|a| a.city), Some("Oslo".to_owned()));
    assert_eq!(from_shelter.and_then(|a| a.zip), Some("0150".to_owned()));
}

#[test]
fn bounds_encodings_tuples_and_closed_objects_decode() {
    let p: Pet = round_trip(pet(json!({
        "weight": 12.5,
        "avatar": "aGVsbG8=",
        "position": [1.0, 2.5],
    })));
    assert_eq!(p.weight, Some(12.5));
    assert_eq!(p.avatar.as_deref(), Some("aGVsbG8="));
    assert_eq!(p.position, Some(vec![json!(1.0), json!(2.5)]));
}

#[test]
fn webhook_payloads_are_models() {
    let w: PetAdoptedWebhook = round_trip(json!({
        "pet": {"name": "Rex", "key": 1, "nickname": null, "shape": {"kind": "circle", "radius": 1.0}},
        "adopted_at": "2024-01-01T00:00:00Z",
    }));
    assert_eq!(w.pet.key, PetKey::Integer(1));
    assert!(matches!(w.pet.shape, Some(Shape::Circle(_))));
}

#[tokio::test]
async fn a_path_item_reference_and_a_binary_body_are_operations() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"name": "Rex", "key": 1, "nickname": null}])))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds");
    let pets = client.pets().list().await.expect("list");
    assert_eq!(pets.len(), 1);
    assert_eq!(pets[0].key, PetKey::Integer(1));

    client
        .pets()
        .upload_photo(&Id::Integer(7), b"\x89PNG".to_vec())
        .await
        .expect("upload");
    let requests = server.received_requests().await.expect("recording is on");
    let upload = &requests[1];
    assert_eq!(upload.url.path(), "/pets/7/photo");
    assert_eq!(upload.body, b"\x89PNG");
    assert_eq!(
        upload.headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
}
