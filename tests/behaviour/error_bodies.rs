//! Compiled as a test of the crate generated from `tests/fixtures/corpus/error-bodies.yaml` (by
//! `tests/error_bodies.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! An error response's body decodes into the type the operation declares for its status: a
//! specific code before a range, a range before `default`. A body that fits none keeps its
//! bytes; a status the operation declares no JSON body for stays an `Error::Http`.

use fixture_error_bodies::models::{NotFound, NotFoundDetail, PetsGetDefaultError, Problem};
use fixture_error_bodies::{Client, Error, ErrorBody};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client of `server` that does not retry (503 would be retried).
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("a client")
}

/// The error `GET /pets/rex` fails with when the server answers `status` with `body`.
async fn get_fails_with(status: u16, content_type: &str, body: &str) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/rex"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .pets()
        .get("rex")
        .await
        .expect_err("an error status")
}

#[tokio::test]
async fn a_specific_status_decodes_into_its_own_type() {
    let err = get_fails_with(
        404,
        "application/json",
        r#"{"resource":"pet","detail":{"hint":"try rex2"}}"#,
    )
    .await;
    let Error::Status { status, body, .. } = &err else {
        panic!("expected a typed error body, got {err:?}");
    };
    assert_eq!(*status, 404);
    // Error bodies are only received: built field by field, as a caller's test would.
    let mut detail = NotFoundDetail::default();
    detail.hint = Some("try rex2".into());
    let mut expected = NotFound::new("pet");
    expected.detail = Some(detail);
    assert_eq!(**body, ErrorBody::NotFound(expected.clone()));
    assert_eq!(err.error_body_as::<NotFound>(), Some(&expected));
    assert_eq!(err.error_body_as::<Problem>(), None);
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.to_string(), "HTTP 404 with a `NotFound` error body");
}

#[tokio::test]
async fn another_status_of_the_range_decodes_into_the_range_type() {
    let err = get_fails_with(
        429,
        "application/json",
        r#"{"title":"Slow down","status":429}"#,
    )
    .await;
    assert_eq!(
        err.error_body(),
        Some(&ErrorBody::Problem(Problem::new("Slow down", 429))),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_status_outside_every_range_decodes_into_the_default_type() {
    let err = get_fails_with(
        503,
        "application/json",
        r#"{"message":"maintenance","retry_in":30}"#,
    )
    .await;
    assert_eq!(
        err.error_body_as::<PetsGetDefaultError>(),
        Some(&{
            let mut expected = PetsGetDefaultError::new("maintenance");
            expected.retry_in = Some(30);
            expected
        }),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn a_body_that_fits_none_keeps_its_bytes() {
    let page = "<html><body>404 from a proxy</body></html>";
    let err = get_fails_with(404, "text/html", page).await;
    let Some(ErrorBody::Unknown(bytes)) = err.error_body() else {
        panic!("expected the raw body, got {err:?}");
    };
    assert_eq!(&bytes[..], page.as_bytes());
    assert_eq!(
        err.to_string(),
        "HTTP 404 with a body of none of the declared error types"
    );
}

#[tokio::test]
async fn a_status_with_no_declared_json_body_is_an_http_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(503).set_body_raw("down", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).pets().list().await.expect_err("503");
    assert!(
        matches!(&err, Error::Http { status: 503, body_snippet, .. } if body_snippet == "down"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_problem_json_body_is_typed_and_other_statuses_are_not() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/pets/rex"))
        .respond_with(
            ResponseTemplate::new(409)
                .set_body_raw(r#"{"holds":["vet"]}"#, "application/problem+json"),
        )
        .mount(&server)
        .await;
    let err = client(&server).pets().delete("rex").await.expect_err("409");
    let Some(ErrorBody::PetsDelete409Error(body)) = err.error_body() else {
        panic!("expected the 409 body, got {err:?}");
    };
    assert_eq!(body.holds, Some(vec!["vet".to_owned()]));

    // deletePet declares no range and no default: a 500 is not typed.
    server.reset().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(500).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    let err = client(&server).pets().delete("rex").await.expect_err("500");
    assert!(matches!(err, Error::Http { status: 500, .. }), "{err:?}");
}
