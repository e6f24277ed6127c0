//! Compiled as a test of the crate generated from `tests/fixtures/corpus/bodies.yaml` (by
//! `tests/bodies.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! Bodies that are not JSON: the exact bytes and `Content-Type` each method sends (multipart
//! parts with their names, file names and content types; urlencoded pairs; raw bytes; text),
//! and binary and text responses returned as bytes and strings.

use fixture_bodies::models::{
    PhotosUploadBody, PhotosUploadBodyMeta, SessionLoginBody, SessionLoginBodyDevice,
};
use fixture_bodies::{Client, FilePart};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("a client")
}

/// The one request the server received.
async fn received(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

/// The request's `Accept` header.
fn accept(request: &Request) -> &str {
    request
        .headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn content_type(request: &Request) -> String {
    request
        .headers
        .get("content-type")
        .expect("a Content-Type")
        .to_str()
        .expect("ASCII")
        .to_owned()
}

/// A part of a multipart body: its headers (lower-cased names) and content.
#[derive(Debug, PartialEq)]
struct Part {
    headers: Vec<(String, String)>,
    content: Vec<u8>,
}

/// Splits a multipart body on `boundary`, checking the framing on the way.
fn parts(body: &[u8], boundary: &str) -> Vec<Part> {
    let text = String::from_utf8(body.to_vec()).expect("the test sends UTF-8 only");
    let delimiter = format!("--{boundary}");
    let (parts, end) = text
        .rsplit_once(&format!("{delimiter}--"))
        .expect("a closing delimiter");
    assert_eq!(end, "\r\n");
    let mut out = Vec::new();
    for chunk in parts.split(&delimiter).skip(1) {
        let chunk = chunk
            .strip_prefix("\r\n")
            .and_then(|c| c.strip_suffix("\r\n"))
            .expect("CRLF around a part");
        let (head, content) = chunk.split_once("\r\n\r\n").expect("headers, then content");
        let headers = head
            .split("\r\n")
            .map(|line| {
                let (name, value) = line.split_once(": ").expect("a header");
                (name.to_ascii_lowercase(), value.to_owned())
            })
            .collect();
        out.push(Part {
            headers,
            content: content.as_bytes().to_vec(),
        });
    }
    assert!(parts.starts_with(&delimiter), "no preamble");
    out
}

fn part(disposition: &str, content_type: Option<&str>, content: &str) -> Part {
    let mut headers = vec![("content-disposition".to_owned(), disposition.to_owned())];
    if let Some(t) = content_type {
        headers.push(("content-type".to_owned(), t.to_owned()));
    }
    Part {
        headers,
        content: content.as_bytes().to_vec(),
    }
}

#[tokio::test]
async fn multipart_sends_files_fields_and_arrays_as_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets/rex/photos"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(r#"{"stored":3}"#, "application/json"))
        .mount(&server)
        .await;
    let body = PhotosUploadBody::new(
        FilePart::new(b"PNG-bytes".to_vec()).with_file_name("cover \"1\".png"),
        "Rex at the beach",
    )
    .with_extra(vec![
        FilePart::new(b"one".to_vec()).with_file_name("a.jpg").with_content_type("image/jpeg"),
        FilePart::new(b"two".to_vec()),
    ])
    .with_rank(2)
    .with_tags(vec!["beach".to_owned(), "dog".to_owned()])
    .with_meta(PhotosUploadBodyMeta::new().with_camera("X100"));
    let stored = client(&server)
        .photos()
        .upload("rex", &body)
        .await
        .expect("stored");
    assert_eq!(stored.stored, Some(3));

    let request = received(&server).await;
    let content_type = content_type(&request);
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart Content-Type");
    assert!(boundary.len() >= 24, "{boundary}");
    assert_eq!(
        parts(&request.body, boundary),
        vec![
            part(
                r#"form-data; name="cover"; filename="cover %221%22.png""#,
                Some("image/png"),
                "PNG-bytes"
            ),
            part(r#"form-data; name="extra"; filename="a.jpg""#, Some("image/jpeg"), "one"),
            part(r#"form-data; name="extra""#, Some("application/octet-stream"), "two"),
            part(r#"form-data; name="caption""#, Some("text/plain; charset=utf-8"), "Rex at the beach"),
            part(r#"form-data; name="rank""#, None, "2"),
            part(r#"form-data; name="tags""#, None, "beach"),
            part(r#"form-data; name="tags""#, None, "dog"),
            part(r#"form-data; name="meta""#, Some("application/json"), r#"{"camera":"X100"}"#),
        ]
    );
}

#[tokio::test]
async fn a_form_is_urlencoded_and_a_text_response_is_a_string() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("tok-ü", "text/plain"))
        .mount(&server)
        .await;
    let body = SessionLoginBody::new("ann&bob smith")
        .with_scopes(vec!["read".to_owned(), "write:all".to_owned()])
        .with_remember(true)
        .with_device(SessionLoginBodyDevice::new().with_os("linux"));
    let token: String = client(&server).session().login(&body).await.expect("a token");
    assert_eq!(token, "tok-ü");

    let request = received(&server).await;
    assert_eq!(content_type(&request), "application/x-www-form-urlencoded");
    // The response is described as text: the request asks for text.
    assert_eq!(accept(&request), "text/plain");
    assert_eq!(
        String::from_utf8(request.body).expect("ASCII"),
        "user=ann%26bob%20smith&scopes=read&scopes=write%3Aall&remember=true&os=linux"
    );
}

#[tokio::test]
async fn bytes_go_out_and_come_back_as_they_are() {
    let server = MockServer::start().await;
    let blob: Vec<u8> = vec![0, 159, 146, 150, 255];
    Mock::given(method("PUT"))
        .and(path("/blobs/b1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client(&server).blobs().put("b1", blob.clone()).await.expect("stored");
    let request = received(&server).await;
    assert_eq!(content_type(&request), "application/octet-stream");
    assert_eq!(request.body, blob);
    // No response body is described: JSON, for an error body.
    assert_eq!(accept(&request), "application/json");

    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/blobs/b1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(blob.clone(), "application/octet-stream"))
        .mount(&server)
        .await;
    assert_eq!(client(&server).blobs().get("b1").await.expect("the blob"), blob);
    assert_eq!(accept(&received(&server).await), "application/octet-stream");
}

#[tokio::test]
async fn text_goes_out_with_its_media_type_and_json_is_preferred() {
    let server = MockServer::start().await;
    Mock::given(path("/notes"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client(&server)
        .notes()
        .add(Some("# Title\n".to_owned()))
        .await
        .expect("added");
    let request = received(&server).await;
    assert_eq!(content_type(&request), "text/markdown");
    assert_eq!(request.body, b"# Title\n");

    // `replaceNotes` offers text, XML and JSON: the method sends JSON.
    server.reset().await;
    Mock::given(path("/notes"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let body = fixture_bodies::models::NotesReplaceBody::new("hello");
    client(&server).notes().replace(&body).await.expect("replaced");
    let request = received(&server).await;
    assert_eq!(content_type(&request), "application/json");
    assert_eq!(request.body, br#"{"text":"hello"}"#);
}
