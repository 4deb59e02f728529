use openclaw_testkit::fake_channels::{ChannelApi, ChannelReply, FakeChannelServer, RecordedRequest};
use serde_json::{Value, json};

use super::SlackClient;
use crate::{BotToken, PAIRING_APPROVED_MESSAGE};

const CANARY: &str = "xoxb-CANARY-slack-token";

fn client(server: &FakeChannelServer) -> SlackClient {
    SlackClient::new(BotToken::new(CANARY).unwrap(), Some(&server.base_url())).unwrap()
}

fn request(method: &str, body: Value) -> RecordedRequest {
    RecordedRequest {
        method: "POST".to_owned(),
        path: format!("/api/{method}"),
        authorization: Some(format!("Bearer {CANARY}")),
        content_type: Some("application/json".to_owned()),
        body,
    }
}

fn open(user: &str) -> RecordedRequest {
    request("conversations.open", json!({"users": user}))
}

fn post(channel: &str) -> RecordedRequest {
    request("chat.postMessage", json!({"channel": channel, "text": PAIRING_APPROVED_MESSAGE}))
}

#[tokio::test]
async fn the_notice_opens_the_im_then_posts_to_it() {
    let server = FakeChannelServer::start(ChannelApi::Slack, vec![]);
    client(&server).send_approval_notice("U333", PAIRING_APPROVED_MESSAGE).await.unwrap();
    assert_eq!(server.requests(), [open("U333"), post("DU333")]);
}

#[tokio::test]
async fn an_ok_false_answer_carries_slacks_error_code() {
    let server = FakeChannelServer::start(ChannelApi::Slack, vec![ChannelReply::error(200, "user_not_found")]);
    let error = client(&server).send_approval_notice("U333", "hi").await.unwrap_err();
    assert_eq!(error.to_string(), "slack: user_not_found");
    assert_eq!(server.requests(), [open("U333")]);

    let server = FakeChannelServer::start(ChannelApi::Slack, vec![ChannelReply::error(500, "fatal_error")]);
    let error = client(&server).send_approval_notice("U333", "hi").await.unwrap_err();
    assert_eq!(error.to_string(), "slack: fatal_error (HTTP 500)");
}

#[tokio::test]
async fn a_short_rate_limit_is_waited_out_once_a_long_one_reported() {
    let server = FakeChannelServer::start(ChannelApi::Slack, vec![ChannelReply::rate_limited(1.0)]);
    client(&server).send_approval_notice("U333", PAIRING_APPROVED_MESSAGE).await.unwrap();
    assert_eq!(server.requests(), [open("U333"), open("U333"), post("DU333")]);

    let server = FakeChannelServer::start(ChannelApi::Slack, vec![ChannelReply::Ok, ChannelReply::rate_limited(60.0)]);
    let error = client(&server).send_approval_notice("U333", "hi").await.unwrap_err();
    assert_eq!(error.to_string(), "slack: rate limited, retry after 60 s");
}

#[tokio::test]
async fn the_token_never_reaches_errors_or_debug() {
    let server =
        FakeChannelServer::start(ChannelApi::Slack, vec![ChannelReply::error(200, format!("invalid_auth {CANARY}"))]);
    let client = client(&server);
    let error = client.send_approval_notice("U333", "hi").await.unwrap_err();
    for text in [error.to_string(), format!("{error:?}"), format!("{client:?}")] {
        assert!(!text.contains("CANARY"), "token leaked: {text}");
    }
}
