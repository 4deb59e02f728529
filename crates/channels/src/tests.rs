use openclaw_testkit::fake_channels::{ChannelApi, FakeChannelServer};

use crate::{BotToken, ChannelError, Credentials, NoticeChannel, PAIRING_APPROVED_MESSAGE, notify_pairing_approved};

#[test]
fn the_message_is_openclaws() {
    assert_eq!(PAIRING_APPROVED_MESSAGE, "✅ OpenClaw access approved. Send a message to start chatting.");
}

#[tokio::test]
async fn channels_without_a_sender_are_unsupported_whatever_the_credentials() {
    let credentials = Credentials { token: BotToken::new("t"), api_base: None };
    let error = notify_pairing_approved("signal", "default", "+15550001", &credentials).await.unwrap_err();
    assert_eq!(error, ChannelError::Unsupported { channel: "signal".to_owned() });
    assert_eq!(error.to_string(), "approval notices for signal are not available in this build");
}

#[tokio::test]
async fn a_missing_token_names_the_channel_and_a_non_default_account() {
    let none = Credentials::default();
    let error = notify_pairing_approved("telegram", "default", "1", &none).await.unwrap_err();
    assert_eq!(error.to_string(), "telegram token not configured");
    let error = notify_pairing_approved("slack", "work", "U1", &none).await.unwrap_err();
    assert_eq!(error.to_string(), "slack token not configured for account work");
}

#[tokio::test]
async fn dispatch_reaches_each_api_at_the_given_base() {
    for (channel, api) in
        [("telegram", ChannelApi::Telegram), ("discord", ChannelApi::Discord), ("slack", ChannelApi::Slack)]
    {
        let server = FakeChannelServer::start(api, vec![]);
        let credentials = Credentials { token: BotToken::new("tok"), api_base: Some(server.base_url()) };
        notify_pairing_approved(channel, "default", "42", &credentials).await.unwrap();
        let last = server.requests().pop().unwrap();
        assert!(last.body.to_string().contains("OpenClaw access approved"), "{channel}: {last:?}");
        assert!(NoticeChannel::from_id(channel).is_some());
    }
}

#[test]
fn tokens_are_trimmed_blank_is_none_and_debug_hides_them() {
    assert_eq!(BotToken::new("  "), None);
    let token = BotToken::new(" CANARY ").unwrap();
    assert_eq!(token.expose(), "CANARY");
    assert_eq!(format!("{token:?}"), "BotToken(<redacted>)");
    let credentials = Credentials { token: Some(token), api_base: None };
    assert!(!format!("{credentials:?}").contains("CANARY"));
}
