//! Compiled as a test of the crate generated from `tests/fixtures/corpus/pagination.yaml` (by
//! `tests/pagination.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! Each way a plain JSON list names its next page is walked over three pages served by a
//! loopback mock: every page is asked for exactly once (each mock expects one request), with
//! exactly the query the previous page called for, and the items come out in order. A server
//! that repeats a cursor, or links to another origin, ends the walk with `Error::Pagination`.

use fixture_pagination::models::{
    AlbumsListParams, CustomersListParams, EventsListParams, IssuesListParams, OrdersListParams,
    PhotosListParams, TasksListParams, UsersListParams,
};
use fixture_pagination::{Client, Error};
use futures::{Stream, StreamExt};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .max_retries(0)
        .build()
        .expect("a client")
}

/// Serves `body` once to the requests `mock` matches.
async fn page(server: &MockServer, mock: MockBuilder, body: Value) {
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// The path and query of every request the server received, in order.
async fn sent(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .iter()
        .map(|r| match r.url.query() {
            Some(q) => format!("{}?{q}", r.url.path()),
            None => r.url.path().to_owned(),
        })
        .collect()
}

async fn collect<T>(stream: impl Stream<Item = Result<T, Error>>) -> Vec<Result<T, Error>> {
    stream.collect().await
}

fn ok<T: std::fmt::Debug>(items: Vec<Result<T, Error>>) -> Vec<T> {
    items
        .into_iter()
        .map(|i| i.expect("every page decodes"))
        .collect()
}

#[tokio::test]
async fn a_cursor_in_the_body_is_sent_back_until_there_is_none() {
    let server = MockServer::start().await;
    let events = || Mock::given(method("GET")).and(path("/v1/events"));
    page(
        &server,
        events().and(query_param_is_missing("cursor")),
        json!({"events": [{"id": "e1"}, {"id": "e2"}], "next_cursor": "c2"}),
    )
    .await;
    page(
        &server,
        events().and(query_param("cursor", "c2")),
        json!({"events": [{"id": "e3"}], "next_cursor": "c3"}),
    )
    .await;
    page(
        &server,
        events().and(query_param("cursor", "c3")),
        json!({"events": [{"id": "e4"}], "next_cursor": null}),
    )
    .await;
    let client = client(&server);
    let params = EventsListParams::new().with_kind("a").with_limit(2);
    let mut stream = client.events().list_all(&params);
    // Lazy: one item needs one page, and nothing is requested before it is asked for.
    assert!(sent(&server).await.is_empty());
    let first = stream.next().await.expect("an item").expect("decoded");
    assert_eq!(first.id, "e1");
    assert_eq!(sent(&server).await.len(), 1);
    let rest: Vec<String> = ok(collect(stream).await)
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(rest, ["e2", "e3", "e4"]);
    assert_eq!(
        sent(&server).await,
        [
            "/v1/events?kind=a&limit=2",
            "/v1/events?kind=a&cursor=c2&limit=2",
            "/v1/events?kind=a&cursor=c3&limit=2",
        ]
    );
}

#[tokio::test]
async fn a_cursor_inside_a_next_page_object_is_followed() {
    let server = MockServer::start().await;
    let tasks = || Mock::given(method("GET")).and(path("/v1/tasks"));
    page(
        &server,
        tasks().and(query_param_is_missing("offset")),
        json!({"data": [{"gid": "1"}], "next_page": {"offset": "tok2", "path": "/tasks?offset=tok2"}}),
    )
    .await;
    page(
        &server,
        tasks().and(query_param("offset", "tok2")),
        json!({"data": [{"gid": "2"}], "next_page": {"offset": "tok3"}}),
    )
    .await;
    page(
        &server,
        tasks().and(query_param("offset", "tok3")),
        json!({"data": [{"gid": "3"}], "next_page": null}),
    )
    .await;
    let items = ok(collect(client(&server).tasks().list_all(&TasksListParams::new())).await);
    let gids: Vec<String> = items.into_iter().map(|t| t.gid).collect();
    assert_eq!(gids, ["1", "2", "3"]);
    assert_eq!(
        sent(&server).await,
        [
            "/v1/tasks",
            "/v1/tasks?offset=tok2",
            "/v1/tasks?offset=tok3"
        ]
    );
}

#[tokio::test]
async fn has_more_continues_after_the_last_id() {
    let server = MockServer::start().await;
    let customers = || Mock::given(method("GET")).and(path("/v1/customers"));
    page(
        &server,
        customers().and(query_param_is_missing("starting_after")),
        json!({"object": "list", "data": [{"id": "a"}, {"id": "b"}], "has_more": true}),
    )
    .await;
    page(
        &server,
        customers().and(query_param("starting_after", "b")),
        json!({"data": [{"id": "c"}, {"id": "d"}], "has_more": true}),
    )
    .await;
    page(
        &server,
        customers().and(query_param("starting_after", "d")),
        json!({"data": [{"id": "e"}], "has_more": false}),
    )
    .await;
    let params = CustomersListParams::new().with_limit(2);
    let items = ok(collect(client(&server).customers().list_all(&params)).await);
    let ids: Vec<String> = items.into_iter().map(|c| c.id).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        sent(&server).await,
        [
            "/v1/customers?limit=2",
            "/v1/customers?starting_after=b&limit=2",
            "/v1/customers?starting_after=d&limit=2",
        ]
    );
}

