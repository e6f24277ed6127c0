//! Behaviour of the generated `cloudflare-identity` client against a local
//! mock server: exactly what each operation sends and how it decodes the
//! spec's example responses; authentication; retries, timeouts and error
//! classification; pagination; argument checks; and that no secret leaks
//! through `Debug`. Only the crate's public API is used, and only loopback
//! servers are contacted.

use std::time::{Duration, Instant};

use cloudflare_identity::models::{
    AccountOrZone, AzureAd, AzureAdConfig, AzureAdPrompt, GenericOauthConfig, Github,
    IdentityProvider, IdentityProviderScimConfig, IdentityProvidersListParams,
    IdentityUpdateBehavior, IdpFederationGrant, IdpFederationGrantCreateRequest, Onetimepin,
    OnetimepinConfig, ResultInfo, SsoConnector, SsoConnectorCreateRequest,
    SsoConnectorDeleteResponseResult, SsoConnectorUpdateRequest, SsoConnectorVerification,
    SsoVerificationStatus,
};
use cloudflare_identity::{Client, ClientBuilder, Error, Page, RequestOptions};
use futures::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-token-5ecr3t";
const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const CONNECTOR: &str = "023e105f4ecef8ad9ca31a8372d0c353";
/// The real base URL has a path; so does the mock's, to check that it is kept.
const PREFIX: &str = "/client/v4";

/// A seed response example from `tests/fixtures/payloads/responses/`.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("fixtures/payloads/responses/", $name, ".json"))
    };
}

/// The generated crate's manifest, for the default user agent.
const GENERATED_MANIFEST: &str = include_str!("../generated/Cargo.toml");

/// `cloudflare-identity/<version>`, the version read from the generated
/// crate's manifest so that a version bump does not break the tests.
fn default_user_agent() -> String {
    let field = |key: &str| {
        GENERATED_MANIFEST
            .lines()
            .find_map(|line| {
                let (k, v) = line.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
            })
            .unwrap_or_else(|| panic!("generated/Cargo.toml has no `{key}`"))
    };
    let (name, version) = (field("name"), field("version"));
    assert_eq!(name, "cloudflare-identity");
    format!("{name}/{version}")
}

/// A builder aimed at the mock server, with retries that do not slow the
/// tests down.
fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(format!("{}{PREFIX}", server.uri()))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn client(server: &MockServer) -> Client {
    builder(server)
        .api_token(TOKEN)
        .build()
        .expect("client builds")
}

fn date_time(text: &str) -> cloudflare_identity::DateTime {
    text.parse().unwrap()
}

fn uuid(text: &str) -> cloudflare_identity::uuid::Uuid {
    text.parse().unwrap()
}

fn account() -> AccountOrZone {
    AccountOrZone::account(ACCOUNT)
}

fn ok(result: Value) -> Value {
    json!({ "success": true, "errors": [], "messages": [], "result": result })
}

fn failure(code: i64, message: &str) -> Value {
    json!({
        "success": false,
        "errors": [{ "code": code, "message": message }],
        "messages": [],
        "result": null
    })
}

fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

fn idps_path() -> String {
    format!("{PREFIX}/accounts/{ACCOUNT}/access/identity_providers")
}

fn connectors_path() -> String {
    format!("{PREFIX}/accounts/{ACCOUNT}/sso_connectors")
}

fn connector_path(id: &str) -> String {
    format!("{}/{id}", connectors_path())
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The only request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut sent = requests(server).await;
    assert_eq!(sent.len(), 1, "exactly one request: {sent:?}");
    sent.remove(0)
}

fn header_of<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header"))
}

/// Checks everything a request carries: method, path, query, the headers
/// every request has (API token auth, `Accept`, `User-Agent`), and the JSON
/// body with its content type, or the absence of both.
fn assert_request(
    request: &Request,
    expected_method: &str,
    expected_path: &str,
    expected_query: Option<&str>,
    expected_body: Option<Value>,
) {
    assert_eq!(request.method.as_str(), expected_method, "method");
    assert_eq!(request.url.path(), expected_path, "path");
    assert_eq!(request.url.query(), expected_query, "query");
    assert_eq!(
        header_of(request, "authorization"),
        Some(&*format!("Bearer {TOKEN}")),
        "API token auth"
    );
    assert_eq!(header_of(request, "x-auth-email"), None);
    assert_eq!(header_of(request, "x-auth-key"), None);
    assert_eq!(header_of(request, "accept"), Some("application/json"));
    assert_eq!(
        header_of(request, "user-agent"),
        Some(&*default_user_agent()),
        "default user agent"
    );
    match expected_body {
        Some(body) => {
            assert_eq!(
                header_of(request, "content-type"),
                Some("application/json"),
                "a JSON body has its content type"
            );
            let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
            assert_eq!(sent, body, "body");
        }
        None => {
            assert_eq!(header_of(request, "content-type"), None, "no body, no type");
            assert!(request.body.is_empty(), "no body: {:?}", request.body);
        }
    }
}

/// The SSO connector of the seed examples.
fn seed_connector() -> SsoConnector {
    // Types only responses carry have no setters: built as users would, field by field.
    let mut verification = SsoConnectorVerification::default();
    verification.code = Some("cloudflare_dashboard_sso=023e105f4ecef8ad9ca31a8372d0c353".into());
    verification.status = Some(SsoVerificationStatus::Pending);
    let mut connector = SsoConnector::default();
    connector.id = Some(CONNECTOR.into());
    connector.created_on = Some(date_time("2025-01-01T12:21:02.0000Z"));
    connector.email_domain = Some("example.com".into());
    connector.enabled = Some(false);
    connector.updated_on = Some(date_time("2025-01-01T12:21:02.0000Z"));
    connector.use_fedramp_language = Some(false);
    connector.verification = Some(verification);
    connector
}

/// The identity provider of the seed examples: a one-time PIN provider
/// whose example config (Azure AD fields) one-time PIN does not model: kept,
/// in order, as members its config has no field for.
fn seed_identity_provider() -> IdentityProvider {
    let mut config = OnetimepinConfig::new();
    config.extra = [
        (
            "claims",
            json!(["email_verified", "preferred_username", "custom_claim_name"]),
        ),
        ("client_id", json!("<your client id>")),
        ("client_secret", json!("<your client secret>")),
        ("conditional_access_enabled", json!(true)),
        ("directory_id", json!("<your azure directory uuid>")),
        ("email_claim_name", json!("custom_claim_name")),
        ("prompt", json!("login")),
        ("support_groups", json!(true)),
    ]
    .into_iter()
    .collect();
    Onetimepin::new(config, "Widget Corps IDP")
        .with_id("f174e90a-fafe-4643-bbbc-4a0ed4fc8415")
        .with_scim_config(
            IdentityProviderScimConfig::new()
                .with_enabled(true)
                .with_identity_update_behavior(IdentityUpdateBehavior::Automatic)
                .with_scim_base_url("scim_base_url")
                .with_seat_deprovision(true)
                .with_secret("secret")
                .with_user_deprovision(true),
        )
        .into()
}

