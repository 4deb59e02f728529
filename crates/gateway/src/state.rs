//! The gateway's shared state: the current [`Runtime`] (swapped on hot reload), the live
//! connections, the rate limiters and budgets, and the handles to the stores. One `Arc` of it
//! is given to every connection and HTTP handler.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use openclaw_config::LoadContext;
use openclaw_policy::gateway::rate_limit::{AuthRateLimiter, RateLimitConfig};
use openclaw_store::StateDir;
use tokio::sync::watch;

use crate::budget::WriteBudget;
use crate::clock::Clock;
use crate::runtime::{Overrides, Runtime};
use crate::tailscale::Whois;
use crate::ws::registry::Registry;

/// Why the serve loop should stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    Running,
    Shutdown {
        reason: String,
    },
    /// Rebind with a fresh config (restart-required keys changed, or `config.apply`).
    Restart {
        reason: String,
        delay_ms: u64,
    },
}

/// Server identity reported in `hello-ok` and `health`.
#[derive(Debug, Clone)]
pub struct Boot {
    pub boot_id: String,
    pub version: String,
    pub started: Instant,
    pub started_at_ms: i64,
    pub host: String,
}

/// The agent port, if any (a wrapper so the state can stay `Debug`).
#[derive(Clone, Default)]
pub struct AgentSlot(pub Option<Arc<dyn crate::agent_port::AgentPort>>);

impl std::fmt::Debug for AgentSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "AgentSlot(Some)" } else { "AgentSlot(None)" })
    }
}

/// Shared by every connection and handler.
#[derive(Debug)]
pub struct GatewayState {
    pub load: LoadContext,
    pub overrides: Overrides,
    pub state_dir: StateDir,
    pub log_file: Option<PathBuf>,
    runtime: RwLock<Arc<Runtime>>,
    pub boot: Boot,
    pub clock: Clock,
    pub registry: Registry,
    pub auth_limiter: Mutex<AuthRateLimiter>,
    pub hook_limiter: Mutex<AuthRateLimiter>,
    pub write_budget: Mutex<WriteBudget>,
    pub whois: Arc<dyn Whois>,
    /// Wake requests and hook-triggered agent runs waiting for the agent runtime.
    pub system_events: crate::events::SystemEvents,
    /// Addresses this host holds on its tailnet: clients from them count as local for pairing.
    pub own_tailnet_ips: Vec<std::net::IpAddr>,
    pub stop: watch::Sender<Stop>,
    /// Runs agents (`chat.send`, `agent`, `/v1/*`); `None` when the gateway was started without one.
    pub agent: AgentSlot,
    /// Active and recently ended agent runs.
    pub runs: crate::runs::Runs,
    /// The sessions recent `/v1/responses` ran in, for `previous_response_id`.
    pub(crate) response_sessions: crate::http::openai::ResponseSessions,
    /// How URL inputs are fetched.
    pub url_fetch: crate::url_fetch::UrlFetch,
    /// Set when presence changed and a broadcast is due (coalesced, see `presence_changed`).
    presence_dirty: std::sync::atomic::AtomicBool,
    /// The last `health` snapshot and when it was taken, for hello-ok and the post-hello event.
    health_cache: Mutex<Option<(Instant, serde_json::Value)>>,
}

/// Presence broadcasts are coalesced into one per window: a burst of connects (a reconnect
/// storm) must not cost one full presence list per connection per connection.
const PRESENCE_WINDOW: std::time::Duration = std::time::Duration::from_millis(250);
/// How stale the health snapshot in `hello-ok` may be; the `health` method is always fresh.
const HEALTH_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);

impl GatewayState {
    /// Whether `model` may be chosen for `agent_id` under the running config (the agent port
    /// decides: `agents.defaults.models`); `Err` is the reason. Without a port, nothing runs, so
    /// nothing is refused.
    pub fn check_model(&self, agent_id: &str, model: &str) -> Result<(), String> {
        let runtime = self.runtime();
        match (self.agent.0.as_ref(), runtime.snapshot.resolved.as_ref()) {
            (Some(port), Some(config)) => port.check_model(config, agent_id, model),
            _ => Ok(()),
        }
    }

