//! Compiled as a test of the crate generated from `tests/fixtures/corpus/downloads.yaml` (by
//! `tests/downloads.rs`, through `run_behaviour_test`), not by the test crate itself.
//!
//! A binary response's `…_stream` twin hands the body out as it arrives: the first chunk
//! reaches the caller before the server has sent the rest; the request is the buffered
//! method's, options included; an error status decodes the typed error body; failures are
//! retried before the first chunk only; a connection cut mid-body is an `Err` item; the timeout
//! bounds each chunk, not the whole download.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use fixture_downloads::models::{FilesGetParams, NotFound};
use fixture_downloads::{ByteStream, Client, Error, RequestOptions, Response};
use futures::{StreamExt, TryStreamExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(base_url: String, max_retries: u32) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer("tok")
        .max_retries(max_retries)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("a valid client")
}

/// Reads a request's head (up to the blank line), lower-casing nothing.
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8(head).expect("an ASCII request head")
}

/// A server on a bare socket that accepts one connection, reads its request head, and hands
/// the connection to `script`. Returns the base URL, and a handle that yields the request head
/// and how many more connections arrived within half a second after `script` returned.
fn bare_server(
    script: impl FnOnce(&mut TcpStream) + Send + 'static,
) -> (String, std::thread::JoinHandle<(String, usize)>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("a connection");
        let head = read_head(&mut stream);
        script(&mut stream);
        drop(stream);
        listener.set_nonblocking(true).expect("non-blocking");
        let mut more = 0;
        for _ in 0..50 {
            if listener.accept().is_ok() {
                more += 1;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        (head, more)
    });
    (url, handle)
}

async fn join(server: std::thread::JoinHandle<(String, usize)>) -> (String, usize) {
    tokio::task::spawn_blocking(move || server.join().expect("the server does not panic"))
        .await
        .expect("the server thread joins")
}

fn write(stream: &mut TcpStream, bytes: &[u8]) {
    stream.write_all(bytes).expect("the client reads");
    stream.flush().expect("the client reads");
}

/// The whole body of a download.
trait CollectBody {
    async fn collect_body(self) -> Result<Vec<u8>, Error>;
}

impl CollectBody for Response<ByteStream> {
    async fn collect_body(self) -> Result<Vec<u8>, Error> {
        self.try_fold(Vec::new(), |mut body, chunk| async move {
            body.extend_from_slice(&chunk);
            Ok(body)
        })
        .await
    }
}

const HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n";

