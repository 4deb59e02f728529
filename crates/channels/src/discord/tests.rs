use openclaw_testkit::fake_channels::{ChannelApi, ChannelReply, FakeChannelServer, RecordedRequest};
use serde_json::{Value, json};

use super::DiscordClient;
use crate::{BotToken, PAIRING_APPROVED_MESSAGE};

const CANARY: &str = "MTA-CANARY-discord-token";

fn client(server: &FakeChannelServer, token: &str) -> DiscordClient {
    DiscordClient::new(BotToken::new(token).unwrap(), Some(&server.base_url())).unwrap()
}

fn request(path: &str, body: Value) -> RecordedRequest {
    RecordedRequest {
        method: "POST".to_owned(),
        path: path.to_owned(),
        authorization: Some(format!("Bot {CANARY}")),
        content_type: Some("application/json".to_owned()),
        body,
    }
}

fn open_dm(user: &str) -> RecordedRequest {
    request("/api/v10/users/@me/channels", json!({"recipient_id": user}))
}

fn message(channel: &str) -> RecordedRequest {
    request(&format!("/api/v10/channels/{channel}/messages"), json!({"content": PAIRING_APPROVED_MESSAGE}))
}

#[tokio::test]
async fn the_notice_opens_the_dm_channel_then_posts_to_it() {
    let server = FakeChannelServer::start(ChannelApi::Discord, vec![]);
    // A token pasted with its `Bot ` prefix is sent once, not as `Bot Bot …`.
    client(&server, &format!("Bot {CANARY}")).send_approval_notice("222", PAIRING_APPROVED_MESSAGE).await.unwrap();
    assert_eq!(server.requests(), [open_dm("222"), message("dm-222")]);
}

#[tokio::test]
async fn an_api_error_carries_discords_message_and_stops_there() {
    let server = FakeChannelServer::start(ChannelApi::Discord, vec![ChannelReply::error(404, "Unknown User")]);
    let error = client(&server, CANARY).send_approval_notice("222", "hi").await.unwrap_err();
    assert_eq!(error.to_string(), "discord: Unknown User (HTTP 404)");
    assert_eq!(server.requests(), [open_dm("222")]);

    let server = FakeChannelServer::start(
        ChannelApi::Discord,
        vec![ChannelReply::Ok, ChannelReply::error(403, "Cannot send messages to this user")],
    );
    let error = client(&server, CANARY).send_approval_notice("222", "hi").await.unwrap_err();
    assert_eq!(error.to_string(), "discord: Cannot send messages to this user (HTTP 403)");
}

#[tokio::test]
async fn a_short_rate_limit_is_waited_out_once_a_long_one_reported() {
    let server = FakeChannelServer::start(ChannelApi::Discord, vec![ChannelReply::Ok, ChannelReply::rate_limited(0.2)]);
    client(&server, CANARY).send_approval_notice("222", PAIRING_APPROVED_MESSAGE).await.unwrap();
    assert_eq!(server.requests(), [open_dm("222"), message("dm-222"), message("dm-222")]);

    let server = FakeChannelServer::start(ChannelApi::Discord, vec![ChannelReply::rate_limited(12.5)]);
    let error = client(&server, CANARY).send_approval_notice("222", "hi").await.unwrap_err();
    assert_eq!(error.to_string(), "discord: rate limited, retry after 13 s");
}

#[tokio::test]
async fn the_token_never_reaches_errors_or_debug() {
    let server =
        FakeChannelServer::start(ChannelApi::Discord, vec![ChannelReply::error(401, format!("bad token {CANARY}"))]);
    let client = client(&server, CANARY);
    let error = client.send_approval_notice("222", "hi").await.unwrap_err();
    for text in [error.to_string(), format!("{error:?}"), format!("{client:?}")] {
        assert!(!text.contains("CANARY"), "token leaked: {text}");
    }
}
