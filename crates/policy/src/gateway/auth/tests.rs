//! Auth resolution precedence, shared-secret checks, failure codes and messages, hooks tokens.

use super::*;

fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

fn resolved(mode: AuthMode, token: Option<&str>, password: Option<&str>) -> ResolvedGatewayAuth {
    ResolvedGatewayAuth {
        mode,
        token: token.map(str::to_owned),
        password: password.map(str::to_owned),
        allow_tailscale: false,
        tailscale_mode: TailscaleMode::Off,
        trusted_proxy: None,
        blank_token_configured: false,
        blank_password_configured: false,
    }
}

#[test]
fn mode_names_round_trip() {
    for mode in [AuthMode::None, AuthMode::Token, AuthMode::Password, AuthMode::TrustedProxy] {
        assert_eq!(AuthMode::parse(mode.as_str()), Some(mode));
    }
    for mode in [TailscaleMode::Off, TailscaleMode::Serve, TailscaleMode::Funnel] {
        assert_eq!(TailscaleMode::parse(mode.as_str()), Some(mode));
    }
    assert_eq!(AuthMode::parse("Token"), None);
}

#[test]
fn an_empty_config_resolves_to_token_mode_without_a_token() {
    let auth = resolve_auth(&GatewayAuthInputs::default());
    assert_eq!(auth, resolved(AuthMode::Token, None, None));
}

#[test]
fn mode_precedence_explicit_then_password_then_token() {
    for (rule, inputs, expected) in [
        (
            "a password alone implies password mode",
            GatewayAuthInputs { password: s("pw"), ..Default::default() },
            AuthMode::Password,
        ),
        (
            "an env password implies password mode too",
            GatewayAuthInputs { token: s("tok"), env_password: s("pw"), ..Default::default() },
            AuthMode::Password,
        ),
        ("a token alone is token mode", GatewayAuthInputs { token: s("tok"), ..Default::default() }, AuthMode::Token),
        (
            "an explicit mode wins over a configured password",
            GatewayAuthInputs { mode: Some(AuthMode::Token), password: s("pw"), ..Default::default() },
            AuthMode::Token,
        ),
        (
            "--auth wins over gateway.auth.mode",
            GatewayAuthInputs {
                mode: Some(AuthMode::Token),
                overrides: AuthOverride { mode: Some(AuthMode::None), ..Default::default() },
                ..Default::default()
            },
            AuthMode::None,
        ),
        (
            "a blank password does not imply password mode",
            GatewayAuthInputs { password: s("   "), ..Default::default() },
            AuthMode::Token,
        ),
    ] {
        assert_eq!(resolve_auth(&inputs).mode, expected, "{rule}");
    }
}

#[test]
fn secret_precedence_override_then_config_then_env() {
    let inputs = GatewayAuthInputs {
        token: s(" config-token "),
        env_token: s("env-token"),
        password: s("config-pw"),
        env_password: s("env-pw"),
        ..Default::default()
    };
    let auth = resolve_auth(&inputs);
    assert_eq!((auth.token.as_deref(), auth.password.as_deref()), (Some("config-token"), Some("config-pw")));

    let env_only = GatewayAuthInputs { env_token: s("env-token"), env_password: s(" "), ..Default::default() };
    let auth = resolve_auth(&env_only);
    assert_eq!((auth.token.as_deref(), auth.password.as_deref()), (Some("env-token"), None));

    let overridden = GatewayAuthInputs {
        overrides: AuthOverride { token: s("cli-token"), password_file: s("file-pw\n"), ..Default::default() },
        ..inputs.clone()
    };
    let auth = resolve_auth(&overridden);
    assert_eq!((auth.token.as_deref(), auth.password.as_deref()), (Some("cli-token"), Some("file-pw")));

    let both = GatewayAuthInputs {
        overrides: AuthOverride { password: s("cli-pw"), password_file: s("file-pw"), ..Default::default() },
        ..inputs
    };
    assert_eq!(resolve_auth(&both).password.as_deref(), Some("cli-pw"));
}

