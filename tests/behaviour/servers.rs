//! Compiled as a test of the crate generated from `tests/fixtures/corpus/servers.yaml` (by
//! `tests/servers.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! The server URL's variables take their defaults, each can be set on the builder (an enum
//! where the spec lists the values), a server can be chosen by index or by description, and
//! the request goes to exactly the URL that makes. The request-id header is the one the spec
//! names.

use fixture_servers::servers::{BasePath, Protocol};
use fixture_servers::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn mock() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"name":"Rex"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    server
}

fn port(server: &MockServer) -> String {
    server.address().port().to_string()
}

/// The URL of the one request the server received, as the client sent it: the mock server
/// reports the path, the `Host` header says where it was sent (it arrived, so to this mock).
async fn sent(server: &MockServer) -> String {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "{requests:?}");
    url_of(&requests.remove(0))
}

/// Gets one pet and checks the request went to `base_path` on the mock server.
async fn sends_to(client: &Client, server: &MockServer, base_path: &str) {
    client.pets().get("rex").await.expect("sent");
    assert_eq!(
        sent(server).await,
        format!("http://127.0.0.1:{}{base_path}/pets/rex", port(server))
    );
}

fn url_of(request: &Request) -> String {
    let host = request.headers.get("host").expect("a Host header");
    format!(
        "http://{}{}",
        host.to_str().expect("ASCII"),
        request.url.path()
    )
}

fn config_error(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::Config(message)) => message,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn every_variable_takes_its_default() {
    let client = Client::builder().build().expect("client builds");
    assert_eq!(client.base_url(), "http://127.0.0.1:8080/v1");
}

#[tokio::test]
async fn a_variable_set_replaces_its_default_and_the_rest_keep_theirs() {
    let server = mock().await;
    let client = Client::builder()
        .port(port(&server))
        .max_retries(0)
        .build()
        .expect("client builds");
    assert_eq!(
        client.base_url(),
        format!("http://127.0.0.1:{}/v1", port(&server))
    );
    sends_to(&client, &server, "/v1").await;
}

#[tokio::test]
async fn an_enumerated_variable_is_set_with_its_enum() {
    let server = mock().await;
    let client = Client::builder()
        .protocol(Protocol::Http)
        .hostname("127.0.0.1")
        .port(port(&server))
        .base_path(BasePath::V2)
        .max_retries(0)
        .build()
        .expect("client builds");
    sends_to(&client, &server, "/v2").await;
    assert_eq!(Protocol::Https.as_str(), "https");
    assert_eq!(BasePath::V1.to_string(), "v1");
}

#[tokio::test]
async fn a_server_is_chosen_by_index() {
    let server = mock().await;
    let defaults = Client::builder().server(1).build().expect("client builds");
    assert_eq!(defaults.base_url(), "http://127.0.0.1:9090/staging");
    let client = Client::builder()
        .server(1)
        .port(port(&server))
        .max_retries(0)
        .build()
        .expect("client builds");
    sends_to(&client, &server, "/staging").await;
}

#[tokio::test]
async fn a_server_is_chosen_by_description() {
    let server = mock().await;
    let client = Client::builder()
        .server_named("staging")
        .port(port(&server))
        .max_retries(0)
        .build()
        .expect("client builds");
    sends_to(&client, &server, "/staging").await;
    let production = Client::builder()
        .server_named("Production")
        .build()
        .expect("client builds");
    assert_eq!(production.base_url(), "http://127.0.0.1:8080/v1");
}

#[tokio::test]
async fn a_base_url_wins_over_the_servers() {
    let server = mock().await;
    let client = Client::builder()
        .server(1)
        .port("1")
        .base_url(format!("{}/proxy/", server.uri()))
        .max_retries(0)
        .build()
        .expect("client builds");
    client.pets().get("rex").await.expect("sent");
    assert_eq!(
        sent(&server).await,
        format!("{}/proxy/pets/rex", server.uri())
    );
}

#[test]
fn a_server_that_does_not_exist_is_a_configuration_error() {
    let message = config_error(Client::builder().server(2).build());
    assert!(message.contains("there is no server 2"), "{message}");
    assert!(message.contains("`Staging`"), "{message}");
    let message = config_error(Client::builder().server_named("canary").build());
    assert!(message.contains("no server is named `canary`"), "{message}");
}

#[test]
fn a_variable_the_chosen_server_lacks_is_a_configuration_error() {
    let message = config_error(Client::builder().server(1).base_path(BasePath::V2).build());
    assert!(
        message.contains("`basePath`") && message.contains("no such variable"),
        "{message}"
    );
}

#[tokio::test]
async fn the_request_id_header_the_spec_names_is_kept_in_errors() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-42")
                .set_body_string("no such pet"),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .port(port(&server))
        .max_retries(0)
        .build()
        .expect("client builds");
    let err = client.pets().get("rex").await.unwrap_err();
    assert_eq!(err.request_id(), Some("req-42"));
    assert!(
        matches!(&err, Error::Http { status: 404, request_id: Some(id), body_snippet }
            if id == "req-42" && body_snippet == "no such pet"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "HTTP 404 (x-request-id req-42): no such pet"
    );
}
