//! Compiled as a test of the crate generated from
//! `tests/fixtures/corpus/secrets-and-varnames.yaml` (by `tests/corpus.rs`, through
//! `run_behaviour_test`), not by the test crate itself.

use fixture_secrets::models::{Level, Login, LoginShade};

const SECRETS: [&str; 3] = ["hunter2-password", "recovery-9f8e", "key-7c6b5a"];

fn login() -> Login {
    serde_json::from_value(serde_json::json!({
        "user": "ada",
        "password": SECRETS[0],
        "recovery_code": SECRETS[1],
        "api_key": SECRETS[2],
        "level": "admin-ro",
        "shade": "#0f0",
    }))
    .expect("decodes")
}

/// `format: password` (required and optional) and `x-sensitive` never show in `Debug`, in any
/// of its forms; the other fields do.
#[test]
fn secrets_are_redacted_in_debug() {
    let login = login();
    for shown in [format!("{login:?}"), format!("{login:#?}")] {
        for secret in SECRETS {
            assert!(!shown.contains(secret), "{secret} leaks: {shown}");
        }
        assert!(shown.contains("ada"), "{shown}");
    }
    // Redacted in Debug only: the wire keeps them.
    let json = serde_json::to_string(&login).expect("encodes");
    for secret in SECRETS {
        assert!(json.contains(secret), "{json}");
    }
}

/// Variant names come from `x-enum-varnames`, for an enum component and an inline enum; the
/// wire values stay.
#[test]
fn enum_variants_are_named_by_x_enum_varnames() {
    let login = login();
    assert!(matches!(login.level, Level::ReadOnlyAdmin));
    assert!(matches!(login.shade, Some(LoginShade::Lime)));
    let names = [Level::Basic, Level::Elevated, Level::ReadOnlyAdmin];
    let wire: Vec<String> = names
        .iter()
        .map(|l| serde_json::to_string(l).expect("encodes"))
        .collect();
    assert_eq!(wire, ["\"1\"", "\"2\"", "\"admin-ro\""]);
    assert_eq!(
        serde_json::to_string(&LoginShade::Crimson).expect("encodes"),
        "\"#f00\""
    );
}
