#!/usr/bin/env python3
"""Generates the differential audit cases: crates/cli/tests/fixtures/audit-diff/<name>/case.json.

Deterministic: the same script always writes the same files (sorted keys, fixed secrets, no
randomness), so `scripts/audit_diff.py record` re-records only the cases whose case.json changed.
Folders of cases that are no longer generated are removed, and expected-differences.json (case name
-> reason) is rewritten from the `expectedDifference` entries.

A case.json holds:
  description        what the case checks (the rule, positive or negative)
  covers             the checkIds it is about (documentation; the comparison uses every pair)
  config             the config text (JSON5) or null for "no config file"
  configMode         mode of the config file (octal string, default "600")
  stateDir           state dir relative to HOME (default ".openclaw"); createStateDir, stateDirMode
  configPath         config path relative to HOME, exported as OPENCLAW_CONFIG_PATH (optional)
  configWriteTo      where the config text is written instead of the config path (symlink cases)
  files              [{path, kind: dir|file|symlink, content?, target?, mode?}], paths relative to HOME
  env                extra environment; values may use ${HOME} and ${STATE_DIR}
  args               extra arguments after `security audit --json`
  repeat             record the reference this many times and keep the union of the pairs: the
                     reference skips its log-file permission check whenever its own logger wrote
                     (and failed to write) a record to that file during the run, which depends on
                     timing (slow start-up warnings) as well as on the state dir
  expectedDifference {reason, equivalentConfig?, addPairs?, removePairs?, exit?}: our audit must
                     differ from the reference as docs/compat.md says; audit_diff.py record derives
                     expected.json from it
See scripts/audit_diff.py for how a case becomes a state dir.
"""
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/cli/tests/fixtures/audit-diff"
EXAMPLES = ROOT / "crates/cli/tests/fixtures/security-examples"

TOKEN = "9f2c7a1e4b8d3f6a0c5e9b2d7f1a4c8e6b3d0f5a9c2e7b1d"  # 48 hex chars
OTHER_TOKEN = "3b8e1d6a9f2c5e0b7d4a1f8c3e6b9d2a5f0c7e4b1d8a6f3c"
PASSWORD = "violet-harbor-quantum-lantern-orchard-42"  # 40 chars
# The reference's fs.log_file check is racy (see `repeat` above): record those cases this often.
LOG_FILE_RUNS = 4
HOOKS_TOKEN = "5d8e2b7f1c4a9e3d6b0f8a2c5e7d1b4f9a3c6e0d2b8f5a71"
BOT_TOKEN = "123456789:AAFakeTelegramTokenForAuditTestsOnly000"

CASES = []


def j(value):
    """Config text: pretty JSON (valid JSON5)."""
    return json.dumps(value, indent=2) + "\n"


def case(name, description, config, covers=(), **extra):
    assert all(c.isalnum() or c == "-" for c in name), name
    assert name not in {c["name"] for c in CASES}, name
    entry = {"name": name, "description": description, "covers": list(covers)}
    entry["config"] = config if config is None or isinstance(config, str) else j(config)
    entry.update(extra)
    CASES.append(entry)


def gw(**gateway):
    return {"gateway": gateway}


def token_auth(**more):
    return {"mode": "token", "token": TOKEN, **more}


def lan_hardened(**more):
    """A non-loopback gateway with everything the gateway checks ask for."""
    return {
        "bind": "lan",
        "auth": {"mode": "token", "token": TOKEN, "rateLimit": {"maxAttempts": 10, "windowMs": 60000}},
        "controlUi": {"allowedOrigins": ["https://control.example.com"]},
        **more,
    }


def quiet(**more):
    """Loopback gateway with a token and a trusted proxy: only the summary finding."""
    cfg = {"gateway": {"auth": token_auth(), "trustedProxies": ["127.0.0.1"]}}
    for key, value in more.items():
        if key == "gateway":
            cfg["gateway"] = {**cfg["gateway"], **value}
        else:
            cfg[key] = value
    return cfg


def file(path, content="", mode=None):
    entry = {"path": path, "kind": "file", "content": content}
    if mode:
        entry["mode"] = mode
    return entry


def directory(path, mode=None):
    entry = {"path": path, "kind": "dir"}
    if mode:
        entry["mode"] = mode
    return entry


def symlink(path, target):
    return {"path": path, "kind": "symlink", "target": target}


# ---------------------------------------------------------------------------------------------
# Baselines and the security document's examples


# Examples of the security document that 2026.9.6 refuses: our loader accepts the document's keys.
DOC_EXAMPLE_DIFFERENCES = {
    "example-11": {
        "reason": "docs/compat.md (Config: keys the security document names but 2026.9 retired): "
                  "browser.ssrfPolicy.hostnameAllowlist/allowedHostnames are accepted; they carry no audit finding",
        "equivalentConfig": j({"browser": {"ssrfPolicy": {"dangerouslyAllowPrivateNetwork": False}}}),
    },
    "example-14": {
        "reason": "docs/compat.md (Config: keys the security document names but 2026.9 retired): "
                  "a per-agent tools.sessions block (agents.list[].tools.sessions) is accepted; with one agent it "
                  "changes no finding",
        "equivalentConfig": j({"agents": {"list": [{
            "id": "public", "workspace": "~/.openclaw/workspace-public",
            "sandbox": {"mode": "all", "scope": "agent", "workspaceAccess": "none"},
            "tools": {
                "allow": ["sessions_list", "sessions_history", "sessions_send", "sessions_spawn", "session_status",
                          "whatsapp", "telegram", "slack", "discord"],
                "deny": ["read", "write", "edit", "apply_patch", "exec", "process", "browser", "canvas", "nodes",
                         "cron", "gateway", "image"],
            },
        }]}}),
    },
}


def baselines():
    case("baseline-missing-config", "No config file: the audit runs on defaults.", None,
         ["gateway.loopback_no_auth", "gateway.http.no_auth", "gateway.trusted_proxies_missing", "summary.attack_surface"])
    case("baseline-missing-state-dir", "Neither state dir nor config exist.", None,
         ["gateway.loopback_no_auth"], createStateDir=False)
    case("baseline-empty-object", "An empty config object behaves like the defaults.", "{}\n",
         ["gateway.loopback_no_auth", "gateway.http.no_auth"])
    case("baseline-json5-features", "Comments, unquoted keys, single quotes and trailing commas parse.",
         "// JSON5 on purpose\n{\n  gateway: {\n    bind: 'loopback',\n    auth: { mode: 'token', token: '%s', },\n  },\n}\n" % TOKEN,
         ["gateway.trusted_proxies_missing"])
    case("baseline-token-only", "A loopback gateway with a token: only the reverse-proxy reminder.",
         gw(auth=token_auth()), ["gateway.trusted_proxies_missing", "gateway.loopback_no_auth"])
    case("baseline-quiet", "Token plus trusted proxy: nothing but the summary.", quiet(),
         ["summary.attack_surface", "gateway.trusted_proxies_missing"])
    case("baseline-control-ui-disabled-no-auth", "Control UI off and no auth: only the HTTP warning.",
         gw(controlUi={"enabled": False}), ["gateway.loopback_no_auth", "gateway.trusted_proxies_missing", "gateway.http.no_auth"])
    case("baseline-hardened-real-token", "The security document's hardened baseline with a real token.",
         {
             "gateway": {"mode": "local", "bind": "loopback", "auth": token_auth(), "trustedProxies": ["127.0.0.1"]},
             "session": {"dmScope": "per-channel-peer"},
             "tools": {
                 "profile": "messaging",
                 "deny": ["group:automation", "group:runtime", "group:fs", "sessions_spawn", "sessions_send"],
                 "fs": {"workspaceOnly": True},
                 "exec": {"security": "deny", "ask": "always"},
                 "elevated": {"enabled": False},
             },
             "channels": {"whatsapp": {"dmPolicy": "pairing", "groups": {"*": {"requireMention": True}}}},
         }, ["summary.attack_surface"])
    case("baseline-hardened-token-from-env", "Hardened baseline whose token is a ${VAR} substitution.",
         {
             "gateway": {"bind": "loopback", "auth": {"mode": "token", "token": "${OPENCLAW_GATEWAY_TOKEN}"}},
             "tools": {"profile": "messaging", "fs": {"workspaceOnly": True}, "elevated": {"enabled": False}},
         }, ["gateway.trusted_proxies_missing"], env={"OPENCLAW_GATEWAY_TOKEN": TOKEN})
    for path in sorted(EXAMPLES.glob("*.json5")):
        name = "doc-" + path.stem
        env = {"OPENCLAW_GATEWAY_PASSWORD": PASSWORD} if "${OPENCLAW_GATEWAY_PASSWORD}" in path.read_text() else {}
        extra = {"env": env} if env else {}
        text = path.read_text()
        if "agents" in text and "list" in text:
            extra["description_note"] = "uses the legacy agents.list layout, which both accept"
        if path.stem in DOC_EXAMPLE_DIFFERENCES:
            extra["expectedDifference"] = DOC_EXAMPLE_DIFFERENCES[path.stem]
        case(name, f"The security document's example {path.name}, audited as is.", text, [], **extra)


# ---------------------------------------------------------------------------------------------
# Invalid input and CLI usage errors: exit 1, no findings


def invalid_input():
    case("invalid-json5-unterminated", "Malformed JSON5 is refused.", "{\n  gateway: {\n", [])
    case("invalid-empty-file", "An empty config file is refused.", "", [])
    case("invalid-top-level-array", "A top-level array is refused.", "[]\n", [])
    case("invalid-top-level-null", "A top-level null is refused.", "null\n", [])
    case("invalid-unknown-top-level-key", "Unknown top-level keys are refused.", j({"frobnicate": True}), [])
    case("invalid-unknown-nested-key", "Unknown nested keys are refused.", j({"gateway": {"bindd": "lan"}}), [])
    case("invalid-wrong-type-port", "A string port is refused.", j({"gateway": {"port": "abc"}}), [])
    case("invalid-bad-bind-enum", "An unknown bind mode is refused.", j({"gateway": {"bind": "everywhere"}}), [])
    case("invalid-bad-channel-enum", "An unknown dmPolicy is refused.", j({"channels": {"telegram": {"dmPolicy": "whatever"}}}), [])
    case("invalid-config-path-is-directory", "A directory where the config should be is refused.", None, [],
         files=[directory(".openclaw/openclaw.json", "700")])
    sandbox = lambda docker: {"agents": {"defaults": {"sandbox": {"mode": "all", "docker": docker}}}}
    case("invalid-sandbox-network-host", "docker network host is rejected by validation.",
         sandbox({"network": "host"}), ["sandbox.dangerous_network_mode"])
    case("invalid-sandbox-seccomp-unconfined", "seccompProfile unconfined is rejected by validation.",
         sandbox({"seccompProfile": "unconfined"}), ["sandbox.dangerous_seccomp_profile"])
    case("invalid-sandbox-apparmor-unconfined", "apparmorProfile unconfined is rejected by validation.",
         sandbox({"apparmorProfile": "unconfined"}), ["sandbox.dangerous_apparmor_profile"])
    case("invalid-sandbox-relative-bind", "A relative bind source is rejected by validation.",
         sandbox({"binds": ["data:/data"]}), ["sandbox.bind_mount_non_absolute"])
    case("invalid-auth-none-with-tailscale-serve", "auth mode none with tailscale serve is rejected.",
         gw(auth={"mode": "none"}, tailscale={"mode": "serve"}), [])
    case("invalid-multi-agent-no-default", "Two agents and no default agent are rejected.",
         {"agents": {"entries": {"alpha": {}, "beta": {}}}}, ["config.agent_roster.invalid_default_count"])
    case("invalid-multi-agent-two-defaults", "Two agents both marked default are rejected.",
         {"agents": {"entries": {"alpha": {"default": True}, "beta": {"default": True}}}},
         ["config.agent_roster.invalid_default_count"])
    case("cli-bad-auth-value", "--auth outside the four modes is a usage error.", None, [], args=["--auth", "bogus"])
    case("cli-unknown-option", "An unknown option is a usage error.", None, [], args=["--bogus"])
    case("cli-auth-token-without-token", "--auth token needs --token.", None, [], args=["--auth", "token"])
    case("missing-config-path-env", "OPENCLAW_CONFIG_PATH naming a missing file audits the defaults.", None,
         ["gateway.loopback_no_auth"], configPath="nowhere/openclaw.json")


