//! Conformance of the generated client against an independent mock server built from the spec:
//! [Prism](https://github.com/stoplightio/prism), as Cloudflare's official SDKs do.
//!
//! Each test starts `prism mock spec/cloudflare-identity.yaml` on a free loopback port (Prism
//! picks it, `-p 0`, and the test reads it from Prism's output) and puts a tiny recording proxy
//! in front of it: the generated client talks to the proxy, the proxy forwards to Prism and
//! records, for every exchange, what Prism found wrong: its `sl-violations` response header
//! (request *and* response violations), any `422` answer (a request that failed validation) and
//! Prism's own `application/problem+json` errors. A test fails with that text right after the
//! operation that drew it.
//!
//! Prism is an npm package, pinned in `tests/conformance/package.json` and
//! `package-lock.json`. When `tests/conformance/node_modules` is missing or holds another
//! version, the first test installs it with `npm ci --prefix tests/conformance` (a few seconds,
//! from the npm registry), so `cargo test --workspace` runs these tests on a fresh clone. Without
//! npm (or with no registry), the tests fail, saying why: a skip must never look like a pass.
//! `SKIP_CONFORMANCE=1` at build time skips them deliberately: `tests/build.rs` then compiles
//! them as ignored, so `cargo test` lists each as `ignored, SKIP_CONFORMANCE is set`, except
//! when the `CI` environment variable is set too (`.ci/run` sets it): CI always runs them.
//!
//! Every Prism child process is killed when its test ends, passed or failed (see [`Prism`]).

use std::convert::Infallible;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use cloudflare_identity::models::{self, AccountOrZone, IdentityProvider};
use cloudflare_identity::{Client, Error};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use serde_json::{json, Value};

/// How long Prism may take to start listening (node starting on a busy 2-core machine).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const ZONE: &str = "9a7806061c88ada191ed06f989cc3dac";
const CONNECTOR: &str = "3b1f5ea2b1a54c0e8e5d2b1d2f8d4c11";
const IDP_UUID: &str = "a79de439-0e7f-4ebb-8a02-222222222222";

fn idp_uuid() -> cloudflare_identity::uuid::Uuid {
    IDP_UUID.parse().unwrap()
}

// ----------------------------------------------------------------------------- installing Prism

/// `tests/conformance/`, where Prism is installed.
fn prism_dir() -> PathBuf {
    integration_tests::root().join("tests/conformance")
}

/// Whether we run under CI, where Prism must be installable.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Prism's entry point (a node script), installing it first if needed; a panic saying why
/// when Prism cannot be had: a missing Prism must never look like a pass.
fn prism_entry() -> &'static Path {
    static ENTRY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match ENTRY.get_or_init(install_prism) {
        Ok(entry) => entry,
        Err(why) if in_ci() => panic!(
            "CI is set, and the Prism conformance tests must run there, but Prism is not \
             available: {why}"
        ),
        Err(why) => panic!(
            "the Prism conformance tests cannot run: {why}\n\
             Install node (>= 18.20) and npm, or run `npm ci --prefix tests/conformance` once with \
             access to the npm registry. To skip these tests deliberately, build them with \
             SKIP_CONFORMANCE=1 (`SKIP_CONFORMANCE=1 cargo test --workspace`): they are then \
             listed as ignored. CI ignores that switch."
        ),
    }
}

/// The version of Prism that `package.json` pins.
fn pinned_version(dir: &Path) -> Result<String, String> {
    let manifest = dir.join("package.json");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let json: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not JSON: {e}", manifest.display()))?;
    json.pointer("/devDependencies/@stoplight~1prism-cli")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("{} pins no @stoplight/prism-cli", manifest.display()))
}

/// The version of Prism in `node_modules`, if a complete install is there (npm writes
/// `node_modules/.package-lock.json` last).
fn installed_version(dir: &Path) -> Option<String> {
    if !dir.join("node_modules/.package-lock.json").is_file() {
        return None;
    }
    let text =
        std::fs::read_to_string(dir.join("node_modules/@stoplight/prism-cli/package.json")).ok()?;
    let json: Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_owned)
}

