//! Ctrl-C as a counter instead of a kill, for the commands that wait on an agent run (`chat`,
//! `agent`): the first press during a reply aborts the run on the gateway, the next one ends the
//! command. Their loops are blocking, so a small thread runs tokio's signal handling and only
//! bumps the counter the loop polls.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Clone)]
pub struct Interrupts(Arc<AtomicUsize>);

impl Interrupts {
    /// Starts listening for SIGINT. When the handler cannot be installed, Ctrl-C keeps its
    /// default effect (ending the process), which is still a way out.
    pub fn watch() -> Self {
        let count = Arc::new(AtomicUsize::new(0));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<bool>();
        let counter = Arc::clone(&count);
        let spawned = std::thread::Builder::new().name("sigint".to_owned()).spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => runtime,
                Err(_) => {
                    let _ = ready_tx.send(false);
                    return;
                }
            };
            runtime.block_on(async move {
                use tokio::signal::unix::{SignalKind, signal};
                // Creating the stream installs the handler; report only after that, so no
                // Ctrl-C pressed right after start kills the process mid-reply.
                let Ok(mut sigint) = signal(SignalKind::interrupt()) else {
                    let _ = ready_tx.send(false);
                    return;
                };
                let _ = ready_tx.send(true);
                while sigint.recv().await.is_some() {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
            });
        });
        if spawned.is_err() || !ready_rx.recv().unwrap_or(false) {
            tracing::warn!("cannot handle Ctrl-C; it will end the command without aborting the run");
        }
        Self(count)
    }

    /// How many Ctrl-C presses so far.
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}