    pub fn runtime(&self) -> Arc<Runtime> {
        match self.runtime.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn set_runtime(&self, next: Runtime) {
        match self.runtime.write() {
            Ok(mut guard) => *guard = Arc::new(next),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
        }
    }

    pub fn request_stop(&self, stop: Stop) {
        self.stop.send_if_modified(|current| {
            if *current == Stop::Running {
                *current = stop;
                true
            } else {
                false
            }
        });
    }

    /// Schedules one `presence` broadcast for this window (callers may call it in a burst).
    pub fn presence_changed(self: &Arc<Self>) {
        use std::sync::atomic::Ordering;
        if self.presence_dirty.swap(true, Ordering::SeqCst) {
            return;
        }
        let state = Arc::clone(self);
        tokio::spawn(async move {
            tokio::time::sleep(PRESENCE_WINDOW).await;
            state.presence_dirty.store(false, Ordering::SeqCst);
            let presence = crate::methods::presence_entries(&state);
            state.registry.broadcast("presence", serde_json::json!({"presence": presence}), true);
        });
    }

    /// A `health` snapshot at most a couple of seconds old.
    pub fn cached_health(self: &Arc<Self>) -> serde_json::Value {
        if let Ok(cache) = self.health_cache.lock()
            && let Some((at, value)) = cache.as_ref()
            && at.elapsed() < HEALTH_CACHE_TTL
        {
            return value.clone();
        }
        let fresh = crate::methods::health_snapshot(self);
        if let Ok(mut cache) = self.health_cache.lock() {
            *cache = Some((Instant::now(), fresh.clone()));
        }
        fresh
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn uptime_ms(&self) -> u64 {
        u64::try_from(self.boot.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

/// Everything needed to build a [`GatewayState`].
#[derive(Debug)]
pub struct StateParts {
    pub load: LoadContext,
    pub overrides: Overrides,
    pub runtime: Runtime,
    pub boot: Boot,
    pub clock: Clock,
    pub whois: Arc<dyn Whois>,
    pub own_tailnet_ips: Vec<std::net::IpAddr>,
    pub log_file: Option<PathBuf>,
    pub agent: Option<Arc<dyn crate::agent_port::AgentPort>>,
    pub url_fetch: crate::url_fetch::UrlFetch,
}

impl GatewayState {
    pub fn new(parts: StateParts) -> (Arc<GatewayState>, watch::Receiver<Stop>) {
        let limits = &parts.runtime.config.gateway.auth.rate_limit;
        let auth_limiter = AuthRateLimiter::new(RateLimitConfig::from_settings(
            Some(limits.max_attempts),
            Some(limits.window_ms),
            Some(limits.lockout_ms),
            Some(limits.exempt_loopback),
        ));
        let hook_limiter = AuthRateLimiter::new(RateLimitConfig::hooks());
        let (stop, stop_rx) = watch::channel(Stop::Running);
        let state = GatewayState {
            state_dir: StateDir::new(parts.load.state_dir.clone()),
            load: parts.load,
            overrides: parts.overrides,
            log_file: parts.log_file,
            runtime: RwLock::new(Arc::new(parts.runtime)),
            boot: parts.boot,
            clock: parts.clock,
            registry: Registry::default(),
            auth_limiter: Mutex::new(auth_limiter),
            hook_limiter: Mutex::new(hook_limiter),
            write_budget: Mutex::new(WriteBudget::default()),
            whois: parts.whois,
            system_events: crate::events::SystemEvents::new(),
            own_tailnet_ips: parts.own_tailnet_ips,
            stop,
            agent: AgentSlot(parts.agent),
            runs: crate::runs::Runs::default(),
            response_sessions: Default::default(),
            url_fetch: parts.url_fetch,
            presence_dirty: std::sync::atomic::AtomicBool::new(false),
            health_cache: Mutex::new(None),
        };
        (Arc::new(state), stop_rx)
    }
}