fn install_prism() -> Result<PathBuf, String> {
    let dir = prism_dir();
    let entry = dir.join("node_modules/@stoplight/prism-cli/dist/index.js");
    let wanted = pinned_version(&dir)?;
    if installed_version(&dir).as_deref() == Some(wanted.as_str()) && entry.is_file() {
        return Ok(entry);
    }
    for tool in ["node", "npm"] {
        match Command::new(tool).arg("--version").output() {
            Ok(out) if out.status.success() => {}
            Ok(out) => return Err(format!("`{tool} --version` failed: {}", out.status)),
            Err(e) => {
                return Err(format!(
                    "`{tool}` cannot be run ({e}); Prism needs node and npm"
                ))
            }
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "conformance: installing Prism {wanted} with `npm ci --prefix tests/conformance`..."
    );
    let out = Command::new("npm")
        .arg("ci")
        .arg("--prefix")
        .arg(&dir)
        .args([
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`npm ci --prefix {}` failed ({}):\n{}{}",
            dir.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        ));
    }
    match installed_version(&dir) {
        Some(found) if found == wanted && entry.is_file() => Ok(entry),
        found => Err(format!(
            "`npm ci` succeeded but left Prism {found:?} at {} (wanted {wanted})",
            entry.display()
        )),
    }
}

// ------------------------------------------------------------------------------ running Prism

/// A running `prism mock`, killed (and reaped) when dropped, also when a test panics.
struct Prism {
    child: Child,
    port: u16,
    /// Everything Prism printed, for failure messages.
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prism {
    /// Starts Prism on a port of its choosing and waits (at most [`STARTUP_TIMEOUT`]) until it
    /// listens and accepts a connection.
    fn start(entry: &Path) -> Prism {
        let spec = integration_tests::root().join("spec/cloudflare-identity.yaml");
        let child = Command::new("node")
            .arg(entry)
            .arg("mock")
            .arg(&spec)
            // Port 0: the system picks a free port, and Prism prints the one it got.
            .args(["-h", "127.0.0.1", "-p", "0"])
            // Dynamic answers (`Prefer: dynamic=true`) the same on every run.
            .args(["--seed", "cloudflare-identity"])
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Prism with node: {e}"));
        let mut prism = Prism {
            child,
            port: 0,
            log: Arc::default(),
        };
        // Read both pipes to the end (Prism logs every request; a full pipe would block it),
        // keeping the lines and reporting the port from the "listening" line.
        let (port_tx, port_rx) = mpsc::channel();
        let stdout = prism
            .child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>);
        let stderr = prism
            .child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>);
        for stream in [stdout, stderr].into_iter().flatten() {
            let log = Arc::clone(&prism.log);
            let port_tx = port_tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let line = strip_ansi(&line);
                    if let Some(port) = listening_port(&line) {
                        let _ = port_tx.send(port);
                    }
                    let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                    if log.len() < 20_000 {
                        log.push(line);
                    }
                }
            });
        }
        drop(port_tx);
        let started = Instant::now();
        match port_rx.recv_timeout(STARTUP_TIMEOUT) {
            Ok(port) => prism.port = port,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "Prism did not start listening within {STARTUP_TIMEOUT:?}:\n{}",
                prism.log_text()
            ),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = prism.child.wait();
                panic!(
                    "Prism exited ({status:?}) before listening:\n{}",
                    prism.log_text()
                )
            }
        }
        // It says it listens; check that it answers, within what is left of the time budget.
        while std::net::TcpStream::connect(("127.0.0.1", prism.port)).is_err() {
            assert!(
                started.elapsed() < STARTUP_TIMEOUT,
                "Prism does not accept connections on port {}:\n{}",
                prism.port,
                prism.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        prism
    }

    fn log_text(&self) -> String {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let tail = log.len().saturating_sub(60);
        log[tail..].join("\n")
    }
}

/// The port in Prism's "Prism is listening on http://127.0.0.1:PORT" line.
fn listening_port(line: &str) -> Option<u16> {
    let rest = line.split("is listening on http://127.0.0.1:").nth(1)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|&port| port != 0)
}

/// Removes terminal colour codes, in case Prism's logger uses them anyway.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ ... final byte in @..~
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) && c != '[' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------- the checking proxy

/// One request through the proxy, and what Prism said about it.
#[derive(Debug, Clone)]
struct Exchange {
    method: String,
    /// Path and query, as sent.
    uri: String,
    /// The request body (JSON for this API).
    request_body: String,
    status: u16,
    /// Prism's complaints: empty when the exchange conforms.
    violations: Vec<String>,
}

