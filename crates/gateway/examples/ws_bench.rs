//! Load client for the whole-process benchmarks; works against any OpenClaw-compatible
//! gateway, ours or the reference (protocol 3–4, token auth, as OpenClaw's CLI connects).
//!
//! - `ws_bench roundtrips <ws-url> <token> <seconds>` (`bench/gateway.sh`): one connection
//!   sends `health` requests one after another for the given time and prints the rate.
//! - `ws_bench turns <ws-url> <token> <turns> <connections>` (`bench/agent-turns.sh`): each
//!   connection drives its own session with `chat.send`, one turn at a time, waiting for the
//!   run's `chat` `final` event; prints turns per second and the latency percentiles.

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

fn read_json(ws: &mut WebSocket<TcpStream>) -> Value {
    loop {
        match ws.read().expect("read") {
            Message::Text(text) => return serde_json::from_str(&text).expect("json"),
            Message::Close(frame) => panic!("closed: {frame:?}"),
            _ => {}
        }
    }
}

fn response(ws: &mut WebSocket<TcpStream>, id: &str) -> Value {
    loop {
        let frame = read_json(ws);
        if frame["type"] == "res" && frame["id"] == id {
            return frame;
        }
    }
}

fn open(url: &str, token: &str, scopes: &[&str]) -> WebSocket<TcpStream> {
    // A gateway that is still starting (the reference starts sidecars after it listens)
    // answers UNAVAILABLE with `retryAfterMs`; wait and reconnect, for up to two minutes.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let host = url.trim_start_matches("ws://").trim_end_matches('/').to_owned();
        let stream = TcpStream::connect(&host).expect("connect");
        stream.set_nodelay(true).unwrap();
        let (mut ws, _) = tungstenite::client(url, stream).expect("upgrade");
        let _challenge = read_json(&mut ws);
        let connect = json!({"type": "req", "id": "c", "method": "connect", "params": {
            "minProtocol": 3, "maxProtocol": 4,
            "client": {"id": "cli", "version": "bench", "platform": "linux", "mode": "cli"},
            "role": "operator", "scopes": scopes, "auth": {"token": token}}});
        ws.send(Message::Text(connect.to_string().into())).unwrap();
        let hello = response(&mut ws, "c");
        if hello["ok"] == true {
            return ws;
        }
        let retry = hello["error"]["retryable"] == true && Instant::now() < deadline;
        assert!(retry, "connect refused: {hello}");
        let wait = hello["error"]["retryAfterMs"].as_u64().unwrap_or(500);
        std::thread::sleep(Duration::from_millis(wait));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("roundtrips") => roundtrips(&args),
        Some("turns") => turns(&args),
        _ => panic!(
            "usage: ws_bench roundtrips <ws-url> <token> <seconds> | turns <ws-url> <token> <turns> <connections>"
        ),
    }
}

/// Runs `turns` agent turns over `connections` connections (one session each) and prints
/// `{"turns", "seconds", "perSecond", "p50Ms", "p99Ms", "maxMs"}`.
fn turns(args: &[String]) {
    let [_, _, url, token, turns, connections] = args else {
        panic!("usage: ws_bench turns <ws-url> <token> <turns> <connections>")
    };
    let turns: usize = turns.parse().expect("turns");
    let connections: usize = connections.parse().expect("connections");
    let per_connection = turns.div_ceil(connections);
    let started = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|c| {
            let (url, token) = (url.clone(), token.clone());
            std::thread::spawn(move || {
                let mut ws = open(&url, &token, &["operator.read", "operator.write"]);
                let session = format!("agent:main:bench-{c}");
                let mut latencies = Vec::with_capacity(per_connection);
                for n in 0..per_connection {
                    let run = format!("bench-{c}-{n}-{}", std::process::id());
                    let t = Instant::now();
                    let req = json!({"type": "req", "id": run, "method": "chat.send",
                        "params": {"sessionKey": session, "message": format!("turn {n}"), "idempotencyKey": run}});
                    ws.send(Message::Text(req.to_string().into())).unwrap();
                    loop {
                        let frame = read_json(&mut ws);
                        if frame["type"] == "res" && frame["id"] == run.as_str() {
                            assert_eq!(frame["ok"], true, "chat.send refused: {frame}");
                        }
                        let payload = &frame["payload"];
                        if frame["event"] == "chat" && payload["runId"] == run.as_str() {
                            match payload["state"].as_str() {
                                Some("final") => break,
                                Some("error" | "aborted") => panic!("turn failed: {payload}"),
                                _ => {}
                            }
                        }
                    }
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut all: Vec<Duration> = workers.into_iter().flat_map(|w| w.join().expect("worker")).collect();
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    println!(
        "{{\"turns\": {}, \"connections\": {connections}, \"seconds\": {elapsed:.2}, \"perSecond\": {:.1}, \"p50Ms\": {:.2}, \"p99Ms\": {:.2}, \"maxMs\": {:.2}}}",
        all.len(),
        all.len() as f64 / elapsed,
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
}

fn roundtrips(args: &[String]) {
    let [_, _, url, token, seconds] = args else { panic!("usage: ws_bench roundtrips <ws-url> <token> <seconds>") };
    let seconds: u64 = seconds.parse().expect("seconds");
    let mut ws = open(url, token, &["operator.read"]);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut n: u64 = 0;
    let mut worst = Duration::ZERO;
    while Instant::now() < deadline {
        let id = format!("h{n}");
        let t = Instant::now();
        ws.send(Message::Text(json!({"type": "req", "id": id, "method": "health", "params": {}}).to_string().into()))
            .unwrap();
        let res = response(&mut ws, &id);
        assert_eq!(res["ok"], true, "{res}");
        worst = worst.max(t.elapsed());
        n += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{{\"roundtrips\": {n}, \"seconds\": {elapsed:.2}, \"perSecond\": {:.0}, \"worstMs\": {:.2}}}",
        n as f64 / elapsed,
        worst.as_secs_f64() * 1000.0
    );
}
