//! The serve loop: take the single-instance lock, resolve the config, refuse unsafe starts,
//! bind, serve until a signal or a stop request, then announce `shutdown`, drain and either
//! exit or start again with a fresh config (restart-required changes, `config.apply`).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::serve::ListenerExt;
use openclaw_config::LoadContext;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::error::{GatewayError, Result};
use crate::front_door;
use crate::runtime::{Overrides, Runtime};
use crate::state::{Boot, GatewayState, StateParts, Stop};
use crate::tailscale::Whois;

/// How long open connections get to receive `shutdown` and close before the process moves on.
const DRAIN_BUDGET: Duration = Duration::from_secs(2);

/// Everything `gateway run` decides before the server starts.
#[derive(Debug)]
pub struct RunOptions {
    pub load: LoadContext,
    pub overrides: Overrides,
    /// Directory for the single-instance lock (`<tmp>/openclaw-<uid>/`).
    pub lock_dir: PathBuf,
    pub uid: u32,
    pub clock: Clock,
    pub whois: Arc<dyn Whois>,
    /// This host's network interfaces (for `lan`/`tailnet`/`auto` binds and local detection).
    pub interfaces: Vec<(String, IpAddr)>,
    /// Running in a container (`auto` bind then listens on all interfaces).
    pub in_container: bool,
    pub log_file: Option<PathBuf>,
    pub version: String,
    pub host: String,
    /// Runs agents for `chat.send`, `agent` and `/v1/*`; without one those answer UNAVAILABLE.
    pub agent: Option<Arc<dyn crate::agent_port::AgentPort>>,
    /// How URL inputs are fetched (the system resolver outside tests).
    pub url_fetch: crate::url_fetch::UrlFetch,
}

/// Reported once the listeners are up.
#[derive(Debug, Clone)]
pub struct Listening {
    pub addrs: Vec<SocketAddr>,
    pub auth_mode: String,
}

/// Runs the gateway until shutdown. `on_listening` is called every time the listeners are
/// (re)bound, after which clients can connect.
pub async fn run(opts: RunOptions, mut on_listening: impl FnMut(&Listening)) -> Result<()> {
    let lock = crate::lock::acquire(&opts.lock_dir, opts.uid, &opts.load.config_path)?;
    tracing::debug!(lock = %lock.path.display(), "single-instance lock held");
    let mut signals = Signals::install()?;
    loop {
        let runtime = Runtime::load(&opts.load, &opts.overrides)?;
        let plan = front_door::startup_plan(&runtime, &opts.interfaces, opts.in_container)?;
        let listeners = bind_all(&plan.addrs, &plan.optional_addrs, runtime.port).await?;
        let addrs: Vec<SocketAddr> = listeners.iter().filter_map(|l| l.local_addr().ok()).collect();
        let boot = Boot {
            boot_id: uuid::Uuid::new_v4().to_string(),
            version: opts.version.clone(),
            started: Instant::now(),
            started_at_ms: opts.clock.now_ms(),
            host: opts.host.clone(),
        };
        let (state, mut stop_rx) = GatewayState::new(StateParts {
            load: opts.load.clone(),
            overrides: opts.overrides.clone(),
            runtime,
            boot,
            clock: opts.clock.clone(),
            whois: Arc::clone(&opts.whois),
            url_fetch: opts.url_fetch.clone(),
            own_tailnet_ips: plan.own_tailnet_ips.clone(),
            log_file: opts.log_file.clone(),
            agent: opts.agent.clone(),
        });
        let listening = Listening { addrs: addrs.clone(), auth_mode: plan.auth_mode.clone() };
        on_listening(&listening);
        let advertiser = crate::discovery_glue::start(&state, &addrs);
        let reloader = crate::reload::spawn(Arc::clone(&state));
        let ticker = tokio::spawn(tick_loop(Arc::clone(&state)));
        let hook_runner = crate::hook_runs::spawn(Arc::clone(&state));
        let servers = serve_all(Arc::clone(&state), listeners, stop_rx.clone());

        let stop = tokio::select! {
            // The listeners also end when a stop was requested (graceful shutdown watches the
            // same flag): then the request says what to do, not "the listener closed".
            () = servers => match stop_rx.borrow().clone() {
                Stop::Running => Stop::Shutdown { reason: "listener closed".into() },
                requested => requested,
            },
            signal = signals.next() => {
                let stop = match signal {
                    SignalKind::Restart => Stop::Restart { reason: "SIGUSR1".into(), delay_ms: 0 },
                    SignalKind::Terminate => Stop::Shutdown { reason: "gateway stopping".into() },
                };
                state.request_stop(stop.clone());
                stop
            }
            stop = wait_stop(&mut stop_rx) => stop,
        };
        ticker.abort();
        hook_runner.abort();
        reloader.abort();
        drop(advertiser);
        drain(&state, &stop).await;
        match stop {
            Stop::Restart { reason, delay_ms } => {
                tracing::info!(%reason, "gateway restarting");
                if delay_ms > 0 {
                    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                }
            }
            Stop::Shutdown { reason } => {
                tracing::info!(%reason, "gateway stopped");
                return Ok(());
            }
            Stop::Running => return Ok(()),
        }
    }
}

