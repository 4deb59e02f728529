//! An axum app served on 127.0.0.1 from its own thread and runtime, the shape every fake
//! server here shares: bound before the thread starts (so the address is usable at once),
//! usable from synchronous and async tests alike, and shut down (not gracefully: a test that
//! drops a fake wants it gone, half-finished streams included) when dropped.

use std::net::SocketAddr;
use std::thread::JoinHandle;

use axum::Router;
use tokio::sync::oneshot;

/// A running server; dropping it stops the server and joins its thread.
#[derive(Debug)]
pub struct ThreadServer {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ThreadServer {
    /// Serves `app` on a free port. Panics if the socket, runtime or thread cannot be
    /// created: a fixture that cannot start is a broken test environment, and failing loudly
    /// is the only useful report.
    #[allow(clippy::expect_used)]
    pub fn start(name: &str, app: Router) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind fake server");
        let addr = listener.local_addr().expect("fake server address");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("fake server runtime");
        let (shutdown, stop) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
                    tokio::select! {
                        _ = axum::serve(listener, app) => {}
                        _ = stop => {}
                    }
                });
            })
            .expect("spawn fake server thread");
        Self { addr, shutdown: Some(shutdown), thread: Some(thread) }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for ThreadServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
