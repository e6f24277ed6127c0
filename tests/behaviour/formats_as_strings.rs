//! Compiled as a test of the crate generated from `tests/fixtures/corpus/formats.yaml` with
//! `formats-as-strings` (by `tests/formats.rs`), not by the test crate itself.
//!
//! Every string format stays a `String`: nothing is parsed, checked or normalised. (That the
//! crate then has no `DateTime` nor `time`, `uuid` or `url` dependency is checked on its
//! generated files by `tests/formats.rs`.)

use formats_client::models::{Stamp, StampsGetParams, When};
use serde_json::json;

#[test]
fn string_formats_are_strings_kept_as_sent() {
    let sent = json!({
        "at": "not a date, not checked",
        "on": "2024-2-29",
        "id": "A79DE439-0E7F-4EBB-8A02-222222222222",
        "link": "HTTPS://Example.COM",
        "history": ["never"],
        "days": {"first": "someday"},
    });
    let stamp: Stamp = serde_json::from_value(sent.clone()).expect("decodes");
    let _: (&String, &String, &String, &String) = (&stamp.at, &stamp.on, &stamp.id, &stamp.link);
    let _: Option<&Vec<String>> = stamp.history.as_ref();
    assert_eq!(serde_json::to_value(&stamp).expect("encodes"), sent);
    let params = StampsGetParams::new().with_since("anything");
    let _: Option<String> = params.since;
    let when: When = serde_json::from_value(json!("whenever")).expect("decodes");
    assert!(matches!(when, When::String(ref s) if s == "whenever"), "{when:?}");
}