async fn wait_stop(rx: &mut watch::Receiver<Stop>) -> Stop {
    loop {
        if *rx.borrow_and_update() != Stop::Running {
            return rx.borrow().clone();
        }
        if rx.changed().await.is_err() {
            return Stop::Shutdown { reason: "gateway stopping".into() };
        }
    }
}

/// Broadcasts `shutdown {reason, restartExpectedMs?}`, then closes every connection (1012
/// for a restart, 1001 otherwise) and gives them a moment to flush.
async fn drain(state: &Arc<GatewayState>, stop: &Stop) {
    let (reason, restart_ms, code) = match stop {
        Stop::Restart { reason, delay_ms } => (reason.clone(), Some(*delay_ms), 1012),
        Stop::Shutdown { reason } => (reason.clone(), None, 1001),
        Stop::Running => ("gateway stopping".to_owned(), None, 1001),
    };
    let mut payload = json!({"reason": reason});
    if let Some(ms) = restart_ms {
        payload["restartExpectedMs"] = json!(ms);
    }
    state.registry.broadcast("shutdown", payload, true);
    state.registry.close_all(code, if restart_ms.is_some() { "service restart" } else { "gateway shutting down" });
    let deadline = Instant::now() + DRAIN_BUDGET;
    while !state.registry.is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn bind_all(addrs: &[IpAddr], optional: &[IpAddr], port: u16) -> Result<Vec<TcpListener>> {
    let mut listeners = Vec::new();
    for ip in addrs {
        let addr = SocketAddr::new(*ip, port);
        let listener =
            TcpListener::bind(addr).await.map_err(|source| GatewayError::Bind { addr: addr.to_string(), source })?;
        listeners.push(listener);
    }
    // Port 0 means "any": the optional listeners must share the port the first one got.
    let port = listeners.first().and_then(|l| l.local_addr().ok()).map_or(port, |a| a.port());
    for ip in optional {
        let addr = SocketAddr::new(*ip, port);
        match TcpListener::bind(addr).await {
            Ok(listener) => listeners.push(listener),
            // A host without IPv6 loopback still serves on IPv4.
            Err(err) => tracing::debug!(%addr, error = %err, "optional listener skipped"),
        }
    }
    Ok(listeners)
}

async fn serve_all(state: Arc<GatewayState>, listeners: Vec<TcpListener>, stop_rx: watch::Receiver<Stop>) {
    let mut tasks = Vec::new();
    for listener in listeners {
        let app = crate::http::router(Arc::clone(&state)).into_make_service_with_connect_info::<SocketAddr>();
        // Frames are small and latency-bound (request → response): Nagle's algorithm would hold
        // each one back waiting for the peer's delayed ACK (~40 ms).
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let mut rx = stop_rx.clone();
        tasks.push(tokio::spawn(async move {
            let shutdown = async move {
                let _ = wait_stop(&mut rx).await;
            };
            if let Err(err) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
                tracing::error!(error = %err, "listener failed");
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
}

/// `tick {ts}` every 30 s so clients can tell a dead link from a quiet one.
async fn tick_loop(state: Arc<GatewayState>) {
    let mut interval = tokio::time::interval(Duration::from_millis(openclaw_protocol::TICK_INTERVAL_MS));
    interval.tick().await;
    loop {
        interval.tick().await;
        state.registry.broadcast("tick", json!({"ts": state.now_ms()}), true);
    }
}

enum SignalKind {
    Terminate,
    Restart,
}

struct Signals {
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
    usr1: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> Result<Signals> {
        use tokio::signal::unix::{SignalKind as K, signal};
        let io = |source| GatewayError::Io { context: "cannot install signal handlers".into(), source };
        Ok(Signals {
            term: signal(K::terminate()).map_err(io)?,
            int: signal(K::interrupt()).map_err(io)?,
            usr1: signal(K::user_defined1()).map_err(io)?,
        })
    }

    async fn next(&mut self) -> SignalKind {
        tokio::select! {
            _ = self.term.recv() => SignalKind::Terminate,
            _ = self.int.recv() => SignalKind::Terminate,
            _ = self.usr1.recv() => SignalKind::Restart,
        }
    }
}
