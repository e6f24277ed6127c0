//! Compiled as a test of the crate generated from `tests/fixtures/corpus/merged-slots.yaml` (by
//! `tests/extras.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! Each kind decodes to the same value with the tag first and with the tag last (where the
//! union reads `config` into merged slots before it knows the kind), and encodes back to the
//! same JSON: `port`, an integer to phones and a string to sensors, is read either way; fields
//! of other kinds and unknown fields are kept as unknown members.

use merged_slots_client::models::Device;
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
