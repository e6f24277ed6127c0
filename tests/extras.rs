//! Nothing the server sends is lost: members a model has no field for are kept, in order, at
//! every level (top level, `config`, nested objects, array items), and written back unchanged,
//! so decode → encode is the identity on JSON values. Secret-looking unknown members are hidden
//! by `Debug`, a typed field wins over a stale extra of its name, and an update built from a
//! decoded value sends the unknown members back.

use cloudflare_identity::models::{
    self, AccountOrZone, IdentityProvider, Message, ResultInfo, SsoConnector,
};
use cloudflare_identity::{Client, Extra};
use integration_tests::{fixture, read_fixture};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Decodes `value` as `T` and encodes it again; the result must be `value`.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let text = serde_json::to_string(value).unwrap();
    let decoded: T = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {}", serde_json::to_string_pretty(value).unwrap()));
    let back = serde_json::to_value(&decoded).unwrap();
    assert_eq!(
        &back,
        value,
        "re-encoded:\n{}\nsent:\n{}",
        serde_json::to_string_pretty(&back).unwrap(),
        serde_json::to_string_pretty(value).unwrap()
    );
    // Through `from_value` (no JSON text to borrow from) too.
    let decoded: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&decoded).unwrap(), value);
    decoded
}

fn json_fixture(rel: &str) -> Value {
    serde_json::from_str(&read_fixture(rel)).unwrap()
}

fn idp_fixtures() -> Vec<(String, Value)> {
    let mut paths: Vec<_> = std::fs::read_dir(fixture("payloads/idp"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, value)
        })
        .collect()
}

#[test]
fn every_identity_provider_fixture_round_trips() {
    let fixtures = idp_fixtures();
    assert_eq!(fixtures.len(), 15, "14 kinds and an unknown one");
    for (_, value) in &fixtures {
        round_trip::<IdentityProvider>(value);
    }
}

/// The `result`, `errors`, `messages` and `result_info` of every response fixture, each through
/// the type its operation decodes it into.
#[test]
fn every_response_fixture_round_trips() {
    let mut seen = 0;
    for entry in std::fs::read_dir(fixture("payloads/responses")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let body = json_fixture(&format!("payloads/responses/{name}.json"));
        for key in ["errors", "messages"] {
            for message in body[key].as_array().unwrap() {
                round_trip::<Message>(message);
            }
        }
        if let Some(info) = body.get("result_info") {
            round_trip::<ResultInfo>(info);
        }
        let result = &body["result"];
        match name.as_str() {
            "identity_providers_list" => drop(round_trip::<Vec<IdentityProvider>>(result)),
            "identity_providers_create" => drop(round_trip::<IdentityProvider>(result)),
            "idp_federation_grants_create" => {
                drop(round_trip::<models::IdpFederationGrant>(result))
            }
            "sso_list" => drop(round_trip::<Vec<SsoConnector>>(result)),
            "sso_get" | "sso_create" | "sso_update" => drop(round_trip::<SsoConnector>(result)),
            "sso_delete" => drop(round_trip::<models::SsoConnectorDeleteResponseResult>(
                result,
            )),
            "sso_begin_verification" => assert!(body.get("result").is_none()),
            other => panic!("a response fixture no test knows: {other}"),
        }
        seen += 1;
    }
    assert_eq!(seen, 9);
}

/// The SAML fixture with members the spec does not list at every level: top level, `config`,
/// `scim_config` (a nested object), the items of `config.header_attributes`, and inside an
/// unknown member.
fn saml_with_undocumented_fields() -> Value {
    let mut saml = json_fixture("payloads/idp/saml.json");
    saml["created_at"] = json!("2024-05-01T12:00:00Z");
    saml["policy"] = json!({"nested": [1, {"deep": null}], "rank": 2.5});
    saml["config"]["idp_public_cert"] = json!("-----BEGIN CERTIFICATE-----\nMIIB\n-----END");
    saml["config"]["sign_assertion"] = json!(false);
    saml["config"]["header_attributes"][0]["required"] = json!(true);
    saml["scim_config"]["group_member_deprovision"] = json!(true);
    saml
}