#[tokio::test]
async fn the_first_chunk_arrives_before_the_server_has_sent_the_rest() {
    let first = vec![1u8; 1000];
    let rest = vec![2u8; 100_000];
    let (got_first, wait_for_caller) = mpsc::channel::<()>();
    let (sent_first, sent_rest) = (first.clone(), rest.clone());
    let (url, server) = bare_server(move |stream| {
        let length = sent_first.len() + sent_rest.len();
        write(
            stream,
            format!("{HEAD}content-length: {length}\r\n\r\n").as_bytes(),
        );
        write(stream, &sent_first);
        // The rest is sent only once the caller holds the first chunk: a client that
        // buffered the whole body would wait here until this gives up.
        if wait_for_caller.recv_timeout(Duration::from_secs(5)).is_ok() {
            write(stream, &sent_rest);
        }
    });
    let client = client(url, 0).with_options(
        RequestOptions::new()
            .header("x-trace-id", "t-1")
            .query("debug", "1"),
    );
    let params = FilesGetParams::new().with_version(3);
    let mut download: Response<ByteStream> = tokio::time::timeout(
        Duration::from_secs(3),
        client.files().get_stream("a b.bin", &params),
    )
    .await
    .expect("the call resolves before the body is complete")
    .expect("a 200 response");
    assert_eq!(download.status(), 200);
    assert_eq!(
        download.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(download.header("content-length"), Some("101000"));
    let chunk = download
        .try_next()
        .await
        .expect("a chunk")
        .expect("not the end");
    assert!(
        !chunk.is_empty() && chunk.len() <= first.len(),
        "{}",
        chunk.len()
    );
    assert!(chunk.iter().all(|&b| b == 1));
    got_first.send(()).expect("the server waits");
    let mut body = chunk.to_vec();
    while let Some(chunk) = download.try_next().await.expect("no error") {
        body.extend_from_slice(&chunk);
    }
    assert_eq!(body, [first, rest].concat());
    let (head, more) = join(server).await;
    let mut lines = head.lines();
    assert_eq!(
        lines.next(),
        Some("GET /files/a%20b.bin?version=3&debug=1 HTTP/1.1")
    );
    let headers: Vec<String> = lines.map(str::to_ascii_lowercase).collect();
    for expected in ["authorization: bearer tok", "x-trace-id: t-1"] {
        assert!(
            headers.iter().any(|h| h == expected),
            "{expected}: {headers:?}"
        );
    }
    assert_eq!(more, 0);
}

#[tokio::test]
async fn the_buffered_method_reads_the_same_body_whole() {
    let server = MockServer::start().await;
    let blob: Vec<u8> = (0..=255).cycle().take(70_000).collect();
    Mock::given(method("GET"))
        .and(path("/files/f"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(blob.clone(), "image/png"))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(server.uri(), 0);
    let whole = client.files().get("f", &Default::default()).await.unwrap();
    let streamed: Vec<u8> = client
        .files()
        .get_stream("f", &Default::default())
        .await
        .unwrap()
        .collect_body()
        .await
        .unwrap();
    assert_eq!(whole, blob);
    assert_eq!(streamed, blob);
}

#[tokio::test]
async fn an_error_status_decodes_the_typed_error_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/gone"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_raw(r#"{"message":"no such file"}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(server.uri(), 2)
        .files()
        .get_stream("gone", &Default::default())
        .await
        .expect_err("a 404");
    assert!(matches!(err, Error::Status { status: 404, .. }), "{err:?}");
    assert_eq!(
        err.error_body_as::<NotFound>(),
        Some(&NotFound::new("no such file"))
    );
}

#[tokio::test]
async fn failures_before_the_first_chunk_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/f"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/f"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"abc".to_vec(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;
    let body = client(server.uri(), 1)
        .files()
        .get_stream("f", &Default::default())
        .await
        .expect("the retry succeeds")
        .collect_body()
        .await
        .unwrap();
    assert_eq!(&body[..], b"abc");
}

#[tokio::test]
async fn a_connection_cut_mid_body_is_an_error_item_and_is_not_retried() {
    let (url, server) = bare_server(|stream| {
        write(
            stream,
            format!("{HEAD}content-length: 100\r\n\r\n").as_bytes(),
        );
        write(stream, &[7u8; 10]);
        // Dropped here: 90 bytes short.
    });
    let mut download = client(url, 3)
        .files()
        .get_stream("f", &Default::default())
        .await
        .expect("a 200 response");
    let mut items = Vec::new();
    while let Some(item) = download.next().await {
        items.push(item);
    }
    let (last, chunks) = items.split_last().expect("items");
    let received: usize = chunks
        .iter()
        .map(|c| c.as_ref().expect("chunks before the cut").len())
        .sum();
    assert_eq!(received, 10);
    assert!(matches!(last, Err(Error::Transport(_))), "{last:?}");
    let (_, more) = join(server).await;
    assert_eq!(more, 0, "a failure after the first chunk is not retried");
}

#[tokio::test]
async fn the_timeout_bounds_each_chunk_not_the_whole_download() {
    let (url, server) = bare_server(|stream| {
        write(
            stream,
            format!("{HEAD}content-length: 8\r\n\r\n").as_bytes(),
        );
        for _ in 0..4 {
            write(stream, b"ab");
            std::thread::sleep(Duration::from_millis(150));
        }
    });
    let client =
        client(url, 0).with_options(RequestOptions::new().timeout(Duration::from_millis(400)));
    let started = std::time::Instant::now();
    let body = client
        .files()
        .get_stream("f", &Default::default())
        .await
        .expect("a 200 response")
        .collect_body()
        .await
        .expect("progress keeps the download alive");
    assert_eq!(&body[..], b"abababab");
    assert!(
        started.elapsed() > Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    join(server).await;
}

#[tokio::test]
async fn a_stalled_download_ends_with_a_timeout() {
    let (url, server) = bare_server(|stream| {
        write(
            stream,
            format!("{HEAD}content-length: 4\r\n\r\n").as_bytes(),
        );
        write(stream, b"ab");
        std::thread::sleep(Duration::from_millis(800));
    });
    let client =
        client(url, 2).with_options(RequestOptions::new().timeout(Duration::from_millis(200)));
    let mut download = client
        .files()
        .get_stream("f", &Default::default())
        .await
        .expect("a 200 response");
    assert_eq!(&download.try_next().await.unwrap().unwrap()[..], b"ab");
    assert!(matches!(download.next().await, Some(Err(Error::Timeout))));
    assert!(download.next().await.is_none());
    let (_, more) = join(server).await;
    assert_eq!(more, 0);
}
