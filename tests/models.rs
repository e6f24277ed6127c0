//! The generated models decode real payloads: every IdP kind into its own variant with its
//! config intact, unknown kinds into the fallback, and every seed response example.

use cloudflare_identity::models::{self, IdentityProvider};
use cloudflare_identity::Envelope;
use integration_tests::read_fixture;
use serde_json::Value;

const KINDS: [&str; 14] = [
    "azureAD",
    "centrify",
    "facebook",
    "github",
    "google",
    "google-apps",
    "linkedin",
    "oidc",
    "okta",
    "onelogin",
    "pingone",
    "saml",
    "yandex",
    "onetimepin",
];

fn idp_fixture(kind: &str) -> Value {
    serde_json::from_str(&read_fixture(&format!("payloads/idp/{kind}.json"))).unwrap()
}

fn variant_name(idp: &IdentityProvider) -> &'static str {
    match idp {
        IdentityProvider::AzureAd(_) => "AzureAd",
        IdentityProvider::Centrify(_) => "Centrify",
        IdentityProvider::Facebook(_) => "Facebook",
        IdentityProvider::Github(_) => "Github",
        IdentityProvider::Google(_) => "Google",
        IdentityProvider::GoogleApps(_) => "GoogleApps",
        IdentityProvider::Linkedin(_) => "Linkedin",
        IdentityProvider::Oidc(_) => "Oidc",
        IdentityProvider::Okta(_) => "Okta",
        IdentityProvider::Onelogin(_) => "Onelogin",
        IdentityProvider::Pingone(_) => "Pingone",
        IdentityProvider::Saml(_) => "Saml",
        IdentityProvider::Yandex(_) => "Yandex",
        IdentityProvider::Onetimepin(_) => "Onetimepin",
        IdentityProvider::Unknown(_) => "Unknown",
        _ => "other",
    }
}

#[test]
fn each_of_the_14_kinds_decodes_to_its_own_variant_and_round_trips() {
    let mut seen = std::collections::BTreeSet::new();
    for kind in KINDS {
        let json = idp_fixture(kind);
        let idp: IdentityProvider = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(idp.kind(), Some(kind));
        assert_ne!(variant_name(&idp), "Unknown", "{kind}");
        assert!(seen.insert(variant_name(&idp)), "{kind} shares a variant");
        let back = serde_json::to_value(&idp).unwrap();
        assert_eq!(back, json, "{kind} does not round-trip");
        // Same from bytes, with the tag moved to the end of the object.
        let mut reordered = serde_json::Map::new();
        for (k, v) in json.as_object().unwrap() {
            if k != "type" {
                reordered.insert(k.clone(), v.clone());
            }
        }
        let text = serde_json::to_string(&reordered).unwrap();
        let text = format!("{},\"type\":\"{kind}\"}}", &text[..text.len() - 1]);
        let late: IdentityProvider = serde_json::from_str(&text).unwrap();
        assert_eq!(late, idp, "{kind} with the tag last");
    }
    assert_eq!(seen.len(), 14);
}

#[test]
fn kind_specific_config_fields_are_kept() {
    let saml: IdentityProvider = serde_json::from_value(idp_fixture("saml")).unwrap();
    let IdentityProvider::Saml(saml) = saml else {
        panic!("not saml")
    };
    assert_eq!(saml.config.sign_request, Some(true));
    let header = &saml.config.header_attributes.as_ref().unwrap()[0];
    assert_eq!(header.header_name.as_deref(), Some("X-Widget-Department"));
    assert_eq!(
        saml.scim_config.unwrap().identity_update_behavior,
        Some(models::IdentityUpdateBehavior::NoAction)
    );

    let azure: IdentityProvider = serde_json::from_value(idp_fixture("azureAD")).unwrap();
    let IdentityProvider::AzureAd(azure) = azure else {
        panic!("not azure")
    };
    assert_eq!(azure.config.conditional_access_enabled, Some(true));
    assert!(azure.config.prompt.is_some());

    let oidc: IdentityProvider = serde_json::from_value(idp_fixture("oidc")).unwrap();
    let IdentityProvider::Oidc(oidc) = oidc else {
        panic!("not oidc")
    };
    assert!(oidc.config.scopes.is_some_and(|s| !s.is_empty()));
    assert!(oidc.config.pkce_enabled.is_some());
}

#[test]
fn an_unknown_kind_round_trips_through_the_fallback() {
    let json = idp_fixture("unknown-kind");
    let idp: IdentityProvider = serde_json::from_value(json.clone()).unwrap();
    assert!(matches!(idp, IdentityProvider::Unknown(_)), "{idp:?}");
    assert_eq!(idp.kind(), json["type"].as_str());
    assert_eq!(serde_json::to_value(&idp).unwrap(), json);
}