# ---------------------------------------------------------------------------------------------
# Gateway exposure and auth


def gateway():
    case("gateway-lan-no-auth", "Non-loopback bind without auth.", gw(bind="lan"),
         ["gateway.bind_no_auth", "gateway.control_ui.allowed_origins_required", "gateway.auth_no_rate_limit", "gateway.http.no_auth"])
    case("gateway-lan-token", "LAN bind with a token but no origins and no rate limit.", gw(bind="lan", auth=token_auth()),
         ["gateway.control_ui.allowed_origins_required", "gateway.auth_no_rate_limit", "gateway.bind_no_auth"])
    case("gateway-lan-hardened", "LAN bind with token, origins and a rate limit: no gateway finding.",
         gw(**lan_hardened()), ["gateway.bind_no_auth", "gateway.auth_no_rate_limit", "gateway.control_ui.allowed_origins_required"])
    case("gateway-tailnet-no-auth", "tailnet bind counts as non-loopback.", gw(bind="tailnet"), ["gateway.bind_no_auth"])
    case("gateway-custom-bind-token", "custom bind with a host, token, origins and rate limit.",
         gw(**lan_hardened(bind="custom", customBindHost="192.168.1.10")), ["gateway.bind_no_auth"])
    case("gateway-auto-bind-password", "auto bind with a password from the environment.",
         gw(bind="auto", auth={"mode": "password"}), ["gateway.bind_no_auth", "gateway.auth_no_rate_limit"],
         env={"OPENCLAW_GATEWAY_PASSWORD": PASSWORD})
    case("gateway-loopback-password-literal", "A literal password in the config.",
         gw(auth={"mode": "password", "password": PASSWORD}), ["config.secrets.gateway_password_in_config", "gateway.loopback_no_auth"])
    case("gateway-loopback-password-env-substitution", "A ${VAR} password is not a secret stored in config.",
         gw(auth={"mode": "password", "password": "${OPENCLAW_GATEWAY_PASSWORD}"}),
         ["config.secrets.gateway_password_in_config"], env={"OPENCLAW_GATEWAY_PASSWORD": PASSWORD})
    case("gateway-env-token-only", "OPENCLAW_GATEWAY_TOKEN alone counts as gateway auth.", None,
         ["gateway.loopback_no_auth", "gateway.http.no_auth"], env={"OPENCLAW_GATEWAY_TOKEN": TOKEN})
    case("gateway-env-password-only", "OPENCLAW_GATEWAY_PASSWORD alone counts as gateway auth.", None,
         ["gateway.loopback_no_auth", "gateway.http.no_auth"], env={"OPENCLAW_GATEWAY_PASSWORD": PASSWORD})
    case("gateway-auth-mode-none", "auth mode none on loopback.", gw(auth={"mode": "none"}),
         ["gateway.loopback_no_auth", "gateway.http.no_auth"])
    case("gateway-auth-mode-none-with-env-token", "auth mode none ignores a token in the environment.",
         gw(auth={"mode": "none"}), ["gateway.loopback_no_auth"], env={"OPENCLAW_GATEWAY_TOKEN": TOKEN})
    case("gateway-auth-mode-token-without-token", "auth mode token but no token anywhere.",
         gw(auth={"mode": "token"}), ["gateway.loopback_no_auth", "gateway.http.no_auth"])
    case("gateway-auth-mode-password-env", "auth mode password with the password in the environment.",
         gw(auth={"mode": "password"}), ["gateway.loopback_no_auth"], env={"OPENCLAW_GATEWAY_PASSWORD": PASSWORD})
    case("gateway-secretref-token", "A SecretRef token that resolves from the environment.",
         gw(auth={"mode": "token", "token": {"source": "env", "provider": "default", "id": "GW_AUDIT_TOKEN"}}),
         ["gateway.loopback_no_auth"], env={"GW_AUDIT_TOKEN": TOKEN})
    case("gateway-secretref-token-unresolved", "A SecretRef token whose variable is unset.",
         gw(auth={"mode": "token", "token": {"source": "env", "provider": "default", "id": "GW_AUDIT_TOKEN"}}),
         ["gateway.loopback_no_auth"])
    case("gateway-remote-token-only", "Only gateway.remote.token is set.", gw(remote={"token": TOKEN}),
         ["gateway.loopback_no_auth", "gateway.http.no_auth"])
    case("gateway-token-source-conflict", "Config token and OPENCLAW_GATEWAY_TOKEN disagree.",
         gw(auth=token_auth()), ["gateway.auth.token_source_conflict"], env={"OPENCLAW_GATEWAY_TOKEN": OTHER_TOKEN})
    case("gateway-token-source-same", "Config token and OPENCLAW_GATEWAY_TOKEN agree.",
         gw(auth=token_auth()), ["gateway.auth.token_source_conflict"], env={"OPENCLAW_GATEWAY_TOKEN": TOKEN})
    case("gateway-control-ui-disabled-lan", "LAN bind with the Control UI off needs no origins.",
         gw(bind="lan", auth=token_auth(), controlUi={"enabled": False}),
         ["gateway.control_ui.allowed_origins_required", "gateway.auth_no_rate_limit"])
    case("gateway-rate-limit-trusted-proxy-lan", "trusted-proxy mode on LAN is exempt from the rate-limit check.",
         gw(bind="lan", trustedProxies=["10.0.0.5"], controlUi={"allowedOrigins": ["https://control.example.com"]},
            auth={"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-forwarded-user", "allowUsers": ["ann@example.com"]}}),
         ["gateway.auth_no_rate_limit", "gateway.trusted_proxy_auth"])
    # Token and password strength
    case("gateway-token-23-chars", "A 23-character token is short.", gw(auth=token_auth(token=TOKEN[:23])),
         ["gateway.token_too_short"])
    case("gateway-token-24-chars", "A 24-character token is long enough.", gw(auth=token_auth(token=TOKEN[:24])),
         ["gateway.token_too_short"])
    case("gateway-token-placeholder-undefined", "The literal token 'undefined' is a placeholder.",
         gw(auth=token_auth(token="undefined")), ["gateway.token_placeholder_value"])
    case("gateway-token-placeholder-null", "The literal token 'null' is a placeholder.",
         gw(auth=token_auth(token="null")), ["gateway.token_placeholder_value"])
    case("gateway-token-blank", "A blank token in token mode.", gw(auth=token_auth(token="   ")),
         ["gateway.token_placeholder_value", "gateway.loopback_no_auth"])
    case("gateway-password-short", "A 10-character password is short.",
         gw(auth={"mode": "password", "password": "short-pass"}), ["gateway.password_too_short", "config.secrets.gateway_password_in_config"])
    case("gateway-password-24-chars", "A 24-character password is long enough.",
         gw(auth={"mode": "password", "password": PASSWORD[:24]}), ["gateway.password_too_short"])
    case("gateway-password-placeholder-undefined", "The literal password 'undefined' is a placeholder.",
         gw(auth={"mode": "password", "password": "undefined"}), ["gateway.password_placeholder_value"])
    case("gateway-cli-token-override-short", "--auth token --token overrides the config for this audit.",
         gw(auth=token_auth()), ["gateway.token_too_short"], args=["--auth", "token", "--token", "short-cli-token"])
    case("gateway-cli-auth-none-override", "--auth none overrides a configured token for this audit.",
         gw(auth=token_auth()), ["gateway.loopback_no_auth", "gateway.http.no_auth"], args=["--auth", "none"])


def control_ui_and_network():
    case("control-ui-origins-wildcard-loopback", "Wildcard origin on loopback is a warning.",
         gw(auth=token_auth(), controlUi={"allowedOrigins": ["*"]}), ["gateway.control_ui.allowed_origins_wildcard"])
    case("control-ui-origins-wildcard-lan", "Wildcard origin beyond loopback is critical.",
         gw(**lan_hardened(controlUi={"allowedOrigins": ["*"]})), ["gateway.control_ui.allowed_origins_wildcard"])
    case("control-ui-host-header-fallback-loopback", "Host-header origin fallback on loopback.",
         gw(auth=token_auth(), controlUi={"dangerouslyAllowHostHeaderOriginFallback": True}),
         ["gateway.control_ui.host_header_origin_fallback", "config.insecure_or_dangerous_flags"])
    case("control-ui-host-header-fallback-lan", "Host-header origin fallback beyond loopback replaces the origins requirement.",
         gw(bind="lan", auth=token_auth(rateLimit={"maxAttempts": 10}), controlUi={"dangerouslyAllowHostHeaderOriginFallback": True}),
         ["gateway.control_ui.host_header_origin_fallback", "gateway.control_ui.allowed_origins_required"])
    case("control-ui-device-auth-disabled",
         "dangerouslyDisableDeviceAuth: the reference ignores the retired key, the security document flags it.",
         gw(auth=token_auth(), controlUi={"dangerouslyDisableDeviceAuth": True}),
         ["gateway.control_ui.device_auth_disabled", "config.insecure_or_dangerous_flags"],
         expectedDifference={
             "reason": "docs/compat.md: the security document wins over 2026.9.6, which dropped "
                       "gateway.control_ui.device_auth_disabled; the document rates it critical and lists the flag "
                       "among the insecure or dangerous flags",
             "addPairs": [["gateway.control_ui.device_auth_disabled", "critical"], ["config.insecure_or_dangerous_flags", "warn"]],
         })
    case("control-ui-allow-insecure-auth",
         "allowInsecureAuth: rejected by the reference, accepted and flagged per the security document.",
         gw(auth=token_auth(), controlUi={"allowInsecureAuth": True}),
         ["gateway.control_ui.insecure_auth", "config.insecure_or_dangerous_flags"],
         expectedDifference={
             "reason": "docs/compat.md (Config: keys the security document names but 2026.9 retired): "
                       "gateway.controlUi.allowInsecureAuth is accepted with the document's meaning, so "
                       "gateway.control_ui.insecure_auth (warn) and the dangerous-flag finding appear",
             "equivalentConfig": j(gw(auth=token_auth())),
             "addPairs": [["gateway.control_ui.insecure_auth", "warn"], ["config.insecure_or_dangerous_flags", "warn"]],
         })
    case("control-ui-allow-insecure-auth-false", "allowInsecureAuth false: retired key, nothing to flag.",
         gw(auth=token_auth(), controlUi={"allowInsecureAuth": False}), ["gateway.control_ui.insecure_auth"],
         expectedDifference={
             "reason": "docs/compat.md (Config: keys the security document names but 2026.9 retired): "
                       "gateway.controlUi.allowInsecureAuth is accepted; false flags nothing",
             "equivalentConfig": j(gw(auth=token_auth())),
         })
    case("real-ip-fallback-loopback", "X-Real-IP fallback on loopback is a warning.",
         gw(auth=token_auth(), allowRealIpFallback=True), ["gateway.real_ip_fallback_enabled"])
    case("real-ip-fallback-lan", "X-Real-IP fallback beyond loopback is critical.",
         gw(**lan_hardened(allowRealIpFallback=True)), ["gateway.real_ip_fallback_enabled"])
    case("real-ip-fallback-trusted-proxy-remote", "trusted-proxy with a remote proxy makes the fallback critical.",
         gw(allowRealIpFallback=True, trustedProxies=["10.0.0.5"],
            auth={"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-forwarded-user", "allowUsers": ["ann@example.com"]}}),
         ["gateway.real_ip_fallback_enabled", "gateway.trusted_proxy_auth"])
    case("real-ip-fallback-trusted-proxy-loopback-only", "Strictly loopback proxies keep the fallback a warning.",
         gw(allowRealIpFallback=True, trustedProxies=["127.0.0.1", "::1/128"],
            auth={"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-forwarded-user", "allowUsers": ["ann@example.com"]}}),
         ["gateway.real_ip_fallback_enabled"])
    case("real-ip-fallback-false", "allowRealIpFallback false is the default: nothing.",
         quiet(gateway={"allowRealIpFallback": False}), ["gateway.real_ip_fallback_enabled"])
    case("mdns-full-loopback", "mDNS full mode on loopback is a warning.", quiet(discovery={"mdns": {"mode": "full"}}),
         ["discovery.mdns_full_mode"])
    case("mdns-full-lan", "mDNS full mode beyond loopback is critical.",
         {"gateway": lan_hardened(), "discovery": {"mdns": {"mode": "full"}}}, ["discovery.mdns_full_mode"])
    case("mdns-off", "mDNS off: nothing.", quiet(discovery={"mdns": {"mode": "off"}}), ["discovery.mdns_full_mode"])
    case("tailscale-serve-no-auth", "Tailscale serve with tailscale identity counts as loopback auth.",
         gw(tailscale={"mode": "serve"}), ["gateway.tailscale_serve", "gateway.http.no_auth", "gateway.loopback_no_auth"])
    case("tailscale-serve-allow-tailscale-false", "Tailscale serve without tailscale identity and no auth.",
         gw(tailscale={"mode": "serve"}, auth={"allowTailscale": False}), ["gateway.loopback_no_auth", "gateway.tailscale_serve"])
    case("tailscale-serve-token", "Tailscale serve with a token.", gw(tailscale={"mode": "serve"}, auth=token_auth()),
         ["gateway.tailscale_serve"])
    case("tailscale-funnel-no-auth", "Tailscale funnel without a password.", gw(tailscale={"mode": "funnel"}),
         ["gateway.tailscale_funnel"])
    case("tailscale-funnel-password", "Tailscale funnel with password auth.",
         gw(tailscale={"mode": "funnel"}, auth={"mode": "password"}), ["gateway.tailscale_funnel"],
         env={"OPENCLAW_GATEWAY_PASSWORD": PASSWORD})
    case("tailscale-off-token", "Tailscale off: nothing tailscale-related.", quiet(gateway={"tailscale": {"mode": "off"}}),
         ["gateway.tailscale_serve", "gateway.tailscale_funnel"])


