//! Compiled as a test of the crate generated from `tests/fixtures/corpus/request-options.yaml`
//! (by `tests/request_options.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! Per-request options (timeout, retries, extra headers and query parameters, an idempotency
//! key) apply to the calls made through `Client::with_options` only; the `_with_response`
//! methods return the status and headers beside the typed result; dropping a call's future
//! closes its connection.

use std::io::Read;
use std::time::{Duration, Instant};

use fixture_request_options::models::{Order, OrdersGetParams};
use fixture_request_options::{Client, Error, RequestOptions};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn order_json() -> &'static str {
    r#"{"id":"o1","item":"tea"}"#
}

fn order_response(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(order_json(), "application/json")
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer("tok")
        .max_retries(0)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("a valid client")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII"))
}

#[tokio::test]
async fn extra_headers_and_query_go_only_with_the_calls_given_them() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orders/o1"))
        .respond_with(order_response(200))
        .mount(&server)
        .await;
    let client = client(&server);
    let traced = client.with_options(
        RequestOptions::new()
            .header("X-Trace-Id", "t-1")
            .header("user-agent", "mine/1.0")
            .query("debug", "a b&c"),
    );
    let params = OrdersGetParams::new().with_expand("items");
    let order = traced.orders().get("o1", &params).await.unwrap();
    assert_eq!(order, Order::new("o1").with_item("tea"));
    client.orders().get("o1", &params).await.unwrap();

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].url.query(), Some("expand=items&debug=a+b%26c"));
    assert_eq!(header(&sent[0], "x-trace-id"), Some("t-1"));
    // An extra header replaces the client's; the credentials stay.
    assert_eq!(
        sent[0]
            .headers
            .get_all("user-agent")
            .iter()
            .collect::<Vec<_>>(),
        ["mine/1.0"]
    );
    assert_eq!(header(&sent[0], "authorization"), Some("Bearer tok"));
    assert_eq!(sent[1].url.query(), Some("expand=items"));
    assert_eq!(header(&sent[1], "x-trace-id"), None);
    assert_ne!(header(&sent[1], "user-agent"), Some("mine/1.0"));

    // Options add up; a header that cannot be sent fails the call before sending.
    let both = traced.with_options(RequestOptions::new().header("X-Other", "2"));
    both.orders().get("o1", &params).await.unwrap();
    let sent = requests(&server).await;
    assert_eq!(header(&sent[2], "x-trace-id"), Some("t-1"));
    assert_eq!(header(&sent[2], "x-other"), Some("2"));
    let bad = client.with_options(RequestOptions::new().header("bad name", "x"));
    let err = bad.orders().get("o1", &params).await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert_eq!(requests(&server).await.len(), 3);
    // Debug names the extra headers, never their values.
    let shown = format!("{:?}", traced.options());
    assert!(shown.contains("X-Trace-Id") && !shown.contains("t-1"), "{shown}");
}

#[tokio::test]
async fn a_timeout_given_to_one_call_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(order_response(200).set_delay(Duration::from_millis(600)))
        .mount(&server)
        .await;
    let client = client(&server);
    let impatient = client.with_options(RequestOptions::new().timeout(Duration::from_millis(100)));
    let started = Instant::now();
    let err = impatient
        .orders()
        .get("o1", &Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(500), "{:?}", started.elapsed());
    // The client's own 60 s timeout still applies to other calls.
    client
        .orders()
        .get("o1", &Default::default())
        .await
        .unwrap();
    let zero = client.with_options(RequestOptions::new().timeout(Duration::ZERO));
    let err = zero.orders().get("o1", &Default::default()).await.unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

#[tokio::test]
async fn a_retry_count_given_to_one_call_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(&server);
    let err = client
        .with_options(RequestOptions::new().max_retries(3))
        .orders()
        .get("o1", &Default::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 4, "one attempt and three retries");
    client
        .orders()
        .get("o1", &Default::default())
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await.len(), 5, "the client's own: no retry");
}

