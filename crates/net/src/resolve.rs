//! Name resolution under the SSRF policy. reqwest hands every name it connects to to
//! [`GuardedResolver`], which looks it up, checks every answer and returns only checked
//! addresses: the connection can go nowhere else. A host with any private answer is refused
//! as a whole (a name that resolves to both a public and a private address is an attack).

use std::fmt;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;

use openclaw_policy::net::{SsrfBlock, SsrfPolicy};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub type LookupFuture = Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send>>;

/// Where names are looked up: the system resolver, or a fixed table in tests.
pub trait Lookup: Send + Sync + fmt::Debug {
    fn lookup(&self, host: &str) -> LookupFuture;
}

/// The operating system's resolver (`getaddrinfo`, through tokio).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: &str) -> LookupFuture {
        let host = host.to_owned();
        Box::pin(async move { Ok(tokio::net::lookup_host((host.as_str(), 0)).await?.map(|a| a.ip()).collect()) })
    }
}

/// The policy's refusal of one name, carried through reqwest's error chain so the fetcher can
/// report it as [`NetError::Blocked`](crate::NetError::Blocked) rather than a connect error.
#[derive(Debug)]
pub(crate) struct BlockedAnswer(pub SsrfBlock);

impl fmt::Display for BlockedAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for BlockedAnswer {}

#[derive(Debug)]
pub(crate) struct GuardedResolver {
    pub policy: SsrfPolicy,
    pub lookup: Arc<dyn Lookup>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        let lookup = self.lookup.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            // The host already passed `check_host` in the fetcher; checking again here keeps
            // the resolver safe on its own.
            let blocked = |block| -> BoxError { Box::new(BlockedAnswer(block)) };
            policy.check_host(&host).map_err(blocked)?;
            let answers = lookup.lookup(&host).await.map_err(|e| -> BoxError { Box::new(e) })?;
            if answers.is_empty() {
                let none: BoxError = Box::new(io::Error::new(io::ErrorKind::NotFound, "no addresses"));
                return Err(none);
            }
            for ip in &answers {
                policy.check_address(&host, *ip).map_err(blocked)?;
            }
            // Port 0: reqwest puts the URL's port on every address it is given.
            let addrs: Addrs = Box::new(answers.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok::<Addrs, BoxError>(addrs)
        })
    }
}