def trusted_proxy():
    tp = lambda **more: {"mode": "trusted-proxy", **more}
    case("trusted-proxy-minimal", "trusted-proxy mode with nothing else configured.", gw(auth=tp()),
         ["gateway.trusted_proxy_auth", "gateway.trusted_proxy_no_proxies", "gateway.trusted_proxy_no_user_header",
          "gateway.trusted_proxy_no_allowlist"])
    complete = {"userHeader": "x-forwarded-user", "allowUsers": ["ann@example.com"]}
    case("trusted-proxy-complete", "trusted-proxy with proxies, user header and allowlist: only the reminder.",
         gw(trustedProxies=["10.0.0.5"], auth=tp(trustedProxy=complete)),
         ["gateway.trusted_proxy_auth", "gateway.trusted_proxy_no_proxies", "gateway.trusted_proxy_no_user_header"])
    case("trusted-proxy-allow-loopback", "trusted-proxy allowing loopback sources.",
         gw(trustedProxies=["127.0.0.1"], auth=tp(trustedProxy={**complete, "allowLoopback": True})),
         ["gateway.trusted_proxy_allow_loopback"])
    case("trusted-proxy-device-auto-approve", "trusted-proxy device auto-approval.",
         gw(trustedProxies=["10.0.0.5"], auth=tp(trustedProxy={**complete, "deviceAutoApprove": {"enabled": True, "scopes": ["operator.read"]}})),
         ["gateway.trusted_proxy_device_auto_approve"])
    case("trusted-proxy-device-auto-approve-admin", "trusted-proxy device auto-approval with admin scope.",
         gw(trustedProxies=["10.0.0.5"], auth=tp(trustedProxy={**complete, "deviceAutoApprove": {"enabled": True, "scopes": ["operator.admin"]}})),
         ["gateway.trusted_proxy_device_auto_approve", "gateway.trusted_proxy_device_auto_approve_admin"])
    case("trusted-proxy-device-auto-approve-disabled", "Admin scope listed but auto-approval disabled.",
         gw(trustedProxies=["10.0.0.5"], auth=tp(trustedProxy={**complete, "deviceAutoApprove": {"enabled": False, "scopes": ["operator.admin"]}})),
         ["gateway.trusted_proxy_device_auto_approve"])
    case("invalid-trusted-proxy-without-user-header", "A trustedProxy block must name its userHeader (validation).",
         gw(bind="lan", trustedProxies=["10.0.0.5"], controlUi={"allowedOrigins": ["https://control.example.com"]},
            auth=tp(trustedProxy={"allowUsers": ["ann@example.com"]})),
         ["gateway.trusted_proxy_no_user_header", "gateway.bind_no_auth"])


def http_and_tools_invoke():
    endpoints = lambda **eps: {"endpoints": {k: {"enabled": v} for k, v in eps.items()}}
    case("http-chat-completions-enabled-token", "/v1/chat/completions on with a token: session-key override info.",
         quiet(gateway={"http": endpoints(chatCompletions=True)}), ["gateway.http.session_key_override_enabled"])
    case("http-responses-enabled-no-auth", "/v1/responses on without auth.",
         gw(http=endpoints(responses=True)), ["gateway.http.session_key_override_enabled", "gateway.http.no_auth"])
    case("http-both-endpoints-lan-no-auth", "Both endpoints on a LAN bind without auth: critical HTTP finding.",
         gw(bind="lan", http=endpoints(chatCompletions=True, responses=True)),
         ["gateway.http.no_auth", "gateway.http.session_key_override_enabled"])
    case("http-endpoints-disabled", "Endpoints explicitly disabled: no override finding.",
         quiet(gateway={"http": endpoints(chatCompletions=False, responses=False)}), ["gateway.http.session_key_override_enabled"])
    case("http-admin-rpc-plugin-no-auth", "The admin-http-rpc plugin adds its endpoint to the no-auth detail.",
         {"plugins": {"entries": {"admin-http-rpc": {"enabled": True}}}}, ["gateway.http.no_auth"])
    tools = lambda *names: {"tools": {"allow": list(names)}}
    case("tools-invoke-allow-exec-loopback", "Re-enabling exec over HTTP on loopback is a warning.",
         quiet(gateway=tools("exec")), ["gateway.tools_invoke_http.dangerous_allow"])
    case("tools-invoke-allow-gateway-lan", "Re-enabling gateway over HTTP beyond loopback is critical.",
         gw(**lan_hardened(**tools("gateway", "web_search"))), ["gateway.tools_invoke_http.dangerous_allow"])
    case("tools-invoke-allow-uppercase-funnel", "Names match case-insensitively; funnel makes it critical.",
         gw(tailscale={"mode": "funnel"}, auth={"mode": "password"}, **tools("SHELL")),
         ["gateway.tools_invoke_http.dangerous_allow"], env={"OPENCLAW_GATEWAY_PASSWORD": PASSWORD})
    case("tools-invoke-allow-serve", "Tailscale serve does not escalate the tools-invoke finding.",
         gw(tailscale={"mode": "serve"}, auth=token_auth(), **tools("sessions_spawn")), ["gateway.tools_invoke_http.dangerous_allow"])
    case("tools-invoke-allow-benign", "Allowing a harmless tool over HTTP: nothing.",
         quiet(gateway=tools("web_search", "read")), ["gateway.tools_invoke_http.dangerous_allow"])
    case("tools-invoke-allow-many", "Several dangerous tools at once.",
         quiet(gateway=tools("exec", "apply_patch", "automations", "nodes", "openclaw")), ["gateway.tools_invoke_http.dangerous_allow"])


def nodes():
    commands = lambda **c: {"nodes": {"commands": c}}
    case("nodes-allow-dangerous-loopback", "A dangerous node command allowed on loopback.",
         quiet(gateway=commands(allow=["camera.snap"])), ["gateway.nodes.allow_commands_dangerous"])
    case("nodes-allow-dangerous-lan", "Dangerous node commands allowed beyond loopback.",
         gw(**lan_hardened(**commands(allow=["screen.record", "sms.send"]))), ["gateway.nodes.allow_commands_dangerous"])
    case("nodes-allow-dangerous-serve", "Tailscale serve counts as remote exposure for node commands.",
         gw(tailscale={"mode": "serve"}, auth=token_auth(), **commands(allow=["contacts.add"])),
         ["gateway.nodes.allow_commands_dangerous"])
    case("nodes-allow-dangerous-also-denied", "A dangerous command that is also denied is not flagged.",
         quiet(gateway=commands(allow=["camera.snap"], deny=["camera.snap"])), ["gateway.nodes.allow_commands_dangerous"])
    case("nodes-allow-benign", "Allowing a harmless node command: nothing.",
         quiet(gateway=commands(allow=["system.notify", "location.get"])), ["gateway.nodes.allow_commands_dangerous"])
    case("nodes-deny-pattern", "Pattern-like deny entries are ineffective.",
         quiet(gateway=commands(deny=["camera.*", "group:camera"])), ["gateway.nodes.deny_commands_ineffective"])
    case("nodes-deny-unknown-name", "Unknown exact deny names are ineffective.",
         quiet(gateway=commands(deny=["camera.snapshot"])), ["gateway.nodes.deny_commands_ineffective"])
    case("nodes-deny-known-exact", "Known exact deny names are fine.",
         quiet(gateway=commands(deny=["system.run", "camera.snap"])), ["gateway.nodes.deny_commands_ineffective"])
    case("nodes-allow-commands-legacy-key",
         "gateway.nodes.allowCommands: rejected by the reference, read as commands.allow per the security document.",
         quiet(gateway={"nodes": {"allowCommands": ["camera.snap"]}}), ["gateway.nodes.allow_commands_dangerous"],
         expectedDifference={
             "reason": "docs/compat.md (Config: keys the security document names but 2026.9 retired): "
                       "gateway.nodes.allowCommands is accepted as gateway.nodes.commands.allow",
             "equivalentConfig": j(quiet(gateway=commands(allow=["camera.snap"]))),
         })
    case("nodes-deny-commands-legacy-key",
         "gateway.nodes.denyCommands: rejected by the reference, read as commands.deny per the security document.",
         quiet(gateway={"nodes": {"denyCommands": ["camera.*"]}}), ["gateway.nodes.deny_commands_ineffective"],
         expectedDifference={
             "reason": "docs/compat.md (Config: keys the security document names but 2026.9 retired): "
                       "gateway.nodes.denyCommands is accepted as gateway.nodes.commands.deny",
             "equivalentConfig": j(quiet(gateway=commands(deny=["camera.*"]))),
         })


