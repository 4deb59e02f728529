#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;
use std::sync::LazyLock;

use proptest::prelude::*;

use super::defaults::DEFAULT_PATTERNS;
use super::nested_repetition::has_nested_repetition;
use super::*;

const TELEGRAM: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

/// Compiled once: building the default set per proptest case would dominate the run time.
static DEFAULT: LazyLock<Redactor> = LazyLock::new(Redactor::default);

fn redact_default(text: &str) -> String {
    DEFAULT.redact(text).into_owned()
}

fn custom(patterns: &[&str]) -> (Redactor, Vec<PatternWarning>) {
    let owned: Vec<String> = patterns.iter().map(|p| (*p).to_owned()).collect();
    Redactor::new(RedactMode::Tools, &owned)
}

/// (rule, input, expected output). Each default rule has at least one row.
const DEFAULT_CASES: &[(&str, &str, &str)] = &[
    ("env_assignment", "GATEWAY_TOKEN=0123456789abcdefghijkl", "GATEWAY_TOKEN=012345…ijkl"),
    ("env_assignment", "DB_PASSWORD=hunter2 next", "DB_PASSWORD=*** next"),
    ("env_assignment", r#"CLIENT_SECRET="abcdefghijklmnopqrstuv""#, r#"CLIENT_SECRET="abcdef…stuv""#),
    ("env_assignment", "MY_PASSWD: s3cr3t", "MY_PASSWD: ***"),
    ("env_assignment", "API_KEY='x'", "API_KEY='***'"),
    ("env_assignment_is_case_sensitive", "monkey: banana", "monkey: banana"),
    ("env_assignment_masks_the_value_not_the_name", "MY_TOKEN=TOKEN", "MY_TOKEN=***"),
    ("json_field", r#"{"apiKey": "abcdefghijklmnopqrstuvwx"}"#, r#"{"apiKey": "abcdef…uvwx"}"#),
    ("json_field", r#"{"refreshToken":"short"}"#, r#"{"refreshToken":"***"}"#),
    (
        "json_field",
        r#"{"accessToken": "a", "password":"hunter2", "passwd": "p", "secret": "s", "token": "t"}"#,
        r#"{"accessToken": "***", "password":"***", "passwd": "***", "secret": "***", "token": "***"}"#,
    ),
    ("cli_flag", "openclaw login --api-key abcdefghijklmnopqrstuvwx", "openclaw login --api-key abcdef…uvwx"),
    ("cli_flag", "run --token=hunter2 -v", "run --token=*** -v"),
    ("cli_flag", "run --password 'hunter2'", "run --password '***'"),
    ("cli_flag", "run --passwd \"p4ss\"", "run --passwd \"***\""),
    ("cli_flag", "run --secret s --api_key k", "run --secret *** --api_key ***"),
    ("authorization_bearer", "Authorization: Bearer abc.def-ghi", "Authorization: Bearer ***"),
    ("authorization_bearer", "authorization=bearer abcdefghijklmnopqrstuvwxyz", "authorization=bearer abcdef…wxyz"),
    ("bearer", "sent Bearer abcdefghijklmnopqrstuvwxyz0123 upstream", "sent Bearer abcdef…0123 upstream"),
    ("bearer_needs_18_chars", "sent Bearer shorttoken upstream", "sent Bearer shorttoken upstream"),
    ("openai_key", "key sk-abcdefghijklmnopqrstuvwx used", "key sk-abc…uvwx used"),
    ("openai_key", "short sk-abcdefgh", "short ***"),
    ("github_pat_classic", "ghp_0123456789abcdefghijABCDEFGHIJ", "ghp_01…GHIJ"),
    ("github_pat_fine_grained", "github_pat_11ABCDEFG0123456789_abcdefghij", "github…ghij"),
    ("slack_token", "xoxb-1234567890-abcdefghijkl", "xoxb-1…ijkl"),
    ("slack_app_token", "xapp-1-A0123456789-abcdef", "xapp-1…cdef"),
    ("groq_key", "gsk_abcdefghijklmnopqrstuvwx", "gsk_ab…uvwx"),
    ("google_api_key", "AIzaSyA-abcdefghijklmnopqrstuvwxyz", "AIzaSy…wxyz"),
    ("perplexity_key", "pplx-abcdefghijklmnopqrstuvwx", "pplx-a…uvwx"),
    ("npm_token", "npm_abcdefghijklmnopqrstuvwx", "npm_ab…uvwx"),
    (
        "telegram_bot_url_token",
        "GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe",
        "GET https://api.telegram.org/bot123456…Dsaw/getMe",
    ),
    ("telegram_token", "token 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw ok", "token 123456…Dsaw ok"),
    (
        "pem_private_key",
        "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn\nabcdefghijklmnop\n-----END RSA PRIVATE KEY-----\ndone",
        "key:\n-----BEGIN RSA PRIVATE KEY-----\n…redacted…\n-----END RSA PRIVATE KEY-----\ndone",
    ),
    (
        "pem_private_key_crlf",
        "-----BEGIN PRIVATE KEY-----\r\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\r\n-----END PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\n…redacted…\n-----END PRIVATE KEY-----",
    ),
    (
        "pem_private_key_on_one_line",
        r"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
        "***",
    ),
    (
        "pem_private_key_drops_material_glued_to_armour",
        "-----BEGIN EC PRIVATE KEY-----MHcCAQEEIBkg\nmore\nlastbits-----END EC PRIVATE KEY-----",
        "-----BEGIN EC PRIVATE KEY-----\n…redacted…\n-----END EC PRIVATE KEY-----",
    ),
    (
        "pem_private_key_runs_before_env_assignment",
        "SIGNING_KEY=-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
        "SIGNING_KEY=*** PRIVATE KEY-----\n…redacted…\n-----END PRIVATE KEY-----",
    ),
    (
        "public_keys_are_not_secrets",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----",
    ),
    ("plain_text_is_untouched", "gateway listening on 127.0.0.1:18789", "gateway listening on 127.0.0.1:18789"),
];

#[test]
fn default_patterns_mask_exactly_the_secret() {
    let redactor = Redactor::default();
    let failures: Vec<String> = DEFAULT_CASES
        .iter()
        .filter_map(|(rule, input, expected)| {
            let actual = redactor.redact(input);
            (actual != *expected).then(|| format!("{rule}: {input:?}\n  expected {expected:?}\n  actual   {actual:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_default_rule_has_a_case() {
    let covered: Vec<&str> = DEFAULT_CASES.iter().map(|(rule, ..)| *rule).collect();
    let missing: Vec<&str> = DEFAULT_PATTERNS.iter().map(|p| p.name).filter(|name| !covered.contains(name)).collect();
    assert_eq!(missing, Vec::<&str>::new());
}

#[test]
fn every_default_pattern_compiles_and_is_in_the_prefilter() {
    let redactor = Redactor::default();
    let names: Vec<&str> = redactor.rule_names().collect();
    let expected: Vec<&str> = DEFAULT_PATTERNS.iter().map(|p| p.name).collect();
    assert_eq!(names, expected);
    assert!(redactor.prefilter.is_some());
    assert_eq!(redactor.pattern_source(), PatternSource::Defaults);
}

#[test]
fn default_patterns_pass_the_nested_repetition_check() {
    let unsafe_defaults: Vec<&str> =
        DEFAULT_PATTERNS.iter().filter(|p| has_nested_repetition(p.source)).map(|p| p.name).collect();
    assert_eq!(unsafe_defaults, Vec::<&str>::new());
}

#[test]
fn text_without_candidates_is_returned_borrowed() {
    let redactor = Redactor::default();
    let line = r#"{"time":"2026-01-01T00:00:00+00:00","level":"info","message":"ok"}"#;
    assert!(matches!(redactor.redact(line), Cow::Borrowed(_)));
}

#[test]
fn off_mode_returns_input_untouched() {
    let secret = "OPENAI_API_KEY=sk-abcdefghijklmnopqrstuvwx";
    for redactor in [
        Redactor::off(),
        Redactor::new(RedactMode::Off, &[]).0,
        Redactor::new(RedactMode::Off, &["secret".to_owned()]).0,
    ] {
        assert_eq!(redactor.mode(), RedactMode::Off);
        assert!(matches!(redactor.redact(secret), Cow::Borrowed(s) if s == secret));
    }
}

#[test]
fn mode_parses_like_openclaw() {
    let cases: &[(&str, RedactMode)] = &[
        (r#""off""#, RedactMode::Off),
        (r#""tools""#, RedactMode::Tools),
        (r#""OFF""#, RedactMode::Tools),
        (r#""none""#, RedactMode::Tools),
        ("false", RedactMode::Tools),
        ("null", RedactMode::Tools),
        ("0", RedactMode::Tools),
    ];
    for (json, expected) in cases {
        let mode: RedactMode = serde_json::from_str(json).unwrap();
        assert_eq!(mode, *expected, "{json}");
    }
    assert_eq!(serde_json::to_string(&RedactMode::Off).unwrap(), r#""off""#);
    assert_eq!(RedactMode::default(), RedactMode::Tools);
}

#[test]
fn custom_patterns_add_to_the_defaults() {
    let (redactor, warnings) = custom(&["internal-host-[a-z0-9]+"]);
    assert_eq!(warnings, vec![]);
    assert_eq!(redactor.pattern_source(), PatternSource::Custom);
    assert_eq!(redactor.redact("INTERNAL-HOST-a1 sk-abcdefghijklmnopqrstuvwx"), "*** sk-abc…uvwx");
}

#[test]
fn custom_pattern_syntax() {
    // (patterns, input, expected)
    let cases: &[(&str, &str, &str)] = &[
        // Plain patterns are case-insensitive (`gi`).
        ("corp-[0-9]+", "CORP-1234 and corp-5", "*** and ***"),
        // A literal without `i` is case-sensitive; `g` is implied.
        ("/corp-[0-9]+/", "CORP-1234 and corp-5 corp-6", "CORP-1234 and *** ***"),
        ("/corp-[0-9]+/g", "corp-5 corp-6", "*** ***"),
        ("/corp-[0-9]+/gi", "CORP-5", "***"),
        // The last non-empty capture is the secret.
        (r"/user=(\w+) pass=(\w+)/", "user=alice pass=abcdefghijklmnopqrstu", "user=alice pass=abcdef…rstu"),
        // `s` lets `.` cross lines, `m` anchors at line starts.
        ("/a.b/s", "a\nb", "***"),
        ("/^tok$/m", "x\ntok\ny", "x\n***\ny"),
        // Slashes that do not form a literal are part of a plain pattern.
        ("/path/x", "/PATH/x", "***"),
    ];
    for (pattern, input, expected) in cases {
        let (redactor, warnings) = custom(&[pattern]);
        assert_eq!(warnings, vec![], "{pattern}");
        assert_eq!(redactor.redact(input), *expected, "{pattern} on {input:?}");
    }
}

#[test]
fn invalid_and_unsafe_patterns_are_dropped_with_a_warning() {
    let (redactor, warnings) =
        custom(&["(a+)+", "(x|xx)*", "/(?=look)ahead/", "([unclosed", "/dup/gg", "   ", "keep-[0-9]+"]);
    let reasons: Vec<(&str, &PatternRejection)> = warnings.iter().map(|w| (w.pattern.as_str(), &w.reason)).collect();
    assert_eq!(reasons.len(), 5, "{warnings:?}");
    assert_eq!(reasons[0], ("(a+)+", &PatternRejection::NestedRepetition));
    assert_eq!(reasons[1], ("(x|xx)*", &PatternRejection::NestedRepetition));
    for (pattern, reason) in &reasons[2..] {
        assert!(matches!(reason, PatternRejection::Invalid(_)), "{pattern}: {reason:?}");
    }
    assert_eq!(
        warnings[0].to_string(),
        r#"logging.redactPatterns entry "(a+)+" ignored (unsafe: nested repetition can backtrack catastrophically)"#
    );
    let names: Vec<&str> = redactor.rule_names().collect();
    assert_eq!(names.last(), Some(&"keep-[0-9]+"), "custom rules come after the defaults");
    assert_eq!(redactor.redact("keep-42 (aaa)"), "*** (aaa)");
}

#[test]
fn when_no_custom_pattern_survives_the_defaults_apply() {
    let (redactor, warnings) = custom(&["(a+)+"]);
    assert_eq!(warnings.len(), 1);
    assert_eq!(redactor.pattern_source(), PatternSource::DefaultsBecauseCustomUnusable);
    assert_eq!(redactor.redact("DB_PASSWORD=hunter2"), "DB_PASSWORD=***");

    let (blank_only, warnings) = custom(&["", "  "]);
    assert_eq!(warnings, vec![]);
    assert_eq!(blank_only.pattern_source(), PatternSource::Defaults);
}

#[test]
fn custom_patterns_matching_empty_text_hide_nothing() {
    let (redactor, warnings) = custom(&["x*"]);
    assert_eq!(warnings, vec![]);
    assert_eq!(redactor.redact("abc"), "abc");
    assert_eq!(redactor.redact("axxb"), "a***b");
}

#[test]
fn nested_repetition_shapes() {
    let cases: &[(&str, bool)] = &[
        ("(a+)+", true),
        ("(a*)*", true),
        ("(a+){2,}", true),
        ("(?:ab+)+", true),
        ("a**", true),
        ("(a|aa)+", true),
        ("(a|aa){1,3}", false),
        ("(a|b)+", false),
        ("(ab)+", false),
        ("a+b+", false),
        (r"\(a+\)+", false),
        ("[(a+)+]", false),
        ("(a+)?", true),
        ("a{2}{3}", true),
        ("x{,3}+", false),
        ("(a)+", false),
    ];
    for (source, expected) in cases {
        assert_eq!(has_nested_repetition(source), *expected, "{source}");
    }
}

#[test]
fn masking_rules() {
    assert_eq!(mask_token(""), "***");
    assert_eq!(mask_token("seventeen-chars-x"), "***");
    assert_eq!(mask_token("eighteen-chars-xyz"), "eighte…-xyz");
    assert_eq!(mask_token("ééééééééééééééééééé"), "éééééé…éééé");
}

#[test]
fn redacting_twice_changes_nothing() {
    let redactor = Redactor::default();
    for (_, input, _) in DEFAULT_CASES {
        let once = redactor.redact(input).into_owned();
        assert_eq!(redactor.redact(&once), once, "{input:?}");
    }
    // A later rule's mask completing an earlier rule's match (found by the proptest below).
    let glued = r#"API_KEY=="token": "-----BEGIN RSA PRIVATE KEY-----"token": ""#;
    let once = redact_default(glued);
    assert_eq!(redact_default(&once), once);

    let header = redact_default(&format!("Authorization: Bearer {TELEGRAM}"));
    assert_eq!(header, "Authorization: Bearer 123456…Dsaw");
    assert_eq!(redact_default(&header), header);
}

/// Pieces that make the default rules fire and interact, glued in random order.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("API_KEY=".to_owned()),
        Just("TOKEN: ".to_owned()),
        Just("--token ".to_owned()),
        Just("--api-key=".to_owned()),
        Just("\"token\": \"".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("Authorization: Bearer ".to_owned()),
        Just("Bearer ".to_owned()),
        Just("sk-".to_owned()),
        Just("ghp_".to_owned()),
        Just("xoxb-".to_owned()),
        Just("AIza".to_owned()),
        Just("bot".to_owned()),
        Just("123456789:".to_owned()),
        Just("-----BEGIN RSA PRIVATE KEY-----".to_owned()),
        Just("-----END RSA PRIVATE KEY-----".to_owned()),
        Just("…".to_owned()),
        Just("***".to_owned()),
        Just("\n".to_owned()),
        Just(" ".to_owned()),
        Just("=".to_owned()),
        "[A-Za-z0-9_-]{1,30}",
        "\\PC{0,8}",
    ]
}

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat())
}

proptest! {
    // No persistence file: a failure prints its minimal input, which belongs in a named test.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(1000) })]

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC*|[\\s\\S]{0,200}") {
        let _ = DEFAULT.redact(&text);
    }

    #[test]
    fn redaction_is_idempotent(text in fragments()) {
        let once = DEFAULT.redact(&text).into_owned();
        let twice = DEFAULT.redact(&once).into_owned();
        prop_assert_eq!(twice, once);
    }

    #[test]
    fn a_planted_key_never_survives(
        before in fragments(),
        after in fragments(),
        body in "[A-Za-z0-9]{40}",
    ) {
        let key = format!("sk-{body}");
        let text = format!("{before} {key} {after}");
        let once = DEFAULT.redact(&text).into_owned();
        prop_assert!(!once.contains(&body), "{:?} -> {:?}", text, once);
        let twice = DEFAULT.redact(&once).into_owned();
        prop_assert!(!twice.contains(&body));
    }
}
