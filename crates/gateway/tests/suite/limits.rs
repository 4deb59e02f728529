//! Resource limits: oversized frames, slow consumers, broadcast sequencing, and shutdown.

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::json;

use super::client::{Client, cli_params};
use super::harness::{TOKEN, TestGateway};

#[test]
fn a_frame_over_the_payload_limit_closes_the_connection() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open(&gw.ws_url());
    c.connect(cli_params(Some(TOKEN)));
    let big = "x".repeat(26 * 1024 * 1024);
    let frame = json!({"type": "req", "id": "big", "method": "health", "params": {"pad": big}}).to_string();
    if c.try_send_text(&frame) {
        let (code, _) = c.closed();
        assert!(code == 1009 || code == 1006, "closed with {code}");
    }
    // Either way the gateway must still serve others.
    let mut other = Client::open(&gw.ws_url());
    assert_eq!(other.connect(cli_params(Some(TOKEN)))["ok"], true);
}

#[test]
fn a_client_that_stops_reading_is_cut_off_as_a_slow_consumer() {
    let gw = TestGateway::with_token("");
    let mut c = Client::open(&gw.ws_url());
    c.connect(cli_params(Some(TOKEN)));
    // Ask for the (large) config schema over and over without reading the answers: the
    // gateway must stop buffering for us at 50 MiB and close the socket.
    let one = c.call("config.schema", json!({})).to_string().len();
    let needed = (60 * 1024 * 1024) / one + 1;
    for n in 0..needed {
        c.send(&json!({"type": "req", "id": format!("s{n}"), "method": "config.schema"}));
    }
    let started = Instant::now();
    let (code, reason) = c.closed();
    assert_eq!((code, reason.as_str()), (1008, "slow consumer"), "after {:?}", started.elapsed());
}

#[test]
fn broadcasts_carry_increasing_seq() {
    let gw = TestGateway::with_token("");
    let mut watcher = Client::open(&gw.ws_url());
    watcher.connect(cli_params(Some(TOKEN)));
    let mut seqs = Vec::new();
    let mut others = Vec::new();
    for n in 0..3 {
        // A listed instance (not a CLI, whose connections are ephemeral and not announced).
        let mut other = Client::open(&gw.ws_url());
        let mut params = cli_params(Some(TOKEN));
        params["client"] =
            json!({"id": "test", "version": "t", "platform": "linux", "mode": "test", "instanceId": format!("i{n}")});
        assert_eq!(other.connect(params)["ok"], true);
        let presence = watcher.event("presence");
        let listed = presence["payload"]["presence"].as_array().unwrap().len();
        assert_eq!(listed, n + 2, "the gateway and {} instances: {presence}", n + 1);
        seqs.push(presence["seq"].as_u64().unwrap());
        others.push(other);
    }
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
}

#[test]
fn half_open_tcp_without_an_upgrade_gets_no_websocket() {
    let gw = TestGateway::with_token("");
    let mut raw = TcpStream::connect(gw.addr).unwrap();
    raw.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    raw.write_all(b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    use std::io::Read;
    raw.read_to_string(&mut text).unwrap();
    assert!(text.starts_with("HTTP/1.1 "), "{text}");
    assert!(text.to_ascii_lowercase().contains("x-content-type-options: nosniff"), "{text}");
}