// --- every operation: what is sent, what is decoded -------------------------

#[tokio::test]
async fn identity_providers_list_sends_a_get_and_decodes_a_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(idps_path()))
        .respond_with(json_response(200, fixture!("identity_providers_list")))
        .mount(&server)
        .await;
    let client = client(&server);

    // Without parameters: no query string at all.
    let page = client
        .zero_trust()
        .identity_providers()
        .list(&account(), &IdentityProvidersListParams::default())
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        "GET",
        &idps_path(),
        None,
        None,
    );
    assert_eq!(page.items, vec![seed_identity_provider()]);
    assert_eq!(
        page.result_info,
        Some({
            let mut info = ResultInfo::default();
            info.count = Some(1);
            info.page = Some(1);
            info.per_page = Some(20);
            info.total_count = Some(2000);
            info.total_pages = Some(100);
            info
        })
    );
    assert_eq!(page.next_page(), Some(2));
    assert!(page.has_next_page());

    // With every parameter, in the spec's order.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path(idps_path()))
        .respond_with(json_response(200, fixture!("identity_providers_list")))
        .mount(&server)
        .await;
    let params = IdentityProvidersListParams::new()
        .with_page(1)
        .with_per_page(20)
        .with_scim_enabled("true");
    let again = client
        .zero_trust()
        .identity_providers()
        .list(&account(), &params)
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        "GET",
        &idps_path(),
        Some("page=1&per_page=20&scim_enabled=true"),
        None,
    );
    assert_eq!(again, page);
}

#[tokio::test]
async fn identity_providers_create_posts_the_tagged_body_and_decodes_the_result() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(idps_path()))
        .respond_with(json_response(200, fixture!("identity_providers_create")))
        .mount(&server)
        .await;

    let body: IdentityProvider = AzureAd::new(
        AzureAdConfig::new()
            .with_client_id("<your client id>")
            .with_client_secret("<your client secret>")
            .with_directory_id("<your azure directory uuid>")
            .with_claims(vec!["email_verified".to_owned()])
            .with_prompt(AzureAdPrompt::Login)
            .with_support_groups(true),
        "Widget Corps IDP",
    )
    .with_scim_config(
        IdentityProviderScimConfig::new()
            .with_enabled(true)
            .with_identity_update_behavior(IdentityUpdateBehavior::Reauth),
    )
    .into();
    let created = client(&server)
        .zero_trust()
        .identity_providers()
        .create(&account(), &body)
        .await
        .unwrap();

    let sent = only_request(&server).await;
    assert_request(
        &sent,
        "POST",
        &idps_path(),
        None,
        Some(json!({
            "type": "azureAD",
            "name": "Widget Corps IDP",
            "config": {
                "client_id": "<your client id>",
                "client_secret": "<your client secret>",
                "directory_id": "<your azure directory uuid>",
                "claims": ["email_verified"],
                "prompt": "login",
                "support_groups": true
            },
            "scim_config": { "enabled": true, "identity_update_behavior": "reauth" }
        })),
    );
    assert!(
        sent.body.starts_with(br#"{"type":"azureAD","#),
        "the tag comes first: {}",
        String::from_utf8_lossy(&sent.body)
    );
    // The create example's config leaves three of the Azure AD fields empty.
    let mut expected = seed_identity_provider();
    if let IdentityProvider::Onetimepin(otp) = &mut expected {
        for name in ["client_id", "client_secret", "directory_id"] {
            otp.config.extra.insert(name, "");
        }
    }
    assert_eq!(created, expected);
    assert_eq!(created.kind(), Some("onetimepin"));
}

#[tokio::test]
async fn identity_providers_are_scoped_to_a_zone_too() {
    let server = MockServer::start().await;
    let zone_path = format!("{PREFIX}/zones/z1/access/identity_providers");
    Mock::given(method("GET"))
        .and(path(zone_path.as_str()))
        .respond_with(json_response(200, fixture!("identity_providers_list")))
        .mount(&server)
        .await;

    let page = client(&server)
        .zero_trust()
        .identity_providers()
        .list(&AccountOrZone::zone("z1"), &Default::default())
        .await
        .unwrap();
    assert_request(&only_request(&server).await, "GET", &zone_path, None, None);
    assert_eq!(page.items.len(), 1);
}

#[tokio::test]
async fn idp_federation_grants_create_posts_the_idp_id() {
    let server = MockServer::start().await;
    let grants_path = format!("{PREFIX}/accounts/{ACCOUNT}/access/idp_federation_grants");
    Mock::given(method("POST"))
        .and(path(grants_path.as_str()))
        .respond_with(json_response(200, fixture!("idp_federation_grants_create")))
        .mount(&server)
        .await;

    let grant = client(&server)
        .zero_trust()
        .access()
        .idp_federation_grants()
        .create(
            ACCOUNT,
            &IdpFederationGrantCreateRequest::new(uuid("a79de439-0e7f-4ebb-8a02-222222222222")),
        )
        .await
        .unwrap();

    assert_request(
        &only_request(&server).await,
        "POST",
        &grants_path,
        None,
        Some(json!({ "idp_id": "a79de439-0e7f-4ebb-8a02-222222222222" })),
    );
    let mut expected = IdpFederationGrant::new(
        "023e105f4ecef8ad9ca31a8372d0c353",
        uuid("a79de439-0e7f-4ebb-8a02-222222222222"),
    );
    expected.created_at = Some(date_time("2014-01-01T05:20:00.12345Z"));
    assert_eq!(grant, expected);
}

#[tokio::test]
async fn sso_list_gets_every_connector() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(connectors_path()))
        .respond_with(json_response(200, fixture!("sso_list")))
        .mount(&server)
        .await;

    let connectors = client(&server).iam().sso().list(ACCOUNT).await.unwrap();

    assert_request(
        &only_request(&server).await,
        "GET",
        &connectors_path(),
        None,
        None,
    );
    assert_eq!(connectors, vec![seed_connector()]);
}

#[tokio::test]
async fn sso_get_gets_one_connector() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(connector_path(CONNECTOR)))
        .respond_with(json_response(200, fixture!("sso_get")))
        .mount(&server)
        .await;

    let connector = client(&server)
        .iam()
        .sso()
        .get(ACCOUNT, CONNECTOR)
        .await
        .unwrap();

    assert_request(
        &only_request(&server).await,
        "GET",
        &connector_path(CONNECTOR),
        None,
        None,
    );
    assert_eq!(connector, seed_connector());
}

