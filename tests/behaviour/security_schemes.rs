//! Compiled as a test of the crate generated from
//! `tests/fixtures/corpus/security-schemes.yaml` (by `tests/security_schemes.rs`, through
//! `run_behaviour_test`), not by the test crate itself.
//!
//! Each kind of credential lands where its scheme says (HTTP Basic, a custom `Authorization`
//! scheme, header, query and cookie API keys, OAuth 2 / OpenID Connect tokens and token
//! providers), alternatives and combinations are chosen per operation, public and optional
//! operations send nothing they need not, and no secret shows in `Debug`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use fixture_security_schemes::{Client, ClientBuilder, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn mock() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder().base_url(server.uri()).max_retries(0)
}

/// The one request the server received since the last call, and forgets it.
async fn last(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(server)
        .await;
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII"))
}

/// The headers and query that carry credentials, as `name: value` lines.
fn credentials(request: &Request) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["authorization", "cookie", "x-api-key"] {
        if let Some(value) = header(request, name) {
            out.push(format!("{name}: {value}"));
        }
    }
    if let Some(query) = request.url.query() {
        out.push(format!("?{query}"));
    }
    out
}

#[tokio::test]
async fn basic_credentials_are_base64_of_username_and_password() {
    let server = mock().await;
    let client = builder(&server)
        .basic_auth("Aladdin", "open sesame")
        .build()
        .unwrap();
    client.things().get_default().await.unwrap();
    assert_eq!(
        credentials(&last(&server).await),
        ["authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="]
    );
    let from_env = Client::builder()
        .base_url(server.uri())
        .with_env_from(|var| (var == "SCHEMES_BASIC").then(|| "user:p:w".to_owned()))
        .build()
        .unwrap();
    from_env.things().get_default().await.unwrap();
    // base64("user:p:w")
    assert_eq!(
        credentials(&last(&server).await),
        ["authorization: Basic dXNlcjpwOnc="]
    );
}

#[tokio::test]
async fn the_first_alternative_held_wins_and_an_empty_one_makes_credentials_optional() {
    let server = mock().await;
    let both = builder(&server)
        .basic_auth("u", "p")
        .header_key("hk")
        .build()
        .unwrap();
    both.things().get_default().await.unwrap();
    assert_eq!(credentials(&last(&server).await), ["x-api-key: hk"]);

    // The API's security ends with `{}`: a client without credentials is fine, and sends none.
    let none = builder(&server).build().unwrap();
    none.things().get_default().await.unwrap();
    assert!(credentials(&last(&server).await).is_empty());

    // `[{}, {bearerAuth: []}]`: the token if the client has one, else nothing.
    let bearer = builder(&server).bearer_auth("bt").build().unwrap();
    bearer.things().get_optional().await.unwrap();
    assert_eq!(
        credentials(&last(&server).await),
        ["authorization: Bearer bt"]
    );
    none.things().get_optional().await.unwrap();
    assert!(credentials(&last(&server).await).is_empty());
}

#[tokio::test]
async fn a_public_operation_sends_no_credentials() {
    let server = mock().await;
    let client = builder(&server)
        .header_key("hk")
        .basic_auth("u", "p")
        .bearer_auth("bt")
        .build()
        .unwrap();
    client.things().get_public().await.unwrap();
    assert!(credentials(&last(&server).await).is_empty());
}

