//! Secrets logged as message text and as structured fields never reach a sink unredacted.

use openclaw_logging::{ConsoleStyle, LogSettings};
use tracing::{error, info, info_span, warn};

use super::fixture::{Fixture, plain_settings};

const OPENAI_KEY: &str = "sk-proj-Zx8Qm2Lr5Tv9Wb3Nc7Hd1Kf4Gj6Ps0Ye2Ua8Ri5Oq";
const GITHUB_TOKEN: &str = "ghp_R4nd0mGitHubT0kenV4lue1234567890abcd";
const BEARER_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcGVuY2xhdyJ9.c2lnbmF0dXJlLXZhbHVl";
const TELEGRAM_TOKEN: &str = "7123456789:AAGx9fQ2rT5yU8iO1pA4sD7fG0hJ3kL6zXc";
const PEM_BODY: [&str; 2] = ["MIIEpAIBAAKCAQEAzQ7kq3Yt9Vb2Lx8PwQ", "Zm4Rn6Tq1Ws5Ue9Yi3Oa7Sd0Fg2Hj8Kl4"];

fn pem() -> String {
    format!("-----BEGIN RSA PRIVATE KEY-----\n{}\n{}\n-----END RSA PRIVATE KEY-----", PEM_BODY[0], PEM_BODY[1])
}

/// Pieces of each secret that a mask never shows: everything but the first 6 and last 4
/// characters, cut into overlapping 8-character windows.
fn hidden_windows() -> Vec<String> {
    let mut secrets: Vec<&str> = vec![OPENAI_KEY, GITHUB_TOKEN, BEARER_TOKEN, TELEGRAM_TOKEN];
    secrets.extend(PEM_BODY);
    let mut windows = Vec::new();
    for secret in secrets {
        let chars: Vec<char> = secret.chars().collect();
        let hidden = &chars[6..chars.len() - 4];
        for window in hidden.windows(8) {
            windows.push(window.iter().collect());
        }
    }
    windows
}

fn log_every_secret() {
    let pem = pem();
    let header = format!("Authorization: Bearer {BEARER_TOKEN}");
    let telegram_url = format!("https://api.telegram.org/bot{TELEGRAM_TOKEN}/getMe");

    info!("openai key {OPENAI_KEY} and github token {GITHUB_TOKEN}");
    info!(api_key = OPENAI_KEY, github = %GITHUB_TOKEN, "structured fields");
    info!(api_key = ?OPENAI_KEY, "debug-formatted field");
    warn!("request headers: {header}");
    warn!(header = %header, "outgoing request");
    error!(url = ?telegram_url, "telegram call failed");
    info!("polling {telegram_url}");
    info!(bot_token = TELEGRAM_TOKEN, "telegram configured");
    info!("loaded key:\n{pem}");
    info!(key = pem.as_str(), "loaded key as a field");
    let span = info_span!("session", token = GITHUB_TOKEN, url = %telegram_url);
    let _entered = span.enter();
    info!("inside a span holding secrets");
}

const EVENTS: usize = 11;

fn assert_no_secret(sink: &str, text: &str) {
    let leaks: Vec<String> = hidden_windows().into_iter().filter(|window| text.contains(window.as_str())).collect();
    assert!(leaks.is_empty(), "{sink} leaks {leaks:?}:\n{text}");
    // Guard against a vacuous pass: the events were written, masked.
    assert!(text.contains("sk-pro…"), "{sink} lacks the masked key:\n{text}");
    assert!(text.contains("…redacted…"), "{sink} lacks the masked PEM:\n{text}");
}

#[test]
fn no_canary_reaches_any_sink_in_any_console_style() {
    let styles = [
        (ConsoleStyle::Pretty, true),
        (ConsoleStyle::Pretty, false),
        (ConsoleStyle::Compact, true),
        (ConsoleStyle::Compact, false),
        (ConsoleStyle::Json, false),
    ];
    for (style, color) in styles {
        let fixture = Fixture::new();
        let settings = LogSettings { console_style: style, color, ..LogSettings::default() };
        let run = fixture.run(&settings, log_every_secret);
        let label = format!("{style:?} color={color}");

        let records = run.file_records();
        assert_eq!(records.len(), EVENTS, "{label}");
        assert_no_secret(&format!("file ({label})"), &run.file_text());
        assert_no_secret(&format!("console ({label})"), &run.console);
    }
}

#[test]
fn the_file_keeps_the_pem_armour_and_valid_json() {
    let fixture = Fixture::new();
    let run = fixture.run(&plain_settings(), || {
        info!("loaded key:\n{}", pem());
        info!(key = pem().as_str(), "as a field");
    });
    let records = run.file_records();
    let expected_pem = "-----BEGIN RSA PRIVATE KEY-----\n…redacted…\n-----END RSA PRIVATE KEY-----";
    assert_eq!(records[0]["message"], format!("loaded key:\n{expected_pem}"));
    assert_eq!(records[1]["key"], expected_pem);
}

#[test]
fn a_secret_recognised_only_by_its_key_is_masked_in_the_file() {
    let fixture = Fixture::new();
    let run = fixture.run(&plain_settings(), || {
        info!(token = "hunter2", "short token field");
        info!(password = "x\"quoted\"-but-long-enough-to-preview", "escaped value");
    });
    let records = run.file_records();
    assert_eq!(records[0]["token"], "***");
    assert_eq!(records[1]["password"], "x\"quot…view");
}

#[test]
fn off_mode_writes_secrets_verbatim() {
    let fixture = Fixture::new();
    let settings = LogSettings { redact: openclaw_policy::redact::RedactMode::Off, ..plain_settings() };
    let run = fixture.run(&settings, || info!("key {OPENAI_KEY}"));
    assert!(run.file_text().contains(OPENAI_KEY));
    assert!(run.console.contains(OPENAI_KEY));
}

#[test]
fn custom_patterns_apply_to_every_sink() {
    let fixture = Fixture::new();
    let settings = LogSettings {
        redact_patterns: vec!["internal-[a-z]+\\.corp".to_owned(), "(a+)+".to_owned()],
        ..plain_settings()
    };
    let (_, guard) = openclaw_logging::build(&settings, &fixture.env, fixture.console.clone()).unwrap();
    assert_eq!(guard.pattern_warnings().len(), 1);
    assert_eq!(guard.pattern_warnings()[0].pattern, "(a+)+");
    drop(guard);

    let run = fixture.run(&settings, || info!("fetching internal-billing.corp/api"));
    assert!(!run.file_text().contains("internal-billing"), "{}", run.file_text());
    assert!(!run.console.contains("internal-billing"), "{}", run.console);
    assert!(run.console.contains("fetching intern…corp/api"), "{}", run.console);
}