impl std::fmt::Display for Exchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} -> {}", self.method, self.uri, self.status)?;
        if !self.request_body.is_empty() {
            write!(f, "\n    request body: {}", self.request_body)?;
        }
        for violation in &self.violations {
            write!(f, "\n    VIOLATION {violation}")?;
        }
        Ok(())
    }
}

/// What Prism found wrong with one exchange, from its answer: each entry of the
/// `sl-violations` header (a JSON array of `{location, severity, code, message}`, about the
/// request or the response), and the body of a `422` answer or of Prism's own
/// `application/problem+json` errors.
fn violations(status: u16, headers: &HeaderMap, body: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for header in headers.get_all("sl-violations") {
        let text = String::from_utf8_lossy(header.as_bytes());
        match serde_json::from_str::<Vec<Value>>(&text) {
            Ok(list) => found.extend(list.iter().map(|v| {
                let location = v["location"]
                    .as_array()
                    .map(|parts| {
                        parts
                            .iter()
                            .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                            .collect::<Vec<_>>()
                            .join(".")
                    })
                    .unwrap_or_default();
                format!(
                    "[{}] {location}: {} (code {})",
                    v["severity"].as_str().unwrap_or("?"),
                    v["message"].as_str().unwrap_or("?"),
                    v["code"],
                )
            })),
            Err(_) => found.push(format!("sl-violations: {text}")),
        }
    }
    let problem = headers
        .get("content-type")
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if status == 422 || problem {
        // 422: the request failed validation. `application/problem+json`: Prism's own error
        // (no such route, an unusable `Prefer`...), never an answer the spec describes.
        found.push(format!(
            "HTTP {status} from Prism: {}",
            String::from_utf8_lossy(body)
        ));
    }
    found
}

/// A loopback HTTP/1.1 proxy in front of Prism that records every [`Exchange`].
struct Proxy {
    addr: SocketAddr,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the proxy");
        let addr = listener.local_addr().expect("proxy address");
        let exchanges: Arc<Mutex<Vec<Exchange>>> = Arc::default();
        // A fresh connection to Prism per request: Prism closes idle connections after 5 s,
        // and reusing one just as it closes would fail a request for no fault of the client.
        let http = Client::http_client_builder()
            .expect("HTTP client builder")
            .pool_max_idle_per_host(0)
            .build()
            .expect("the proxy's HTTP client");
        let recorded = Arc::clone(&exchanges);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let (http, upstream, recorded) =
                    (http.clone(), upstream.clone(), Arc::clone(&recorded));
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        forward(req, http.clone(), upstream.clone(), Arc::clone(&recorded))
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Proxy {
            addr,
            exchanges,
            task,
        }
    }
}

/// Headers that belong to one connection, not to the message.
fn hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "transfer-encoding"
            | "content-length"
            | "host"
            | "te"
            | "upgrade"
            | "proxy-connection"
    )
}

async fn forward(
    req: Request<Incoming>,
    http: reqwest::Client,
    upstream: String,
    recorded: Arc<Mutex<Vec<Exchange>>>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let method = req.method().clone();
    let uri = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |pq| pq.as_str().to_owned());
    let headers = req.headers().clone();
    let body = match req.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(e) => Bytes::from(format!("<unreadable request body: {e}>")),
    };
    let mut upstream_req = http.request(method.clone(), format!("{upstream}{uri}"));
    for (name, value) in &headers {
        if !hop_by_hop(name) {
            upstream_req = upstream_req.header(name, value);
        }
    }
    let mut exchange = Exchange {
        method: method.to_string(),
        uri,
        request_body: String::from_utf8_lossy(&body).into_owned(),
        status: 0,
        violations: Vec::new(),
    };
    let outcome = async {
        let res = upstream_req.body(body).send().await?;
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.bytes().await?;
        Ok::<_, reqwest::Error>((status, headers, body))
    }
    .await;
    let response = match outcome {
        Ok((status, res_headers, res_body)) => {
            exchange.status = status.as_u16();
            exchange.violations = violations(status.as_u16(), &res_headers, &res_body);
            let mut response = Response::new(Full::new(res_body));
            *response.status_mut() = status;
            for (name, value) in &res_headers {
                if !hop_by_hop(name) {
                    response.headers_mut().append(name.clone(), value.clone());
                }
            }
            response
        }
        Err(e) => {
            exchange.status = 502;
            exchange
                .violations
                .push(format!("the proxy could not reach Prism: {e}"));
            let mut response = Response::new(Full::new(Bytes::from(e.to_string())));
            *response.status_mut() = StatusCode::BAD_GATEWAY;
            response
        }
    };
    recorded
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(exchange);
    Ok(response)
}