def flags_and_secrets():
    case("mcp-apps-enabled", "MCP Apps UI bridge on.", quiet(mcp={"apps": {"enabled": True}}), ["mcp.apps.enabled"])
    case("mcp-apps-disabled", "MCP Apps UI bridge off.", quiet(mcp={"apps": {"enabled": False}}), ["mcp.apps.enabled"])
    case("flag-hooks-gmail-unsafe-content", "hooks.gmail.allowUnsafeExternalContent is a dangerous flag.",
         quiet(hooks={"gmail": {"allowUnsafeExternalContent": True}}), ["config.insecure_or_dangerous_flags"])
    case("flag-hooks-mapping-unsafe-content", "A hook mapping with allowUnsafeExternalContent is a dangerous flag.",
         quiet(hooks={"mappings": [{"id": "inbox", "match": {"path": "/inbox"}, "action": "agent", "allowUnsafeExternalContent": True}]}),
         ["config.insecure_or_dangerous_flags"])
    case("flag-apply-patch-workspace-only-false", "tools.exec.applyPatch.workspaceOnly=false is a dangerous flag.",
         quiet(tools={"exec": {"applyPatch": {"workspaceOnly": False}}}), ["config.insecure_or_dangerous_flags"])
    case("flag-apply-patch-workspace-only-true", "tools.exec.applyPatch.workspaceOnly=true is fine.",
         quiet(tools={"exec": {"applyPatch": {"workspaceOnly": True}}}), ["config.insecure_or_dangerous_flags"])
    case("flag-fs-workspace-only-false", "tools.fs.workspaceOnly=false is a dangerous flag.",
         quiet(tools={"fs": {"workspaceOnly": False}}), ["config.insecure_or_dangerous_flags"])
    case("flag-browser-private-network", "browser.ssrfPolicy.dangerouslyAllowPrivateNetwork is a dangerous flag.",
         quiet(browser={"ssrfPolicy": {"dangerouslyAllowPrivateNetwork": True}}), ["config.insecure_or_dangerous_flags"])
    case("flag-docker-namespace-join-defaults", "A dangerously* docker flag under agents.defaults (sandbox off).",
         quiet(agents={"defaults": {"sandbox": {"docker": {"dangerouslyAllowContainerNamespaceJoin": True}}}}),
         ["config.insecure_or_dangerous_flags", "sandbox.docker_config_mode_off"])
    case("flag-docker-external-binds-agent", "A dangerously* docker flag on an agent with sandbox on.",
         quiet(agents={"entries": {"main": {"sandbox": {"mode": "all", "docker": {"dangerouslyAllowExternalBindSources": True}}}}}),
         ["config.insecure_or_dangerous_flags"])
    case("flag-docker-reserved-targets", "dangerouslyAllowReservedContainerTargets with sandbox on.",
         quiet(agents={"defaults": {"sandbox": {"mode": "all", "docker": {"dangerouslyAllowReservedContainerTargets": True}}}}),
         ["config.insecure_or_dangerous_flags"])
    case("flag-multiple-combined", "Several dangerous flags at once (one finding per flag).",
         quiet(tools={"fs": {"workspaceOnly": False}, "exec": {"applyPatch": {"workspaceOnly": False}}},
               browser={"ssrfPolicy": {"dangerouslyAllowPrivateNetwork": True}},
               hooks={"gmail": {"allowUnsafeExternalContent": True}}),
         ["config.insecure_or_dangerous_flags"])
    case("flag-slack-name-matching", "channels.slack.dangerouslyAllowNameMatching (a channel-declared dangerous flag).",
         quiet(channels={"slack": {"dangerouslyAllowNameMatching": True}}), ["config.insecure_or_dangerous_flags"])
    case("secrets-hooks-token-env-substitution", "A ${VAR} hooks token is not stored in config.",
         quiet(hooks={"enabled": True, "token": "${OPENCLAW_HOOKS_TOKEN}", "defaultSessionKey": "hook:ingress", "allowedAgentIds": ["main"]}),
         ["config.secrets.hooks_token_in_config"], env={"OPENCLAW_HOOKS_TOKEN": HOOKS_TOKEN})
    case("secrets-hooks-disabled-with-token", "A hooks token with hooks disabled: nothing.",
         quiet(hooks={"enabled": False, "token": HOOKS_TOKEN}), ["config.secrets.hooks_token_in_config"])
    case("suppressions-trusted-proxies-missing", "A suppression moves a finding out and adds its own findings.",
         {"gateway": {"auth": token_auth()},
          "security": {"audit": {"suppressions": [{"checkId": "gateway.trusted_proxies_missing", "reason": "local only"}]}}},
         ["security.audit.suppressions.active", "config.insecure_or_dangerous_flags", "gateway.trusted_proxies_missing"])
    case("suppressions-non-matching", "A suppression that matches nothing still counts as configured.",
         quiet(security={"audit": {"suppressions": [{"checkId": "gateway.bind_no_auth"}]}}),
         ["security.audit.suppressions.active"])
    case("suppressions-detail-filter", "A suppression whose detail filter does not match keeps the finding.",
         {"gateway": {"auth": token_auth()},
          "security": {"audit": {"suppressions": [{"checkId": "gateway.trusted_proxies_missing", "detailIncludes": "no such text"}]}}},
         ["security.audit.suppressions.active", "gateway.trusted_proxies_missing"])
    case("suppressions-critical-finding", "Suppressing a critical finding removes it from the active set.",
         {"security": {"audit": {"suppressions": [{"checkId": "gateway.loopback_no_auth", "titleIncludes": "loopback"}]}}},
         ["gateway.loopback_no_auth", "security.audit.suppressions.active"])


def hooks():
    base = {"enabled": True, "token": HOOKS_TOKEN}
    hardened = {**base, "defaultSessionKey": "hook:ingress", "allowedAgentIds": ["main"]}
    case("hooks-enabled-minimal", "Hooks on with only a token.", quiet(hooks=base),
         ["hooks.default_session_key_unset", "hooks.allowed_agent_ids_unrestricted", "config.secrets.hooks_token_in_config"])
    case("hooks-enabled-hardened", "Hooks on with session key and agent allowlist: only the token-in-config info.",
         quiet(hooks=hardened), ["config.secrets.hooks_token_in_config"])
    case("hooks-token-short", "A 20-character hooks token.", quiet(hooks={**hardened, "token": HOOKS_TOKEN[:20]}),
         ["hooks.token_too_short"])
    case("hooks-token-reuse-gateway-token", "hooks.token equals the gateway token.",
         quiet(hooks={**hardened, "token": TOKEN}), ["hooks.token_reuse_gateway_token"])
    case("hooks-token-reuse-gateway-password", "hooks.token equals the gateway password.",
         {"gateway": {"auth": {"mode": "password", "password": PASSWORD}, "trustedProxies": ["127.0.0.1"]},
          "hooks": {**hardened, "token": PASSWORD}}, ["hooks.token_reuse_gateway_token"])
    case("hooks-token-reuse-cli-override", "hooks.token equals the --token given to this audit.",
         quiet(hooks=hardened), ["hooks.token_reuse_gateway_token"], args=["--auth", "token", "--token", HOOKS_TOKEN])
    case("hooks-token-reuse-env-token", "hooks.token equals OPENCLAW_GATEWAY_TOKEN.",
         {"gateway": {"trustedProxies": ["127.0.0.1"]}, "hooks": hardened}, ["hooks.token_reuse_gateway_token"],
         env={"OPENCLAW_GATEWAY_TOKEN": HOOKS_TOKEN})
    case("hooks-path-root", "hooks.path '/' shadows other endpoints.", quiet(hooks={**hardened, "path": "/"}), ["hooks.path_root"])
    case("hooks-path-dedicated", "A dedicated hooks.path is fine.", quiet(hooks={**hardened, "path": "/hooks"}), ["hooks.path_root"])
    case("hooks-allowed-agent-ids-wildcard", "allowedAgentIds ['*'] is unrestricted.",
         quiet(hooks={**hardened, "allowedAgentIds": ["*"]}), ["hooks.allowed_agent_ids_unrestricted"])
    case("hooks-allowed-agent-ids-empty", "allowedAgentIds [] denies hook routing: fine.",
         quiet(hooks={**hardened, "allowedAgentIds": []}), ["hooks.allowed_agent_ids_unrestricted"])
    case("hooks-request-session-key-no-prefixes", "Request session keys without prefixes.",
         quiet(hooks={**hardened, "allowRequestSessionKey": True}),
         ["hooks.request_session_key_enabled", "hooks.request_session_key_prefixes_missing", "config.insecure_or_dangerous_flags"])
    case("hooks-request-session-key-with-prefixes", "Request session keys limited to prefixes.",
         quiet(hooks={**hardened, "allowRequestSessionKey": True, "allowedSessionKeyPrefixes": ["hook:"]}),
         ["hooks.request_session_key_enabled", "hooks.request_session_key_prefixes_missing"])
    case("hooks-request-session-key-blank-prefixes", "Blank prefixes count as none.",
         quiet(hooks={**hardened, "allowRequestSessionKey": True, "allowedSessionKeyPrefixes": ["  "]}),
         ["hooks.request_session_key_prefixes_missing"])
    case("hooks-remote-exposed-lan", "Hook findings escalate when the gateway binds beyond loopback.",
         {"gateway": lan_hardened(), "hooks": {**base, "allowRequestSessionKey": True}},
         ["hooks.allowed_agent_ids_unrestricted", "hooks.request_session_key_enabled", "hooks.request_session_key_prefixes_missing"])
    case("hooks-remote-exposed-serve", "Tailscale serve escalates hook findings too.",
         {"gateway": {"auth": token_auth(), "tailscale": {"mode": "serve"}}, "hooks": base},
         ["hooks.allowed_agent_ids_unrestricted"])
    case("hooks-disabled-with-bad-settings", "Disabled hooks are not audited (except flags).",
         quiet(hooks={"enabled": False, "token": "short", "path": "/", "allowRequestSessionKey": True}),
         ["hooks.path_root", "hooks.token_too_short", "config.insecure_or_dangerous_flags"])
    case("hooks-enabled-no-token", "Hooks on without a token.", quiet(hooks={"enabled": True, "defaultSessionKey": "hook:x", "allowedAgentIds": ["main"]}),
         ["hooks.token_too_short", "config.secrets.hooks_token_in_config"])


