//! Compiled as a test of the crate generated from `tests/fixtures/corpus/param-styles.yaml`
//! (by `tests/param_styles.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! Each operation is called against a loopback mock server, and the exact path, query string
//! and headers it sent are checked against the OpenAPI style rules.

use fixture_param_styles::models::{
    Color, Id, Point, ReadConsistency, ReadConsistencyType, Segment, StylesArraysParams,
    StylesFallbacksParams, StylesObjectsFilter, StylesObjectsParams, StylesScalarsOrder,
    StylesScalarsParams, Sort, StylesUnionsEither, StylesUnionsParams,
    StylesUnionsXUnion,
};
use fixture_param_styles::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds");
    (server, client)
}

/// The one request the server received.
async fn sent(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header"))
}

#[tokio::test]
async fn unions_are_sent_as_the_scalar_they_hold() {
    let (server, client) = server().await;
    let params = StylesUnionsParams::new()
        .with_read(ReadConsistency::Integer(2))
        .with_either(StylesUnionsEither::Number(1.5))
        .with_x_union(StylesUnionsXUnion::String("a b".to_owned()));
    let level = ReadConsistency::ReadConsistencyType(ReadConsistencyType::Majority);
    client
        .styles()
        .unions(&Id::Integer(42), &level, &params)
        .await
        .expect("sent");
    let request = sent(&server).await;
    assert_eq!(request.url.path(), "/unions/42/majority");
    assert_eq!(request.url.query(), Some("read=2&either=1.5"));
    assert_eq!(header(&request, "x-union"), Some("a b"));
}

#[tokio::test]
async fn a_string_union_in_the_path_is_one_encoded_segment() {
    let (server, client) = server().await;
    let params = StylesUnionsParams::new()
        .with_read(ReadConsistency::ReadConsistencyType(
            ReadConsistencyType::All,
        ))
        .with_either(StylesUnionsEither::Bool(false))
        .with_x_union(StylesUnionsXUnion::Integer(-3));
    client
        .styles()
        .unions(
            &Id::String("a/b c?".to_owned()),
            &ReadConsistency::Integer(3),
            &params,
        )
        .await
        .expect("sent");
    let request = sent(&server).await;
    assert_eq!(request.url.path(), "/unions/a%2Fb%20c%3F/3");
    assert_eq!(request.url.query(), Some("read=all&either=false"));
    assert_eq!(header(&request, "x-union"), Some("-3"));
}

#[tokio::test]
async fn arrays_follow_their_style() {
    let (server, client) = server().await;
    let params = StylesArraysParams::new()
        .with_exploded(vec!["a".to_owned(), "b&c".to_owned()])
        .with_joined(vec![1, 2])
        .with_spaced(vec!["x".to_owned(), "y".to_owned()])
        .with_piped(vec![Color::Red, Color::Blue])
        .with_x_tags(vec!["t1".to_owned(), "t2".to_owned()]);
    client
        .styles()
        .arrays(
            &[1, 2, 3],
            &["a".to_owned(), "b.c".to_owned()],
            &["x".to_owned(), "y,z".to_owned()],
            &params,
        )
        .await
        .expect("sent");
    let request = sent(&server).await;
    // simple: comma-joined; label, exploded: `.` before each; matrix: `;name=` then joined.
    assert_eq!(request.url.path(), "/arrays/1,2,3/.a.b.c/;matrix=x,y%2Cz");
    assert_eq!(
        request.url.query(),
        Some("exploded=a&exploded=b%26c&joined=1,2&spaced=x%20y&piped=red|blue")
    );
    assert_eq!(header(&request, "x-tags"), Some("t1,t2"));
}

#[tokio::test]
async fn objects_follow_their_style() {
    let (server, client) = server().await;
    let params = StylesObjectsParams::new()
        .with_filter(
            StylesObjectsFilter::new()
                .with_color(Color::Green)
                .with_min(3),
        )
        .with_exploded(Point::new(5, 6))
        .with_joined(Point::new(7, 8))
        .with_labels(
            [("a b".to_owned(), "c&d".to_owned())]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .with_x_point(Point::new(9, 10));
    let point = Point::new(1, 2);
    client
        .styles()
        .objects(&point, &Point::new(3, 4), &point, &params)
        .await
        .expect("sent");
    let request = sent(&server).await;
    // simple exploded: k=v,k=v; label: .k,v,k,v; matrix exploded: ;k=v;k=v.
    assert_eq!(request.url.path(), "/objects/x=1,y=2/.x,3,y,4/;x=1;y=2");
    assert_eq!(
        request.url.query(),
        Some("filter[color]=green&filter[min]=3&x=5&y=6&joined=x,7,y,8&labels[a%20b]=c%26d")
    );
    assert_eq!(header(&request, "x-point"), Some("x=9,y=10"));
}

#[tokio::test]
async fn scalars_enums_reserved_and_json_content() {
    let (server, client) = server().await;
    let params = StylesScalarsParams::new(StylesScalarsOrder::Desc, 7)
        .with_ratio(0.25)
        .with_verbose(true)
        .with_sort(Sort::from("-name"))
        .with_next("https://x.example/a?b=c&d#e")
        .with_where(Point::new(1, 2));
    client
        .styles()
        .scalars(11, &Color::Blue, &params)
        .await
        .expect("sent");
    let request = sent(&server).await;
    assert_eq!(request.url.path(), "/scalars/11/blue");
    assert_eq!(
        request.url.query(),
        Some(
            "order=desc&ratio=0.25&verbose=true&sort=-name\
             &next=https://x.example/a?b=c%26d%23e\
             &where=%7B%22x%22%3A1%2C%22y%22%3A2%7D"
        )
    );
    assert_eq!(header(&request, "x-count"), Some("7"));
}

#[tokio::test]
async fn values_no_style_lays_out_are_sent_as_json_text() {
    let (server, client) = server().await;
    let params = StylesFallbacksParams::new().with_rows(vec![Point::new(1, 2)]);
    let segment = Segment::new(Point::new(1, 2), Point::new(3, 4));
    client
        .styles()
        .fallbacks(&segment, &params)
        .await
        .expect("sent");
    let request = sent(&server).await;
    assert_eq!(
        request.url.path(),
        "/fallbacks/%7B%22from%22%3A%7B%22x%22%3A1%2C%22y%22%3A2%7D%2C%22to%22%3A%7B%22x%22%3A3%2C%22y%22%3A4%7D%7D"
    );
    assert_eq!(
        request.url.query(),
        Some("rows=%5B%7B%22x%22%3A1%2C%22y%22%3A2%7D%5D")
    );
}

#[tokio::test]
async fn a_path_value_that_leaves_its_segment_is_rejected_before_sending() {
    let (server, client) = server().await;
    let err = client
        .styles()
        .arrays(
            &[],
            &["a".to_owned()],
            &["b".to_owned()],
            &Default::default(),
        )
        .await
        .expect_err("an empty simple array is an empty segment");
    assert!(
        matches!(err, Error::InvalidArgument { name: "ids", .. }),
        "{err:?}"
    );
    let err = client
        .styles()
        .unions(
            &Id::String("..".to_owned()),
            &ReadConsistency::Integer(1),
            &Default::default(),
        )
        .await
        .expect_err("`..` would address the parent");
    assert!(
        matches!(err, Error::InvalidArgument { name: "id", .. }),
        "{err:?}"
    );
    assert!(server
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}