#[test]
fn a_blank_configured_secret_is_remembered() {
    let auth = resolve_auth(&GatewayAuthInputs { token: s(""), ..Default::default() });
    assert!(auth.blank_token_configured && auth.token.is_none());
    let auth = resolve_auth(&GatewayAuthInputs { token: s(""), env_token: s("env"), ..Default::default() });
    assert!(!auth.blank_token_configured);
}

#[test]
fn allow_tailscale_defaults_on_for_serve_except_password_and_trusted_proxy() {
    for (tailscale, mode, expected) in [
        (TailscaleMode::Serve, AuthMode::Token, true),
        (TailscaleMode::Serve, AuthMode::None, true),
        (TailscaleMode::Serve, AuthMode::Password, false),
        (TailscaleMode::Serve, AuthMode::TrustedProxy, false),
        (TailscaleMode::Funnel, AuthMode::Token, false),
        (TailscaleMode::Off, AuthMode::Token, false),
    ] {
        assert_eq!(default_allow_tailscale(tailscale, mode), expected, "{tailscale:?} {mode:?}");
        let inputs = GatewayAuthInputs { mode: Some(mode), tailscale_mode: tailscale, ..Default::default() };
        assert_eq!(resolve_auth(&inputs).allow_tailscale, expected);
    }
    let explicit =
        GatewayAuthInputs { allow_tailscale: Some(false), tailscale_mode: TailscaleMode::Serve, ..Default::default() };
    assert!(!resolve_auth(&explicit).allow_tailscale);
}

#[test]
fn debug_output_never_shows_secrets() {
    let inputs = GatewayAuthInputs {
        token: s("tok-secret-1"),
        env_password: s("pw-secret-2"),
        overrides: AuthOverride { password_file: s("file-secret-3"), ..Default::default() },
        ..Default::default()
    };
    let presented = PresentedAuth { token: Some("tok-secret-4"), password: None };
    let printed = format!(
        "{inputs:?} {:?} {presented:?} {:?}",
        resolve_auth(&inputs),
        hooks_token(Some("Bearer hook-secret-5"), None, false)
    );
    assert!(!printed.contains("secret-"), "{printed}");
    assert!(printed.contains("<redacted>"));
}

#[test]
fn shared_secret_rules() {
    use AuthFailureReason as R;
    let token = resolved(AuthMode::Token, Some("tok"), None);
    let password = resolved(AuthMode::Password, None, Some("pw"));
    let presented = |token: Option<&'static str>, password: Option<&'static str>| PresentedAuth { token, password };
    let cases: Vec<(&str, &ResolvedGatewayAuth, PresentedAuth<'_>, Result<AuthMethod, AuthFailureReason>)> = vec![
        ("the right token", &token, presented(Some("tok"), None), Ok(AuthMethod::Token)),
        ("a token sent in the password field", &token, presented(None, Some("tok")), Ok(AuthMethod::Token)),
        ("no token", &token, presented(None, None), Err(R::TokenMissing)),
        ("an empty token", &token, presented(Some(""), Some("tok")), Err(R::TokenMissing)),
        ("a wrong token", &token, presented(Some("tok2"), None), Err(R::TokenMismatch)),
        ("the token field is preferred", &token, presented(Some("nope"), Some("tok")), Err(R::TokenMismatch)),
        ("the right password", &password, presented(None, Some("pw")), Ok(AuthMethod::Password)),
        ("a password sent in the token field", &password, presented(Some("pw"), None), Ok(AuthMethod::Password)),
        ("no password", &password, presented(None, None), Err(R::PasswordMissing)),
        ("a wrong password", &password, presented(None, Some("PW")), Err(R::PasswordMismatch)),
    ];
    for (rule, auth, presented, expected) in cases {
        let got = authorize_shared(auth, &presented, false).map_err(|failure| failure.reason);
        assert_eq!(got, expected, "{rule}");
    }
}