#[tokio::test]
async fn the_raw_response_has_the_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            order_response(200)
                .insert_header("x-ratelimit-remaining", "42")
                .insert_header("x-request-id", "req-7")
                .insert_header("set-cookie", "sid=secret-session"),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204).insert_header("x-ratelimit-remaining", "41"))
        .mount(&server)
        .await;
    let client = client(&server);
    let response = client
        .orders()
        .get_with_response("o1", &Default::default())
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.header("X-RateLimit-Remaining"), Some("42"));
    assert_eq!(response.request_id(), Some("req-7"));
    assert_eq!(response.data(), &Order::new("o1").with_item("tea"));
    let shown = format!("{response:?}");
    assert!(shown.contains("42") && !shown.contains("secret-session"), "{shown}");
    let (status, headers, order) = response.into_parts();
    assert_eq!((status.as_u16(), order.id.as_str()), (200, "o1"));
    assert_eq!(headers["x-request-id"], "req-7");

    let deleted = client.orders().delete_with_response("o1").await.unwrap();
    assert_eq!(deleted.status().as_u16(), 204);
    assert_eq!(deleted.header("x-ratelimit-remaining"), Some("41"));
    let () = deleted.into_inner();
}

#[tokio::test]
async fn every_attempt_of_a_call_carries_the_same_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(order_response(201))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(order_response(200))
        .mount(&server)
        .await;
    let client = client(&server).with_options(RequestOptions::new().max_retries(1));
    let body = Order::new("o1");
    client
        .orders()
        .create(&Default::default(), &body)
        .await
        .unwrap();
    client
        .orders()
        .create(&Default::default(), &body)
        .await
        .unwrap();
    let sent = requests(&server).await;
    let keys: Vec<&str> = sent
        .iter()
        .map(|r| header(r, "idempotency-key").expect("a key"))
        .collect();
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0], keys[1], "a retry keeps the call's key");
    assert_ne!(keys[1], keys[2], "another call has another key");
    assert!(keys.iter().all(|k| k.len() == 32), "{keys:?}");

    // A key given in the options, or by the operation's parameter, is sent as it is.
    client
        .with_options(RequestOptions::new().idempotency_key("order-o1"))
        .orders()
        .create(&Default::default(), &body)
        .await
        .unwrap();
    let params = fixture_request_options::models::OrdersCreateParams::new()
        .with_idempotency_key("from-params");
    client.orders().create(&params, &body).await.unwrap();
    // A GET gets none.
    client
        .orders()
        .get("o1", &Default::default())
        .await
        .unwrap();
    let sent = requests(&server).await;
    assert_eq!(header(&sent[3], "idempotency-key"), Some("order-o1"));
    assert_eq!(header(&sent[4], "idempotency-key"), Some("from-params"));
    assert_eq!(header(&sent[5], "idempotency-key"), None);
}

/// A server that accepts one connection, reads the request head, never answers, and reports
/// whether the client closed the connection (a read of 0 bytes) within `wait`.
fn silent_server(wait: Duration) -> (String, std::thread::JoinHandle<bool>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("a connection");
        stream.set_read_timeout(Some(wait)).expect("a timeout");
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return false,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        matches!(stream.read(&mut buf), Ok(0))
    });
    (url, handle)
}

#[tokio::test]
async fn dropping_a_calls_future_closes_its_connection() {
    let (url, server) = silent_server(Duration::from_secs(5));
    let client = Client::builder()
        .base_url(url)
        .bearer("tok")
        .build()
        .unwrap();
    let outcome = tokio::time::timeout(
        Duration::from_millis(300),
        client.orders().get("o1", &Default::default()),
    )
    .await;
    assert!(outcome.is_err(), "the server never answers");
    let closed = tokio::task::spawn_blocking(move || server.join().expect("no panic"))
        .await
        .unwrap();
    assert!(closed, "the connection was closed when the future was dropped");
}