#[test]
fn unknown_enum_values_are_kept_not_rejected() {
    let v: models::IdentityUpdateBehavior = serde_json::from_str("\"sometimes\"").unwrap();
    assert_eq!(
        v,
        models::IdentityUpdateBehavior::Unknown("sometimes".into())
    );
    assert_eq!(serde_json::to_string(&v).unwrap(), "\"sometimes\"");
    let known: models::SsoVerificationStatus = serde_json::from_str("\"verified\"").unwrap();
    assert_eq!(known, models::SsoVerificationStatus::Verified);
}

#[test]
fn optional_fields_are_omitted_when_unset() {
    let body = models::SsoConnectorCreateRequest::new("example.com");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        serde_json::json!({"email_domain": "example.com"})
    );
    let body = body.with_begin_verification(true);
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        serde_json::json!({"email_domain": "example.com", "begin_verification": true})
    );
}

#[test]
fn secrets_do_not_show_in_debug() {
    let json = idp_fixture("okta");
    let secret = json["config"]["client_secret"].as_str().unwrap().to_owned();
    let scim_secret = json["scim_config"]["secret"].as_str().unwrap().to_owned();
    let idp: IdentityProvider = serde_json::from_value(json).unwrap();
    let debug = format!("{idp:?}");
    assert!(!debug.contains(&secret), "{debug}");
    assert!(!debug.contains(&scim_secret), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");
}

fn envelope<T: serde::de::DeserializeOwned>(name: &str) -> Envelope<T> {
    let text = read_fixture(&format!("payloads/responses/{name}.json"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_seed_response_examples_of_all_nine_operations_decode() {
    let list = envelope::<Vec<IdentityProvider>>("identity_providers_list");
    assert_eq!(list.result.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        list.result_info.as_ref().and_then(|i| i.total_pages),
        Some(100)
    );
    let created = envelope::<IdentityProvider>("identity_providers_create");
    assert!(created.result.is_some());
    let grant = envelope::<models::IdpFederationGrant>("idp_federation_grants_create");
    let grant = grant.result.unwrap();
    assert_eq!(
        grant.idp_id.to_string(),
        "a79de439-0e7f-4ebb-8a02-222222222222"
    );
    assert_eq!(
        grant.created_at.unwrap().get().nanosecond(),
        123_450_000,
        "`2014-01-01T05:20:00.12345Z` read as a date-time"
    );
    let sso = envelope::<Vec<models::SsoConnector>>("sso_list");
    assert_eq!(
        sso.result.unwrap()[0].email_domain.as_deref(),
        Some("example.com")
    );
    for name in ["sso_get", "sso_create", "sso_update"] {
        let one = envelope::<models::SsoConnector>(name);
        let verification = one.result.unwrap().verification.unwrap();
        assert_eq!(
            verification.status,
            Some(models::SsoVerificationStatus::Pending)
        );
    }
    let deleted = envelope::<Option<models::SsoConnectorDeleteResponseResult>>("sso_delete");
    assert_eq!(
        deleted.result.flatten().unwrap().id,
        "023e105f4ecef8ad9ca31a8372d0c353"
    );
    let begun = envelope::<serde::de::IgnoredAny>("sso_begin_verification");
    assert!(begun.success);
    assert_eq!(begun.errors[0].code, 1000);
    assert_eq!(
        begun.errors[0]
            .source
            .as_ref()
            .and_then(|s| s.pointer.as_deref()),
        Some("pointer")
    );
}

/// `json` with its `type` member moved to position `at` among the members.
fn with_tag_at(json: &Value, at: usize) -> String {
    let members = json.as_object().unwrap();
    let mut parts: Vec<String> = members
        .iter()
        .filter(|(k, _)| *k != "type")
        .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), v))
        .collect();
    parts.insert(at.min(parts.len()), format!("\"type\":{}", json["type"]));
    format!("{{{}}}", parts.join(","))
}

/// Every way serde_json can hand the union its input: borrowed text, bytes, a reader (owned,
/// short-lived strings), and a `Value` tree.
fn decode_every_way(text: &str) -> [IdentityProvider; 4] {
    [
        serde_json::from_str(text).unwrap(),
        serde_json::from_slice(text.as_bytes()).unwrap(),
        serde_json::from_reader(text.as_bytes()).unwrap(),
        serde_json::from_value(serde_json::from_str(text).unwrap()).unwrap(),
    ]
}

#[test]
fn the_tag_is_found_wherever_it_is_and_every_input_decodes_the_same() {
    for kind in KINDS.iter().copied().chain(["unknown-kind"]) {
        let json = idp_fixture(kind);
        let expected: IdentityProvider = serde_json::from_value(json.clone()).unwrap();
        let members = json.as_object().unwrap().len();
        for at in 0..members {
            let text = with_tag_at(&json, at);
            for (how, idp) in decode_every_way(&text).iter().enumerate() {
                assert_eq!(idp, &expected, "{kind}, tag at {at}, input {how}");
                assert_eq!(serde_json::to_value(idp).unwrap(), json, "{kind} at {at}");
            }
        }
    }
}

#[test]
fn values_before_the_tag_keep_escapes_numbers_and_nesting() {
    // Every JSON shape before the tag: escaped strings (which cannot be borrowed), numbers,
    // nested objects and arrays, null.
    let text = r#"{
        "name": "Caf\u00e9 \"Widget\" \\ IdP",
        "config": {"client_id": "a\/b", "claims": ["x", "y\n"], "email_claim_name": null},
        "scim_config": {"enabled": true, "seat_deprovision": false},
        "id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
        "type": "google"
    }"#;
    for idp in decode_every_way(text) {
        let IdentityProvider::Google(google) = idp else {
            panic!("not google: {idp:?}")
        };
        assert_eq!(google.name, "Café \"Widget\" \\ IdP");
        assert_eq!(google.config.client_id.as_deref(), Some("a/b"));
        assert_eq!(
            google.config.claims.as_deref(),
            Some(&["x".to_owned(), "y\n".to_owned()][..])
        );
        assert_eq!(google.config.email_claim_name, None);
        assert_eq!(google.scim_config.unwrap().enabled, Some(true));
    }
    // An unknown kind keeps every member before its tag, whatever its type.
    let text = r#"{"n": -1.5e3, "big": 18446744073709551615, "neg": -7, "s": "\t",
        "nested": {"a": [1, {"b": null}]}, "type": "passkey", "after": true}"#;
    for idp in decode_every_way(text) {
        let IdentityProvider::Unknown(raw) = &idp else {
            panic!("not unknown: {idp:?}")
        };
        assert_eq!(raw, &serde_json::from_str::<Value>(text).unwrap());
        assert_eq!(idp.kind(), Some("passkey"));
    }
}