#[tokio::test]
async fn sso_create_posts_the_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(connectors_path()))
        .respond_with(json_response(200, fixture!("sso_create")))
        .mount(&server)
        .await;

    let created = client(&server)
        .iam()
        .sso()
        .create(
            ACCOUNT,
            &SsoConnectorCreateRequest::new("example.com")
                .with_begin_verification(true)
                .with_use_fedramp_language(false),
        )
        .await
        .unwrap();

    assert_request(
        &only_request(&server).await,
        "POST",
        &connectors_path(),
        None,
        Some(json!({
            "email_domain": "example.com",
            "begin_verification": true,
            "use_fedramp_language": false
        })),
    );
    assert_eq!(created, seed_connector());

    // Unset optional fields are left out of the body, not sent as null.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, fixture!("sso_create")))
        .mount(&server)
        .await;
    client(&server)
        .iam()
        .sso()
        .create(ACCOUNT, &SsoConnectorCreateRequest::new("example.com"))
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        "POST",
        &connectors_path(),
        None,
        Some(json!({ "email_domain": "example.com" })),
    );
}

#[tokio::test]
async fn sso_update_patches_the_state() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(connector_path(CONNECTOR)))
        .respond_with(json_response(200, fixture!("sso_update")))
        .mount(&server)
        .await;

    let updated = client(&server)
        .iam()
        .sso()
        .update(
            ACCOUNT,
            CONNECTOR,
            &SsoConnectorUpdateRequest::new().with_enabled(true),
        )
        .await
        .unwrap();

    assert_request(
        &only_request(&server).await,
        "PATCH",
        &connector_path(CONNECTOR),
        None,
        Some(json!({ "enabled": true })),
    );
    assert_eq!(updated, seed_connector());
}

#[tokio::test]
async fn sso_delete_deletes_and_returns_the_id() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(connector_path(CONNECTOR)))
        .respond_with(json_response(200, fixture!("sso_delete")))
        .mount(&server)
        .await;

    let deleted = client(&server)
        .iam()
        .sso()
        .delete(ACCOUNT, CONNECTOR)
        .await
        .unwrap();

    assert_request(
        &only_request(&server).await,
        "DELETE",
        &connector_path(CONNECTOR),
        None,
        None,
    );
    assert_eq!(
        deleted,
        Some(SsoConnectorDeleteResponseResult::new(CONNECTOR))
    );
}

#[tokio::test]
async fn sso_begin_verification_posts_without_a_body() {
    let server = MockServer::start().await;
    let verification_path = format!("{}/begin_verification", connector_path(CONNECTOR));
    Mock::given(method("POST"))
        .and(path(verification_path.as_str()))
        .respond_with(json_response(200, fixture!("sso_begin_verification")))
        .mount(&server)
        .await;

    client(&server)
        .iam()
        .sso()
        .begin_verification(ACCOUNT, CONNECTOR)
        .await
        .unwrap();

    assert_request(
        &only_request(&server).await,
        "POST",
        &verification_path,
        None,
        None,
    );
}

#[tokio::test]
async fn results_that_may_be_absent_are_unwrapped_by_kind() {
    let server = MockServer::start().await;
    // A delete answered with no content at all, or a null result.
    Mock::given(method("DELETE"))
        .and(path(connector_path("c1")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(connector_path("c2")))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok(Value::Null)))
        .mount(&server)
        .await;
    // An operation without a result ignores whatever result comes.
    Mock::given(method("POST"))
        .and(path(connector_path("c1") + "/begin_verification"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok(json!({ "surprise": [1] }))))
        .mount(&server)
        .await;
    // A required result that is missing; errors and messages left out.
    Mock::given(method("GET"))
        .and(path(connector_path("c3")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "success": true, "extra": 1 })),
        )
        .mount(&server)
        .await;
    // A list whose result is null is an empty page.
    Mock::given(method("GET"))
        .and(path(idps_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok(Value::Null)))
        .mount(&server)
        .await;

    let client = client(&server);
    let sso = client.iam().sso();
    assert_eq!(sso.delete(ACCOUNT, "c1").await.unwrap(), None);
    assert_eq!(sso.delete(ACCOUNT, "c2").await.unwrap(), None);
    sso.begin_verification(ACCOUNT, "c1").await.unwrap();
    let err = sso.get(ACCOUNT, "c3").await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    let page = client
        .zero_trust()
        .identity_providers()
        .list(&account(), &Default::default())
        .await
        .unwrap();
    assert!(page.items.is_empty());
    assert!(!page.has_next_page());
}

// --- authentication ---------------------------------------------------------

#[tokio::test]
async fn email_and_key_are_sent_as_their_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(idps_path()))
        .respond_with(json_response(200, fixture!("identity_providers_list")))
        .mount(&server)
        .await;

    let client = builder(&server)
        .api_email("user@example.com")
        .api_key("global-key-5ecr3t")
        .build()
        .unwrap();
    let page = client
        .zero_trust()
        .identity_providers()
        .list(&account(), &Default::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);

    let sent = only_request(&server).await;
    assert_eq!(header_of(&sent, "x-auth-email"), Some("user@example.com"));
    assert_eq!(header_of(&sent, "x-auth-key"), Some("global-key-5ecr3t"));
    assert_eq!(header_of(&sent, "authorization"), None);
    assert_eq!(header_of(&sent, "user-agent"), Some(&*default_user_agent()));
}

#[tokio::test]
async fn the_api_token_wins_when_both_schemes_are_given() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, fixture!("identity_providers_list")))
        .mount(&server)
        .await;

    let client = builder(&server)
        .api_email("e@example.com")
        .api_key("k")
        .api_token(TOKEN)
        .build()
        .unwrap();
    client
        .zero_trust()
        .identity_providers()
        .list(&account(), &Default::default())
        .await
        .unwrap();

    assert_request(
        &only_request(&server).await,
        "GET",
        &idps_path(),
        None,
        None,
    );
}