#[tokio::test]
async fn cookies_of_one_alternative_share_one_header() {
    let server = mock().await;
    let client = builder(&server)
        .session_cookie("s3cr3t")
        .csrf_cookie("c5rf")
        .build()
        .unwrap();
    client.things().get_cookies().await.unwrap();
    assert_eq!(
        credentials(&last(&server).await),
        ["cookie: session=s3cr3t; csrf=c5rf"]
    );

    let half = builder(&server).session_cookie("s3cr3t").build().unwrap();
    let err = half.things().get_cookies().await.unwrap_err();
    match err {
        Error::Config(message) => assert_eq!(
            message,
            "this operation needs sessionCookie and csrfCookie; the client has sessionCookie"
        ),
        other => panic!("{other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());

    let bad = builder(&server).session_cookie("a;b").build().unwrap_err();
    assert!(
        matches!(&bad, Error::Config(m) if m.contains("not allowed in a cookie") && !m.contains("a;b")),
        "{bad:?}"
    );
}

#[tokio::test]
async fn query_keys_follow_the_operations_query() {
    let server = mock().await;
    let client = builder(&server).query_key("k&y").build().unwrap();
    client
        .things()
        .get_query(&Default::default())
        .await
        .unwrap();
    assert_eq!(credentials(&last(&server).await), ["?api_key=k%26y"]);
}

#[tokio::test]
async fn a_custom_http_scheme_is_sent_as_it_is() {
    let server = mock().await;
    let client = builder(&server).token_auth("abc123").build().unwrap();
    client.things().get_custom().await.unwrap();
    assert_eq!(
        credentials(&last(&server).await),
        ["authorization: Token abc123"]
    );
}

#[tokio::test]
async fn oauth_and_openid_connect_take_a_token_or_a_provider_asked_once_per_call() {
    let server = mock().await;
    let fixed = builder(&server).oidc("id-token").build().unwrap();
    fixed.things().get_oidc().await.unwrap();
    assert_eq!(
        credentials(&last(&server).await),
        ["authorization: Bearer id-token"]
    );

    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let client = builder(&server)
        .oauth_provider(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok::<_, std::io::Error>(format!("token-{n}")) }
        })
        .build()
        .unwrap();
    client.things().get_oauth().await.unwrap();
    assert_eq!(
        credentials(&last(&server).await),
        ["authorization: Bearer token-1"]
    );
    client.things().get_oauth().await.unwrap();
    assert_eq!(
        credentials(&last(&server).await),
        ["authorization: Bearer token-2"]
    );
    // An operation that does not use the scheme does not ask for a token.
    client.things().get_public().await.unwrap();
    last(&server).await;
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let failing = builder(&server)
        .oauth_provider(|| async { Err("the identity provider is down") })
        .build()
        .unwrap();
    let err = failing.things().get_oauth().await.unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m == "the token provider of oauth failed: the identity provider is down"),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_unsendable_scheme_leaves_the_other_alternatives() {
    let server = mock().await;
    // `[digestAuth] or [bearerAuth] or [headerKey and queryKey]`: digest is dropped.
    let bearer = builder(&server).bearer_auth("bt").build().unwrap();
    bearer.things().get_either().await.unwrap();
    assert_eq!(
        credentials(&last(&server).await),
        ["authorization: Bearer bt"]
    );
    let pair = builder(&server)
        .header_key("hk")
        .query_key("qk")
        .build()
        .unwrap();
    pair.things().get_either().await.unwrap();
    assert_eq!(
        credentials(&last(&server).await),
        ["x-api-key: hk", "?api_key=qk"]
    );
    // Only digest: sent without credentials (the generator warned).
    pair.things().get_digest_only().await.unwrap();
    assert!(credentials(&last(&server).await).is_empty());
}

#[tokio::test]
async fn no_secret_shows_in_debug() {
    let server = mock().await;
    let builder = builder(&server)
        .basic_auth("alice", "pa55word")
        .header_key("header-secret")
        .session_cookie("cookie-secret")
        .oauth_provider(|| async { Ok::<_, std::io::Error>("provided-secret".to_owned()) });
    let client = builder.clone().build().unwrap();
    for text in [format!("{builder:?}"), format!("{client:?}")] {
        for secret in ["alice", "pa55word", "header-secret", "cookie-secret", "YWxpY2U6cGE1NXdvcmQ="] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("basicAuth") && text.contains("oauth"), "{text}");
    }
}
