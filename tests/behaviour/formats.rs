//! Compiled as a test of the crate generated from `tests/fixtures/corpus/formats.yaml` (by
//! `tests/formats.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! Each integer format decodes the extremes of its range into its Rust type and encodes them
//! back to the same JSON; a value out of range is a decode error, not a wrapped number.
//!
//! Each typed string format (`date-time`, `date`, `uuid`, `uri`) decodes real JSON into its
//! Rust type and encodes it back to the same JSON; the forms that are normalised say so; a
//! value that does not parse is a decode error naming its field.

use formats_client::models::{Counter, Stamp, When};
use formats_client::time::{Month, OffsetDateTime};
use formats_client::{Client, DateTime};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path, query_param};
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

fn stamp_json() -> Value {
    json!({
        "at": "2025-01-01T12:21:02.0000Z",
        "on": "2024-02-29",
        "id": "a79de439-0e7f-4ebb-8a02-222222222222",
        "link": "https://example.com/a/b?c=d",
        "seen": "2014-01-01T05:20:00.12345+05:30",
        "history": ["1985-04-12T23:20:50.52Z", "1996-12-19T16:39:57-08:00", "2025-06-30T23:59:59.999999999Z"],
        "days": {"first": "0001-01-01", "last": "9999-12-31"},
        "mail": "Not Checked",
        "later": "2025-01-01T00:00:00Z"
    })
}

/// `value` decodes as `T` and encodes back to exactly `value`, from text and from a `Value`.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> T {
    let from_text: T = serde_json::from_str(&value.to_string()).expect("decodes from text");
    assert_eq!(&serde_json::to_value(&from_text).expect("encodes"), value);
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes from a value");
    assert_eq!(&serde_json::to_value(&decoded).expect("encodes"), value);
    decoded
}

#[test]
fn every_typed_format_round_trips_real_json() {
    let stamp: Stamp = round_trip(&stamp_json());
    // Each value is its format's Rust type, holding what the text says.
    let at: OffsetDateTime = stamp.at.get();
    assert_eq!((at.year(), at.month(), at.day()), (2025, Month::January, 1));
    assert_eq!((at.hour(), at.minute(), at.second(), at.nanosecond()), (12, 21, 2, 0));
    let seen = stamp.seen.as_ref().expect("seen").get();
    assert_eq!(seen.nanosecond(), 123_450_000);
    assert_eq!(seen.offset().whole_minutes(), 5 * 60 + 30);
    let on: formats_client::time::Date = stamp.on;
    assert_eq!((on.year(), on.month(), on.day()), (2024, Month::February, 29));
    let id: formats_client::uuid::Uuid = stamp.id;
    assert_eq!(id.as_u128(), 0xa79de439_0e7f_4ebb_8a02_222222222222);
    let link: formats_client::url::Url = stamp.link.clone();
    assert_eq!((link.host_str(), link.path(), link.query()), (Some("example.com"), "/a/b", Some("c=d")));
    let history = stamp.history.as_ref().expect("history");
    assert_eq!(history[1].get().offset().whole_hours(), -8);
    assert_eq!(history[2].get().nanosecond(), 999_999_999);
    let days = stamp.days.as_ref().expect("days");
    assert_eq!(days["last"].year(), 9999);
    // Formats without a Rust type stay strings, unchecked.
    assert_eq!(stamp.mail.as_deref(), Some("Not Checked"));
    // A null, or an absent optional member, is `None`.
    let mut bare = stamp_json();
    bare["seen"] = Value::Null;
    let decoded: Stamp = serde_json::from_value(bare).expect("decodes");
    assert_eq!(decoded.seen, None);
    // Union alternatives of each format.
    let when: When = round_trip(&json!("2025-01-01T12:21:02.50+01:00"));
    assert!(matches!(when, When::DateTime(_)), "{when:?}");
    let when: When = round_trip(&json!("2025-01-01"));
    assert!(matches!(when, When::Date(_)), "{when:?}");
}

