use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::json;

use super::{ChannelApi, ChannelReply, FakeChannelServer, RecordedRequest};

/// A raw HTTP/1.1 POST, so the fake is checked without the client it exists to test.
fn post(server: &FakeChannelServer, path: &str, auth: Option<&str>, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    let auth = auth.map(|a| format!("authorization: {a}\r\n")).unwrap_or_default();
    let request = format!(
        "POST {path} HTTP/1.1\r\nhost: fake\r\ncontent-type: application/json\r\n{auth}content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").unwrap().1.to_owned();
    (status, body)
}

#[test]
fn telegram_answers_send_message_then_follows_the_script() {
    let server =
        FakeChannelServer::start(ChannelApi::Telegram, vec![ChannelReply::Ok, ChannelReply::rate_limited(3.0)]);
    let (status, body) = post(&server, "/bot123:abc/sendMessage", None, r#"{"chat_id":"42","text":"hi"}"#);
    assert_eq!(status, 200);
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((body["ok"].clone(), body["result"]["chat"]["id"].clone()), (json!(true), json!("42")));
    let (status, body) = post(&server, "/bot123:abc/sendMessage", None, r#"{"chat_id":"42","text":"hi"}"#);
    assert_eq!(status, 429);
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["parameters"]["retry_after"], 3);
    assert_eq!(
        server.requests()[0],
        RecordedRequest {
            method: "POST".to_owned(),
            path: "/bot123:abc/sendMessage".to_owned(),
            authorization: None,
            content_type: Some("application/json".to_owned()),
            body: json!({"chat_id": "42", "text": "hi"}),
        }
    );
}

#[test]
fn discord_and_slack_refuse_requests_without_their_auth_scheme() {
    let discord = FakeChannelServer::start(ChannelApi::Discord, vec![]);
    let (status, _) = post(&discord, "/api/v10/users/@me/channels", Some("Bearer x"), r#"{"recipient_id":"1"}"#);
    assert_eq!(status, 401);
    let (status, body) = post(&discord, "/api/v10/users/@me/channels", Some("Bot x"), r#"{"recipient_id":"1"}"#);
    assert_eq!((status, body.contains(r#""id":"dm-1""#)), (200, true), "{body}");

    let slack = FakeChannelServer::start(ChannelApi::Slack, vec![ChannelReply::error(200, "user_not_found")]);
    let (status, body) = post(&slack, "/api/conversations.open", None, r#"{"users":"U1"}"#);
    assert_eq!((status, body.as_str()), (200, r#"{"ok":false,"error":"not_authed"}"#));
    let (status, body) = post(&slack, "/api/conversations.open", Some("Bearer xoxb-1"), r#"{"users":"U1"}"#);
    assert_eq!((status, body.as_str()), (200, r#"{"ok":false,"error":"user_not_found"}"#));
}
