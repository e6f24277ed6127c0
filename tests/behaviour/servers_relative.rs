//! Compiled as a test of the crate generated from `tests/fixtures/corpus/servers-relative.yaml`
//! (by `tests/servers.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! The spec's only server URL is relative: building a client without a base URL fails with an
//! error that says so and what to call; with one, requests go there. The spec names no
//! request-id header, so none is read.

use fixture_servers_relative::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn without_a_base_url_the_build_fails_and_says_why() {
    let err = Client::builder().build().unwrap_err();
    let Error::Config(message) = &err else {
        panic!("expected a configuration error, got {err:?}")
    };
    assert!(message.contains("`/api/v3` is relative"), "{message}");
    assert!(message.contains("ClientBuilder::base_url"), "{message}");
    assert!(Client::from_env().is_err());
}

#[tokio::test]
async fn with_a_base_url_requests_go_there_and_no_request_id_is_read() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("x-request-id", "req-1")
                .insert_header("cf-ray", "ray-1"),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/api/v3", server.uri()))
        .max_retries(0)
        .build()
        .expect("client builds");
    let err = client.pets().get(7).await.unwrap_err();
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    assert_eq!(
        format!(
            "http://{}{}",
            requests[0]
                .headers
                .get("host")
                .expect("a Host header")
                .to_str()
                .expect("ASCII"),
            requests[0].url.path()
        ),
        format!("{}/api/v3/pets/7", server.uri())
    );
    assert!(matches!(err, Error::Http { status: 500, .. }), "{err:?}");
    assert_eq!(err.request_id(), None);
    assert_eq!(err.to_string(), "HTTP 500");
}