/// Normalised on the way through (documented in the README): a UUID is written lowercase and
/// hyphenated, a URL as `url` serialises it; a `DateTime` made in Rust is written in RFC 3339.
/// A `date-time` read from the server is written back as it came, whatever its precision.
#[test]
fn non_canonical_forms_are_normalised_where_documented() {
    let mut sent = stamp_json();
    sent["id"] = json!("A79DE439-0E7F-4EBB-8A02-222222222222");
    sent["link"] = json!("HTTPS://Example.COM");
    let decoded: Stamp = serde_json::from_value(sent.clone()).expect("decodes");
    let back = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(back["id"], "a79de439-0e7f-4ebb-8a02-222222222222");
    assert_eq!(back["link"], "https://example.com/");
    sent["id"] = json!("a79de4390e7f4ebb8a02222222222222");
    let decoded: Stamp = serde_json::from_value(sent).expect("decodes the simple form");
    assert_eq!(decoded.id.to_string(), "a79de439-0e7f-4ebb-8a02-222222222222");

    // Equal instants are equal values, however written.
    let utc: DateTime = "2025-01-01T12:00:00Z".parse().expect("parses");
    let paris: DateTime = "2025-01-01T13:00:00.000+01:00".parse().expect("parses");
    assert_eq!(utc, paris);
    assert_eq!(serde_json::to_value(&paris).unwrap(), "2025-01-01T13:00:00.000+01:00");
    // Made in Rust: RFC 3339 with the fraction it needs.
    let made = DateTime::from(paris.get() + formats_client::time::Duration::milliseconds(250));
    assert_eq!(serde_json::to_value(&made).unwrap(), "2025-01-01T13:00:00.25+01:00");
    assert_eq!(made.to_string(), "2025-01-01T13:00:00.25+01:00");
    // An instant RFC 3339 cannot write fails to encode; it does not write something else.
    let odd = formats_client::time::UtcOffset::from_hms(0, 0, 30).expect("offset");
    let odd = DateTime::from(OffsetDateTime::UNIX_EPOCH.to_offset(odd));
    assert!(serde_json::to_value(&odd).is_err());
}

#[test]
fn a_value_that_does_not_parse_is_an_error_naming_its_field() {
    for (field, bad) in [
        ("at", json!("yesterday")),
        ("at", json!("2025-01-01 12:00:00")),
        ("at", json!(5)),
        ("seen", json!("2025-13-01T00:00:00Z")),
        ("on", json!("2023-02-29")),
        ("on", json!("2024-2-29")),
        ("on", json!("2024-02-29T00:00:00Z")),
        ("id", json!("a79de439-0e7f-4ebb-8a02")),
        ("link", json!("/relative/path")),
    ] {
        let mut value = stamp_json();
        value[field] = bad.clone();
        let err = serde_json::from_str::<Stamp>(&value.to_string())
            .expect_err(&format!("{field}: {bad} decoded"));
        assert!(
            err.to_string().contains(&format!("`{field}`")),
            "{field}: {bad}: {err}"
        );
        assert!(serde_json::from_value::<Stamp>(value).is_err());
    }
    // Items of an array fail too, saying what they hold.
    let mut value = stamp_json();
    value["history"] = json!(["never"]);
    let err = serde_json::from_value::<Stamp>(value).expect_err("decoded");
    assert!(err.to_string().contains("`never`"), "{err}");
}

#[tokio::test]
async fn typed_parameters_and_bodies_are_sent_as_their_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/stamps/a79de439-0e7f-4ebb-8a02-222222222222"))
        .and(query_param("since", "2025-01-01T12:21:02.0000Z"))
        .and(query_param("on", "2024-02-29"))
        .and(query_param("from", "https://example.com/a?b=c"))
        .respond_with(ResponseTemplate::new(200).set_body_json(stamp_json()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/stamps/a79de439-0e7f-4ebb-8a02-222222222222"))
        .and(body_json(stamp_json()))
        .respond_with(ResponseTemplate::new(200).set_body_json(stamp_json()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client");
    let id: formats_client::uuid::Uuid = "a79de439-0e7f-4ebb-8a02-222222222222".parse().unwrap();
    let params = formats_client::models::StampsGetParams::new()
        .with_since("2025-01-01T12:21:02.0000Z".parse::<DateTime>().unwrap())
        .with_on(formats_client::time::Date::from_calendar_date(2024, Month::February, 29).unwrap())
        .with_from(formats_client::url::Url::parse("https://example.com/a?b=c").unwrap());
    let got = client.stamps().get(&id, &params).await.expect("get");
    assert_eq!(serde_json::to_value(&got).unwrap(), stamp_json());
    let put = client.stamps().put(&id, &got).await.expect("put");
    assert_eq!(put, got);
}