def tools_exec_sandbox():
    case("elevated-wildcard", "An elevated allowlist with '*'.", quiet(tools={"elevated": {"allowFrom": {"telegram": ["*"]}}}),
         ["tools.elevated.allowFrom.telegram.wildcard"])
    case("elevated-large-26", "An elevated allowlist with 26 entries.",
         quiet(tools={"elevated": {"allowFrom": {"whatsapp": [f"+1555000{i:04d}" for i in range(26)]}}}),
         ["tools.elevated.allowFrom.whatsapp.large"])
    case("elevated-25-entries", "25 entries are not large.",
         quiet(tools={"elevated": {"allowFrom": {"whatsapp": [f"+1555000{i:04d}" for i in range(25)]}}}),
         ["tools.elevated.allowFrom.whatsapp.large"])
    case("elevated-disabled-wildcard", "Elevated disabled: its allowlist is not audited.",
         quiet(tools={"elevated": {"enabled": False, "allowFrom": {"telegram": ["*"]}}}),
         ["tools.elevated.allowFrom.telegram.wildcard"])
    case("elevated-two-providers", "Each provider gets its own finding.",
         quiet(tools={"elevated": {"allowFrom": {"discord": ["*"], "slack": [f"U{i:08d}" for i in range(30)]}}}),
         ["tools.elevated.allowFrom.discord.wildcard", "tools.elevated.allowFrom.slack.large"])
    case("exec-host-sandbox-sandbox-off", "exec host sandbox while sandbox mode is off.",
         quiet(tools={"exec": {"host": "sandbox"}}), ["tools.exec.host_sandbox_no_sandbox_defaults"])
    case("exec-host-sandbox-sandbox-all", "exec host sandbox with sandbox mode all.",
         quiet(tools={"exec": {"host": "sandbox"}}, agents={"defaults": {"sandbox": {"mode": "all"}}}),
         ["tools.exec.host_sandbox_no_sandbox_defaults"])
    case("exec-agent-host-sandbox-off", "An agent with exec host sandbox while its sandbox is off.",
         quiet(agents={"entries": {"work": {"tools": {"exec": {"host": "sandbox"}}}}}),
         ["tools.exec.host_sandbox_no_sandbox_agents"])
    case("exec-agent-host-sandbox-agent-sandboxed", "An agent with exec host sandbox and its own sandbox on.",
         quiet(agents={"entries": {"work": {"sandbox": {"mode": "all"}, "tools": {"exec": {"host": "sandbox"}}}}}),
         ["tools.exec.host_sandbox_no_sandbox_agents"])
    case("exec-security-full", "exec security full, no open channel: warning.",
         quiet(tools={"exec": {"security": "full"}}), ["tools.exec.security_full_configured"])
    case("exec-mode-full", "exec mode full resolves to security full.",
         quiet(tools={"exec": {"mode": "full"}}), ["tools.exec.security_full_configured"])
    case("exec-mode-ask", "exec mode ask is not full.", quiet(tools={"exec": {"mode": "ask"}}), ["tools.exec.security_full_configured"])
    case("exec-agent-security-full", "An agent with exec security full.",
         quiet(agents={"entries": {"ops": {"tools": {"exec": {"security": "full"}}}}}), ["tools.exec.security_full_configured"])
    case("exec-security-full-open-groups", "exec full plus an open group: both exec findings critical.",
         quiet(tools={"exec": {"security": "full"}}, channels={"telegram": {"groupPolicy": "open"}}),
         ["tools.exec.security_full_configured", "security.exposure.open_channels_with_exec"])
    case("exec-allowlist-open-dm", "exec allowlist plus an open DM: open-channels warning.",
         quiet(tools={"exec": {"security": "allowlist"}}, channels={"telegram": {"dmPolicy": "open", "allowFrom": ["*"]}}),
         ["security.exposure.open_channels_with_exec"])
    case("exec-deny-open-groups", "exec denied plus an open group: no open-channels exec finding.",
         quiet(tools={"exec": {"security": "deny"}}, channels={"telegram": {"groupPolicy": "open"}}),
         ["security.exposure.open_channels_with_exec"])
    case("exec-nested-open-group", "An open policy nested under groups counts for the exec check.",
         quiet(tools={"exec": {"security": "allowlist"}},
               channels={"telegram": {"groupPolicy": "allowlist", "groups": {"-1001234567890": {"groupPolicy": "open"}}}}),
         ["security.exposure.open_channels_with_exec"])
    case("exec-fs-tools-denied-exec-allowed", "write/edit/apply_patch denied but exec still allowed.",
         quiet(tools={"deny": ["write", "edit", "apply_patch"], "exec": {"security": "allowlist"}}),
         ["tools.exec.fs_tools_disabled_but_exec_enabled"])
    case("exec-fs-tools-and-exec-denied", "fs tools and exec/process all denied.",
         quiet(tools={"deny": ["write", "edit", "apply_patch", "exec", "process"]}),
         ["tools.exec.fs_tools_disabled_but_exec_enabled"])
    case("exec-fs-tools-denied-sandbox-ro", "fs tools denied, exec in a read-only sandbox.",
         quiet(tools={"deny": ["write", "edit", "apply_patch"], "exec": {"security": "allowlist"}},
               agents={"defaults": {"sandbox": {"mode": "all", "workspaceAccess": "ro"}}}),
         ["tools.exec.fs_tools_disabled_but_exec_enabled"])
    case("exec-safe-bins-interpreter", "An interpreter in safeBins without a profile.",
         quiet(tools={"exec": {"safeBins": ["python3"]}}), ["tools.exec.safe_bins_interpreter_unprofiled"])
    case("exec-safe-bins-interpreter-profiled", "An interpreter in safeBins with a profile.",
         quiet(tools={"exec": {"safeBins": ["python3"], "safeBinProfiles": {"python3": {"maxPositional": 0, "deniedFlags": ["-c"]}}}}),
         ["tools.exec.safe_bins_interpreter_unprofiled"])
    case("exec-safe-bins-broad-sed", "sed in safeBins has broad semantics.", quiet(tools={"exec": {"safeBins": ["sed"]}}),
         ["tools.exec.safe_bins_broad_behavior"])
    case("exec-safe-bins-broad-awk-and-node", "awk and node in safeBins.", quiet(tools={"exec": {"safeBins": ["awk", "node"]}}),
         ["tools.exec.safe_bins_broad_behavior", "tools.exec.safe_bins_interpreter_unprofiled"])
    case("exec-safe-bins-plain", "Plain stream filters in safeBins.", quiet(tools={"exec": {"safeBins": ["jq", "wc", "head"]}}),
         ["tools.exec.safe_bins_broad_behavior", "tools.exec.safe_bins_interpreter_unprofiled"])
    case("exec-agent-safe-bins-interpreter", "An agent-level interpreter safeBin.",
         quiet(agents={"entries": {"main": {"tools": {"exec": {"safeBins": ["node"]}}}}}),
         ["tools.exec.safe_bins_interpreter_unprofiled"])
    case("exec-safe-bin-trusted-dirs-tmp", "A /tmp trusted dir.", quiet(tools={"exec": {"safeBinTrustedDirs": ["/tmp/bin"]}}),
         ["tools.exec.safe_bin_trusted_dirs_risky"])
    case("exec-safe-bin-trusted-dirs-homebrew", "A package-manager bin trusted dir.",
         quiet(tools={"exec": {"safeBinTrustedDirs": ["/opt/homebrew/bin"]}}), ["tools.exec.safe_bin_trusted_dirs_risky"])
    case("exec-safe-bin-trusted-dirs-relative", "A relative trusted dir.", quiet(tools={"exec": {"safeBinTrustedDirs": ["bin"]}}),
         ["tools.exec.safe_bin_trusted_dirs_risky"])
    case("exec-safe-bin-trusted-dirs-home", "A home-scoped trusted dir on an agent.",
         quiet(agents={"entries": {"main": {"tools": {"exec": {"safeBinTrustedDirs": ["/home/alice/.local/bin"]}}}}}),
         ["tools.exec.safe_bin_trusted_dirs_risky"])
    case("exec-safe-bin-trusted-dirs-system", "System trusted dirs are fine.",
         quiet(tools={"exec": {"safeBinTrustedDirs": ["/usr/bin", "/opt/tools/bin"]}}), ["tools.exec.safe_bin_trusted_dirs_risky"])
    skills_exec = {"defaults": {"skills": ["github"]}}
    case("exec-skill-mcp-boundary-config-servers", "Skill allowlist + host exec + configured MCP servers.",
         quiet(agents=skills_exec, tools={"exec": {"security": "allowlist", "host": "gateway"}},
               mcp={"servers": {"files": {"command": "mcp-files"}}}),
         ["tools.exec.agent_skill_mcp_boundary_drift"])
    case("exec-skill-mcp-boundary-mcporter", "Skill allowlist + host exec + a global mcporter registry.",
         quiet(agents=skills_exec, tools={"exec": {"security": "full", "host": "gateway"}}),
         ["tools.exec.agent_skill_mcp_boundary_drift", "tools.exec.security_full_configured"],
         files=[file(".openclaw/skills/config/mcporter.json", json.dumps({"mcpServers": {"linear": {"command": "linear-mcp"}}}), "600")])
    case("exec-skill-mcp-boundary-mcporter-malformed", "An unparsable mcporter registry is reported.",
         quiet(agents=skills_exec, tools={"exec": {"security": "allowlist", "host": "gateway"}}),
         ["tools.exec.mcporter_registry_inspection_incomplete"],
         files=[file(".openclaw/skills/config/mcporter.json", "{ not json", "600")])
    case("exec-skill-mcp-boundary-exec-deny", "exec denied: no MCP boundary drift.",
         quiet(agents=skills_exec, tools={"exec": {"security": "deny"}}, mcp={"servers": {"files": {"command": "mcp-files"}}}),
         ["tools.exec.agent_skill_mcp_boundary_drift"])
    case("profile-minimal-overridden", "Global minimal profile overridden by an agent.",
         quiet(tools={"profile": "minimal"}, agents={"entries": {"main": {"tools": {"profile": "coding"}}}}),
         ["tools.profile_minimal_overridden"])
    case("profile-minimal-agent-minimal", "An agent that keeps minimal is not an override.",
         quiet(tools={"profile": "minimal"}, agents={"entries": {"main": {"tools": {"profile": "minimal"}}}}),
         ["tools.profile_minimal_overridden"])
    case("profile-coding-agent-full", "Without a global minimal profile nothing is overridden.",
         quiet(tools={"profile": "coding"}, agents={"entries": {"main": {"tools": {"profile": "full"}}}}),
         ["tools.profile_minimal_overridden"])
    case("sandbox-docker-config-mode-off-defaults", "Docker settings with sandbox mode off.",
         quiet(agents={"defaults": {"sandbox": {"docker": {"image": "openclaw-sandbox:latest"}}}}), ["sandbox.docker_config_mode_off"])
    case("sandbox-docker-config-mode-all", "Docker settings with sandbox mode all.",
         quiet(agents={"defaults": {"sandbox": {"mode": "all", "docker": {"image": "openclaw-sandbox:latest"}}}}),
         ["sandbox.docker_config_mode_off"])
    case("sandbox-docker-agent-mode-off", "An agent's docker settings while its sandbox is off.",
         quiet(agents={"entries": {"main": {"sandbox": {"mode": "off", "docker": {"network": "none"}}}}}),
         ["sandbox.docker_config_mode_off"])
    case("sandbox-docker-defaults-agent-enabled", "Default docker settings used by an agent that enables sandboxing.",
         quiet(agents={"defaults": {"sandbox": {"docker": {"image": "openclaw-sandbox:latest"}}},
                       "entries": {"main": {"sandbox": {"mode": "all"}}}}),
         ["sandbox.docker_config_mode_off"])
    case("sandbox-network-container-join", "Joining another container's namespace with the break-glass flag.",
         quiet(agents={"defaults": {"sandbox": {"mode": "all", "docker": {"network": "container:vpn", "dangerouslyAllowContainerNamespaceJoin": True}}}}),
         ["sandbox.dangerous_network_mode", "config.insecure_or_dangerous_flags"])
    case("sandbox-network-container-without-flag", "container:<x> network without the break-glass flag.",
         quiet(agents={"defaults": {"sandbox": {"mode": "all", "docker": {"network": "container:vpn"}}}}),
         ["sandbox.dangerous_network_mode"])
    case("sandbox-network-bridge", "A bridge network is fine.",
         quiet(agents={"defaults": {"sandbox": {"mode": "all", "docker": {"network": "bridge"}}}}), ["sandbox.dangerous_network_mode"])
    case("sandbox-bind-docker-socket", "Mounting the Docker socket.",
         quiet(agents={"defaults": {"sandbox": {"mode": "all", "docker": {"binds": ["/var/run/docker.sock:/var/run/docker.sock"]}}}}),
         ["sandbox.dangerous_bind_mount"])
    case("sandbox-bind-etc", "Mounting /etc.",
         quiet(agents={"entries": {"main": {"sandbox": {"mode": "all", "docker": {"binds": ["/etc:/host-etc:ro"]}}}}}),
         ["sandbox.dangerous_bind_mount"])
    case("sandbox-bind-project", "Mounting a project directory is fine.",
         quiet(agents={"defaults": {"sandbox": {"mode": "all", "docker": {"binds": ["/srv/project:/project:ro"]}}}}),
         ["sandbox.dangerous_bind_mount"])


