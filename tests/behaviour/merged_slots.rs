//! Compiled as a test of the crate generated from `tests/fixtures/corpus/merged-slots.yaml` (by
//! `tests/extras.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! Each kind decodes to the same value with the tag first and with the tag last (where the
//! union reads `config` into merged slots before it knows the kind), and encodes back to the
//! same JSON: `port`, an integer to phones and a string to sensors, is read either way; fields
//! of other kinds and unknown fields are kept as unknown members.
//!
//! Phones and lamps are kinds of `Wired` too, which shares more members than `Device`: members
//! a union shares, read before the tag, are handed to the kind, which reads on from the input;
//! any other member before the tag sends the rest into the slots. Both ways give one value.

use merged_slots_client::models::{Device, Wired};
use serde_json::{json, Value};

/// `body` (without `kind`) with the tag first and last, decoded and re-encoded.
fn same_wherever_the_tag_is(kind: &str, body: Value) -> Device {
    let Value::Object(members) = body else {
        panic!("not an object");
    };
    let mut first = serde_json::Map::new();
    first.insert("kind".into(), json!(kind));
    first.extend(members.clone());
    let first = serde_json::to_string(&first).unwrap();
    let mut last = serde_json::to_string(&members).unwrap();
    last.pop();
    let last = format!(r#"{last},"kind":"{kind}"}}"#);
    let a: Device = serde_json::from_str(&first).unwrap_or_else(|e| panic!("{first}: {e}"));
    let b: Device = serde_json::from_str(&last).unwrap_or_else(|e| panic!("{last}: {e}"));
    assert_eq!(a, b, "{first} / {last}");
    let mut expected = Value::Object(members);
    expected["kind"] = json!(kind);
    assert_eq!(serde_json::to_value(&b).unwrap(), expected);
    b
}

#[test]
fn each_kind_reads_its_own_type_of_a_shared_field_name() {
    let Device::Phone(phone) = same_wherever_the_tag_is(
        "phone",
        json!({"config": {"port": 5060, "label": "desk"}, "name": "p"}),
    ) else {
        panic!("not a phone");
    };
    assert_eq!(phone.config.port, Some(5060));
    assert_eq!(phone.config.label.as_deref(), Some("desk"));
    let Device::Sensor(sensor) = same_wherever_the_tag_is(
        "sensor",
        json!({"config": {"port": "/dev/ttyUSB0", "rate": 9.5}, "name": "s"}),
    ) else {
        panic!("not a sensor");
    };
    let config = sensor.config.unwrap();
    assert_eq!(config.port.as_deref(), Some("/dev/ttyUSB0"));
    assert_eq!(config.rate, Some(9.5));
}

#[test]
fn other_kinds_fields_and_unknown_fields_are_kept() {
    let Device::Lamp(lamp) = same_wherever_the_tag_is(
        "lamp",
        json!({"config": {"port": 5060, "dim": true, "watts": 9, "rate": 1.5}, "name": "l"}),
    ) else {
        panic!("not a lamp");
    };
    let config = lamp.config.unwrap();
    assert_eq!(config.dim, Some(true));
    assert_eq!(config.extra.get("port"), Some(&json!(5060)));
    assert_eq!(config.extra.get("watts"), Some(&json!(9)));
    assert_eq!(config.extra.get("rate"), Some(&json!(1.5)));
}

#[test]
fn a_kind_s_own_field_of_another_type_is_an_error_either_way() {
    for text in [
        r#"{"kind":"phone","config":{"port":"x"},"name":"p"}"#,
        r#"{"config":{"port":"x"},"name":"p","kind":"phone"}"#,
    ] {
        assert!(serde_json::from_str::<Device>(text).is_err(), "{text}");
    }
}

/// Members in this order, `kind` among them, as one JSON object.
fn object(members: &[(&str, Value)]) -> String {
    let body: Vec<String> = members
        .iter()
        .map(|(name, value)| format!("{}:{value}", json!(name)))
        .collect();
    format!("{{{}}}", body.join(","))
}

#[test]
fn a_kind_of_two_unions_reads_on_from_the_members_either_union_shares() {
    let members = [
        ("name", json!("desk")),
        ("serial", json!("S-1")),
        ("vendor", json!("Acme")),
        ("model", json!("P2")),
        ("firmware", json!("1.2")),
        ("site", json!("HQ")),
        ("installed", json!(true)),
        ("config", json!({"port": 5060, "label": "desk", "volume": 3})),
        ("colour", json!("grey")),
    ];
    let expected = {
        let mut all = serde_json::Map::new();
        all.insert("kind".into(), json!("phone"));
        all.extend(members.iter().map(|(n, v)| (n.to_string(), v.clone())));
        Value::Object(all)
    };
    // The tag at every place: after all seven members `Wired` shares, `Wired` hands them over;
    // `Device`, which shares only `name`, fills its slots from `serial` on.
    for at in 0..=members.len() {
        let mut order: Vec<(&str, Value)> = members.to_vec();
        order.insert(at, ("kind", json!("phone")));
        let text = object(&order);
        let device: Device = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let wired: Wired = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let (Device::Phone(a), Wired::Phone(b)) = (&device, &wired) else {
            panic!("not phones: {device:?} / {wired:?}");
        };
        assert_eq!(a, b, "{text}");
        assert_eq!(a.serial.as_deref(), Some("S-1"));
        assert_eq!(a.installed, Some(true));
        assert_eq!(a.config.extra.get("volume"), Some(&json!(3)));
        assert_eq!(a.extra.get("colour"), Some(&json!("grey")));
        assert_eq!(serde_json::to_value(&device).unwrap(), expected, "{text}");
        assert_eq!(serde_json::to_value(&wired).unwrap(), expected, "{text}");
    }
}

#[test]
fn an_unknown_kind_after_shared_members_keeps_every_member() {
    let text = r#"{"name":"r","serial":"S-9","kind":"robot","arms":2,"config":{"port":1},"kind":"x"}"#;
    for value in [
        serde_json::to_value(serde_json::from_str::<Device>(text).unwrap()).unwrap(),
        serde_json::to_value(serde_json::from_str::<Wired>(text).unwrap()).unwrap(),
    ] {
        assert_eq!(
            value,
            json!({"name": "r", "serial": "S-9", "kind": "robot", "arms": 2, "config": {"port": 1}})
        );
    }
}

#[test]
fn a_shared_member_of_the_wrong_shape_is_an_error_for_a_known_kind_wherever_the_tag_is() {
    for text in [
        r#"{"kind":"lamp","serial":7,"name":"l"}"#,
        r#"{"serial":7,"kind":"lamp","name":"l"}"#,
        r#"{"serial":7,"name":"l","kind":"lamp"}"#,
    ] {
        assert!(serde_json::from_str::<Wired>(text).is_err(), "{text}");
        assert!(serde_json::from_str::<Device>(text).is_err(), "{text}");
    }
    // An unknown kind keeps it as it is.
    let text = r#"{"serial":7,"kind":"robot"}"#;
    let value = serde_json::to_value(serde_json::from_str::<Wired>(text).unwrap()).unwrap();
    assert_eq!(value, json!({"serial": 7, "kind": "robot"}));
}