#[test]
fn undocumented_fields_at_every_level_round_trip() {
    let value = saml_with_undocumented_fields();
    let IdentityProvider::Saml(saml) = round_trip::<IdentityProvider>(&value) else {
        panic!("not SAML");
    };
    assert_eq!(
        saml.extra.get("policy"),
        Some(&json!({"nested": [1, {"deep": null}], "rank": 2.5}))
    );
    assert_eq!(
        saml.config.extra.get("idp_public_cert"),
        Some(&value["config"]["idp_public_cert"])
    );
    assert_eq!(
        saml.config.header_attributes.as_ref().unwrap()[0]
            .extra
            .get("required"),
        Some(&json!(true))
    );
    let scim = saml.scim_config.as_ref().unwrap();
    assert_eq!(
        scim.extra.get("group_member_deprovision"),
        Some(&json!(true))
    );

    // The same through the other models: a connector, an envelope's messages, paging info.
    let mut connector = json_fixture("payloads/responses/sso_get.json")["result"].clone();
    connector["display_name"] = json!("Widgets");
    connector["verification"]["attempts"] = json!(3);
    round_trip::<SsoConnector>(&connector);
    round_trip::<Message>(&json!({
        "code": 1000, "message": "m", "hint": "h", "source": {"pointer": "/a", "line": 1}
    }));
    round_trip::<ResultInfo>(&json!({
        "count": 1, "page": 1, "per_page": 20, "total_count": 1, "cursor": "abc"
    }));
}