// ----------------------------------------------------------------------------- the harness

/// Prism plus the checking proxy in front of it.
struct Conformance {
    // Dropped in this order: the proxy stops, then Prism is killed.
    proxy: Proxy,
    prism: Prism,
}

impl Conformance {
    /// Panics when Prism cannot be had (see the module docs).
    async fn start() -> Conformance {
        let entry = prism_entry();
        let prism = tokio::task::block_in_place(|| Prism::start(entry));
        let proxy = Proxy::start(format!("http://127.0.0.1:{}", prism.port)).await;
        Conformance { proxy, prism }
    }

    /// The base URL the clients use: the proxy.
    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.proxy.addr.port())
    }

    /// The client under test, with an API token.
    fn client(&self) -> Client {
        Client::builder()
            .api_token("t")
            .base_url(self.base_url())
            .max_retries(0)
            .build()
            .expect("client")
    }

    /// The client under test, sending `Prefer: {prefer}` (Prism's way to choose an answer) with
    /// every request.
    fn client_preferring(&self, prefer: &str) -> Client {
        let mut headers = HeaderMap::new();
        headers.insert(
            "prefer",
            HeaderValue::from_str(prefer).expect("Prefer value"),
        );
        let http = Client::http_client_builder()
            .expect("HTTP client builder")
            .default_headers(headers)
            .build()
            .expect("HTTP client");
        Client::builder()
            .api_token("t")
            .base_url(self.base_url())
            .max_retries(0)
            .http_client(http)
            .build()
            .expect("client")
    }

    /// The exchanges since the last check, if at least one happened and Prism found nothing
    /// wrong with any; otherwise a report of what it found.
    fn check(&self) -> Result<Vec<Exchange>, String> {
        let exchanges = std::mem::take(
            &mut *self
                .proxy
                .exchanges
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        if exchanges.is_empty() {
            return Err("no request reached Prism".to_owned());
        }
        if exchanges.iter().all(|e| e.violations.is_empty()) {
            return Ok(exchanges);
        }
        let report: Vec<String> = exchanges.iter().map(ToString::to_string).collect();
        Err(format!(
            "Prism reported violations:\n  {}",
            report.join("\n  ")
        ))
    }

    /// [`Conformance::check`], panicking with Prism's findings (and its log) when it fails.
    #[track_caller]
    fn assert_conforms(&self, operation: &str) -> Vec<Exchange> {
        match self.check() {
            Ok(exchanges) => exchanges,
            Err(report) => panic!(
                "{operation}: {report}\n--- Prism's log (tail) ---\n{}",
                self.prism.log_text()
            ),
        }
    }
}

/// Unwraps an operation's result, naming the operation when it failed.
#[track_caller]
fn ok<T>(operation: &str, result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| panic!("{operation} failed: {e} ({e:?})"))
}

/// The JSON body of the only exchange.
#[track_caller]
fn sent_json(exchanges: &[Exchange]) -> Value {
    assert_eq!(
        exchanges.len(),
        1,
        "one request per operation: {exchanges:?}"
    );
    serde_json::from_str(&exchanges[0].request_body)
        .unwrap_or_else(|e| panic!("request body is not JSON ({e}): {}", exchanges[0]))
}

// --------------------------------------------------------------------------- request bodies

fn claims() -> Vec<String> {
    vec![
        "email_verified".into(),
        "preferred_username".into(),
        "custom_claim_name".into(),
    ]
}

