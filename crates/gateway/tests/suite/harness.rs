//! A gateway started in-process for one test: a temporary home and state directory, the
//! given config (JSON5) written as `openclaw.json`, port 0, a controllable clock, and a
//! fixed `tailscale whois` answer table. Dropping it shuts the gateway down.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use openclaw_config::{EnvMap, LoadContext};
use openclaw_gateway::tailscale::{StaticWhois, WhoisIdentity};
use openclaw_gateway::{Clock, Overrides, RunOptions};

pub const TOKEN: &str = "test-token-0123456789abcdef0123456789abcdef";

pub struct TestGateway {
    pub dir: tempfile::TempDir,
    pub addr: SocketAddr,
    pub now: Arc<AtomicI64>,
    runtime: Option<tokio::runtime::Runtime>,
}

/// Options beyond the config text.
#[derive(Default)]
pub struct Start {
    pub env: Vec<(String, String)>,
    pub whois: HashMap<IpAddr, WhoisIdentity>,
    pub overrides: Overrides,
    pub agent: Option<Arc<dyn openclaw_gateway::agent_port::AgentPort>>,
    pub url_fetch: openclaw_gateway::url_fetch::UrlFetch,
}

impl TestGateway {
    /// A gateway with token auth (`TOKEN`) plus whatever `extra` (a JSON5 object body, without
    /// braces) adds at the top level.
    pub fn with_token(extra: &str) -> TestGateway {
        TestGateway::start(&format!(
            "{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }} }}, {extra} }}"
        ))
    }

    pub fn start(config: &str) -> TestGateway {
        TestGateway::try_start(config, Start::default()).unwrap_or_else(|err| panic!("gateway did not start: {err}"))
    }

    pub fn try_start(config: &str, start: Start) -> Result<TestGateway, String> {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join(".openclaw");
        std::fs::create_dir_all(&state).unwrap();
        let config_path = state.join("openclaw.json");
        std::fs::write(&config_path, config).unwrap();
        let mut env: Vec<(String, String)> =
            vec![("HOME".into(), dir.path().display().to_string()), ("OPENCLAW_DISABLE_BONJOUR".into(), "1".into())];
        env.extend(start.env);
        let load = LoadContext {
            config_path,
            state_dir: state,
            cwd: dir.path().to_path_buf(),
            process_env: EnvMap::from_pairs(env),
        };
        let now = Arc::new(AtomicI64::new(1_800_000_000_000));
        let clock_now = Arc::clone(&now);
        let mut overrides = start.overrides;
        overrides.port = Some(overrides.port.unwrap_or(0));
        let opts = RunOptions {
            load,
            overrides,
            lock_dir: dir.path().join("tmp"),
            uid: 0,
            clock: Clock::new(move || clock_now.load(Ordering::SeqCst)),
            whois: Arc::new(StaticWhois(start.whois)),
            interfaces: vec![("lo".into(), "127.0.0.1".parse().unwrap())],
            in_container: false,
            log_file: None,
            version: "test".into(),
            host: "testhost".into(),
            agent: start.agent,
            url_fetch: start.url_fetch,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let (tx, rx) = mpsc::channel();
        let done = tx.clone();
        runtime.spawn(async move {
            let result = openclaw_gateway::run(opts, move |listening| {
                let _ = tx.send(Ok(listening.addrs[0]));
            })
            .await;
            let _ = done.send(Err(match result {
                Ok(()) => "gateway exited".to_owned(),
                Err(err) => err.to_string(),
            }));
        });
        let addr = rx.recv_timeout(Duration::from_secs(10)).map_err(|_| "no listening report".to_owned())??;
        Ok(TestGateway { dir, addr, now, runtime: Some(runtime) })
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    pub fn http_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn state_dir(&self) -> PathBuf {
        self.dir.path().join(".openclaw")
    }

    pub fn config_path(&self) -> PathBuf {
        self.state_dir().join("openclaw.json")
    }

    /// Moves the injected clock.
    pub fn advance(&self, ms: i64) {
        self.now.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn now_ms(&self) -> i64 {
        self.now.load(Ordering::SeqCst)
    }
}

impl Drop for TestGateway {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_secs(2));
        }
    }
}

/// Writes `text` to `path` atomically (rename), as editors and `config set` do.
pub fn replace_file(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp-test");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}