#[tokio::test]
async fn an_operation_that_needs_a_token_refuses_email_and_key_without_sending() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .api_email("e@example.com")
        .api_key("k")
        .build()
        .unwrap();

    let err = client.iam().sso().get(ACCOUNT, "c1").await.unwrap_err();
    let Error::Config(message) = &err else {
        panic!("expected a config error, got {err:?}")
    };
    assert!(message.contains("api_token"), "{message}");
    assert!(!message.contains("e@example.com"), "{message}");
    assert!(requests(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn the_user_agent_can_be_replaced() {
    let server = MockServer::start().await;
    Mock::given(header("user-agent", "my-tool/1.2"))
        .respond_with(json_response(200, fixture!("sso_get")))
        .expect(1)
        .mount(&server)
        .await;

    let client = builder(&server)
        .api_token(TOKEN)
        .user_agent("my-tool/1.2")
        .build()
        .unwrap();
    client.iam().sso().get(ACCOUNT, CONNECTOR).await.unwrap();
}

#[tokio::test]
async fn a_custom_http_client_is_used_with_the_clients_settings() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, fixture!("sso_get")))
        .mount(&server)
        .await;

    // A client unlike the default: it sends a header of its own on every request. Were
    // `.http_client()` ignored, the request would lack it.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-custom-http-client",
        reqwest::header::HeaderValue::from_static("in-use"),
    );
    let http = Client::http_client_builder()
        .unwrap()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = builder(&server)
        .api_token(TOKEN)
        .http_client(http)
        .build()
        .unwrap();
    client.iam().sso().get(ACCOUNT, CONNECTOR).await.unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "GET", &connector_path(CONNECTOR), None, None);
    assert_eq!(
        request
            .headers
            .get("x-custom-http-client")
            .map(|v| v.to_str().unwrap()),
        Some("in-use"),
        "the custom HTTP client was not used: {:?}",
        request.headers
    );
    // The client's own settings still apply on top of it.
    assert_eq!(
        request
            .headers
            .get("authorization")
            .map(|v| v.to_str().unwrap()),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

// --- error classification and retries ---------------------------------------

#[tokio::test]
async fn success_false_under_200_is_an_api_error_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({
                    "success": false,
                    "errors": [
                        { "code": 1003, "message": "Invalid or missing account" },
                        { "code": 7003, "message": "Could not route" }
                    ],
                    "messages": [{ "code": 1, "message": "note" }],
                    "result": null
                }))
                .insert_header("cf-ray", "8f1e2d3c4b5a6978-SJC"),
        )
        .mount(&server)
        .await;

    let err = client(&server)
        .iam()
        .sso()
        .get(ACCOUNT, CONNECTOR)
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            status,
            errors,
            messages,
            request_id: cf_ray,
        } => {
            assert_eq!(*status, 200);
            assert_eq!(errors.len(), 2);
            assert_eq!(messages[0].message, "note");
            assert_eq!(cf_ray.as_deref(), Some("8f1e2d3c4b5a6978-SJC"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.error_codes(), vec![1003, 7003]);
    assert_eq!(err.request_id(), Some("8f1e2d3c4b5a6978-SJC"));
    #[allow(deprecated)] // the former name is kept as an alias
    let former = err.cf_ray();
    assert_eq!(former, Some("8f1e2d3c4b5a6978-SJC"));
    assert!(!err.is_retryable());
    let shown = err.to_string();
    assert!(
        shown.ends_with(
            "API error (HTTP 200, cf-ray 8f1e2d3c4b5a6978-SJC): \
             [1003] Invalid or missing account; [7003] Could not route"
        ),
        "{shown}"
    );
    assert_eq!(requests(&server).await.len(), 1, "not retried");
}

#[tokio::test]
async fn success_false_with_a_result_of_another_shape_is_still_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false,
            "errors": [{ "code": 1000, "message": "nope" }],
            "result": "not a connector"
        })))
        .mount(&server)
        .await;

    let err = client(&server)
        .iam()
        .sso()
        .get(ACCOUNT, CONNECTOR)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 200, .. }), "{err:?}");
    assert_eq!(err.error_codes(), vec![1000]);
}

#[tokio::test]
async fn client_errors_are_api_errors_and_never_retried() {
    for (status, code, message) in [
        (400, 1001, "Bad request"),
        (401, 10000, "Authentication error"),
        (403, 9109, "Unauthorized to access requested resource"),
        (404, 1404, "Not found"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status).set_body_json(failure(code, message)))
            .mount(&server)
            .await;

        let err = client(&server)
            .iam()
            .sso()
            .get(ACCOUNT, CONNECTOR)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Api { status: s, .. } if s == status),
            "{err:?}"
        );
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.error_codes(), vec![code]);
        assert!(
            err.to_string()
                .contains(&format!("(HTTP {status}): [{code}] {message}")),
            "{err}"
        );
        assert!(!err.is_retryable());
        assert_eq!(
            requests(&server).await.len(),
            1,
            "HTTP {status} must not be retried"
        );
    }
}

#[tokio::test]
async fn an_error_status_with_an_envelope_keeps_messages_and_cf_ray() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({
                    "success": false,
                    "errors": [],
                    "messages": [{ "code": 5, "message": "read-only token" }]
                }))
                .insert_header("cf-ray", "8f00000000000003-FRA"),
        )
        .mount(&server)
        .await;

    let err = client(&server)
        .iam()
        .sso()
        .get(ACCOUNT, CONNECTOR)
        .await
        .unwrap_err();
    assert_eq!(err.request_id(), Some("8f00000000000003-FRA"));
    assert_eq!(err.error_codes(), Vec::<i64>::new());
    let shown = err.to_string();
    assert!(
        shown.ends_with("API error (HTTP 403, cf-ray 8f00000000000003-FRA): [5] read-only token"),
        "{shown}"
    );
}

#[tokio::test]
async fn rate_limiting_is_retried_after_the_servers_delay() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .set_body_json(failure(
                    971,
                    "Please wait and consider throttling your request speed",
                ))
                .insert_header("retry-after", "1"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, fixture!("sso_get")))
        .mount(&server)
        .await;

    let started = Instant::now();
    let got = client(&server)
        .iam()
        .sso()
        .get(ACCOUNT, CONNECTOR)
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(got, seed_connector());
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].url, sent[1].url);
    // The backoff is at most 5 ms: only Retry-After explains a 1 s wait. A sleep is never
    // shorter than asked, so the lower bound holds on any machine; the upper one only tells
    // seconds from minutes, with room for a loaded machine.
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(waited < Duration::from_secs(30), "{waited:?}");
}

#[tokio::test]
async fn a_server_error_then_success_is_retried_with_the_same_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_json(failure(10001, "Internal error")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, fixture!("sso_create")))
        .mount(&server)
        .await;

    let created = client(&server)
        .iam()
        .sso()
        .create(ACCOUNT, &SsoConnectorCreateRequest::new("example.com"))
        .await
        .unwrap();
    assert_eq!(created, seed_connector());
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_request(
            request,
            "POST",
            &connectors_path(),
            None,
            Some(json!({ "email_domain": "example.com" })),
        );
    }
}

#[tokio::test]
async fn persistent_server_errors_give_up_after_the_configured_retries() {
    let server = MockServer::start().await;
    // Three failures, then a success the client must never reach.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_json(failure(10001, "Internal error")))
        .up_to_n_times(3)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, fixture!("sso_get")))
        .mount(&server)
        .await;

    let client = builder(&server)
        .api_token(TOKEN)
        .max_retries(2)
        .build()
        .unwrap();
    let err = client
        .iam()
        .sso()
        .get(ACCOUNT, CONNECTOR)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 500, .. }), "{err:?}");
    assert_eq!(err.error_codes(), vec![10001]);
    assert!(err.is_retryable());
    assert_eq!(requests(&server).await.len(), 3, "one try and two retries");
}

#[tokio::test]
async fn retries_can_be_disabled_or_extended() {
    for max_retries in [0, 3] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).set_body_json(failure(10001, "Busy")))
            .mount(&server)
            .await;

        let client = builder(&server)
            .api_token(TOKEN)
            .max_retries(max_retries)
            .build()
            .unwrap();
        let err = client.iam().sso().list(ACCOUNT).await.unwrap_err();
        assert_eq!(err.status(), Some(503));
        assert_eq!(requests(&server).await.len(), max_retries as usize + 1);
    }
}