/// Wherever the tag is, undocumented members keep their order (the union reads the members
/// before its tag once, then hands them to the variant).
#[test]
fn unknown_members_keep_their_order_wherever_the_tag_is() {
    for text in [
        r#"{"type":"github","b_unknown":1,"name":"n","config":{},"a_unknown":2}"#,
        r#"{"b_unknown":1,"name":"n","type":"github","config":{},"a_unknown":2}"#,
        r#"{"b_unknown":1,"name":"n","config":{},"a_unknown":2,"type":"github"}"#,
    ] {
        let idp: IdentityProvider = serde_json::from_str(text).unwrap();
        let IdentityProvider::Github(github) = &idp else {
            panic!("not GitHub: {idp:?}");
        };
        let names: Vec<&str> = github.extra.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["b_unknown", "a_unknown"], "{text}");
        let back = serde_json::to_string(&idp).unwrap();
        assert!(back.ends_with(r#","b_unknown":1,"a_unknown":2}"#), "{back}");
    }
}

#[test]
fn a_typed_field_wins_over_a_stale_extra_of_its_name() {
    let mut saml = saml_with_undocumented_fields();
    let IdentityProvider::Saml(mut decoded) = serde_json::from_value(saml.clone()).unwrap() else {
        panic!("not SAML");
    };
    decoded.name = "Renamed".to_owned();
    decoded.extra.insert("name", "stale");
    decoded.extra.insert("type", "oidc");
    decoded
        .config
        .extra
        .insert("issuer_url", "https://stale.example");
    decoded.extra.insert("added_by_user", json!([true]));
    let sent = serde_json::to_value(IdentityProvider::Saml(decoded)).unwrap();
    saml["name"] = json!("Renamed");
    saml["added_by_user"] = json!([true]);
    assert_eq!(sent, saml);
}

#[test]
fn extras_can_be_read_set_and_removed_in_order() {
    let mut extra = Extra::new();
    assert!(extra.is_empty());
    assert_eq!(extra.insert("b", 1), None);
    assert_eq!(extra.insert("a", "x"), None);
    assert_eq!(extra.insert("b", 2), Some(json!(1)));
    assert_eq!(extra.len(), 2);
    *extra.get_mut("a").unwrap() = json!("y");
    let names: Vec<_> = extra.iter().map(|(n, v)| format!("{n}={v}")).collect();
    assert_eq!(names, ["b=2", "a=\"y\""]);
    assert_eq!(extra.remove("b"), Some(json!(2)));
    assert_eq!(extra.get("b"), None);
    assert_eq!(serde_json::to_value(&extra).unwrap(), json!({"a": "y"}));
    let collected: Extra = [("k", json!(1)), ("k", json!(2))].into_iter().collect();
    assert_eq!(collected.len(), 1);
}

#[test]
fn debug_hides_secret_looking_unknown_members_at_every_level() {
    let mut value = json_fixture("payloads/idp/oidc.json");
    value["signing_key"] = json!("top-5ecr3t-1");
    value["config"]["refresh_token"] = json!("top-5ecr3t-2");
    value["config"]["assertion"] = json!({"Client_Password": "top-5ecr3t-3", "kept": "visible-1"});
    value["scim_config"]["bearer_credential"] = json!(["top-5ecr3t-4"]);
    value["labels"] = json!({"api_key": "top-5ecr3t-5", "team": "visible-2"});
    let idp: IdentityProvider = serde_json::from_value(value).unwrap();
    let debug = format!("{idp:?}");
    for n in 1..=5 {
        assert!(!debug.contains(&format!("top-5ecr3t-{n}")), "{debug}");
    }
    assert!(
        debug.contains("visible-1") && debug.contains("visible-2"),
        "{debug}"
    );
    assert!(debug.contains(r#""signing_key": [redacted]"#), "{debug}");
}

/// Decode a provider the API returns, rename it, send it back: the members this version does
/// not know go back too, at every level.
#[tokio::test]
async fn a_body_built_from_a_decoded_value_sends_the_unknown_fields_back() {
    let server = MockServer::start().await;
    let account = "023e105f4ecef8ad9ca31a8372d0c353";
    let idps = format!("/accounts/{account}/access/identity_providers");
    let returned = saml_with_undocumented_fields();
    Mock::given(method("GET"))
        .and(path(idps.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [], "result": [returned],
            "result_info": {"page": 1, "per_page": 20, "count": 1, "total_count": 1}
        })))
        .mount(&server)
        .await;
    let mut expected = returned.clone();
    expected["name"] = json!("Widget Corp SAML (renamed)");
    Mock::given(method("POST"))
        .and(path(idps.as_str()))
        .and(wiremock::matchers::body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [], "result": expected
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_token("test-token")
        .build()
        .unwrap();
    let scope = AccountOrZone::account(account);
    let providers = client.zero_trust().identity_providers();
    let page = providers.list(&scope, &Default::default()).await.unwrap();
    let Some(IdentityProvider::Saml(mut saml)) = page.items.into_iter().next() else {
        panic!("no SAML provider");
    };
    saml.name.push_str(" (renamed)");
    let saved = providers
        .create(&scope, &IdentityProvider::Saml(saml))
        .await
        .unwrap();
    assert_eq!(serde_json::to_value(saved).unwrap(), expected);
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // Fractions whose decimal text serde_json's (not correctly rounding) float parser reads
        // back exactly: its precision is not what is tested here.
        (-1i64 << 20..1i64 << 20).prop_map(|n| Value::from(n as f64 / 64.0)),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::vec((".{0,8}", inner), 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// Names no model has a field for (fields are ASCII snake case; these start with `~` or a
/// capital, or carry an escape-worthy character).
fn unknown_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "~[a-z_]{0,10}",
        "[A-Z][a-zA-Z0-9]{0,10}",
        "[a-z]{1,6}[\"\\\\\n é-]{1,3}"
    ]
}

/// Where in an identity provider an unknown member goes: the object at that JSON pointer.
const LEVELS: [&str; 4] = ["", "/config", "/scim_config", "/config/header_attributes/0"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random unknown members at random levels of every fixture, with the tag anywhere: the
    /// decoded value encodes back to the same JSON.
    #[test]
    fn random_unknown_fields_round_trip(
        which in 0usize..15,
        added in prop::collection::vec((0usize..LEVELS.len(), unknown_name(), any_json()), 0..6),
        tag_at in 0usize..8,
    ) {
        let (_, mut value) = idp_fixtures().swap_remove(which);
        for (level, name, member) in added {
            if let Some(Value::Object(object)) = value.pointer_mut(LEVELS[level]) {
                object.insert(name, member);
            }
        }
        // The members in JSON text, the tag moved to position `tag_at` (serde_json's maps are
        // sorted, so the text is written by hand).
        let Value::Object(mut top) = value.clone() else { unreachable!() };
        let tag = top.remove("type").unwrap();
        let mut members: Vec<String> = top
            .iter()
            .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str())))
            .collect();
        members.insert(tag_at.min(members.len()), format!("\"type\":{tag}"));
        let text = format!("{{{}}}", members.join(","));
        let decoded: IdentityProvider = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(serde_json::to_value(&decoded).unwrap(), value.clone());
        let decoded: IdentityProvider = serde_json::from_value(value.clone()).unwrap();
        prop_assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
    }
}