/// One identity provider of each of the 14 kinds, each with every field of its `config` set,
/// and every `scim_config` field on the first.
fn every_identity_provider() -> Vec<IdentityProvider> {
    let scim = models::IdentityProviderScimConfig::new()
        .with_enabled(true)
        .with_identity_update_behavior(models::IdentityUpdateBehavior::Reauth)
        .with_scim_base_url("https://example.cloudflareaccess.com/populations/scim/v2")
        .with_seat_deprovision(true)
        .with_secret("scim-secret")
        .with_user_deprovision(true);
    let oauth = models::GenericOauthConfig::new()
        .with_client_id("<your client id>")
        .with_client_secret("<your client secret>");
    vec![
        models::AzureAd::new(
            models::AzureAdConfig::new()
                .with_client_id("<your client id>")
                .with_client_secret("<your client secret>")
                .with_claims(claims())
                .with_conditional_access_enabled(true)
                .with_directory_id("<your azure directory uuid>")
                .with_email_claim_name("custom_claim_name")
                .with_prompt(models::AzureAdPrompt::SelectAccount)
                .with_support_groups(true),
            "Azure AD",
        )
        .with_scim_config(scim)
        .into(),
        models::Centrify::new(
            models::CentrifyConfig::new()
                .with_client_id("<your client id>")
                .with_client_secret("<your client secret>")
                .with_centrify_account("https://abc123.my.centrify.com/")
                .with_centrify_app_id("exampleapp")
                .with_claims(claims())
                .with_email_claim_name("custom_claim_name"),
            "Centrify",
        )
        .into(),
        models::Facebook::new(oauth.clone(), "Facebook").into(),
        models::Github::new(oauth.clone(), "GitHub").into(),
        models::Google::new(
            models::GoogleConfig::new()
                .with_client_id("<your client id>")
                .with_client_secret("<your client secret>")
                .with_claims(claims())
                .with_email_claim_name("custom_claim_name"),
            "Google",
        )
        .into(),
        models::GoogleApps::new(
            models::GoogleAppsConfig::new()
                .with_client_id("<your client id>")
                .with_client_secret("<your client secret>")
                .with_apps_domain("mycompany.com")
                .with_claims(claims())
                .with_email_claim_name("custom_claim_name"),
            "Google Workspace",
        )
        .into(),
        models::Linkedin::new(oauth.clone(), "LinkedIn").into(),
        models::Oidc::new(
            models::OidcConfig::new()
                .with_client_id("<your client id>")
                .with_client_secret("<your client secret>")
                .with_auth_url("https://accounts.google.com/o/oauth2/auth")
                .with_certs_url("https://www.googleapis.com/oauth2/v3/certs")
                .with_claims(claims())
                .with_email_claim_name("custom_claim_name")
                .with_pkce_enabled(true)
                .with_scopes(vec![
                    "openid".to_owned(),
                    "email".to_owned(),
                    "profile".to_owned(),
                ])
                .with_token_url("https://accounts.google.com/o/oauth2/token"),
            "Generic OIDC",
        )
        .into(),
        models::Okta::new(
            models::OktaConfig::new()
                .with_client_id("<your client id>")
                .with_client_secret("<your client secret>")
                .with_authorization_server_id("aus9o8wzkhckw9TLa0h7z")
                .with_claims(claims())
                .with_email_claim_name("custom_claim_name")
                .with_okta_account("https://dev-abc123.oktapreview.com"),
            "Okta",
        )
        .into(),
        models::Onelogin::new(
            models::OneloginConfig::new()
                .with_client_id("<your client id>")
                .with_client_secret("<your client secret>")
                .with_claims(claims())
                .with_email_claim_name("custom_claim_name")
                .with_onelogin_account("https://mycompany.onelogin.com"),
            "OneLogin",
        )
        .into(),
        models::Pingone::new(
            models::PingoneConfig::new()
                .with_client_id("<your client id>")
                .with_client_secret("<your client secret>")
                .with_claims(claims())
                .with_email_claim_name("custom_claim_name")
                .with_ping_env_id("342b5660-0c32-4936-a5a4-ce21fae57b0a"),
            "PingOne",
        )
        .into(),
        models::Saml::new(
            models::SamlConfig::new()
                .with_attributes(vec!["group".to_owned(), "department_code".to_owned()])
                .with_email_attribute_name("Email")
                .with_header_attributes(vec![models::SamlHeaderAttribute::new()
                    .with_attribute_name("department_code")
                    .with_header_name("X-Department")])
                .with_idp_public_certs(vec!["MIIDpDCCAoygAwIBAgIGAV2ka+55MA0GCSqGSIb3".to_owned()])
                .with_issuer_url("https://whoami.com")
                .with_sign_request(true)
                .with_sso_target_url("https://edgeaccess.org/idp/saml/login"),
            "Generic SAML",
        )
        .into(),
        models::Yandex::new(oauth, "Yandex").into(),
        // One-time PIN takes no configuration: the spec says to send an empty object.
        models::Onetimepin::new(models::OnetimepinConfig::new(), "One-time PIN").into(),
    ]
}

// ---------------------------------------------------------------------------------- the tests