#[tokio::test]
async fn a_slow_response_times_out_and_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        // Far longer than the timeout: the answer never arrives in time, however slow the
        // machine, and a client that ignored the timeout would get it and succeed.
        .respond_with(json_response(200, fixture!("sso_get")).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;

    let client = builder(&server)
        .api_token(TOKEN)
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .iam()
        .sso()
        .get(ACCOUNT, CONNECTOR)
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(err.to_string(), "the request timed out");
    // Two attempts of 200 ms: well under one delayed answer, with room for a loaded machine.
    assert!(waited < Duration::from_secs(15), "{waited:?}");
    assert_eq!(requests(&server).await.len(), 2, "the timeout is retried");
}

#[tokio::test]
async fn a_connection_failure_is_a_transport_error() {
    // A port nobody listens on: bind one, then free it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);

    let client = Client::builder()
        .api_token(TOKEN)
        .base_url(format!("http://{addr}"))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .unwrap();
    let err = client.iam().sso().get(ACCOUNT, "c1").await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable());
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn an_html_error_page_is_an_http_error_with_a_bounded_snippet() {
    let server = MockServer::start().await;
    let page = format!(
        "<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>{}</body>\n</html>",
        "<p>cloudflare</p>".repeat(200)
    );
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw(page, "text/html")
                .insert_header("cf-ray", "8f00000000000001-AMS"),
        )
        .mount(&server)
        .await;

    let client = builder(&server)
        .api_token(TOKEN)
        .max_retries(1)
        .build()
        .unwrap();
    let err = client
        .iam()
        .sso()
        .get(ACCOUNT, CONNECTOR)
        .await
        .unwrap_err();
    let Error::Http {
        status,
        request_id: cf_ray,
        body_snippet,
    } = &err
    else {
        panic!("expected an HTTP error, got {err:?}")
    };
    assert_eq!(*status, 502);
    assert_eq!(cf_ray.as_deref(), Some("8f00000000000001-AMS"));
    assert!(body_snippet.starts_with("<html>"), "{body_snippet}");
    assert!(body_snippet.len() <= 512, "{}", body_snippet.len());
    assert!(err.is_retryable());
    assert_eq!(requests(&server).await.len(), 2, "502 is retried");
    let shown = err.to_string();
    assert!(shown.starts_with("HTTP 502"), "{shown}");
    assert!(shown.contains("8f00000000000001-AMS"), "{shown}");
    assert!(shown.contains("<title>502 Bad Gateway</title>"), "{shown}");
}

#[tokio::test]
async fn an_html_body_under_200_is_a_decode_error_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<!DOCTYPE html><html><body>Just a moment...</body></html>",
            "text/html",
        ))
        .mount(&server)
        .await;

    let err = client(&server).iam().sso().list(ACCOUNT).await.unwrap_err();
    let Error::Decode {
        status,
        body_snippet,
        ..
    } = &err
    else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(*status, 200);
    assert!(
        body_snippet.starts_with("<!DOCTYPE html>"),
        "{body_snippet}"
    );
    assert!(!err.is_retryable());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_and_not_retried() {
    let server = MockServer::start().await;
    let whole = fixture!("sso_get");
    let cut = &whole[..whole.find("\"email_domain\"").unwrap() + 8];
    Mock::given(method("GET"))
        .respond_with(json_response(200, cut).insert_header("cf-ray", "8f00000000000002-LHR"))
        .mount(&server)
        .await;

    let err = client(&server)
        .iam()
        .sso()
        .get(ACCOUNT, CONNECTOR)
        .await
        .unwrap_err();
    let Error::Decode {
        status,
        request_id: cf_ray,
        body_snippet,
        source,
    } = &err
    else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(*status, 200);
    assert_eq!(cf_ray.as_deref(), Some("8f00000000000002-LHR"));
    assert!(body_snippet.ends_with("\"email_d"), "{body_snippet}");
    assert!(source.is_eof(), "{source}");
    assert!(!err.is_retryable());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn secrets_in_an_undecodable_body_are_masked_in_the_error() {
    let server = MockServer::start().await;
    // `id` must be a string: the connector cannot be decoded.
    Mock::given(method("GET"))
        .respond_with(json_response(
            200,
            r#"{"success":true,"result":{"id":7,"scim_config":{"secret":"scim-5ecr3t"},"client_secret":"cs-5ecr3t"}}"#,
        ))
        .mount(&server)
        .await;

    let err = client(&server)
        .iam()
        .sso()
        .get(ACCOUNT, CONNECTOR)
        .await
        .unwrap_err();
    let Error::Decode { body_snippet, .. } = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert!(
        body_snippet.contains(r#""client_secret":"***""#),
        "{body_snippet}"
    );
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("5ecr3t"), "{shown}");
}

// --- decoding of identity providers -----------------------------------------

#[tokio::test]
async fn an_unknown_identity_provider_type_does_not_fail_the_list() {
    let server = MockServer::start().await;
    let mut body: Value = serde_json::from_str(fixture!("identity_providers_list")).unwrap();
    let known = body["result"][0].clone();
    let unknown = json!({
        "id": "8b2f1a57-0000-4000-8000-000000000001",
        "name": "Future IdP",
        "type": "bitbucket",
        "config": { "workspace": "acme", "client_id": "bb-id", "client_secret": "bb-5ecr3t" }
    });
    let github = json!({
        "id": "8b2f1a57-0000-4000-8000-000000000002",
        "name": "GitHub",
        "config": { "client_id": "gh-id", "client_secret": "gh-5ecr3t" },
        "type": "github"
    });
    body["result"] = json!([known, unknown.clone(), github]);
    body["result_info"] = json!({ "page": 1, "per_page": 20, "count": 3, "total_count": 3 });
    Mock::given(method("GET"))
        .and(path(idps_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;

    let page = client(&server)
        .zero_trust()
        .identity_providers()
        .list(&account(), &Default::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 3, "{:?}", page.items);
    assert_eq!(page.items[0], seed_identity_provider());
    assert_eq!(page.items[1], IdentityProvider::Unknown(unknown.clone()));
    assert_eq!(page.items[1].kind(), Some("bitbucket"));
    assert_eq!(
        page.items[2],
        IdentityProvider::from(
            Github::new(
                GenericOauthConfig::new()
                    .with_client_id("gh-id")
                    .with_client_secret("gh-5ecr3t"),
                "GitHub",
            )
            .with_id("8b2f1a57-0000-4000-8000-000000000002")
        ),
        "a tag after the other fields is found too"
    );
    // An unknown kind is sent back as it came.
    assert_eq!(serde_json::to_value(&page.items[1]).unwrap(), unknown);
    assert!(!page.has_next_page());
}

// --- arguments ----------------------------------------------------------------

#[tokio::test]
async fn empty_and_dot_path_ids_are_rejected_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);

    for bad in ["", ".", ".."] {
        let err = client.iam().sso().get(ACCOUNT, bad).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidArgument {
                    name: "sso_connector_id",
                    ..
                }
            ),
            "{bad:?}: {err:?}"
        );
        assert!(!err.is_retryable());
    }
    let err = client.iam().sso().delete("", CONNECTOR).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidArgument {
                name: "account_id",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "invalid argument `account_id`: must not be empty"
    );
    let err = client
        .zero_trust()
        .identity_providers()
        .list(&AccountOrZone::zone(""), &Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidArgument {
                name: "account_or_zone_id",
                ..
            }
        ),
        "{err:?}"
    );
    let stream = client
        .zero_trust()
        .identity_providers()
        .list_all(&AccountOrZone::account(""), &Default::default());
    let items: Vec<_> = stream.collect().await;
    assert!(
        matches!(items[..], [Err(Error::InvalidArgument { .. })]),
        "{items:?}"
    );
    let err = client
        .iam()
        .sso()
        .update("", "", &SsoConnectorUpdateRequest::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    assert!(requests(&server).await.is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn path_ids_are_percent_encoded_as_one_segment() {
    let server = MockServer::start().await;
    let encoded = "a%2Fb%20c%3Fd%23e%25f%C3%A9";
    Mock::given(method("GET"))
        .and(path(connector_path(encoded)))
        .respond_with(json_response(200, fixture!("sso_get")))
        .mount(&server)
        .await;

    client(&server)
        .iam()
        .sso()
        .get(ACCOUNT, "a/b c?d#e%fé")
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        "GET",
        &connector_path(encoded),
        None,
        None,
    );
}

// --- pagination -----------------------------------------------------------------

/// One identity provider, numbered.
fn idp(n: usize) -> Value {
    json!({
        "id": format!("idp-{n}"),
        "name": format!("IdP {n}"),
        "type": "onetimepin",
        "config": {}
    })
}

fn idp_id(item: &IdentityProvider) -> String {
    match item {
        IdentityProvider::Onetimepin(p) => p.id.clone().unwrap_or_default(),
        other => panic!("unexpected {other:?}"),
    }
}

/// Mounts one page of identity providers: items `range`, with `info`.
async fn mount_page(server: &MockServer, page: u64, items: std::ops::Range<usize>, info: Value) {
    let result: Vec<Value> = items.map(idp).collect();
    Mock::given(method("GET"))
        .and(path(idps_path()))
        .and(query_param("page", page.to_string()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [], "result": result, "result_info": info
        })))
        .mount(server)
        .await;
}