def skills_and_plugins():
    escape = [file("outside/SKILL.md", "# outside\n", "600"),
              directory(".openclaw/workspace/skills/evil", "700"),
              symlink(".openclaw/workspace/skills/evil/SKILL.md", "../../../../outside/SKILL.md")]
    case("skills-workspace-symlink-escape", "A workspace SKILL.md that is a symlink out of the workspace.",
         quiet(), ["skills.workspace.symlink_escape"], files=escape)
    case("skills-workspace-inside", "A real SKILL.md inside the workspace.", quiet(),
         ["skills.workspace.symlink_escape"], files=[file(".openclaw/workspace/skills/good/SKILL.md", "# good\n", "600")])
    case("skills-workspace-symlink-inside", "A SKILL.md symlink that stays inside the workspace.", quiet(),
         ["skills.workspace.symlink_escape"],
         files=[file(".openclaw/workspace/shared/SKILL.md", "# shared\n", "600"),
                directory(".openclaw/workspace/skills/alias", "700"),
                symlink(".openclaw/workspace/skills/alias/SKILL.md", "../../shared/SKILL.md")])
    case("skills-explicit-workspace-escape", "An agent workspace configured explicitly, with an escaping skill.",
         quiet(agents={"defaults": {"workspace": "~/ws"}}), ["skills.workspace.symlink_escape"],
         files=[file("outside/SKILL.md", "# outside\n", "600"), directory("ws/skills/evil", "700"),
                symlink("ws/skills/evil/SKILL.md", "../../../outside/SKILL.md")])
    plugin = [file(".openclaw/extensions/acme/package.json", json.dumps({"name": "acme", "version": "1.0.0"}), "600"),
              file(".openclaw/extensions/acme/openclaw.plugin.json", json.dumps({"id": "acme"}), "600")]
    case("plugins-extension-no-allowlist", "An installed extension and no plugins.allow.", quiet(),
         ["plugins.extensions_no_allowlist", "plugins.tools_reachable_permissive_policy"], files=plugin)
    case("plugins-extension-allowlisted", "An installed extension that plugins.allow names.",
         quiet(plugins={"allow": ["acme"]}), ["plugins.extensions_no_allowlist", "plugins.allow_phantom_entries"], files=plugin)
    case("plugins-allow-phantom", "plugins.allow names a plugin that is not installed.",
         quiet(plugins={"allow": ["acme", "ghost-plugin"]}), ["plugins.allow_phantom_entries"], files=plugin)
    case("plugins-no-extensions-allow-set", "plugins.allow without any extension dir: phantom check skipped.",
         quiet(plugins={"allow": ["ghost-plugin"]}), ["plugins.allow_phantom_entries"])
    case("plugins-ignored-dirs-only", "Only ignored directories under extensions.", quiet(),
         ["plugins.extensions_no_allowlist"],
         files=[directory(".openclaw/extensions/node_modules", "700"), directory(".openclaw/extensions/.staging", "700"),
                directory(".openclaw/extensions/old.bak", "700"), directory(".openclaw/extensions/acme.disabled", "700"),
                directory(".openclaw/extensions/acme.backup-20260101", "700"), file(".openclaw/extensions/README.txt", "x", "600")])
    case("plugins-extension-restrictive-profile", "An extension with a restrictive tool profile.",
         quiet(tools={"profile": "minimal"}), ["plugins.tools_reachable_permissive_policy", "plugins.extensions_no_allowlist"],
         files=plugin)
    case("plugins-extension-denied", "An extension that plugins.deny names.",
         quiet(plugins={"deny": ["acme"]}), ["plugins.tools_reachable_permissive_policy", "plugins.extensions_no_allowlist"],
         files=plugin)
    case("plugins-extension-entry-disabled", "An extension disabled through plugins.entries.",
         quiet(plugins={"entries": {"acme": {"enabled": False}}}), ["plugins.tools_reachable_permissive_policy"], files=plugin)
    case("plugins-two-extensions-agent-allow", "Two extensions, allowlisted, one agent allowing group:plugins.",
         quiet(plugins={"allow": ["acme", "beta"]}, tools={"profile": "coding"},
               agents={"entries": {"main": {"tools": {"allow": ["group:plugins"]}}}}),
         ["plugins.tools_reachable_permissive_policy"],
         files=plugin + [file(".openclaw/extensions/beta/package.json", json.dumps({"name": "beta", "version": "0.1.0"}), "600")])
    case("plugins-extension-telegram-configured", "An extension while a configured Telegram bot may expose native skill commands.",
         quiet(channels={"telegram": {"botToken": BOT_TOKEN, "dmPolicy": "pairing"}}), ["plugins.extensions_no_allowlist"],
         files=plugin)


def exposure_and_trust():
    tg_open = {"telegram": {"groupPolicy": "open"}}
    case("exposure-open-groups-defaults", "An open group with default tools.", {**quiet(), "channels": tg_open},
         ["security.exposure.open_groups_with_elevated", "security.exposure.open_groups_with_runtime_or_fs",
          "security.exposure.open_groups_with_control_plane_tools", "security.trust_model.multi_user_heuristic"])
    case("exposure-open-groups-elevated-disabled", "Open group, elevated disabled.",
         quiet(channels=tg_open, tools={"elevated": {"enabled": False}}), ["security.exposure.open_groups_with_elevated"])
    case("exposure-open-groups-messaging-profile", "Open group with the messaging profile.",
         quiet(channels=tg_open, tools={"profile": "messaging", "elevated": {"enabled": False}}),
         ["security.exposure.open_groups_with_runtime_or_fs", "security.exposure.open_groups_with_control_plane_tools"])
    case("exposure-open-groups-sandbox-all", "Open group with every session sandboxed.",
         quiet(channels=tg_open, agents={"defaults": {"sandbox": {"mode": "all"}}}),
         ["security.exposure.open_groups_with_runtime_or_fs"])
    case("exposure-open-groups-deny-runtime-workspace-only", "Runtime denied and fs limited to the workspace.",
         quiet(channels=tg_open, tools={"deny": ["group:runtime"], "fs": {"workspaceOnly": True}}),
         ["security.exposure.open_groups_with_runtime_or_fs"])
    case("exposure-open-groups-deny-runtime-only", "Runtime denied, fs tools unguarded: warning.",
         quiet(channels=tg_open, tools={"deny": ["group:runtime"]}), ["security.exposure.open_groups_with_runtime_or_fs"])
    case("exposure-open-groups-deny-control-plane", "Control-plane tools denied.",
         quiet(channels=tg_open, tools={"deny": ["automations", "gateway", "plugins"]}),
         ["security.exposure.open_groups_with_control_plane_tools"])
    case("exposure-open-groups-deny-cron-alias", "cron is an alias of the automations tool.",
         quiet(channels=tg_open, tools={"deny": ["cron", "gateway", "plugins"]}),
         ["security.exposure.open_groups_with_control_plane_tools"])
    case("exposure-open-dm-wildcard", "An open DM policy with '*'.",
         quiet(channels={"telegram": {"dmPolicy": "open", "allowFrom": ["*"]}}),
         ["security.exposure.open_groups_with_elevated", "security.trust_model.multi_user_heuristic"])
    case("exposure-open-dm-without-star", "dmPolicy open without '*': the reference warns, we refuse the config.",
         quiet(channels={"telegram": {"dmPolicy": "open", "allowFrom": ["12345"]}}), [],
         expectedDifference={
             "reason": "our config loader rejects dmPolicy \"open\" unless allowFrom contains \"*\" (the security "
                       "document requires it; the reference only warns that all DMs will be dropped), so the audit "
                       "exits 1 as for any invalid config; see docs/compat.md (Config)",
             "exit": 1,
         })
    case("exposure-legacy-dm-policy-open", "Legacy channels.<ch>.dm.policy open: rejected by the reference.",
         quiet(channels={"telegram": {"dm": {"policy": "open", "allowFrom": ["*"]}}}), [],
         expectedDifference={
             "reason": "docs/compat.md (Config: keys the security document names but 2026.9 retired): "
                       "channels.<ch>.dm.{policy,allowFrom} are accepted as dmPolicy/allowFrom",
             "equivalentConfig": j(quiet(channels={"telegram": {"dmPolicy": "open", "allowFrom": ["*"]}})),
         })
    case("exposure-account-group-open", "An open group policy on one account.",
         quiet(channels={"telegram": {"accounts": {"work": {"groupPolicy": "open"}}}}),
         ["security.exposure.open_groups_with_elevated", "security.trust_model.multi_user_heuristic"])
    case("exposure-two-channels-open", "Open groups on two channels.",
         quiet(channels={"telegram": {"groupPolicy": "open"}, "whatsapp": {"groupPolicy": "open"}}),
         ["security.exposure.open_groups_with_elevated"])
    case("exposure-open-groups-agent-contexts", "Defaults locked down, one agent still exposes runtime tools.",
         quiet(channels=tg_open, tools={"profile": "messaging", "elevated": {"enabled": False}},
               agents={"entries": {"main": {"tools": {"profile": "coding"}}}}),
         ["security.exposure.open_groups_with_runtime_or_fs"])
    case("exposure-groups-disabled", "groupPolicy disabled is not open.",
         quiet(channels={"telegram": {"groupPolicy": "disabled", "dmPolicy": "pairing"}}),
         ["security.exposure.open_groups_with_elevated", "security.trust_model.multi_user_heuristic"])
    case("trust-allowlist-with-groups", "An allowlist group policy with configured groups.",
         quiet(channels={"telegram": {"groupPolicy": "allowlist", "groups": {"-1001234567890": {"requireMention": True}}}}),
         ["security.trust_model.multi_user_heuristic"])
    case("trust-allowlist-no-groups", "An allowlist group policy without groups.",
         quiet(channels={"telegram": {"groupPolicy": "allowlist", "groupAllowFrom": ["12345"]}}),
         ["security.trust_model.multi_user_heuristic"])
    case("trust-group-allow-from-wildcard", "groupAllowFrom with '*'.",
         quiet(channels={"whatsapp": {"groupPolicy": "allowlist", "groupAllowFrom": ["*"]}}),
         ["security.trust_model.multi_user_heuristic"])
    case("trust-allow-from-wildcard-pairing", "allowFrom '*' with a pairing DM policy.",
         quiet(channels={"whatsapp": {"dmPolicy": "pairing", "allowFrom": ["*"]}}), ["security.trust_model.multi_user_heuristic"])
    case("trust-account-inherits-channel-groups", "An account inherits the channel's groups.",
         quiet(channels={"telegram": {"groups": {"-1001": {"requireMention": True}},
                                      "accounts": {"work": {"groupPolicy": "allowlist"}}}}),
         ["security.trust_model.multi_user_heuristic"])
    case("trust-group-scope-main", "session.groupScope main merges rooms into the main session.",
         quiet(session={"groupScope": "main"}), ["security.trust_model.group_scope_main"])
    case("trust-group-scope-per-group", "session.groupScope per-group.", quiet(session={"groupScope": "per-group"}),
         ["security.trust_model.group_scope_main"])
    case("trust-binding-group-scope-main", "A route binding with groupScope main.",
         quiet(bindings=[{"type": "route", "agentId": "main", "match": {"channel": "telegram"}, "session": {"groupScope": "main"}}]),
         ["security.trust_model.group_scope_main"])
    two = {"main": {"default": True}, "work": {}}
    case("trust-cross-agent-two-agents", "Two agents share Gateway-wide session access: info.",
         quiet(agents={"entries": two}), ["security.trust_model.cross_agent_session_access_default"])
    case("trust-cross-agent-sandboxed-agent", "A sandboxed agent is a trust signal: warning.",
         quiet(agents={"entries": {"main": {"default": True}, "work": {"sandbox": {"mode": "all"}}}}),
         ["security.trust_model.cross_agent_session_access_default"])
    case("trust-cross-agent-agent-tool-restrictions", "Agent-level tool restrictions are a trust signal.",
         quiet(agents={"entries": {"main": {"default": True}, "work": {"tools": {"deny": ["browser"]}}}}),
         ["security.trust_model.cross_agent_session_access_default"])
    case("trust-cross-agent-visibility-agent", "Session visibility agent: no cross-agent finding.",
         quiet(agents={"entries": two}, tools={"sessions": {"visibility": "agent"}}),
         ["security.trust_model.cross_agent_session_access_default"])
    case("trust-cross-agent-a2a-disabled", "Agent-to-agent disabled: no cross-agent finding.",
         quiet(agents={"entries": two}, tools={"agentToAgent": {"enabled": False}}),
         ["security.trust_model.cross_agent_session_access_default"])
    case("trust-cross-agent-a2a-allow", "An agent-to-agent allow list: no cross-agent finding.",
         quiet(agents={"entries": two}, tools={"agentToAgent": {"allow": ["main", "work"]}}),
         ["security.trust_model.cross_agent_session_access_default"])
    case("trust-cross-agent-session-tools-denied", "Session tools denied everywhere: nobody reaches other sessions.",
         quiet(agents={"entries": two},
               tools={"deny": ["sessions_list", "sessions_history", "sessions_search", "sessions_send", "session_status"]}),
         ["security.trust_model.cross_agent_session_access_default"])
    case("agents-legacy-list", "The legacy agents.list layout (both implementations read it).",
         quiet(agents={"list": [{"id": "main", "tools": {"profile": "coding"}}]}), [])
    case("agents-legacy-list-two-agents", "Two agents in the legacy list, one default.",
         quiet(agents={"list": [{"id": "main", "default": True}, {"id": "work", "sandbox": {"mode": "all"}}]}),
         ["security.trust_model.cross_agent_session_access_default"])
    case("agents-ownership-explicit", "Explicit roster ownership with no default markers.",
         quiet(agents={"ownership": "explicit", "entries": {"alpha": {}, "beta": {}}}),
         ["config.agent_roster.invalid_default_count"])