#[test]
fn misconfigured_gateways_refuse_every_client() {
    use AuthFailureReason as R;
    let any = PresentedAuth { token: Some("undefined"), password: Some("undefined") };
    for (rule, auth, expected) in [
        ("token mode without a token", resolved(AuthMode::Token, None, None), R::TokenMissingConfig),
        (
            "a token of `undefined` is not a token",
            resolved(AuthMode::Token, Some("undefined"), None),
            R::TokenMissingConfig,
        ),
        (
            "a redaction marker as token",
            resolved(AuthMode::Token, Some("__OPENCLAW_REDACTED__"), None),
            R::TokenRedactedConfig,
        ),
        ("password mode without a password", resolved(AuthMode::Password, None, None), R::PasswordMissingConfig),
        ("a redaction marker as password", resolved(AuthMode::Password, None, Some("***")), R::PasswordRedactedConfig),
    ] {
        assert_eq!(authorize_shared(&auth, &any, false).map_err(|f| f.reason), Err(expected), "{rule}");
    }
}

#[test]
fn mode_none_admits_everyone() {
    let auth = resolved(AuthMode::None, None, None);
    assert_eq!(authorize_shared(&auth, &PresentedAuth::default(), false), Ok(AuthMethod::None));
}

#[test]
fn trusted_proxy_mode_only_offers_a_local_password_fallback() {
    let auth = resolved(AuthMode::TrustedProxy, None, Some("pw"));
    let with_password = PresentedAuth { token: None, password: Some("pw") };
    assert_eq!(authorize_shared(&auth, &with_password, true), Ok(AuthMethod::Password));
    assert_eq!(
        authorize_shared(&auth, &with_password, false).map_err(|f| f.reason),
        Err(AuthFailureReason::Unauthorized)
    );
    let wrong = PresentedAuth { token: None, password: Some("nope") };
    assert_eq!(authorize_shared(&auth, &wrong, true).map_err(|f| f.reason), Err(AuthFailureReason::PasswordMismatch));
    let as_token = PresentedAuth { token: Some("pw"), password: None };
    assert_eq!(authorize_shared(&auth, &as_token, true).map_err(|f| f.reason), Err(AuthFailureReason::Unauthorized));
}

#[test]
fn failure_detail_codes_follow_the_protocol() {
    use AuthFailureReason as R;
    for (reason, text, code) in [
        (R::TokenMissing, "token_missing", "AUTH_TOKEN_MISSING"),
        (R::TokenMismatch, "token_mismatch", "AUTH_TOKEN_MISMATCH"),
        (R::TokenMissingConfig, "token_missing_config", "AUTH_TOKEN_NOT_CONFIGURED"),
        (R::PasswordMissing, "password_missing", "AUTH_PASSWORD_MISSING"),
        (R::PasswordMismatch, "password_mismatch", "AUTH_PASSWORD_MISMATCH"),
        (R::PasswordMissingConfig, "password_missing_config", "AUTH_PASSWORD_NOT_CONFIGURED"),
        (R::TailscaleUserMissing, "tailscale_user_missing", "AUTH_TAILSCALE_IDENTITY_MISSING"),
        (R::TailscaleProxyMissing, "tailscale_proxy_missing", "AUTH_TAILSCALE_PROXY_MISSING"),
        (R::TailscaleWhoisFailed, "tailscale_whois_failed", "AUTH_TAILSCALE_WHOIS_FAILED"),
        (R::TailscaleUserMismatch, "tailscale_user_mismatch", "AUTH_TAILSCALE_IDENTITY_MISMATCH"),
        (R::RateLimited, "rate_limited", "AUTH_RATE_LIMITED"),
        (R::DeviceTokenMismatch, "device_token_mismatch", "AUTH_DEVICE_TOKEN_MISMATCH"),
        (
            R::TrustedProxyMissingHeader("x-forwarded-proto".into()),
            "trusted_proxy_missing_header_x-forwarded-proto",
            "AUTH_IDENTITY_HEADER_REQUIRED",
        ),
        (R::TrustedProxyUserNotAllowed, "trusted_proxy_user_not_allowed", "AUTH_UNAUTHORIZED"),
        (R::ProxyAttributionRequired, "proxy_attribution_required", "AUTH_UNAUTHORIZED"),
        (R::Unauthorized, "unauthorized", "AUTH_UNAUTHORIZED"),
    ] {
        assert_eq!((reason.as_str().as_ref(), reason.detail_code()), (text, code));
    }
    assert_eq!(AUTH_REQUIRED_DETAIL_CODE, "AUTH_REQUIRED");
}