async fn list_all(
    client: &Client,
    params: &IdentityProvidersListParams,
) -> Vec<Result<IdentityProvider, Error>> {
    client
        .zero_trust()
        .identity_providers()
        .list_all(&account(), params)
        .collect()
        .await
}

fn ids(items: &[Result<IdentityProvider, Error>]) -> Vec<String> {
    items
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(idp_id)
        .collect()
}

#[tokio::test]
async fn list_all_through_a_handle_with_options_sends_them_for_every_page() {
    let server = MockServer::start().await;
    let info = |page: u64| json!({ "page": page, "per_page": 2, "total_pages": 2 });
    mount_page(&server, 1, 1..3, info(1)).await;
    mount_page(&server, 2, 3..5, info(2)).await;

    let traced = client(&server).with_options(
        RequestOptions::new()
            .header("x-trace-id", "walk-1")
            .query("debug", "1"),
    );
    let items = list_all(&traced, &IdentityProvidersListParams::new()).await;
    assert_eq!(ids(&items), ["idp-1", "idp-2", "idp-3", "idp-4"]);
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    for (request, page) in sent.iter().zip(1..) {
        assert_eq!(
            request.url.query(),
            Some(format!("page={page}&debug=1").as_str())
        );
        assert_eq!(
            request.headers.get("x-trace-id").map(|v| v.as_bytes()),
            Some(&b"walk-1"[..])
        );
        assert_eq!(
            request.headers.get("authorization").map(|v| v.as_bytes()),
            Some(format!("Bearer {TOKEN}").as_bytes())
        );
    }
}

#[tokio::test]
async fn list_with_response_returns_the_page_and_the_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(idps_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("cf-ray", "8f1e2d3c4b5a6978-SJC")
                .insert_header("x-ratelimit-remaining", "1199")
                .set_body_json(json!({
                    "success": true, "errors": [], "messages": [],
                    "result": [idp(1)],
                    "result_info": { "page": 1, "per_page": 20, "total_pages": 1 }
                })),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .zero_trust()
        .identity_providers()
        .list_with_response(&account(), &Default::default())
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.request_id(), Some("8f1e2d3c4b5a6978-SJC"));
    assert_eq!(response.header("x-ratelimit-remaining"), Some("1199"));
    let page: Page<IdentityProvider> = response.into_inner();
    assert_eq!(page.items.len(), 1);
    assert!(!page.has_next_page());
}

#[tokio::test]
async fn list_all_walks_three_pages_in_order() {
    let server = MockServer::start().await;
    let info = |page: u64, count: u64| json!({ "page": page, "per_page": 3, "count": count, "total_count": 7, "total_pages": 3 });
    mount_page(&server, 1, 1..4, info(1, 3)).await;
    mount_page(&server, 2, 4..7, info(2, 3)).await;
    mount_page(&server, 3, 7..8, info(3, 1)).await;

    let client = client(&server);
    let params = IdentityProvidersListParams::new()
        .with_per_page(3)
        .with_scim_enabled("true");
    let all: Vec<IdentityProvider> = client
        .zero_trust()
        .identity_providers()
        .list_all(&account(), &params)
        .try_collect()
        .await
        .unwrap();
    let got: Vec<String> = all.iter().map(idp_id).collect();
    assert_eq!(
        got,
        ["idp-1", "idp-2", "idp-3", "idp-4", "idp-5", "idp-6", "idp-7"]
    );
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3, "no request after the last page");
    for (n, request) in sent.iter().enumerate() {
        let query = format!("page={}&per_page=3&scim_enabled=true", n + 1);
        assert_request(request, "GET", &idps_path(), Some(&query), None);
    }

    // Pages are fetched only as they are needed, and the stream is Unpin.
    let mut stream = client
        .zero_trust()
        .identity_providers()
        .list_all(&account(), &params);
    assert_eq!(idp_id(&stream.next().await.unwrap().unwrap()), "idp-1");
    assert_eq!(requests(&server).await.len(), 4);

    // Starting from a given page.
    let rest = list_all(&client, &params.clone().with_page(2)).await;
    assert_eq!(ids(&rest), ["idp-4", "idp-5", "idp-6", "idp-7"]);
}