def models():
    model = lambda primary, **more: quiet(agents={"defaults": {"model": {"primary": primary, **more}}})
    case("models-legacy-gpt35", "GPT-3.5 is legacy (and below GPT-5).", model("openai/gpt-3.5-turbo"), ["models.legacy", "models.weak_tier"])
    case("models-legacy-claude-2", "Claude 2 is legacy.", model("anthropic/claude-2.1"), ["models.legacy", "models.weak_tier"])
    case("models-weak-haiku", "Haiku is a weak tier.", model("anthropic/claude-3-5-haiku-latest"), ["models.weak_tier"])
    case("models-weak-gpt-4o", "GPT-4o is below GPT-5.", model("openai/gpt-4o"), ["models.weak_tier"])
    case("models-weak-claude-sonnet-4", "Claude Sonnet 4 is below Claude 4.5.", model("anthropic/claude-sonnet-4-20250514"),
         ["models.weak_tier"])
    case("models-modern", "Modern models: nothing.", model("anthropic/claude-sonnet-4-5", fallbacks=["openai/gpt-5"]),
         ["models.weak_tier", "models.legacy"])
    case("models-model-as-string", "A plain-string model setting.", quiet(agents={"defaults": {"model": "openai/gpt-4-0613"}}),
         ["models.legacy", "models.weak_tier"])
    case("models-fallback-weak", "A weak fallback model.", model("anthropic/claude-opus-4-5", fallbacks=["anthropic/claude-3-haiku-20240307"]),
         ["models.weak_tier"])
    case("models-agent-legacy", "A legacy model on one agent.",
         quiet(agents={"entries": {"main": {"model": "openai/gpt-4-0314"}}}), ["models.legacy"])
    case("models-small-params-web-exposed", "A small local model with web tools reachable: critical.",
         model("ollama/llama3.1:8b"), ["models.small_params"])
    case("models-small-params-web-disabled", "A small local model with web and browser off: info.",
         quiet(agents={"defaults": {"model": {"primary": "ollama/llama3.1:8b"}}},
               tools={"web": {"fetch": {"enabled": False}, "search": {"enabled": False}}}, browser={"enabled": False}),
         ["models.small_params"])
    case("models-small-params-sandboxed", "Sandboxing no longer makes a small model safe.",
         quiet(agents={"defaults": {"model": {"primary": "ollama/qwen2.5:14b"}, "sandbox": {"mode": "all"}}}),
         ["models.small_params"])
    case("models-small-params-tools-deny-web", "A small model with group:web and browser denied.",
         quiet(agents={"defaults": {"model": {"primary": "ollama/mistral:7b"}}}, tools={"deny": ["group:web", "browser"]}),
         ["models.small_params"])
    case("models-small-image-model-only", "A small image model is not audited for web exposure.",
         quiet(agents={"defaults": {"model": {"primary": "anthropic/claude-opus-4-5"}, "imageModel": {"primary": "ollama/llava:7b"}}}),
         ["models.small_params"])
    case("models-large-params", "A 405B open model is not small.", model("openrouter/meta-llama/llama-3.1-405b-instruct"),
         ["models.small_params"])


def filesystem():
    for mode, covers in [("755", "fs.state_dir.perms_readable"), ("750", "fs.state_dir.perms_readable"),
                         ("705", "fs.state_dir.perms_readable"), ("775", "fs.state_dir.perms_group_writable"),
                         ("770", "fs.state_dir.perms_group_writable"), ("777", "fs.state_dir.perms_world_writable"),
                         ("703", "fs.state_dir.perms_world_writable"), ("711", "fs.state_dir.perms_readable"),
                         ("700", "fs.state_dir.perms_readable")]:
        case(f"fs-state-dir-{mode}", f"State dir mode {mode}.", quiet(), [covers], stateDirMode=mode)
    for mode, covers in [("644", "fs.config.perms_world_readable"), ("604", "fs.config.perms_world_readable"),
                         ("640", "fs.config.perms_group_readable"), ("660", "fs.config.perms_writable"),
                         ("666", "fs.config.perms_writable"), ("620", "fs.config.perms_writable"),
                         ("602", "fs.config.perms_writable"), ("400", "fs.config.perms_world_readable")]:
        case(f"fs-config-{mode}", f"Config file mode {mode}.", quiet(), [covers], configMode=mode)
    case("fs-state-dir-symlink", "The state dir is a symlink to a private dir.", quiet(), ["fs.state_dir.symlink"],
         createStateDir=False, configWriteTo="real-state/openclaw.json",
         files=[directory("real-state", "700"), symlink(".openclaw", "real-state")])
    case("fs-state-dir-symlink-to-755", "The state dir is a symlink to a readable dir.", quiet(),
         ["fs.state_dir.symlink", "fs.state_dir.perms_readable"], createStateDir=False, configWriteTo="real-state/openclaw.json",
         files=[directory("real-state", "755"), symlink(".openclaw", "real-state")])
    case("fs-config-symlink", "The config file is a symlink to a private file.", quiet(), ["fs.config.symlink"],
         configWriteTo="dotfiles/openclaw.json", files=[directory("dotfiles", "700"), symlink(".openclaw/openclaw.json", "../dotfiles/openclaw.json")])
    case("fs-config-symlink-to-644", "A symlinked config suppresses readable warnings.", quiet(),
         ["fs.config.symlink", "fs.config.perms_world_readable"], configWriteTo="dotfiles/openclaw.json", configMode="644",
         files=[directory("dotfiles", "700"), symlink(".openclaw/openclaw.json", "../dotfiles/openclaw.json")])
    case("fs-config-symlink-to-666", "A symlinked config is still checked for writability.", quiet(),
         ["fs.config.symlink", "fs.config.perms_writable"], configWriteTo="dotfiles/openclaw.json", configMode="666",
         files=[directory("dotfiles", "700"), symlink(".openclaw/openclaw.json", "../dotfiles/openclaw.json")])
    include_cfg = {"$include": "./gateway.json5", "tools": {"elevated": {"enabled": False}}}
    inc = lambda mode: file(".openclaw/gateway.json5", j(quiet()), mode)
    for mode, covers in [("644", "fs.config_include.perms_world_readable"), ("640", "fs.config_include.perms_group_readable"),
                         ("664", "fs.config_include.perms_writable"), ("600", "fs.config_include.perms_group_readable")]:
        case(f"fs-include-{mode}", f"An $include file with mode {mode}.", include_cfg, [covers], files=[inc(mode)])
    case("fs-include-nested-644", "An include of an include with mode 644.", {"$include": "./base.json5"},
         ["fs.config_include.perms_world_readable"],
         files=[file(".openclaw/base.json5", j({"$include": "./gateway.json5", "tools": {"elevated": {"enabled": False}}}), "600"),
                inc("644")])
    case("fs-include-array-mixed", "An array of includes, one of them group-readable.", {"$include": ["./gateway.json5", "./tools.json5"]},
         ["fs.config_include.perms_group_readable"],
         files=[inc("600"), file(".openclaw/tools.json5", j({"tools": {"elevated": {"enabled": False}}}), "640")])
    case("fs-include-nested-key", "An include below a key.", {"gateway": {"$include": "./gw.json5"}},
         ["fs.config_include.perms_world_readable"],
         files=[file(".openclaw/gw.json5", j({"auth": token_auth(), "trustedProxies": ["127.0.0.1"]}), "604")])
    creds = lambda dir_mode, *extra: [directory(".openclaw/credentials", dir_mode), *extra]
    case("fs-credentials-dir-755", "Credentials dir readable by others.", quiet(), ["fs.credentials_dir.perms_readable"],
         files=creds("755"))
    case("fs-credentials-dir-750", "Credentials dir readable by the group.", quiet(), ["fs.credentials_dir.perms_readable"],
         files=creds("750"))
    case("fs-credentials-dir-775", "Credentials dir writable by the group.", quiet(), ["fs.credentials_dir.perms_writable"],
         files=creds("775"))
    case("fs-credentials-dir-777", "Credentials dir writable by everyone.", quiet(), ["fs.credentials_dir.perms_writable"],
         files=creds("777"))
    case("fs-credentials-dir-700", "A private credentials dir.", quiet(), ["fs.credentials_dir.perms_readable"], files=creds("700"))
    case("fs-credentials-file-644", "A readable credentials file inside a private dir.", quiet(),
         ["fs.credentials_dir.perms_readable"],
         files=creds("700", file(".openclaw/credentials/oauth.json", "{}\n", "644"),
                     file(".openclaw/credentials/telegram-allowFrom.json", "[]\n", "644")))
    # Not a case: a credentials path that is a regular file crashes the reference (ENOTDIR from a
    # scandir, exit 1), which is no behaviour to copy.
    case("fs-oauth-dir-env-755", "OPENCLAW_OAUTH_DIR overrides the credentials dir.", quiet(),
         ["fs.credentials_dir.perms_readable"], files=[directory("oauth", "755")], env={"OPENCLAW_OAUTH_DIR": "${HOME}/oauth"})
    auth = lambda agent, name, mode: file(f".openclaw/agents/{agent}/agent/{name}", "{}\n", mode)
    case("fs-auth-profiles-644", "auth-profiles.json readable by others.", quiet(), ["fs.auth_profiles.perms_readable"],
         files=[auth("main", "auth-profiles.json", "644")])
    case("fs-auth-profiles-640", "auth-profiles.json readable by the group.", quiet(), ["fs.auth_profiles.perms_readable"],
         files=[auth("main", "auth-profiles.json", "640")])
    case("fs-auth-profiles-664", "auth-profiles.json writable by the group.", quiet(), ["fs.auth_profiles.perms_writable"],
         files=[auth("main", "auth-profiles.json", "664")])
    case("fs-auth-profiles-600", "A private auth-profiles.json.", quiet(), ["fs.auth_profiles.perms_readable"],
         files=[auth("main", "auth-profiles.json", "600")])
    case("fs-auth-profiles-configured-agent-644", "A configured agent's auth profiles readable by others.",
         quiet(agents={"entries": {"work": {}}}), ["fs.auth_profiles.perms_readable"], files=[auth("work", "auth-profiles.json", "644")])
    case("fs-auth-profiles-unconfigured-agent-644", "An unconfigured agent's auth profiles are not looked at.",
         quiet(), ["fs.auth_profiles.perms_readable"], files=[auth("stray", "auth-profiles.json", "644")])
    case("fs-auth-profiles-sqlite-wal-666", "The auth-profile SQLite WAL file writable by everyone.",
         quiet(), ["fs.auth_profiles.perms_writable"], files=[auth("main", "openclaw-agent.sqlite-wal", "666")])
    sessions = lambda agent, mode: file(f".openclaw/agents/{agent}/sessions/sessions.json", "{}\n", mode)
    case("fs-sessions-store-644", "sessions.json readable by others.", quiet(), ["fs.sessions_store.perms_readable"],
         files=[sessions("main", "644")])
    case("fs-sessions-store-640", "sessions.json readable by the group.", quiet(), ["fs.sessions_store.perms_readable"],
         files=[sessions("main", "640")])
    case("fs-sessions-store-600", "A private sessions.json.", quiet(), ["fs.sessions_store.perms_readable"],
         files=[sessions("main", "600")])
    case("fs-session-transcript-644", "A readable transcript (*.jsonl) is not an audit finding.", quiet(),
         ["fs.sessions_store.perms_readable"],
         files=[sessions("main", "600"), file(".openclaw/agents/main/sessions/abc123.jsonl", '{"type":"message"}\n', "644")])
    case("fs-log-file-644", "logging.file readable by others (tilde path).", quiet(logging={"file": "~/logs/openclaw.log"}),
         ["fs.log_file.perms_readable"], files=[file("logs/openclaw.log", "log\n", "644")], repeat=LOG_FILE_RUNS)
    case("fs-log-file-640-absolute", "logging.file (absolute ${HOME} path) readable by the group.",
         quiet(logging={"file": "${HOME}/logs/openclaw.log"}), ["fs.log_file.perms_readable"],
         files=[file("logs/openclaw.log", "log\n", "640")], repeat=LOG_FILE_RUNS)
    case("fs-log-file-600", "A private log file.", quiet(logging={"file": "~/logs/openclaw.log"}),
         ["fs.log_file.perms_readable"], files=[file("logs/openclaw.log", "log\n", "600")], repeat=LOG_FILE_RUNS)
    case("fs-log-file-missing", "A configured log file that does not exist.", quiet(logging={"file": "~/logs/openclaw.log"}),
         ["fs.log_file.perms_readable"])
    case("fs-synced-dropbox-state", "A state dir inside Dropbox.", quiet(), ["fs.synced_dir"], stateDir="Dropbox/openclaw")
    case("fs-synced-google-drive-config", "A config path inside Google Drive.", quiet(), ["fs.synced_dir"],
         configPath="Google Drive/openclaw/openclaw.json")
    case("fs-synced-onedrive-state", "A state dir inside OneDrive (case-insensitive).", quiet(), ["fs.synced_dir"],
         stateDir="ONEDRIVE/state")
    case("fs-not-synced-custom-state", "A custom state dir that is not synced.", quiet(), ["fs.synced_dir"],
         stateDir="srv/openclaw-state")
    # The log file stays out of these two: when the reference logs anything during the audit (here
    # its session-store migration notes) its logger fails on the file and the log-file check is
    # skipped, so the fs-log-file-* cases keep that check alone.
    case("fs-everything-loose", "Every permission problem at once (but the log file).",
         {"$include": "./gateway.json5", "agents": {"entries": {"work": {}}}},
         ["fs.state_dir.perms_world_writable", "fs.config.perms_writable", "fs.config_include.perms_writable",
          "fs.credentials_dir.perms_writable", "fs.auth_profiles.perms_writable", "fs.sessions_store.perms_readable"],
         stateDirMode="777", configMode="666",
         files=[inc("666"), *creds("777", file(".openclaw/credentials/oauth.json", "{}\n", "666")),
                auth("main", "auth-profiles.json", "666"), auth("work", "auth-profiles.json", "644"),
                sessions("main", "644"), sessions("work", "666")])
    case("fs-everything-tight", "Every sensitive file present with private modes.",
         {"$include": "./gateway.json5", "agents": {"entries": {"work": {}}}},
         ["fs.state_dir.perms_readable", "fs.config.perms_world_readable"],
         files=[inc("600"), *creds("700", file(".openclaw/credentials/oauth.json", "{}\n", "600")),
                auth("main", "auth-profiles.json", "600"), auth("work", "auth-profiles.json", "600"),
                sessions("main", "600"), sessions("work", "600")])


