//! The sending half of one WebSocket connection: a queue of serialized frames drained by a
//! writer task, with the number of bytes still queued tracked so a slow consumer can be cut
//! off (close 1008 "slow consumer") before it makes the gateway buffer without bound.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::SinkExt;
use futures_util::stream::SplitSink;
use tokio::sync::{Mutex, Notify, mpsc};

/// How long a close frame may take to leave before the socket is simply dropped: a consumer
/// that stopped reading would otherwise hold the writer forever.
const CLOSE_SEND_BUDGET: Duration = Duration::from_secs(1);

/// What happened to a frame handed to [`Outbound::send`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Queued,
    /// Skipped because the client is slow and the sender allowed dropping.
    Dropped,
    /// The connection is closing (or was just closed for being slow).
    Closed,
}

/// Cloneable handle to a connection's outgoing queue.
#[derive(Clone)]
pub struct Outbound {
    inner: Arc<Inner>,
}

struct Inner {
    tx: mpsc::UnboundedSender<String>,
    buffered: AtomicUsize,
    max_buffered: usize,
    closing: AtomicBool,
    close: Mutex<Option<(u16, String)>>,
    kick: Notify,
}

impl std::fmt::Debug for Outbound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbound").field("buffered", &self.buffered()).finish()
    }
}

impl Outbound {
    /// Starts the writer task for `sink`; frames leave in the order they were queued.
    pub fn start(sink: SplitSink<WebSocket, Message>, max_buffered: usize) -> (Outbound, tokio::task::JoinHandle<()>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let inner = Arc::new(Inner {
            tx,
            buffered: AtomicUsize::new(0),
            max_buffered,
            closing: AtomicBool::new(false),
            close: Mutex::new(None),
            kick: Notify::new(),
        });
        let task = tokio::spawn(writer(Arc::clone(&inner), sink, rx));
        (Outbound { inner }, task)
    }

    /// Bytes queued but not yet handed to the socket.
    pub fn buffered(&self) -> usize {
        self.inner.buffered.load(Ordering::Relaxed)
    }

    pub fn is_closing(&self) -> bool {
        self.inner.closing.load(Ordering::Relaxed)
    }

    /// Queues one text frame. Past the buffer limit the frame is dropped when `drop_if_slow`,
    /// otherwise the connection is closed as a slow consumer.
    pub fn send(&self, text: String, drop_if_slow: bool) -> Sent {
        if self.is_closing() {
            return Sent::Closed;
        }
        let len = text.len();
        if self.buffered().saturating_add(len) > self.inner.max_buffered {
            if drop_if_slow {
                return Sent::Dropped;
            }
            self.close(1008, "slow consumer");
            return Sent::Closed;
        }
        self.inner.buffered.fetch_add(len, Ordering::Relaxed);
        if self.inner.tx.send(text).is_err() {
            self.inner.buffered.fetch_sub(len, Ordering::Relaxed);
            return Sent::Closed;
        }
        Sent::Queued
    }

    /// Asks the writer to send a close frame (after nothing else) and stop. Idempotent: the
    /// first reason wins.
    pub fn close(&self, code: u16, reason: &str) {
        if self.inner.closing.swap(true, Ordering::SeqCst) {
            return;
        }
        if let Ok(mut slot) = self.inner.close.try_lock() {
            *slot = Some((code, truncate_reason(reason)));
        }
        self.inner.kick.notify_one();
    }

    /// Like [`Outbound::close`] but lets the frames already queued go out first (used right
    /// after an error response, which must reach the client before the close).
    pub fn close_after_flush(&self, code: u16, reason: &str) {
        if self.inner.closing.swap(true, Ordering::SeqCst) {
            return;
        }
        if let Ok(mut slot) = self.inner.close.try_lock() {
            *slot = Some((code, truncate_reason(reason)));
        }
        // An empty string is the flush marker: the writer closes when it reaches it.
        let _ = self.inner.tx.send(String::new());
    }
}

/// Close reasons are limited to 123 bytes by RFC 6455.
fn truncate_reason(reason: &str) -> String {
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    reason[..end].to_owned()
}

async fn writer(inner: Arc<Inner>, mut sink: SplitSink<WebSocket, Message>, mut rx: mpsc::UnboundedReceiver<String>) {
    loop {
        tokio::select! {
            biased;
            () = inner.kick.notified() => break,
            next = rx.recv() => {
                let Some(text) = next else { break };
                if text.is_empty() {
                    break;
                }
                inner.buffered.fetch_sub(text.len(), Ordering::Relaxed);
                if sink.send(Message::Text(text.into())).await.is_err() {
                    inner.closing.store(true, Ordering::SeqCst);
                    return;
                }
            }
        }
    }
    let close = inner.close.lock().await.take();
    let frame = close.map(|(code, reason)| CloseFrame { code, reason: reason.into() });
    let _ = tokio::time::timeout(CLOSE_SEND_BUDGET, sink.send(Message::Close(frame))).await;
    let _ = tokio::time::timeout(CLOSE_SEND_BUDGET, sink.close()).await;
}