#[tokio::test]
async fn list_pages_can_be_walked_by_hand() {
    let server = MockServer::start().await;
    let info = |page: u64| json!({ "page": page, "per_page": 2, "total_pages": 2 });
    mount_page(&server, 1, 1..3, info(1)).await;
    mount_page(&server, 2, 3..5, info(2)).await;

    let client = client(&server);
    let mut params = IdentityProvidersListParams::new().with_per_page(2);
    let mut seen = Vec::new();
    let mut next = Some(1);
    while let Some(n) = next {
        params.page = Some(n);
        let page: Page<IdentityProvider> = client
            .zero_trust()
            .identity_providers()
            .list(&account(), &params)
            .await
            .unwrap();
        seen.extend(page.items.iter().map(idp_id));
        next = page.next_page().map(|n| n as i64);
    }
    assert_eq!(seen, ["idp-1", "idp-2", "idp-3", "idp-4"]);
}

#[tokio::test]
async fn list_all_stops_when_the_server_repeats_a_page() {
    // The server ignores `page` and numbers nothing: every answer is the same.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": [idp(1), idp(2)],
            "result_info": { "per_page": 2, "total_count": 50 }
        })))
        .mount(&server)
        .await;

    let items = list_all(&client(&server), &Default::default()).await;
    assert_eq!(
        items.len(),
        3,
        "two items, then the error, then the end: {items:?}"
    );
    assert_eq!(ids(&items), ["idp-1", "idp-2"]);
    let Err(Error::Pagination(reason)) = &items[2] else {
        panic!("{:?}", items[2])
    };
    assert!(reason.contains("repeats"), "{reason}");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn list_all_stops_when_the_server_answers_with_another_page() {
    let server = MockServer::start().await;
    let info = json!({ "page": 1, "per_page": 2, "total_pages": 5 });
    mount_page(&server, 1, 1..3, info.clone()).await;
    mount_page(&server, 2, 3..5, info).await;

    let items = list_all(&client(&server), &Default::default()).await;
    assert_eq!(ids(&items), ["idp-1", "idp-2"]);
    let Some(Err(Error::Pagination(reason))) = items.last() else {
        panic!("{items:?}")
    };
    assert!(reason.contains("page 2"), "{reason}");
    assert_eq!(items.len(), 3);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn list_all_finds_the_end_without_total_pages() {
    // By total_count: 4 items in pages of 2.
    let server = MockServer::start().await;
    let info = |page: u64| json!({ "page": page, "per_page": 2, "total_count": 4 });
    mount_page(&server, 1, 1..3, info(1)).await;
    mount_page(&server, 2, 3..5, info(2)).await;
    let items = list_all(&client(&server), &Default::default()).await;
    assert_eq!(ids(&items), ["idp-1", "idp-2", "idp-3", "idp-4"]);
    assert_eq!(requests(&server).await.len(), 2);

    // By a page shorter than per_page.
    let server = MockServer::start().await;
    mount_page(&server, 1, 1..3, json!({ "page": 1, "per_page": 2 })).await;
    mount_page(&server, 2, 3..4, json!({ "page": 2, "per_page": 2 })).await;
    let items = list_all(&client(&server), &Default::default()).await;
    assert_eq!(ids(&items), ["idp-1", "idp-2", "idp-3"]);
    assert_eq!(requests(&server).await.len(), 2);

    // By an empty page, when nothing else tells the end.
    let server = MockServer::start().await;
    mount_page(&server, 1, 1..3, json!({ "page": 1 })).await;
    mount_page(&server, 2, 3..5, json!({ "page": 2 })).await;
    mount_page(&server, 3, 0..0, json!({ "page": 3 })).await;
    let items = list_all(&client(&server), &Default::default()).await;
    assert_eq!(ids(&items), ["idp-1", "idp-2", "idp-3", "idp-4"]);
    assert_eq!(requests(&server).await.len(), 3);

    // Without result_info a list is whole.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(ok(json!([idp(1), idp(2)]))))
        .mount(&server)
        .await;
    let items = list_all(&client(&server), &Default::default()).await;
    assert_eq!(ids(&items), ["idp-1", "idp-2"]);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn an_error_mid_walk_is_yielded_and_ends_the_walk() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        1,
        1..3,
        json!({ "page": 1, "per_page": 2, "total_pages": 3 }),
    )
    .await;
    Mock::given(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(failure(10000, "Authentication error")),
        )
        .mount(&server)
        .await;

    let items = list_all(&client(&server), &Default::default()).await;
    assert_eq!(ids(&items), ["idp-1", "idp-2"]);
    assert_eq!(items.len(), 3);
    assert!(matches!(items[2], Err(Error::Api { status: 403, .. })));
    assert_eq!(requests(&server).await.len(), 2);
}

// --- configuration ------------------------------------------------------------

#[test]
fn missing_credentials_are_a_config_error_naming_the_alternatives() {
    let err = Client::builder().build().unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "configuration error: no credentials: set api_token, or api_email and api_key \
         (env CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)"
    );
    let err = Client::builder()
        .api_email("me@example.com")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "configuration error: incomplete credentials: api_email is set but api_key is missing; \
         set api_token, or api_email and api_key \
         (env CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)"
    );
    // An empty credential counts as none.
    assert!(matches!(
        Client::builder().api_token("").build(),
        Err(Error::Config(_))
    ));
    // Nothing from the environment: still no credentials.
    let err = Client::builder()
        .with_env_from(|_| None)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("no credentials"), "{err}");
}

#[tokio::test]
async fn with_env_from_reads_a_token_and_the_base_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, fixture!("sso_get")))
        .mount(&server)
        .await;

    let base_url = format!("{}{PREFIX}", server.uri());
    let mut asked = Vec::new();
    let client = Client::builder()
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .with_env_from(|var| {
            asked.push(var.to_owned());
            match var {
                "CLOUDFLARE_API_TOKEN" => Some(TOKEN.to_owned()),
                "CLOUDFLARE_BASE_URL" => Some(base_url.clone()),
                _ => None,
            }
        })
        .build()
        .unwrap();
    for var in [
        "CLOUDFLARE_API_TOKEN",
        "CLOUDFLARE_EMAIL",
        "CLOUDFLARE_API_KEY",
        "CLOUDFLARE_BASE_URL",
    ] {
        assert!(asked.iter().any(|a| a == var), "{var} not read: {asked:?}");
    }
    assert_eq!(client.base_url(), base_url);

    let got = client.iam().sso().get(ACCOUNT, CONNECTOR).await.unwrap();
    assert_eq!(got, seed_connector());
    assert_request(
        &only_request(&server).await,
        "GET",
        &connector_path(CONNECTOR),
        None,
        None,
    );
}

