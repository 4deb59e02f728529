use openclaw_testkit::fake_channels::{ChannelApi, ChannelReply, FakeChannelServer, RecordedRequest};
use serde_json::json;

use super::TelegramClient;
use crate::{BotToken, ChannelError, PAIRING_APPROVED_MESSAGE};

const CANARY: &str = "123456:CANARY-telegram-token";

fn client(server: &FakeChannelServer) -> TelegramClient {
    TelegramClient::new(BotToken::new(CANARY).unwrap(), Some(&server.base_url())).unwrap()
}

fn send_message(chat_id: &str) -> RecordedRequest {
    RecordedRequest {
        method: "POST".to_owned(),
        path: format!("/bot{CANARY}/sendMessage"),
        authorization: None,
        content_type: Some("application/json".to_owned()),
        body: json!({"chat_id": chat_id, "text": PAIRING_APPROVED_MESSAGE}),
    }
}

#[tokio::test]
async fn the_notice_is_one_send_message_to_the_users_private_chat() {
    let server = FakeChannelServer::start(ChannelApi::Telegram, vec![]);
    client(&server).send_approval_notice("111", PAIRING_APPROVED_MESSAGE).await.unwrap();
    assert_eq!(server.requests(), [send_message("111")]);
}

#[tokio::test]
async fn an_api_error_carries_telegrams_description_and_status() {
    let server =
        FakeChannelServer::start(ChannelApi::Telegram, vec![ChannelReply::error(400, "Bad Request: chat not found")]);
    let error = client(&server).send_approval_notice("111", "hi").await.unwrap_err();
    assert_eq!(error.to_string(), "telegram: Bad Request: chat not found (HTTP 400)");
}

#[tokio::test]
async fn a_short_rate_limit_is_waited_out_once() {
    let server = FakeChannelServer::start(ChannelApi::Telegram, vec![ChannelReply::rate_limited(1.0)]);
    client(&server).send_approval_notice("111", PAIRING_APPROVED_MESSAGE).await.unwrap();
    assert_eq!(server.requests(), [send_message("111"), send_message("111")]);
}

#[tokio::test]
async fn a_long_rate_limit_or_a_second_one_is_reported() {
    let server = FakeChannelServer::start(ChannelApi::Telegram, vec![ChannelReply::rate_limited(30.0)]);
    let error = client(&server).send_approval_notice("111", "hi").await.unwrap_err();
    assert_eq!(error.to_string(), "telegram: rate limited, retry after 30 s");
    assert_eq!(server.requests().len(), 1);

    let server = FakeChannelServer::start(
        ChannelApi::Telegram,
        vec![ChannelReply::rate_limited(1.0), ChannelReply::rate_limited(1.0)],
    );
    let error = client(&server).send_approval_notice("111", "hi").await.unwrap_err();
    assert_eq!(error, ChannelError::RateLimited { channel: "telegram", retry_after_secs: Some(1) });
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_token_in_the_url_never_reaches_errors_or_debug() {
    // Nothing listens on a just-freed port, so the transport error quotes the URL with the token.
    let base = {
        let server = FakeChannelServer::start(ChannelApi::Telegram, vec![]);
        server.base_url()
    };
    let unreachable = TelegramClient::new(BotToken::new(CANARY).unwrap(), Some(&base)).unwrap();
    let error = unreachable.send_approval_notice("111", "hi").await.unwrap_err();
    assert!(matches!(error, ChannelError::Transport { .. }), "{error:?}");
    for text in [error.to_string(), format!("{error:?}"), format!("{unreachable:?}")] {
        assert!(!text.contains("CANARY"), "token leaked: {text}");
    }
    assert!(error.to_string().contains("[redacted]"), "{error}");

    // A server echoing the token in its description gets redacted too.
    let server = FakeChannelServer::start(
        ChannelApi::Telegram,
        vec![ChannelReply::error(401, format!("Unauthorized: {CANARY}"))],
    );
    let error = client(&server).send_approval_notice("111", "hi").await.unwrap_err();
    assert_eq!(error.to_string(), "telegram: Unauthorized: [redacted] (HTTP 401)");
}
