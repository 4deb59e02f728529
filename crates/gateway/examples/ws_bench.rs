//! Load client for `bench/gateway.sh`: `ws_bench roundtrips <ws-url> <token> <seconds>` opens
//! one authenticated connection (protocol 3–4, as OpenClaw's CLI does) and sends `health`
//! requests one after another for the given time, then prints the rate. It works against any
//! OpenClaw-compatible gateway, ours or the reference.

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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, mode, url, token, seconds] = args.as_slice() else {
        panic!("usage: ws_bench roundtrips <ws-url> <token> <seconds>");
    };
    assert_eq!(mode, "roundtrips", "unknown mode {mode}");
    let seconds: u64 = seconds.parse().expect("seconds");
    let host = url.trim_start_matches("ws://").trim_end_matches('/').to_owned();
    let stream = TcpStream::connect(&host).expect("connect");
    stream.set_nodelay(true).unwrap();
    let (mut ws, _) = tungstenite::client(url.as_str(), stream).expect("upgrade");
    let _challenge = read_json(&mut ws);
    let connect = json!({"type": "req", "id": "c", "method": "connect", "params": {
        "minProtocol": 3, "maxProtocol": 4,
        "client": {"id": "cli", "version": "bench", "platform": "linux", "mode": "cli"},
        "role": "operator", "scopes": ["operator.read"], "auth": {"token": token}}});
    ws.send(Message::Text(connect.to_string().into())).unwrap();
    let hello = response(&mut ws, "c");
    assert_eq!(hello["ok"], true, "connect refused: {hello}");
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