#[tokio::test]
async fn with_env_from_reads_email_and_key_and_ignores_empty_values() {
    let server = MockServer::start().await;
    Mock::given(header("x-auth-email", "env@example.com"))
        .and(header("x-auth-key", "env-key"))
        .respond_with(json_response(200, fixture!("identity_providers_list")))
        .expect(1)
        .mount(&server)
        .await;

    let base_url = format!("{}{PREFIX}/", server.uri()); // a trailing `/` is ignored
    let env = |var: &str| match var {
        "CLOUDFLARE_EMAIL" => Some("env@example.com".to_owned()),
        "CLOUDFLARE_API_KEY" => Some("env-key".to_owned()),
        "CLOUDFLARE_API_TOKEN" => Some("  ".to_owned()), // blank counts as unset
        "CLOUDFLARE_BASE_URL" => Some(base_url.clone()),
        _ => None,
    };
    let client = Client::builder().with_env_from(env).build().unwrap();
    assert_eq!(client.base_url(), format!("{}{PREFIX}", server.uri()));
    client
        .zero_trust()
        .identity_providers()
        .list(&account(), &Default::default())
        .await
        .unwrap();
    let sent = only_request(&server).await;
    assert_eq!(header_of(&sent, "authorization"), None);

    // Explicit settings win and credentials are never mixed.
    let err = Client::builder()
        .api_email("me@example.com")
        .with_env_from(env)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("api_key is missing"), "{err}");
    let explicit = Client::builder()
        .base_url("https://example.test/v4")
        .api_token(TOKEN)
        .with_env_from(env)
        .build()
        .unwrap();
    assert_eq!(explicit.base_url(), "https://example.test/v4");
    assert!(format!("{explicit:?}").contains("[\"api_token\"]"));
}

#[test]
fn bad_settings_are_errors_not_panics() {
    for url in [
        "not a url",
        "ftp://example.com",
        "https://",
        "https://example.com/v4?x=1",
        "/client/v4",
    ] {
        let err = Client::builder()
            .api_token(TOKEN)
            .base_url(url)
            .build()
            .unwrap_err();
        assert!(
            matches!(&err, Error::Config(m) if m.contains("base URL")),
            "{url}: {err:?}"
        );
    }
    let err = Client::builder()
        .api_token("line\nbreak")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if !m.contains("break")),
        "the bad value is not echoed: {err:?}"
    );
    assert!(Client::builder()
        .api_token(TOKEN)
        .user_agent("bad\u{7f}")
        .build()
        .is_err());
    assert!(Client::builder()
        .api_token(TOKEN)
        .timeout(Duration::ZERO)
        .build()
        .is_err());
    let inverted = Client::builder()
        .api_token(TOKEN)
        .retry_backoff(Duration::from_secs(2), Duration::from_secs(1));
    assert!(inverted.build().is_err());
}

// --- no secret in Debug output ------------------------------------------------

#[test]
fn debug_of_client_and_builder_never_shows_credentials() {
    let builder = Client::builder()
        .api_token(TOKEN)
        .api_email("me@example.com")
        .api_key("global-key-5ecr3t");
    let builder_debug = format!("{builder:?} {builder:#?}");
    let client = builder.build().unwrap();
    let client_debug = format!("{client:?} {:#?}", client.clone());
    for shown in [&builder_debug, &client_debug] {
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(!shown.contains("5ecr3t"), "{shown}");
        assert!(!shown.contains("me@example.com"), "{shown}");
        assert!(shown.contains("api_token"), "names are shown: {shown}");
    }
    assert!(
        client_debug.contains("https://api.cloudflare.com/client/v4"),
        "{client_debug}"
    );
}

#[test]
fn debug_of_models_never_shows_client_or_scim_secrets() {
    let scim = IdentityProviderScimConfig::new()
        .with_enabled(true)
        .with_secret("scim-5ecr3t");
    let azure = AzureAdConfig::new()
        .with_client_id("visible-client-id")
        .with_client_secret("azure-5ecr3t");
    let oauth = GenericOauthConfig::new()
        .with_client_id("visible-client-id")
        .with_client_secret("oauth-5ecr3t");
    let providers: Vec<IdentityProvider> = vec![
        AzureAd::new(azure.clone(), "Azure")
            .with_scim_config(scim.clone())
            .into(),
        Github::new(oauth.clone(), "GitHub").into(),
        Onetimepin::new(OnetimepinConfig::new(), "PIN")
            .with_scim_config(scim.clone())
            .into(),
    ];
    let shown = format!(
        "{scim:?} {azure:?} {oauth:?} {providers:?} {providers:#?} {:?}",
        providers.iter().map(Some).collect::<Vec<_>>()
    );
    assert!(!shown.contains("5ecr3t"), "{shown}");
    assert!(shown.contains("visible-client-id"), "{shown}");
    assert!(shown.contains("client_secret"), "fields are named: {shown}");
    assert!(shown.contains("secret"), "{shown}");

    // Decoded from the wire, as in a list response.
    let decoded: IdentityProvider = serde_json::from_value(json!({
        "type": "azureAD",
        "name": "Azure",
        "config": { "client_id": "visible-client-id", "client_secret": "wire-5ecr3t" },
        "scim_config": { "secret": "wire-scim-5ecr3t" }
    }))
    .unwrap();
    let shown = format!("{decoded:?}");
    assert!(!shown.contains("5ecr3t"), "{shown}");
    assert!(shown.contains("visible-client-id"), "{shown}");
}

#[test]
fn debug_of_an_unknown_identity_provider_never_shows_its_secrets() {
    let unknown: IdentityProvider = serde_json::from_value(json!({
        "type": "bitbucket",
        "name": "Future IdP",
        "config": {
            "client_id": "visible-client-id",
            "client_secret": "bb-5ecr3t",
            "nested": [{ "api_token": "nested-5ecr3t" }]
        },
        "scim_config": { "enabled": true, "secret": "bb-scim-5ecr3t" }
    }))
    .unwrap();
    assert_eq!(unknown.kind(), Some("bitbucket"));
    let shown = format!("{unknown:?} {unknown:#?}");
    assert!(!shown.contains("5ecr3t"), "{shown}");
    assert!(shown.contains("Unknown"), "{shown}");
    assert!(shown.contains("visible-client-id"), "{shown}");
    assert!(shown.contains("bitbucket"), "{shown}");
    // Only Debug masks: the value itself is kept whole.
    let IdentityProvider::Unknown(raw) = &unknown else {
        panic!("{unknown:?}")
    };
    assert_eq!(raw["config"]["client_secret"], "bb-5ecr3t");
}

// --- types --------------------------------------------------------------------

#[test]
fn clients_futures_and_streams_can_cross_threads() {
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::builder().api_token(TOKEN).build().unwrap();
    assert_send_sync(&client);
    assert_send(&client.iam().sso().get(ACCOUNT, "c1"));
    let scope = account();
    let params = IdentityProvidersListParams::default();
    assert_send(
        &client
            .zero_trust()
            .identity_providers()
            .list(&scope, &params),
    );
    assert_send(
        &client
            .zero_trust()
            .identity_providers()
            .list_all(&scope, &params),
    );
    let err = Client::builder().build().unwrap_err();
    assert_send_sync(&err);
}