/// Every operation, every parameter and every request body field, through the generated client,
/// passes Prism's validation of the request (and of Prism's own answer), and the answers decode.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    skip_conformance,
    ignore = "SKIP_CONFORMANCE is set: not checked against Prism"
)]
async fn every_operation_passes_prism_validation() {
    let h = Conformance::start().await;
    let client = h.client();
    let idps = client.zero_trust().identity_providers();
    let account = AccountOrZone::account(ACCOUNT);

    // identity_providers.list: every query parameter, both kinds of scope.
    let params = models::IdentityProvidersListParams::new()
        .with_page(2)
        .with_per_page(5)
        .with_scim_enabled("true");
    for scope in [account.clone(), AccountOrZone::zone(ZONE)] {
        let page = ok("identity_providers.list", idps.list(&scope, &params).await);
        let sent = h.assert_conforms("identity_providers.list");
        assert_eq!(
            sent[0].uri,
            format!(
                "/{}/{}/access/identity_providers?page=2&per_page=5&scim_enabled=true",
                scope.segment(),
                scope.id()
            )
        );
        assert!(
            !page.items.is_empty(),
            "the spec's example lists one provider"
        );
        assert!(
            page.result_info.is_some(),
            "the spec's example has result_info"
        );
    }

    // identity_providers.create: all 14 kinds, every config field, under both scopes.
    for (i, idp) in every_identity_provider().into_iter().enumerate() {
        let kind = idp.kind().unwrap_or("?").to_owned();
        let scope = if i % 2 == 0 {
            account.clone()
        } else {
            AccountOrZone::zone(ZONE)
        };
        let created = ok(
            &format!("identity_providers.create ({kind})"),
            idps.create(&scope, &idp).await,
        );
        let sent = h.assert_conforms(&format!("identity_providers.create ({kind})"));
        let body = sent_json(&sent);
        assert_eq!(body["type"], kind.as_str());
        assert_eq!(body, serde_json::to_value(&idp).expect("serialize"));
        assert!(created.kind().is_some(), "decoded: {created:?}");
    }

    // The other way to authenticate (email + Global API key) also satisfies the spec.
    let legacy = Client::builder()
        .api_email("user@example.com")
        .api_key("c2547eb745079dac9320b638f5e225cf483cc5cfdda41")
        .base_url(h.base_url())
        .max_retries(0)
        .build()
        .expect("client");
    ok(
        "identity_providers.list (api_email + api_key)",
        legacy
            .zero_trust()
            .identity_providers()
            .list(&account, &Default::default())
            .await,
    );
    h.assert_conforms("identity_providers.list (api_email + api_key)");

    // idp_federation_grants.create
    let grant = ok(
        "idp_federation_grants.create",
        client
            .zero_trust()
            .access()
            .idp_federation_grants()
            .create(
                ACCOUNT,
                &models::IdpFederationGrantCreateRequest::new(idp_uuid()),
            )
            .await,
    );
    let sent = h.assert_conforms("idp_federation_grants.create");
    assert_eq!(sent_json(&sent), json!({ "idp_id": IDP_UUID }));
    assert_eq!(grant.idp_id, idp_uuid());

    // sso: every operation and body field.
    let sso = client.iam().sso();
    let all = ok("sso.list", sso.list(ACCOUNT).await);
    h.assert_conforms("sso.list");
    assert!(!all.is_empty());

    let create = models::SsoConnectorCreateRequest::new("example.com")
        .with_begin_verification(true)
        .with_use_fedramp_language(true);
    let created = ok("sso.create", sso.create(ACCOUNT, &create).await);
    let sent = h.assert_conforms("sso.create");
    assert_eq!(
        sent_json(&sent),
        json!({ "email_domain": "example.com", "begin_verification": true, "use_fedramp_language": true })
    );
    assert_eq!(created.email_domain.as_deref(), Some("example.com"));

    let got = ok("sso.get", sso.get(ACCOUNT, CONNECTOR).await);
    h.assert_conforms("sso.get");
    assert!(got.verification.is_some());

    let update = models::SsoConnectorUpdateRequest::new()
        .with_enabled(true)
        .with_use_fedramp_language(false);
    ok("sso.update", sso.update(ACCOUNT, CONNECTOR, &update).await);
    let sent = h.assert_conforms("sso.update");
    assert_eq!(
        sent_json(&sent),
        json!({ "enabled": true, "use_fedramp_language": false })
    );

    ok(
        "sso.begin_verification",
        sso.begin_verification(ACCOUNT, CONNECTOR).await,
    );
    h.assert_conforms("sso.begin_verification");

    let deleted = ok("sso.delete", sso.delete(ACCOUNT, CONNECTOR).await);
    h.assert_conforms("sso.delete");
    assert!(deleted.is_some());
}

