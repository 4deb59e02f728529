//! `gateway call|health|probe` and `devices`: our client against OpenClaw's own gateway (the
//! reference implementation, started once for the whole scenario because it takes ~16 s and
//! ~1 GB), plus the failures that need no gateway at all.
//!
//! The reference is found through `../shared/tools/reference-openclaw.sh` (which installs it on
//! first use); when it cannot be installed or started the scenario prints why and passes.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use openclaw_testkit::TempHome;
use serde_json::Value;

use super::{run, run_env};

const TOKEN: &str = "reference-gateway-token-0123456789abcdef";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The reference gateway, killed (with its process group) when dropped, even if a check panics.
struct ReferenceGateway {
    child: Child,
    port: u16,
    log: PathBuf,
    _home: TempHome,
}

impl Drop for ReferenceGateway {
    fn drop(&mut self) {
        // The gateway re-executes itself as `openclaw-gateway` and spawns helpers; they share the
        // process group started below, so the whole group goes, politely first.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).stderr(Stdio::null()).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.wait();
    }
}

impl ReferenceGateway {
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }
}

fn start_reference() -> Result<ReferenceGateway, String> {
    let wrapper = super::reference::wrapper()?;
    let home = TempHome::new().map_err(|e| e.to_string())?;
    let port = free_port();
    home.write_config(&format!(
        "{{ gateway: {{ mode: 'local', port: {port}, bind: 'loopback', auth: {{ mode: 'token', token: '{TOKEN}' }} }} }}"
    ))
    .map_err(|e| e.to_string())?;
    let log = home.home().join("gateway.log");
    let log_file = std::fs::File::create(&log).map_err(|e| e.to_string())?;
    // `timeout` bounds the gateway's life even if this test process is killed before Drop runs.
    let mut cmd = Command::new("timeout");
    cmd.process_group(0)
        .args(["--kill-after=5", "600"])
        .arg(&wrapper)
        .args(["gateway", "run", "--port", &port.to_string(), "--allow-unconfigured"])
        .env("HOME", home.home())
        .env("OPENCLAW_STATE_DIR", home.state_dir())
        .env_remove("OPENCLAW_GATEWAY_TOKEN")
        .env_remove("OPENCLAW_GATEWAY_PASSWORD")
        .env_remove("OPENCLAW_GATEWAY_URL")
        .env_remove("OPENCLAW_GATEWAY_PORT")
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
        .stderr(log_file);
    let child = cmd.spawn().map_err(|e| format!("cannot start {}: {e}", wrapper.display()))?;
    let mut gateway = ReferenceGateway { child, port, log, _home: home };
    let probe_home = TempHome::new().map_err(|e| e.to_string())?;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(180) {
        if let Ok(Some(status)) = gateway.child.try_wait() {
            return Err(format!("reference gateway exited ({status}):\n{}", gateway.log_tail()));
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            let url = gateway.url();
            let health =
                run(&probe_home, &["gateway", "call", "health", "--url", &url, "--token", TOKEN, "--timeout", "5000"]);
            if health.ok() {
                return Ok(gateway);
            }
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    Err(format!("reference gateway not ready after 180 s:\n{}", gateway.log_tail()))
}

/// A client home whose config points at the gateway's port and holds its token.
fn client_home(port: u16, auth: &str) -> TempHome {
    let home = TempHome::new().unwrap();
    home.write_config(&format!("{{ gateway: {{ port: {port}, auth: {auth} }} }}")).unwrap();
    home
}

#[test]
fn our_client_against_the_reference_gateway() {
    let gateway = match start_reference() {
        Ok(gateway) => gateway,
        Err(why) => {
            eprintln!("SKIPPED: the reference OpenClaw gateway is not available: {why}");
            return;
        }
    };
    let port = gateway.port;
    let url = gateway.url();
    let home = client_home(port, &format!("{{ token: '{TOKEN}' }}"));

    // The configured port and token are enough: no flags.
    let call = run(&home, &["gateway", "call", "health"]);
    assert!(call.ok(), "{}", call.all());
    assert!(call.stdout.starts_with("Gateway call: health\n{"), "{}", call.stdout);
    let health: Value = serde_json::from_str(call.stdout.trim_start_matches("Gateway call: health\n")).unwrap();
    assert_eq!(health["ok"], true, "{health}");

    let status = run(&home, &["gateway", "call", "status", "--json"]);
    assert!(status.ok() && status.json().is_object(), "{}", status.all());

    let text = run(&home, &["gateway", "health"]);
    assert!(text.ok() && text.stdout.starts_with("Gateway Health\nOK ("), "{}", text.all());
    assert_eq!(run(&home, &["gateway", "health", "--json"]).json()["ok"], true);

    // A generous budget: a freshly started reference gateway answers its first reads slowly.
    let probe = run(&home, &["gateway", "probe", "--json", "--timeout", "15000"]).json();
    assert_eq!(probe["ok"], true, "{probe}");
    assert_eq!(probe["primaryTargetId"], "localLoopback", "{probe}");
    assert_eq!(probe["targets"][0]["url"], url.as_str());
    assert_eq!(probe["targets"][0]["connect"]["ok"], true, "{probe}");
    assert_eq!(
        probe["targets"][0]["server"]["version"].as_str().map(|v| v.starts_with("2026.")),
        Some(true),
        "{probe}"
    );
    let probe_text = run(&home, &["gateway", "probe", "--timeout", "15000"]);
    assert!(probe_text.ok() && probe_text.stdout.contains("Reachable: yes"), "{}", probe_text.all());

    let devices = run(&home, &["devices", "list", "--json"]);
    assert!(devices.ok(), "{}", devices.all());
    assert!(devices.json()["pending"].is_array() && devices.json()["paired"].is_array(), "{}", devices.stdout);
    assert!(run(&home, &["devices", "list"]).ok());

    // A wrong token is refused, and the refusal names the reason.
    let wrong = run(&home, &["gateway", "call", "health", "--token", "wrong-token"]);
    assert_eq!(wrong.status, Some(1), "{}", wrong.all());
    assert!(wrong.stderr.starts_with("Gateway call failed: unauthorized: gateway token mismatch"), "{}", wrong.stderr);
    let wrong = run(&home, &["gateway", "call", "status", "--token", "wrong-token", "--json"]);
    assert_eq!(wrong.status, Some(1));
    assert_eq!(wrong.json()["error"]["type"], "gateway_request_error", "{}", wrong.stdout);
    assert_eq!(wrong.json()["error"]["details"]["code"], "AUTH_TOKEN_MISMATCH", "{}", wrong.stdout);
    let wrong = run(&home, &["gateway", "health", "--token", "wrong-token"]);
    assert_eq!(wrong.status, Some(1));
    assert!(wrong.stderr.contains("token mismatch"), "{}", wrong.stderr);
    let wrong = run(&home, &["devices", "list", "--token", "wrong-token"]);
    assert_eq!(wrong.status, Some(1));
    assert!(wrong.stderr.contains("token mismatch"), "{}", wrong.stderr);
    let wrong = run(&home, &["gateway", "probe", "--token", "wrong-token", "--json", "--timeout", "15000"]).json();
    assert!(wrong["targets"][0]["connect"]["error"].as_str().unwrap_or("").contains("token mismatch"), "{wrong}");

    // An explicit URL with an explicit token, and the token from the environment.
    let bare = TempHome::new().unwrap();
    assert!(run(&bare, &["gateway", "call", "health", "--url", &url, "--token", TOKEN]).ok());
    let env_port = port.to_string();
    let from_env = run_env(
        &bare,
        &["gateway", "call", "health"],
        &[("OPENCLAW_GATEWAY_TOKEN", TOKEN), ("OPENCLAW_GATEWAY_PORT", &env_port)],
    );
    assert!(from_env.ok(), "{}", from_env.all());

    // With a device identity (and no shared secret the local config would recognise) the
    // handshake carries a signed device proof; the gateway pairs this loopback device, issues a
    // device token, and the next call authenticates with that token alone.
    let device_home = client_home(port, "{ mode: 'none' }");
    let state = openclaw_store::StateDir::new(device_home.state_dir());
    let identity = openclaw_store::DeviceIdentity::load_or_create(&state, 1).unwrap();
    let paired = run(&device_home, &["gateway", "call", "status", "--url", &url, "--token", TOKEN]);
    assert!(paired.ok(), "{}", paired.all());
    let cached: Value = serde_json::from_str(
        &std::fs::read_to_string(device_home.state_dir().join("identity/device-auth.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(cached["deviceId"], identity.device_id());
    assert!(cached["tokens"]["operator"]["token"].as_str().is_some_and(|t| !t.is_empty()), "{cached}");
    let by_device_token = run(&device_home, &["gateway", "call", "status"]);
    assert!(by_device_token.ok(), "{}", by_device_token.all());
    let list = run(&home, &["devices", "list", "--json"]).json();
    let ids: Vec<&str> = list["paired"].as_array().unwrap().iter().filter_map(|d| d["deviceId"].as_str()).collect();
    assert!(ids.contains(&identity.device_id()), "{list}");
    drop(gateway);
}

#[test]
fn a_closed_port_fails_every_command_with_the_target() {
    let port = free_port();
    let home = client_home(port, &format!("{{ token: '{TOKEN}' }}"));
    let call = run(&home, &["gateway", "call", "health"]);
    assert_eq!(call.status, Some(1));
    assert!(
        call.stderr.starts_with(&format!("Gateway not reachable at ws://127.0.0.1:{port} (ECONNREFUSED).\n")),
        "{}",
        call.stderr
    );
    assert!(call.stderr.contains("Source: local loopback"), "{}", call.stderr);
    let json = run(&home, &["gateway", "health", "--json"]);
    assert_eq!(json.status, Some(1));
    assert_eq!(json.json()["error"]["type"], "gateway_transport_error");
    assert_eq!(json.json()["gateway"]["urlSource"], "local loopback");
    let devices = run(&home, &["devices", "list", "--json"]);
    assert_eq!((devices.status, devices.json()["error"]["kind"].as_str()), (Some(1), Some("closed")));
    let probe = run(&home, &["gateway", "probe", "--json"]);
    assert_eq!(probe.status, Some(1));
    assert_eq!(probe.json()["warnings"][0]["code"], "no_gateway_reachable");
}

#[test]
fn missing_or_unsafe_credentials_stop_before_connecting() {
    let home = TempHome::new().unwrap();
    let out = run(&home, &["gateway", "call", "status", "--json"]);
    assert_eq!(out.status, Some(1));
    assert_eq!(out.json()["error"]["type"], "gateway_credentials_required", "{}", out.stdout);
    let out = run(&home, &["gateway", "call", "status", "--url", "ws://127.0.0.1:1"]);
    assert!(out.stderr.starts_with("gateway url override requires explicit credentials\n"), "{}", out.stderr);
    let out = run(&home, &["gateway", "call", "status", "--url", "ws://203.0.113.7:1", "--token", "t"]);
    assert_eq!(out.status, Some(1));
    assert!(out.stderr.contains("SECURITY ERROR"), "{}", out.stderr);
    let out = run(&home, &["gateway", "call", "status", "--params", "{nope", "--token", "t"]);
    assert_eq!(out.stderr.trim(), "Gateway call failed: --params must be valid JSON.");
}