#[test]
fn bad_values_are_errors_with_a_position_not_panics() {
    // A field of the wrong type before the tag is reported when the variant reads it.
    let text = r#"{"name": 5, "config": {}, "type": "github"}"#;
    let err = serde_json::from_str::<IdentityProvider>(text).unwrap_err();
    assert!(
        err.to_string().contains("invalid type: integer `5`"),
        "{err}"
    );
    assert!(err.line() >= 1 && err.column() > 0, "{err}");
    // Reported once, with the position in the input (not in the re-read text).
    let text = r#"{"name":"n","config":{"claims":"not a list"},"type":"azureAD"}"#;
    let message = serde_json::from_str::<IdentityProvider>(text)
        .unwrap_err()
        .to_string();
    assert!(message.contains("invalid type"), "{message}");
    assert_eq!(message.matches(" at line ").count(), 1, "{message}");
    // The same after the tag.
    let text = r#"{"type": "github", "config": {}, "name": 5}"#;
    let err = serde_json::from_str::<IdentityProvider>(text).unwrap_err();
    assert!(
        err.to_string().contains("invalid type: integer `5`"),
        "{err}"
    );
    // Truncated input and a missing required field.
    assert!(serde_json::from_str::<IdentityProvider>(r#"{"name": "x", "type": "git"#).is_err());
    let err = serde_json::from_str::<IdentityProvider>(r#"{"type": "github", "config": {}}"#)
        .unwrap_err();
    assert!(err.to_string().contains("missing field `name`"), "{err}");
    // Not an object at all.
    assert!(serde_json::from_str::<IdentityProvider>("[1, 2]").is_err());
    assert!(serde_json::from_str::<IdentityProvider>("\"github\"").is_err());
}

#[test]
fn a_tag_that_is_missing_or_not_a_string_goes_to_the_fallback() {
    for text in [
        r#"{"name": "x", "config": {}}"#,
        r#"{"name": "x", "type": 7}"#,
        r#"{"type": null, "name": "x"}"#,
        r#"{"type": {"kind": "github"}}"#,
    ] {
        for idp in decode_every_way(text) {
            assert!(
                matches!(idp, IdentityProvider::Unknown(_)),
                "{text}: {idp:?}"
            );
            assert_eq!(
                serde_json::to_value(&idp).unwrap(),
                serde_json::from_str::<Value>(text).unwrap(),
                "{text}"
            );
        }
    }
}

#[test]
fn a_variant_on_its_own_writes_its_tag_first_and_reads_back() {
    let github = models::Github::new(models::GenericOauthConfig::new(), "GitHub");
    let text = serde_json::to_string(&github).unwrap();
    assert!(text.starts_with(r#"{"type":"github","#), "{text}");
    assert_eq!(
        serde_json::from_str::<models::Github>(&text).unwrap(),
        github
    );
    // Inside the union the tag is written once.
    let union = serde_json::to_string(&IdentityProvider::Github(github)).unwrap();
    assert_eq!(union, text);
}