#[tokio::test]
async fn the_link_header_is_followed_as_given() {
    let server = MockServer::start().await;
    let issues = || Mock::given(method("GET")).and(path("/v1/repos/o%20w/issues"));
    let link = |page: &str| {
        format!(
            "<{}/v1/repos/o%20w/issues?state=open&page={page}>; rel=\"next\", <{}/v1/x>; rel=\"last\"",
            server.uri(),
            server.uri()
        )
    };
    issues()
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"number": 1}, {"number": 2}]))
                .insert_header("link", link("2").as_str()),
        )
        .expect(1)
        .mount(&server)
        .await;
    issues()
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"number": 3}]))
                // A relative target resolves against the request's URL.
                .insert_header(
                    "link",
                    "</v1/repos/o%20w/issues?state=open&page=3>; rel=next",
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    page(
        &server,
        issues().and(query_param("page", "3")),
        json!([{"number": 4}]),
    )
    .await;
    let params = IssuesListParams::new().with_state("open");
    let items = ok(collect(client(&server).issues().list_all("o w", &params)).await);
    let numbers: Vec<i64> = items.into_iter().map(|i| i.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert_eq!(
        sent(&server).await,
        [
            "/v1/repos/o%20w/issues?state=open",
            "/v1/repos/o%20w/issues?state=open&page=2",
            "/v1/repos/o%20w/issues?state=open&page=3",
        ]
    );
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(0)
        .mount(&elsewhere)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/repos/o/issues"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"number": 1}]))
                .insert_header(
                    "link",
                    format!(
                        "<{}/v1/repos/o/issues?page=2>; rel=\"next\"",
                        elsewhere.uri()
                    )
                    .as_str(),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let items = collect(
        client(&server)
            .issues()
            .list_all("o", &IssuesListParams::new()),
    )
    .await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().expect("the first page").number, 1);
    assert!(
        matches!(&items[1], Err(Error::Pagination(m)) if m.contains("not under the client's base URL")),
        "{items:?}"
    );
}

#[tokio::test]
async fn an_offset_skips_the_items_seen_until_the_total() {
    let server = MockServer::start().await;
    let users = || Mock::given(method("GET")).and(path("/v1/users"));
    let names = |names: &[&str]| -> Value { names.iter().map(|n| json!({ "name": n })).collect() };
    page(
        &server,
        users().and(query_param_is_missing("offset")),
        json!({"data": names(&["u1", "u2"]), "total_count": 5}),
    )
    .await;
    page(
        &server,
        users().and(query_param("offset", "2")),
        json!({"data": names(&["u3", "u4"]), "total_count": 5}),
    )
    .await;
    page(
        &server,
        users().and(query_param("offset", "4")),
        json!({"data": names(&["u5"]), "total_count": 5}),
    )
    .await;
    let params = UsersListParams::new().with_limit(2);
    let items = ok(collect(client(&server).users().list_all(&params)).await);
    let got: Vec<String> = items.into_iter().map(|u| u.name).collect();
    assert_eq!(got, ["u1", "u2", "u3", "u4", "u5"]);
    assert_eq!(
        sent(&server).await,
        [
            "/v1/users?limit=2",
            "/v1/users?offset=2&limit=2",
            "/v1/users?offset=4&limit=2",
        ]
    );
}

#[tokio::test]
async fn an_offset_walk_ends_on_a_short_page_without_a_total() {
    let server = MockServer::start().await;
    let users = || Mock::given(method("GET")).and(path("/v1/users"));
    page(
        &server,
        users().and(query_param("offset", "10")),
        json!({"data": [{"name": "a"}, {"name": "b"}]}),
    )
    .await;
    page(
        &server,
        users().and(query_param("offset", "12")),
        json!({"data": [{"name": "c"}]}),
    )
    .await;
    let params = UsersListParams::new().with_offset(10).with_limit(2);
    let items = ok(collect(client(&server).users().list_all(&params)).await);
    assert_eq!(items.len(), 3);
    assert_eq!(
        sent(&server).await,
        ["/v1/users?offset=10&limit=2", "/v1/users?offset=12&limit=2"]
    );
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_walk_with_an_error() {
    let server = MockServer::start().await;
    let events = || Mock::given(method("GET")).and(path("/v1/events"));
    page(
        &server,
        events().and(query_param_is_missing("cursor")),
        json!({"events": [{"id": "e1"}], "next_cursor": "c2"}),
    )
    .await;
    page(
        &server,
        events().and(query_param("cursor", "c2")),
        json!({"events": [{"id": "e2"}], "next_cursor": "c2"}),
    )
    .await;
    let items = collect(client(&server).events().list_all(&EventsListParams::new())).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().expect("page 1").id, "e1");
    assert_eq!(items[1].as_ref().expect("page 2's items").id, "e2");
    assert!(
        matches!(&items[2], Err(Error::Pagination(m)) if m.contains("cursor `c2` a second time")),
        "{items:?}"
    );
    assert_eq!(sent(&server).await.len(), 2);
}

#[tokio::test]
async fn an_empty_first_page_is_an_empty_stream() {
    let server = MockServer::start().await;
    page(
        &server,
        Mock::given(method("GET")).and(path("/v1/events")),
        json!({"events": [], "next_cursor": null}),
    )
    .await;
    page(
        &server,
        Mock::given(method("GET")).and(path("/v1/users")),
        json!({"data": [], "total_count": 0}),
    )
    .await;
    let client = client(&server);
    assert!(collect(client.events().list_all(&EventsListParams::new()))
        .await
        .is_empty());
    assert!(collect(client.users().list_all(&UsersListParams::new()))
        .await
        .is_empty());
    assert_eq!(sent(&server).await, ["/v1/events", "/v1/users"]);
}

fn names(names: &[&str]) -> Value {
    names.iter().map(|n| json!({ "name": n })).collect()
}

fn got(items: Vec<fixture_pagination::models::User>) -> Vec<String> {
    items.into_iter().map(|u| u.name).collect()
}

#[tokio::test]
async fn page_numbers_from_zero_stop_at_the_number_of_pages() {
    let server = MockServer::start().await;
    let orders = || Mock::given(method("GET")).and(path("/v1/orders"));
    // The first request leaves `page` out: the server's default, 0, is the first page.
    page(
        &server,
        orders().and(query_param_is_missing("page")),
        json!({"items": names(&["o1", "o2"]), "total_pages": 3}),
    )
    .await;
    for (number, items) in [("1", ["o3", "o4"]), ("2", ["o5", "o6"])] {
        page(
            &server,
            orders().and(query_param("page", number)),
            json!({"items": names(&items), "total_pages": 3}),
        )
        .await;
    }
    let params = OrdersListParams::new().with_page_size(2);
    let items = ok(collect(client(&server).orders().list_all(&params)).await);
    assert_eq!(got(items), ["o1", "o2", "o3", "o4", "o5", "o6"]);
    assert_eq!(
        sent(&server).await,
        [
            "/v1/orders?page_size=2",
            "/v1/orders?page=1&page_size=2",
            "/v1/orders?page=2&page_size=2",
        ]
    );
}

#[tokio::test]
async fn page_numbers_stop_on_a_short_page() {
    let server = MockServer::start().await;
    let photos = || Mock::given(method("GET")).and(path("/v1/photos"));
    for (number, items) in [("5", &["p1", "p2"][..]), ("6", &["p3"][..])] {
        page(
            &server,
            photos().and(query_param("page", number)),
            names(items),
        )
        .await;
    }
    // The caller's page is the first one asked for.
    let params = PhotosListParams::new().with_page(5).with_per_page(2);
    let items = ok(collect(client(&server).photos().list_all(&params)).await);
    assert_eq!(got(items), ["p1", "p2", "p3"]);
    assert_eq!(
        sent(&server).await,
        [
            "/v1/photos?page=5&per_page=2",
            "/v1/photos?page=6&per_page=2"
        ]
    );
}

#[tokio::test]
async fn page_numbers_without_a_page_size_stop_on_an_empty_page() {
    let server = MockServer::start().await;
    let photos = || Mock::given(method("GET")).and(path("/v1/photos"));
    page(
        &server,
        photos().and(query_param_is_missing("page")),
        names(&["p1", "p2"]),
    )
    .await;
    page(
        &server,
        photos().and(query_param("page", "2")),
        names(&["p3"]),
    )
    .await;
    page(&server, photos().and(query_param("page", "3")), json!([])).await;
    let items = ok(collect(client(&server).photos().list_all(&PhotosListParams::new())).await);
    assert_eq!(got(items), ["p1", "p2", "p3"]);
    assert_eq!(
        sent(&server).await,
        ["/v1/photos", "/v1/photos?page=2", "/v1/photos?page=3"]
    );
}

#[tokio::test]
async fn a_declared_page_walk_stops_at_the_total_count() {
    let server = MockServer::start().await;
    let albums = || Mock::given(method("GET")).and(path("/v1/albums"));
    page(
        &server,
        albums().and(query_param_is_missing("p")),
        json!({"results": names(&["a1", "a2"]), "meta": {"count": 4}}),
    )
    .await;
    page(
        &server,
        albums().and(query_param("p", "2")),
        json!({"results": names(&["a3", "a4"]), "meta": {"count": 4}}),
    )
    .await;
    let items = ok(collect(client(&server).albums().list_all(&AlbumsListParams::new())).await);
    assert_eq!(got(items), ["a1", "a2", "a3", "a4"]);
    assert_eq!(sent(&server).await, ["/v1/albums", "/v1/albums?p=2"]);
}

#[tokio::test]
async fn an_empty_first_page_of_page_numbers_is_an_empty_stream() {
    let server = MockServer::start().await;
    page(
        &server,
        Mock::given(method("GET")).and(path("/v1/photos")),
        json!([]),
    )
    .await;
    let items = collect(client(&server).photos().list_all(&PhotosListParams::new())).await;
    assert!(items.is_empty(), "{items:?}");
    assert_eq!(sent(&server).await, ["/v1/photos"]);
}