/// One operation's outcome (reduced to `Ok(())` or the error) and what went over the wire.
struct Outcome {
    operation: &'static str,
    result: Result<(), Error>,
    exchanges: Vec<Exchange>,
}

/// Calls each of the nine operations once, asserting after each that Prism found nothing wrong.
async fn call_every_operation(h: &Conformance, client: &Client) -> Vec<Outcome> {
    let idps = client.zero_trust().identity_providers();
    let grants = client.zero_trust().access().idp_federation_grants();
    let sso = client.iam().sso();
    let scope = AccountOrZone::account(ACCOUNT);
    let params = models::IdentityProvidersListParams::new()
        .with_page(1)
        .with_per_page(20);
    let idp = every_identity_provider().remove(0);
    let grant = models::IdpFederationGrantCreateRequest::new(idp_uuid());
    let create = models::SsoConnectorCreateRequest::new("example.com");
    let update = models::SsoConnectorUpdateRequest::new().with_enabled(false);

    let mut outcomes = Vec::new();
    let mut record = |operation: &'static str, result: Result<(), Error>| {
        let exchanges = h.assert_conforms(operation);
        outcomes.push(Outcome {
            operation,
            result,
            exchanges,
        });
    };
    record(
        "identity_providers.list",
        idps.list(&scope, &params).await.map(drop),
    );
    record(
        "identity_providers.create",
        idps.create(&scope, &idp).await.map(drop),
    );
    record(
        "idp_federation_grants.create",
        grants.create(ACCOUNT, &grant).await.map(drop),
    );
    record("sso.list", sso.list(ACCOUNT).await.map(drop));
    record("sso.create", sso.create(ACCOUNT, &create).await.map(drop));
    record("sso.get", sso.get(ACCOUNT, CONNECTOR).await.map(drop));
    record(
        "sso.update",
        sso.update(ACCOUNT, CONNECTOR, &update).await.map(drop),
    );
    record("sso.delete", sso.delete(ACCOUNT, CONNECTOR).await.map(drop));
    record(
        "sso.begin_verification",
        sso.begin_verification(ACCOUNT, CONNECTOR).await,
    );
    outcomes
}

/// Prism answers with the spec's `4XX` responses when asked to (`Prefer: code=...`), and the
/// client turns each into `Error::Api` with that status, without retrying.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    skip_conformance,
    ignore = "SKIP_CONFORMANCE is set: not checked against Prism"
)]
async fn error_responses_become_api_errors() {
    let h = Conformance::start().await;
    // Static answers (built from the spec's schemas and examples), then dynamic ones (generated
    // from the schemas with the seed given to Prism, so they are the same on every run).
    for (prefer, status, dynamic) in [
        ("code=400", 400, false),
        ("code=404", 404, false),
        ("code=403, dynamic=true", 403, true),
    ] {
        let client = h.client_preferring(prefer);
        let outcomes = call_every_operation(&h, &client).await;
        assert_eq!(outcomes.len(), 9);
        for Outcome {
            operation,
            result,
            exchanges,
        } in outcomes
        {
            let what = format!("{operation} with Prefer: {prefer}");
            assert_eq!(exchanges.len(), 1, "{what}: a {status} is not retried");
            assert_eq!(exchanges[0].status, status, "{what}: Prism's answer");
            match result {
                Err(Error::Api {
                    status: got,
                    errors,
                    ..
                }) => {
                    assert_eq!(got, status, "{what}");
                    if dynamic {
                        assert!(
                            !errors.is_empty(),
                            "{what}: the failure schema wants at least one error"
                        );
                        assert!(errors.iter().all(|e| e.code >= 1000), "{what}: {errors:?}");
                    }
                }
                other => {
                    panic!("{what}: expected Error::Api {{ status: {status}, .. }}, got {other:?}")
                }
            }
        }
    }
}

