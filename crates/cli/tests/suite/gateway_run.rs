//! `openclaw gateway` as a process: it refuses unsafe starts with a one-line fix, prints the
//! address it listens on, answers on it, and on SIGTERM tells connected clients it is shutting
//! down before exiting cleanly.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use openclaw_testkit::TempHome;
use serde_json::{Value, json};

use super::{BIN, run};

pub const TOKEN: &str = "interop-token-0123456789abcdef0123456789ab";

/// Our gateway as a child process on a free port, killed when dropped.
pub struct OurGateway {
    pub child: Child,
    pub port: u16,
    pub home: TempHome,
}

impl Drop for OurGateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl OurGateway {
    pub fn start(config: &str) -> OurGateway {
        let home = TempHome::new().unwrap();
        home.write_config(config).unwrap();
        let mut child = home
            .command(BIN)
            .args(["gateway", "--port", "0"])
            .env("OPENCLAW_DISABLE_BONJOUR", "1")
            .env("TMPDIR", home.home())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let port = line
            .split("ws://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no listening line: {line:?}"));
        OurGateway { child, port, home }
    }

    pub fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }
}

pub fn token_config() -> String {
    format!("{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }} }} }}")
}

#[test]
fn unsafe_starts_are_refused_with_a_fix() {
    let cases = [
        (
            "{ gateway: { mode: 'local', auth: { mode: 'token' } } }",
            &[][..],
            "openclaw doctor --generate-gateway-token",
        ),
        ("{ gateway: { mode: 'local', auth: { mode: 'none' } } }", &["--bind", "lan"][..], "auth"),
        ("{ gateway: { auth: { token: 'abcdef0123456789abcdef0123' } } }", &[][..], "gateway.mode"),
        ("{ gateway: { mode: 'local', bind: 'custom' } }", &[][..], "customBindHost"),
    ];
    for (config, extra, needle) in cases {
        let home = TempHome::new().unwrap();
        home.write_config(config).unwrap();
        let mut args = vec!["gateway", "run", "--port", "0"];
        args.extend_from_slice(extra);
        let out = run(&home, &args);
        assert_eq!(out.status, Some(1), "{config}: {}", out.all());
        assert!(out.stderr.contains(needle), "{config}: {}", out.stderr);
        assert_eq!(out.stderr.trim().lines().count(), 1, "one line: {}", out.stderr);
    }
}

#[test]
fn bad_flags_are_named() {
    let home = TempHome::new().unwrap();
    home.write_config(&token_config()).unwrap();
    let out = run(&home, &["gateway", "--bind", "everywhere"]);
    assert_eq!(out.status, Some(1));
    assert!(out.stderr.contains("--bind must be one of"), "{}", out.stderr);
    let out = run(&home, &["gateway", "--auth", "magic"]);
    assert!(out.stderr.contains("--auth must be one of"), "{}", out.stderr);
}

#[test]
fn sigterm_announces_shutdown_to_clients_and_exits_cleanly() {
    let mut gw = OurGateway::start(&token_config());
    let stream = std::net::TcpStream::connect(("127.0.0.1", gw.port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let (mut ws, _) = tungstenite::client(gw.url(), stream).unwrap();
    let _challenge = ws.read().unwrap();
    let connect = json!({"type": "req", "id": "c", "method": "connect", "params": {
        "minProtocol": 3, "maxProtocol": 4,
        "client": {"id": "cli", "version": "t", "platform": "linux", "mode": "cli"},
        "role": "operator", "scopes": ["operator.read"], "auth": {"token": TOKEN}}});
    ws.send(tungstenite::Message::Text(connect.to_string().into())).unwrap();
    // Only a connected client (past hello-ok) is told about the shutdown.
    loop {
        let tungstenite::Message::Text(text) = ws.read().unwrap() else { continue };
        let frame: Value = serde_json::from_str(&text).unwrap();
        if frame["id"] == "c" {
            assert_eq!(frame["ok"], true, "{frame}");
            break;
        }
    }
    Command::new("kill").args(["-TERM", &gw.child.id().to_string()]).status().unwrap();
    let mut saw_shutdown = false;
    let mut close_code = None;
    loop {
        match ws.read() {
            Ok(tungstenite::Message::Text(text)) => {
                let frame: Value = serde_json::from_str(&text).unwrap();
                if frame["event"] == "shutdown" {
                    saw_shutdown = true;
                }
            }
            Ok(tungstenite::Message::Close(frame)) => {
                close_code = frame.map(|f| u16::from(f.code));
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(saw_shutdown, "a shutdown event before the close");
    assert_eq!(close_code, Some(1001));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = gw.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < deadline, "gateway did not exit");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_second_gateway_on_the_same_state_is_refused() {
    let gw = OurGateway::start(&token_config());
    // Same TMPDIR as the first, so the same lock; `timeout` guards against a second server.
    let out = gw
        .home
        .command("timeout")
        .args(["20", BIN, "gateway", "--port", "0"])
        .env("OPENCLAW_DISABLE_BONJOUR", "1")
        .env("TMPDIR", gw.home.home())
        .output()
        .unwrap();
    let out = openclaw_testkit::Run::from(out);
    assert_eq!(out.status, Some(1), "{}", out.all());
    assert!(out.stderr.contains("already running"), "{}", out.stderr);
}