/// Members every kind has as a string (`id`, `name`) are read as they are when they come before
/// the tag: any JSON there still decodes (into an unknown kind) and escapes are kept.
#[test]
fn scalar_members_before_the_tag_take_any_json() {
    let unknown = json!({"name": {"first": [1, 2]}, "id": "a\"bé", "type": "future"});
    let text = r#"{"name":{"first":[1,2]},"id":"a\"b\u00e9","type":"future"}"#;
    let decoded: IdentityProvider = serde_json::from_str(text).unwrap();
    assert_eq!(decoded, IdentityProvider::Unknown(unknown));
    let known = r#"{"id":"a\"b\u00e9","name":"n\n","type":"github","config":{}}"#;
    let IdentityProvider::Github(github) = serde_json::from_str(known).unwrap() else {
        panic!("not GitHub");
    };
    assert_eq!(
        (github.id.as_deref(), github.name.as_str()),
        (Some("a\"bé"), "n\n")
    );
    let err = serde_json::from_str::<IdentityProvider>(r#"{"name":5,"type":"github","config":{}}"#)
        .unwrap_err();
    assert!(
        err.to_string().contains("invalid type: integer `5`"),
        "{err}"
    );
}

/// `body` (an object without `type`) decoded with the tag first (the variant reads the input
/// itself) and with the tag last (the union reads every member into its merged slots first).
fn tag_first_and_last(
    kind: &str,
    body: &str,
) -> (IdentityProvider, serde_json::Result<IdentityProvider>) {
    let inner = &body[1..body.len() - 1];
    let first = serde_json::from_str(&format!(r#"{{"type":"{kind}",{inner}}}"#))
        .unwrap_or_else(|e| panic!("tag first, {kind} {body}: {e}"));
    let last = serde_json::from_str(&format!(r#"{{{inner},"type":"{kind}"}}"#));
    (first, last)
}

/// With the tag last, `body` decodes to the same value as with the tag first, and encodes back
/// to the same JSON.
fn same_wherever_the_tag_is(kind: &str, body: &str) {
    let (first, last) = tag_first_and_last(kind, body);
    let last = last.unwrap_or_else(|e| panic!("tag last, {kind} {body}: {e}"));
    assert_eq!(last, first, "{kind} {body}");
    let mut expected: Value = serde_json::from_str(body).unwrap();
    expected["type"] = json!(kind);
    assert_eq!(
        serde_json::to_value(&last).unwrap(),
        expected,
        "{kind} {body}"
    );
}

#[test]
fn tag_last_config_of_the_kind_s_own_fields() {
    same_wherever_the_tag_is(
        "okta",
        r#"{"config":{"okta_account":"https://x.okta.com","client_id":"c","claims":["a"]},"name":"n","id":"i"}"#,
    );
}

/// `client_id` is a string to the OAuth kinds, `sign_request` a bool to SAML: in a kind without
/// them, a value of another type is an unknown member, as it is with the tag first.
#[test]
fn tag_last_another_kind_s_field_of_another_type_is_kept_as_json() {
    same_wherever_the_tag_is(
        "saml",
        r#"{"config":{"client_id":5,"issuer_url":"u","sign_request":true},"name":"n"}"#,
    );
    same_wherever_the_tag_is(
        "github",
        r#"{"config":{"sign_request":"yes","client_id":"c","attributes":{"a":1}},"name":"n"}"#,
    );
}

#[test]
fn tag_last_unknown_fields_interleaved_with_known_ones() {
    same_wherever_the_tag_is(
        "oidc",
        r#"{"name":"n","config":{"z_first":1,"client_id":"c","tenant":{"a":[1]},"auth_url":"u","scopes":["s"],"a_last":null},"later":true,"scim_config":{"enabled":true,"new_flag":1}}"#,
    );
}

/// An unknown kind's members may have any shape, even where a known kind has a typed field.
#[test]
fn tag_last_an_unknown_kind_s_members_of_other_shapes() {
    same_wherever_the_tag_is(
        "future-kind",
        r#"{"config":{"claims":"all","client_id":{"id":1},"tenant":"t"},"name":7,"scim_config":"off","id":null}"#,
    );
    same_wherever_the_tag_is("future-kind", r#"{"config":[1,2],"name":"n"}"#);
}

/// Where the tag is does not change what is an error: a field of the kind with a value of the
/// wrong type, or a missing required field.
#[test]
fn tag_last_errors_are_the_kind_s_own() {
    for body in [
        r#"{"config":{"client_id":5},"name":"n"}"#,
        r#"{"config":"none","name":"n"}"#,
        r#"{"config":{}}"#,
    ] {
        let inner = &body[1..body.len() - 1];
        let first =
            serde_json::from_str::<IdentityProvider>(&format!(r#"{{"type":"okta",{inner}}}"#));
        let last =
            serde_json::from_str::<IdentityProvider>(&format!(r#"{{{inner},"type":"okta"}}"#));
        assert!(
            first.is_err() && last.is_err(),
            "{body}: {first:?} {last:?}"
        );
    }
}

/// The limit of reading members before the tag typed: a list or object whose shape fits another
/// kind's field but whose contents do not fails the item, where the tag first keeps it as an
/// unknown member (see the README's decode section).
#[test]
fn tag_last_contents_of_another_type_in_another_kind_s_list_fail() {
    let (first, last) = tag_first_and_last("saml", r#"{"config":{"claims":[1]},"name":"n"}"#);
    assert!(matches!(first, IdentityProvider::Saml(_)));
    assert!(last.is_err());
}

/// Another kind's field with the type that kind gives it is read into its typed slot; the kind
/// decoded keeps it as an unknown member.
#[test]
fn tag_last_another_kind_s_field_of_its_own_type_is_kept() {
    same_wherever_the_tag_is(
        "github",
        r#"{"config":{"client_id":"c","tenant":"t","claims":["a"],"okta_account":"x"},"name":"n","id":"i"}"#,
    );
}

/// Unknown members keep their input order when the tag comes last too, other kinds' fields
/// (read into their slots) among them.
#[test]
fn tag_last_other_kinds_fields_keep_their_place_among_unknown_members() {
    let body =
        r#"{"config":{"okta_account":"x","tenant":"t","client_id":"c","claims":[]},"name":"n"}"#;
    let (first, last) = tag_first_and_last("github", body);
    let names = |idp: &IdentityProvider| match idp {
        IdentityProvider::Github(g) => g
            .config
            .extra
            .iter()
            .map(|(n, _)| n.to_owned())
            .collect::<Vec<_>>(),
        other => panic!("not GitHub: {other:?}"),
    };
    assert_eq!(names(&first), ["okta_account", "tenant", "claims"]);
    assert_eq!(names(&last.unwrap()), ["okta_account", "tenant", "claims"]);
}

/// A union whose kinds type a shared `config` field name differently decodes each kind the
/// same with the tag first and last (`tests/behaviour/merged_slots.rs`).
#[test]
fn merged_slots_of_a_field_typed_differently_per_kind() {
    integration_tests::run_behaviour_test(
        &integration_tests::fixture("corpus/merged-slots.yaml"),
        &integration_tests::root().join("tests/behaviour/merged_slots.rs"),
    )
    .unwrap_or_else(|e| panic!("the behaviour test of the generated crate failed:\n{e}"));
}