/// Answers generated from the schemas rather than taken from the examples (`Prefer:
/// dynamic=true`) conform and decode too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    skip_conformance,
    ignore = "SKIP_CONFORMANCE is set: not checked against Prism"
)]
async fn generated_answers_decode() {
    let h = Conformance::start().await;
    let client = h.client_preferring("dynamic=true");
    for outcome in call_every_operation(&h, &client).await {
        assert_eq!(outcome.exchanges[0].status, 200);
        ok(
            &format!("{} (generated answer)", outcome.operation),
            outcome.result,
        );
    }
}

/// The checker is not a rubber stamp: requests that break the spec, sent through the same proxy
/// by hand, are caught by the same [`Conformance::check`] the tests above rely on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    skip_conformance,
    ignore = "SKIP_CONFORMANCE is set: not checked against Prism"
)]
async fn wrong_requests_are_caught() {
    let h = Conformance::start().await;
    let raw = Client::http_client_builder()
        .expect("HTTP client builder")
        .build()
        .expect("HTTP client");
    let base = h.base_url();
    let bearer = "Bearer t";

    // A correct request passes, so the failures below are the requests' fault.
    let res = raw
        .get(format!(
            "{base}/accounts/{ACCOUNT}/access/identity_providers?per_page=10"
        ))
        .header("authorization", bearer)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 200);
    h.check().expect("a correct request conforms");

    let cases: Vec<(&str, reqwest::RequestBuilder, &[&str])> = vec![
        (
            "per_page as a string",
            raw.get(format!(
                "{base}/accounts/{ACCOUNT}/access/identity_providers?per_page=ten"
            )),
            &["per_page", "integer"],
        ),
        (
            "page below its minimum",
            raw.get(format!(
                "{base}/zones/{ZONE}/access/identity_providers?page=0"
            )),
            &["page must be >= 1"],
        ),
        (
            "SSO connector without the required email_domain",
            raw.post(format!("{base}/accounts/{ACCOUNT}/sso_connectors"))
                .header("content-type", "application/json")
                .body(r#"{"begin_verification":true}"#),
            &["email_domain"],
        ),
        (
            "SSO update with a string for a boolean",
            raw.patch(format!(
                "{base}/accounts/{ACCOUNT}/sso_connectors/{CONNECTOR}"
            ))
            .header("content-type", "application/json")
            .body(r#"{"enabled":"yes"}"#),
            &["enabled", "boolean"],
        ),
        (
            "federation grant with an idp_id that is not a UUID",
            raw.post(format!(
                "{base}/accounts/{ACCOUNT}/access/idp_federation_grants"
            ))
            .header("content-type", "application/json")
            .body(r#"{"idp_id":"not-a-uuid"}"#),
            &["idp_id"],
        ),
        (
            "identity provider without its config",
            raw.post(format!(
                "{base}/accounts/{ACCOUNT}/access/identity_providers"
            ))
            .header("content-type", "application/json")
            .body(r#"{"name":"Okta","type":"okta"}"#),
            &["required property 'config'"],
        ),
        (
            "scope that is neither accounts nor zones",
            raw.get(format!("{base}/users/{ACCOUNT}/access/identity_providers")),
            &["accounts_or_zones"],
        ),
    ];
    for (case, request, expected) in cases {
        request
            .header("authorization", bearer)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{case}: send: {e}"));
        let report = match h.check() {
            Err(report) => report,
            Ok(exchanges) => panic!("{case}: the checker let it through: {exchanges:?}"),
        };
        println!("caught: {case}\n{report}\n");
        for needle in expected {
            assert!(
                report.contains(needle),
                "{case}: {needle:?} not in the report:\n{report}"
            );
        }
    }

    // No credentials on an operation that requires a token.
    raw.get(format!("{base}/accounts/{ACCOUNT}/sso_connectors"))
        .send()
        .await
        .expect("send");
    let report = h.check().expect_err("a request without credentials");
    assert!(report.contains("Invalid security scheme"), "{report}");

    // And the assertion the conformance tests use turns such a finding into a failure (with
    // `--nocapture`, the caught panic's message shows: it is expected).
    raw.get(format!(
        "{base}/accounts/{ACCOUNT}/access/identity_providers?per_page=ten"
    ))
    .header("authorization", bearer)
    .send()
    .await
    .expect("send");
    let panic = catch_unwind(AssertUnwindSafe(|| {
        h.assert_conforms("per_page as a string")
    }))
    .expect_err("assert_conforms must fail on a violation");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains("Request query parameter per_page must be integer"),
        "{message}"
    );
}