#[test]
fn only_wrong_secrets_count_against_the_rate_limit() {
    use AuthFailureReason as R;
    assert!(R::TokenMismatch.counts_as_failure() && R::PasswordMismatch.counts_as_failure());
    assert!(!R::TokenMissing.counts_as_failure() && !R::TokenMissingConfig.counts_as_failure());
    assert!(!R::RateLimited.counts_as_failure());
}

#[test]
fn failure_messages_carry_a_hint_for_the_client() {
    use AuthFailureReason as R;
    for (reason, client, expected) in [
        (
            R::TokenMismatch,
            ClientKind::Cli { local: true },
            "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)",
        ),
        (
            R::TokenMismatch,
            ClientKind::Cli { local: false },
            "unauthorized: gateway token mismatch (set gateway.remote.token to match gateway.auth.token)",
        ),
        (
            R::TokenMissing,
            ClientKind::BrowserUi,
            "unauthorized: gateway token missing (paste in Control UI settings or openclaw doctor --generate-gateway-token; restart)",
        ),
        (R::TokenMissing, ClientKind::Other, "unauthorized: gateway token missing (provide gateway auth token)"),
        (
            R::PasswordMismatch,
            ClientKind::BrowserUi,
            "unauthorized: gateway password mismatch (enter the password in Control UI settings)",
        ),
        (R::RateLimited, ClientKind::Other, "unauthorized: too many failed authentication attempts (retry later)"),
        (R::TrustedProxyUserMissing, ClientKind::BrowserUi, "unauthorized"),
    ] {
        assert_eq!(reason.message(client), expected);
    }
    assert!(
        R::TrustedProxyMissingHeader("x".into()).message(ClientKind::Node).starts_with("gateway rejected this node")
    );
    let limited = AuthFailure::rate_limited(1_500);
    assert_eq!((limited.retry_after_ms, limited.detail_code()), (Some(1_500), "AUTH_RATE_LIMITED"));
}

#[test]
fn hooks_token_rules() {
    for (rule, authorization, header, query, expected) in [
        ("a bearer token", Some("Bearer abc"), None, false, HookTokenInput::Token("abc")),
        ("the scheme is case-insensitive", Some("bEaReR   abc  "), None, false, HookTokenInput::Token("abc")),
        ("the X-OpenClaw-Token header", None, Some(" abc "), false, HookTokenInput::Token("abc")),
        ("bearer wins over the header", Some("Bearer one"), Some("two"), false, HookTokenInput::Token("one")),
        (
            "an empty bearer falls back to the header",
            Some("Bearer   "),
            Some("two"),
            false,
            HookTokenInput::Token("two"),
        ),
        ("another scheme is not a token", Some("Basic abc"), None, false, HookTokenInput::Missing),
        ("nothing presented", None, Some(""), false, HookTokenInput::Missing),
        (
            "a query token is refused even with a header",
            Some("Bearer abc"),
            None,
            true,
            HookTokenInput::QueryTokenRejected,
        ),
    ] {
        assert_eq!(hooks_token(authorization, header, query), expected, "{rule}");
    }
    assert!(hooks_token(Some("Bearer abc"), None, false).matches("abc"));
    assert!(!hooks_token(Some("Bearer abc"), None, false).matches("abd"));
    assert!(!HookTokenInput::Missing.matches(""));
    assert!(!HookTokenInput::Token("").matches(""));
    assert!(HOOK_QUERY_TOKEN_MESSAGE.contains("query parameters are not allowed"));
}
