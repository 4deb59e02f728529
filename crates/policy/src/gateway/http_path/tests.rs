//! The path canonicaliser: every spelling of a protected path is recognised, undecidable paths
//! fail closed, the decoders match JavaScript's, and (as properties) no input panics and no
//! encoding hides a path under `/api/channels`.

use proptest::prelude::*;

use super::*;

#[test]
fn protected_paths_are_recognised_in_every_spelling() {
    for path in [
        "/api/channels",
        "/api/channels/nostr/profile",
        "/API/Channels/x",
        "/api/%63hannels/x",
        "/api/%2563hannels/x",
        "//api//channels//x/",
        "/x/../api/channels/x",
        "/api/./channels/x",
        "/api\\channels\\x",
        "/api/channels%2fx",
    ] {
        assert!(canonicalize(path).is_protected(), "{path}");
    }
    for path in ["/api/channelsx", "/api/chan", "/apis/channels/x", "/", "/api"] {
        assert!(!canonicalize(path).requires_gateway_auth(), "{path}");
    }
}

#[test]
fn each_normalisation_rule_has_its_canonical_form() {
    for (rule, path, canonical) in [
        ("lowercase", "/API/Channels/X", "/api/channels/x"),
        ("one percent-decoding pass", "/api/%63hannels", "/api/channels"),
        ("repeated percent-decoding passes", "/api/%252563hannels", "/api/channels"),
        ("dot segment", "/api/./channels", "/api/channels"),
        ("dot-dot segment", "/x/y/../../api/channels", "/api/channels"),
        ("encoded dot-dot segment", "/x/%2e%2E/api/channels", "/api/channels"),
        ("dot-dot above the root", "/../../api/channels", "/api/channels"),
        ("trailing dot keeps the directory", "/api/channels/.", "/api/channels"),
        ("backslashes are slashes", "\\api\\channels", "/api/channels"),
        ("slashes collapse", "//api///channels//", "/api/channels"),
        ("empty path is the root", "", "/"),
    ] {
        assert_eq!(canonicalize(path).canonical(), canonical, "{rule}: {path}");
    }
}

#[test]
fn candidates_keep_every_decoding_stage_once() {
    assert_eq!(
        canonicalize("/A/%2563").candidates,
        vec!["/a/%2563".to_owned(), "/a/%63".to_owned(), "/a/c".to_owned()]
    );
    assert_eq!(canonicalize("/plain").candidates, vec!["/plain".to_owned()]);
}

#[test]
fn malformed_or_endless_encodings_fail_closed() {
    let malformed = canonicalize("/x%ZZ");
    assert!(malformed.malformed_encoding);
    assert!(malformed.requires_gateway_auth());
    assert!(!malformed.is_protected());
    assert!(canonicalize("/api/channels/%E0%A4%A").is_protected());
    let mut deep = "%2Fapi%2Fchannels".to_owned();
    for _ in 0..40 {
        deep = deep.replace('%', "%25");
    }
    let endless = canonicalize(&format!("/{deep}"));
    assert!(endless.decode_pass_limit_reached);
    assert!(endless.requires_gateway_auth());
}

#[test]
fn the_decode_limit_is_exactly_thirty_two_passes() {
    let encoded = |passes: usize| {
        let mut path = "/%2e".to_owned();
        for _ in 1..passes {
            path = path.replace('%', "%25");
        }
        path
    };
    assert!(!canonicalize(&encoded(32)).decode_pass_limit_reached);
    assert!(canonicalize(&encoded(33)).decode_pass_limit_reached);
}

#[test]
fn uri_components_decode_like_javascript() {
    assert_eq!(decode_uri_component("a%20b%2Fc+d"), Some("a b/c+d".into()));
    assert_eq!(decode_uri_component("%C3%A9"), Some("é".into()));
    assert_eq!(decode_uri_component("%C3"), None);
    assert_eq!(decode_uri_component("%G1"), None);
    assert_eq!(decode_uri_component("%4"), None);
    assert_eq!(decode_form_component("a+b%20c%ZZ%"), "a b c%ZZ%");
}

/// One character of a path, spelled as a client might: literally, in either case, or
/// percent-encoded one or more times with either hex case.
fn spelled(c: char) -> impl Strategy<Value = String> {
    (0usize..4, any::<bool>(), any::<bool>()).prop_map(move |(depth, upper, hex_upper)| {
        let letter = if upper { c.to_ascii_uppercase() } else { c };
        let slash = if c == '/' && upper { '\\' } else { letter };
        if depth == 0 {
            return slash.to_string();
        }
        let hex = format!("{:02x}", u32::from(letter));
        let mut out = format!("%{}", if hex_upper { hex.to_uppercase() } else { hex });
        for _ in 1..depth {
            out = out.replace('%', "%25");
        }
        out
    })
}

/// A path under `/api/channels` (clean segments), prefixed by detours a resolver undoes.
fn protected_path() -> impl Strategy<Value = String> {
    let detour =
        prop_oneof![Just(String::new()), Just("/x/..".to_owned()), Just("/.".to_owned()), Just("/".to_owned())];
    let rest = proptest::collection::vec("[a-z0-9_-]{1,6}", 0..3);
    (detour, rest).prop_map(|(detour, rest)| {
        let tail: String = rest.iter().map(|segment| format!("/{segment}")).collect();
        format!("{detour}/api/channels{tail}")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(500) })]

    /// Whatever a client sends, canonicalising it answers instead of panicking.
    #[test]
    fn canonicalize_never_panics(path in ".{0,80}", encoded in "[%/\\\\.a-fA-F0-9]{0,40}") {
        let _ = canonicalize(&path).requires_gateway_auth();
        let _ = canonicalize(&encoded).requires_gateway_auth();
        let _ = decode_form_component(&path);
    }

    /// A path whose canonical form lies under `/api/channels` is always protected.
    #[test]
    fn a_canonical_channels_path_is_always_protected(path in ".{0,60}", tail in "[%/\\\\.a-fA-F0-9]{0,20}") {
        for candidate in [path.clone(), format!("/api/channels{tail}"), format!("{path}/api/channels/{tail}")] {
            let canonical = canonicalize(&candidate);
            if prefix_matches(canonical.canonical(), "/api/channels") {
                prop_assert!(canonical.is_protected(), "{candidate:?} -> {canonical:?}");
            }
        }
    }

    /// No mix of case, backslashes, dot detours and nested percent-encoding hides a channels path.
    #[test]
    fn no_encoding_hides_a_channels_path(
        spelling in protected_path()
            .prop_flat_map(|path| path.chars().map(spelled).collect::<Vec<_>>())
            .prop_map(|parts| parts.concat())
    ) {
        let canonical = canonicalize(&spelling);
        prop_assert!(canonical.is_protected(), "{spelling:?} -> {canonical:?}");
        prop_assert!(canonical.requires_gateway_auth());
    }
}