def deep_and_combinations():
    case("deep-probe-refused", "--deep with nothing listening: the probe fails.",
         quiet(gateway={"port": 9}), ["gateway.probe_failed"], args=["--deep"])
    case("deep-probe-refused-no-auth", "--deep on a default-ish config with nothing listening.",
         gw(port=9), ["gateway.probe_failed", "gateway.loopback_no_auth"], args=["--deep"])
    case("combo-open-groups-elevated-wildcard", "Open groups plus a wildcard elevated allowlist.",
         quiet(channels={"telegram": {"groupPolicy": "open"}}, tools={"elevated": {"allowFrom": {"telegram": ["*"]}}}),
         ["security.exposure.open_groups_with_elevated", "tools.elevated.allowFrom.telegram.wildcard"])
    case("combo-public-everything", "A gateway exposed every way at once.",
         {"gateway": {"bind": "lan", "controlUi": {"allowedOrigins": ["*"]}, "allowRealIpFallback": True,
                      "tools": {"allow": ["exec"]}, "nodes": {"commands": {"allow": ["camera.snap"]}}},
          "discovery": {"mdns": {"mode": "full"}},
          "channels": {"telegram": {"dmPolicy": "open", "allowFrom": ["*"], "groupPolicy": "open"}},
          "tools": {"exec": {"security": "full"}, "elevated": {"allowFrom": {"telegram": ["*"]}}},
          "hooks": {"enabled": True, "token": "short", "allowRequestSessionKey": True}},
         ["gateway.bind_no_auth", "security.exposure.open_channels_with_exec"], stateDirMode="777", configMode="666")
    case("combo-lan-hooks-nodes-tools-invoke", "LAN gateway with hooks, node commands and HTTP tools.",
         {"gateway": lan_hardened(tools={"allow": ["sessions_send"]}, nodes={"commands": {"allow": ["sms.send"], "deny": ["sms.*"]}}),
          "hooks": {"enabled": True, "token": HOOKS_TOKEN, "defaultSessionKey": "hook:in"}},
         ["gateway.tools_invoke_http.dangerous_allow", "gateway.nodes.allow_commands_dangerous",
          "gateway.nodes.deny_commands_ineffective", "hooks.allowed_agent_ids_unrestricted"])
    case("combo-multi-account-open", "Two accounts, one with an open DM and one with open groups.",
         quiet(channels={"whatsapp": {"accounts": {"personal": {"dmPolicy": "open", "allowFrom": ["*"]},
                                                  "family": {"groupPolicy": "open"}}}},
               tools={"exec": {"security": "allowlist"}}),
         ["security.exposure.open_groups_with_elevated", "security.exposure.open_channels_with_exec",
          "security.trust_model.multi_user_heuristic"])
    case("combo-shared-bot-hardened", "A shared bot done right: allowlists, sandbox, messaging profile.",
         quiet(channels={"telegram": {"dmPolicy": "allowlist", "allowFrom": ["12345"], "groupPolicy": "allowlist",
                                      "groups": {"-1001": {"requireMention": True}}}},
               tools={"profile": "messaging", "elevated": {"enabled": False}, "fs": {"workspaceOnly": True}},
               agents={"defaults": {"sandbox": {"mode": "all"}}}, session={"dmScope": "per-channel-peer"}),
         ["security.trust_model.multi_user_heuristic"])
    case("combo-two-agents-open-groups", "Two agents, one sandboxed, behind an open group.",
         quiet(channels={"telegram": {"groupPolicy": "open"}},
               agents={"entries": {"main": {"default": True}, "guest": {"sandbox": {"mode": "all"}, "tools": {"profile": "messaging"}}}}),
         ["security.trust_model.cross_agent_session_access_default", "security.exposure.open_groups_with_runtime_or_fs"])
    case("combo-small-model-open-groups", "A small model behind an open group.",
         quiet(channels={"telegram": {"groupPolicy": "open"}}, agents={"defaults": {"model": {"primary": "ollama/llama3.2:3b"}}}),
         ["models.small_params", "security.exposure.open_groups_with_elevated"])
    case("combo-trusted-proxy-lan-real-ip-hooks", "trusted-proxy on LAN with real-IP fallback and hooks reusing nothing.",
         {"gateway": {"bind": "lan", "trustedProxies": ["10.0.0.5"], "allowRealIpFallback": True,
                      "controlUi": {"allowedOrigins": ["https://control.example.com"]},
                      "auth": {"mode": "trusted-proxy", "trustedProxy": {"userHeader": "x-forwarded-user"}}},
          "hooks": {"enabled": True, "token": HOOKS_TOKEN, "defaultSessionKey": "hook:in", "allowedAgentIds": ["*"]}},
         ["gateway.real_ip_fallback_enabled", "gateway.trusted_proxy_no_allowlist", "hooks.allowed_agent_ids_unrestricted"])


def retired_keys():
    """Keys the security document names but 2026.9 retired: the reference refuses the config."""
    reason = ("docs/compat.md (Config: keys the security document names but 2026.9 retired): "
              "logging.redactSensitive is accepted with the document's meaning")
    case("retired-logging-redact-off", "logging.redactSensitive off: rejected by the reference, logging.redact_off per the document.",
         quiet(logging={"redactSensitive": "off"}), ["logging.redact_off"],
         expectedDifference={"reason": reason + "; \"off\" yields logging.redact_off (warn)",
                             "equivalentConfig": j(quiet()), "addPairs": [["logging.redact_off", "warn"]]})
    case("retired-logging-redact-tools", "logging.redactSensitive tools: accepted, nothing to flag.",
         quiet(logging={"redactSensitive": "tools"}), ["logging.redact_off"],
         expectedDifference={"reason": reason + "; \"tools\" is the safe default", "equivalentConfig": j(quiet())})
    retired = ("docs/compat.md (Config: keys the security document names but 2026.9 retired): {key} is accepted{more}")
    case("retired-browser-allow-private-network",
         "browser.ssrfPolicy.allowPrivateNetwork: rejected by the reference, the legacy alias of dangerouslyAllowPrivateNetwork.",
         quiet(browser={"ssrfPolicy": {"allowPrivateNetwork": True}}), ["config.insecure_or_dangerous_flags"],
         expectedDifference={"reason": retired.format(key="browser.ssrfPolicy.allowPrivateNetwork",
                                                      more=" as browser.ssrfPolicy.dangerouslyAllowPrivateNetwork"),
                             "equivalentConfig": j(quiet(browser={"ssrfPolicy": {"dangerouslyAllowPrivateNetwork": True}}))})
    case("retired-hooks-max-body-bytes", "hooks.maxBodyBytes: rejected by the reference, accepted by us.",
         quiet(hooks={"maxBodyBytes": 262144}), [],
         expectedDifference={"reason": retired.format(key="hooks.maxBodyBytes", more="; it carries no audit finding"),
                             "equivalentConfig": j(quiet())})
    case("retired-gateway-channel-health-check-minutes", "gateway.channelHealthCheckMinutes: rejected by the reference.",
         quiet(gateway={"channelHealthCheckMinutes": 5}), [],
         expectedDifference={"reason": retired.format(key="gateway.channelHealthCheckMinutes", more="; it carries no audit finding"),
                             "equivalentConfig": j(quiet())})
    case("retired-tools-exec-timeout-sec", "tools.exec.timeoutSec: rejected by the reference, accepted by us.",
         quiet(tools={"exec": {"timeoutSec": 30}}), [],
         expectedDifference={"reason": "docs/compat.md (Config: keys the security document names but 2026.9 retired): "
                                       "tools.exec.timeoutSec is accepted and has no audit finding",
                             "equivalentConfig": j(quiet())})


def main():
    for group in (baselines, invalid_input, gateway, control_ui_and_network, trusted_proxy, http_and_tools_invoke, nodes,
                  flags_and_secrets, hooks, tools_exec_sandbox, skills_and_plugins, exposure_and_trust, models, filesystem,
                  deep_and_combinations, retired_keys):
        group()
    OUT.mkdir(parents=True, exist_ok=True)
    names = {c["name"] for c in CASES}
    for stale in sorted(p for p in OUT.iterdir() if p.is_dir() and p.name not in names):
        shutil.rmtree(stale)
    differences = {}
    for entry in CASES:
        folder = OUT / entry["name"]
        folder.mkdir(exist_ok=True)
        body = {k: v for k, v in entry.items() if k not in ("name", "description_note")}
        if "description_note" in entry:
            body["description"] += f" ({entry['description_note']})"
        (folder / "case.json").write_text(json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        if "expectedDifference" in entry:
            differences[entry["name"]] = entry["expectedDifference"]["reason"]
    (OUT / "expected-differences.json").write_text(json.dumps(differences, indent=2, sort_keys=True) + "\n")
    print(f"{len(CASES)} cases ({len(differences)} expected differences) in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
