//! The guarded fetcher against real local servers: private destinations are refused whether
//! named directly, reached through DNS (any private answer) or through a redirect; redirects,
//! body size and time are bounded; only http and https are fetched.
//!
//! Names resolve through a fixed table, so `files.test` can be a local server that the policy
//! explicitly allows (`allowed_hostnames`) while everything else keeps the default rules.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::routing::get;
use openclaw_net::{FetchLimits, GuardedFetcher, Lookup, LookupFuture, NetError};
use openclaw_policy::net::{SsrfBlock, SsrfPolicy};
use openclaw_testkit::thread_server::ThreadServer;

const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
const PUBLIC: IpAddr = IpAddr::V4(Ipv4Addr::new(93, 184, 216, 34));

#[derive(Debug)]
struct Table(HashMap<&'static str, Vec<IpAddr>>);

impl Lookup for Table {
    fn lookup(&self, host: &str) -> LookupFuture {
        let answer = self.0.get(host).cloned().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "unknown host"));
        Box::pin(async move { answer })
    }
}

fn server() -> ThreadServer {
    let redirect = |to: &'static str| move || async move { (StatusCode::FOUND, [(header::LOCATION, to)]) };
    let app = Router::new()
        .route("/ok", get(|| async { ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "hello") }))
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route("/to-ok", get(redirect("/ok")))
        .route("/to-to-ok", get(redirect("/to-ok")))
        .route("/to-loopback", get(redirect("http://127.0.0.1:9/secret")))
        .route("/to-evil", get(redirect("http://evil.test/secret")))
        .route("/to-file", get(redirect("file:///etc/passwd")))
        .route("/no-location", get(|| async { StatusCode::FOUND }))
        .route("/big", get(|| async { "x".repeat(4096) }))
        .route(
            "/big-chunked",
            get(|| async {
                let chunks = (0..8).map(|_| Ok::<_, io::Error>(vec![b'y'; 1024]));
                axum::body::Body::from_stream(futures_util::stream::iter(chunks))
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        );
    ThreadServer::start("net-test-server", app)
}

/// `files.test` is the local server, allowed by name; `evil.test` resolves to loopback and
/// `mixed.test` to a public and a private address, both under the default rules.
fn fetcher(policy: SsrfPolicy) -> GuardedFetcher {
    let table = Table(HashMap::from([
        ("files.test", vec![LOOPBACK]),
        ("evil.test", vec![LOOPBACK]),
        ("mixed.test", vec![PUBLIC, LOOPBACK]),
    ]));
    GuardedFetcher::with_lookup(policy, Arc::new(table)).unwrap()
}

fn allowing_files() -> SsrfPolicy {
    SsrfPolicy { allowed_hostnames: vec!["files.test".into()], ..SsrfPolicy::default() }
}

fn limits() -> FetchLimits {
    FetchLimits { max_bytes: 2048, max_redirects: 3, timeout: Duration::from_secs(2) }
}

fn blocked(result: Result<openclaw_net::Fetched, NetError>) -> SsrfBlock {
    match result {
        Err(NetError::Blocked(block)) => block,
        other => panic!("expected a block, got {other:?}"),
    }
}

#[tokio::test]
async fn an_allowed_host_is_fetched_with_its_status_and_type() {
    let server = server();
    let port = server.addr().port();
    let fetcher = fetcher(allowing_files());
    let ok = fetcher.get(&format!("http://files.test:{port}/ok"), limits()).await.unwrap();
    assert_eq!((ok.status, ok.body.as_slice(), ok.host.as_str()), (200, &b"hello"[..], "files.test"));
    assert_eq!(ok.content_type.as_deref(), Some("text/plain; charset=utf-8"));
    let missing = fetcher.get(&format!("http://files.test:{port}/missing"), limits()).await.unwrap();
    assert_eq!((missing.status, missing.reason.as_str(), missing.is_success()), (404, "Not Found", false));
}

#[tokio::test]
async fn private_destinations_are_refused_however_they_are_named() {
    let server = server();
    let port = server.addr().port();
    let fetcher = fetcher(SsrfPolicy::default());
    for url in [
        format!("http://127.0.0.1:{port}/ok"),
        format!("http://localhost:{port}/ok"),
        format!("http://[::1]:{port}/ok"),
        format!("http://2130706433:{port}/ok"),
        format!("http://0x7f.1:{port}/ok"),
        format!("http://evil.test:{port}/ok"),
        format!("http://mixed.test:{port}/ok"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://metadata.google.internal/".to_owned(),
        format!("http://[::ffff:127.0.0.1]:{port}/ok"),
    ] {
        let block = blocked(fetcher.get(&url, limits()).await);
        assert!(!block.to_string().is_empty(), "{url}");
    }
}

#[tokio::test]
async fn every_redirect_hop_is_checked_again() {
    let server = server();
    let port = server.addr().port();
    let fetcher = fetcher(allowing_files());
    let to_loopback = blocked(fetcher.get(&format!("http://files.test:{port}/to-loopback"), limits()).await);
    assert!(matches!(to_loopback, SsrfBlock::PrivateAddress { .. }), "{to_loopback:?}");
    blocked(fetcher.get(&format!("http://files.test:{port}/to-evil"), limits()).await);
    let scheme = fetcher.get(&format!("http://files.test:{port}/to-file"), limits()).await;
    assert_eq!(scheme, Err(NetError::UnsupportedScheme("file".into())));
    let bad = fetcher.get(&format!("http://files.test:{port}/no-location"), limits()).await;
    assert_eq!(bad, Err(NetError::BadRedirect { host: "files.test".into() }));
}

#[tokio::test]
async fn redirects_are_followed_up_to_the_limit() {
    let server = server();
    let url = format!("http://files.test:{}/to-to-ok", server.addr().port());
    let fetcher = fetcher(allowing_files());
    let two = FetchLimits { max_redirects: 2, ..limits() };
    assert_eq!(fetcher.get(&url, two).await.unwrap().body, b"hello");
    let one = FetchLimits { max_redirects: 1, ..limits() };
    assert_eq!(fetcher.get(&url, one).await, Err(NetError::TooManyRedirects { limit: 1 }));
}

#[tokio::test]
async fn bodies_and_time_are_bounded() {
    let server = server();
    let port = server.addr().port();
    let fetcher = fetcher(allowing_files());
    let declared = fetcher.get(&format!("http://files.test:{port}/big"), limits()).await;
    assert_eq!(declared, Err(NetError::TooLarge { bytes: 4096, limit: 2048 }));
    let streamed = fetcher.get(&format!("http://files.test:{port}/big-chunked"), limits()).await;
    assert!(matches!(streamed, Err(NetError::TooLarge { limit: 2048, .. })), "{streamed:?}");
    let quick = FetchLimits { timeout: Duration::from_millis(200), ..limits() };
    assert_eq!(fetcher.get(&format!("http://files.test:{port}/slow"), quick).await, Err(NetError::Timeout { ms: 200 }));
}

#[tokio::test]
async fn only_http_and_https_and_only_allowlisted_hosts() {
    let fetcher = fetcher(SsrfPolicy { hostname_allowlist: vec!["*.example.test".into()], ..allowing_files() });
    assert_eq!(fetcher.get("file:///etc/passwd", limits()).await, Err(NetError::UnsupportedScheme("file".into())));
    assert_eq!(fetcher.get("ftp://a.example.test/x", limits()).await, Err(NetError::UnsupportedScheme("ftp".into())));
    assert!(matches!(fetcher.get("not a url", limits()).await, Err(NetError::InvalidUrl(_))));
    let refused = blocked(fetcher.get("http://files.test/ok", limits()).await);
    assert!(matches!(refused, SsrfBlock::NotAllowlisted(_)), "{refused:?}");
    // Allowlisted but unknown to DNS: a lookup error naming the host, not a block.
    let unknown = fetcher.get("http://a.example.test/x", limits()).await;
    assert!(matches!(&unknown, Err(NetError::Transport { host, .. }) if host == "a.example.test"), "{unknown:?}");
}
