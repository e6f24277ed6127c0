//! Compiled as a test of the crate generated from `tests/fixtures/corpus/formats.yaml` (by
//! `tests/formats.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! Each integer format decodes the extremes of its range into its Rust type and encodes them
//! back to the same JSON; a value out of range is a decode error, not a wrapped number.

use formats_client::models::Counter;
use formats_client::Client;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn extremes(min: bool) -> Value {
    if min {
        json!({"int8": i8::MIN, "int16": i16::MIN, "int32": i32::MIN, "int64": i64::MIN,
               "plain": i64::MIN, "uint8": 0, "uint16": 0, "uint32": 0, "uint64": 0,
               "values": [0]})
    } else {
        json!({"int8": i8::MAX, "int16": i16::MAX, "int32": i32::MAX, "int64": i64::MAX,
               "plain": i64::MAX, "uint8": u8::MAX, "uint16": u16::MAX, "uint32": u32::MAX,
               "uint64": u64::MAX, "values": [u64::MAX, 1]})
    }
}

#[test]
fn every_width_round_trips_its_extremes() {
    for min in [true, false] {
        let value = extremes(min);
        let counter: Counter = serde_json::from_value(value.clone()).expect("decodes");
        assert_eq!(serde_json::to_value(&counter).expect("encodes"), value);
    }
    let max: Counter = serde_json::from_value(extremes(false)).expect("decodes");
    let _: (i8, i16, i32, i64, u8, u16, u32, u64) = (
        max.int8.unwrap_or_default(),
        max.int16.unwrap_or_default(),
        max.int32,
        max.int64,
        max.uint8.unwrap_or_default(),
        max.uint16.unwrap_or_default(),
        max.uint32,
        max.uint64,
    );
    assert_eq!(max.uint64, u64::MAX);
}

#[test]
fn a_value_out_of_range_does_not_decode() {
    for (field, value) in [
        ("int32", json!(i64::from(i32::MAX) + 1)),
        ("uint32", json!(-1)),
        ("uint64", json!(-1)),
        ("int8", json!(128)),
    ] {
        let mut counter = extremes(false);
        counter[field] = value;
        assert!(
            serde_json::from_value::<Counter>(counter).is_err(),
            "{field} out of range decoded"
        );
    }
}

#[tokio::test]
async fn parameters_of_each_width_are_sent_as_written() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/counters"))
        .and(query_param("page", "2147483647"))
        .and(query_param("above", "18446744073709551615"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([extremes(false)])))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client");
    let params = formats_client::models::CountersListParams::new()
        .with_page(i32::MAX)
        .with_above(u64::MAX);
    let counters = client.counters().list(&params).await.expect("list");
    assert_eq!(counters[0].uint64, u64::MAX);
}
