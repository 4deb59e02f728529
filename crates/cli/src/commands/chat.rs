//! `openclaw chat`: a line-based conversation with one session through the running gateway —
//! OpenClaw's `tui` without the screen. Each stdin line goes out with `chat.send` (slash
//! commands included: the gateway interprets them); the reply streams from `chat` events.
//! Lines are sent one at a time, after the previous reply ended, so piped input reads as a
//! script. `/quit`, `/exit` or end of input leave; Ctrl-C aborts a reply, a second one leaves.

mod reply;
#[cfg(test)]
mod tests;

use std::io::{BufRead, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::args::ChatArgs;
use crate::context::RunContext;
use crate::failure::Failure;
use crate::gateway_client::{self, CallError, Connection, Incoming, READ_SCOPE, RpcOptions, WRITE_SCOPE, random_uuid};
use crate::render;

use super::interrupts::Interrupts;
use reply::{End, Reply};

/// Connecting and loading history are bounded; the conversation itself is not.
const CONNECT_TIMEOUT_MS: u64 = 10_000;
const OPEN_ENDED: Duration = Duration::from_secs(365 * 24 * 3600);
/// How long one wait for input or frames lasts before Ctrl-C is checked again.
const SLICE: Duration = Duration::from_millis(100);

enum Input {
    Line(String),
    Eof,
}

/// The run being replied to.
struct Active {
    reply: Reply,
    send_id: String,
    abort_sent: bool,
}

pub fn run(ctx: &RunContext, args: ChatArgs) -> anyhow::Result<()> {
    let options = RpcOptions { target: args.conn.target(), timeout_ms: CONNECT_TIMEOUT_MS, expect_final: false };
    let scopes = [READ_SCOPE.to_owned(), WRITE_SCOPE.to_owned()];
    let mut connection = gateway_client::connect(ctx, &options, "chat.send", &scopes).map_err(failed)?;
    if args.history > 0 {
        let query = json!({"sessionKey": args.session, "limit": args.history});
        let history = connection.request("chat.history", Some(&query), false).map_err(failed)?;
        for line in reply::history_lines(&history) {
            render::out(&line);
        }
    }
    connection.set_deadline(Instant::now() + OPEN_ENDED);
    let interrupts = Interrupts::watch();
    let chat = Chat {
        session: args.session,
        thinking: args.thinking,
        interactive: std::io::stdin().is_terminal(),
        connection,
        interrupts,
    };
    let status = chat.converse(read_lines())?;
    if status == 0 { Ok(()) } else { Err(Failure::Silent(status).into()) }
}

struct Chat {
    session: String,
    thinking: Option<String>,
    interactive: bool,
    connection: Connection,
    interrupts: Interrupts,
}

impl Chat {
    /// Runs until the user leaves. Later lines are still sent after a failed reply (the user
    /// decides what to do about it), but the exit status is 1 then, and 130 when the user left
    /// in the middle of a reply.
    fn converse(mut self, input: Receiver<Input>) -> anyhow::Result<u8> {
        let mut active: Option<Active> = None;
        let mut seen_interrupts = 0;
        let mut failed_reply = false;
        let mut prompt_due = true;
        loop {
            let interrupts = self.interrupts.count();
            if interrupts > seen_interrupts {
                seen_interrupts = interrupts;
                match &mut active {
                    Some(run) if !run.abort_sent => {
                        let params = json!({"sessionKey": self.session, "runId": run.reply.run_id()});
                        self.connection.send("chat.abort", &params).map_err(failed)?;
                        run.abort_sent = true;
                        eprintln!("\n(aborting the reply; press Ctrl-C again to quit)");
                    }
                    Some(_) => return self.leave(130),
                    None => return self.leave(u8::from(failed_reply)),
                }
            }
            if active.is_none() {
                if prompt_due && self.interactive {
                    eprint!("> ");
                    let _ = std::io::stderr().flush();
                    prompt_due = false;
                }
                match input.recv_timeout(SLICE) {
                    Ok(Input::Line(line)) => {
                        prompt_due = true;
                        let text = line.trim();
                        if text.is_empty() {
                            continue;
                        }
                        if matches!(text, "/quit" | "/exit") {
                            return self.leave(u8::from(failed_reply));
                        }
                        active = Some(self.send(text)?);
                    }
                    Ok(Input::Eof) | Err(RecvTimeoutError::Disconnected) => return self.leave(u8::from(failed_reply)),
                    Err(RecvTimeoutError::Timeout) => {}
                }
            }
            // While idle the socket is still read, so pings are answered and a closing
            // gateway is noticed before the next line is typed.
            let wait = if active.is_some() { SLICE } else { Duration::from_millis(1) };
            let Some(incoming) = self.connection.poll(wait).map_err(failed)? else { continue };
            let Some(run) = &mut active else { continue };
            match incoming {
                Incoming::Event { event, payload } if event == "chat" => {
                    let Some(update) = run.reply.on_event(&payload) else { continue };
                    write_out(&update.stdout);
                    match &update.end {
                        None | Some(End::Final) => {}
                        Some(End::Aborted) => eprintln!("[aborted]"),
                        Some(End::Error(message)) => {
                            eprintln!("error: {message}");
                            failed_reply = true;
                        }
                    }
                    if update.end.is_some() {
                        active = None;
                    }
                }
                Incoming::Response { id, result: Err(error) } if id == run.send_id => {
                    eprintln!("error: {error}");
                    failed_reply = true;
                    active = None;
                }
                _ => {}
            }
        }
    }

    fn send(&mut self, text: &str) -> anyhow::Result<Active> {
        let run_id = random_uuid();
        let mut params = json!({"sessionKey": self.session, "message": text, "idempotencyKey": run_id});
        if let Some(thinking) = &self.thinking {
            params["thinking"] = Value::String(thinking.clone());
        }
        let send_id = self.connection.send("chat.send", &params).map_err(failed)?;
        Ok(Active { reply: Reply::new(run_id), send_id, abort_sent: false })
    }

    fn leave(self, status: u8) -> anyhow::Result<u8> {
        self.connection.close();
        Ok(status)
    }
}

/// Stdin, line by line, from a thread: the loop must keep watching the socket and Ctrl-C
/// while the user has not typed anything.
fn read_lines() -> Receiver<Input> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(Input::Line(line)).is_err() {
                return;
            }
        }
        let _ = tx.send(Input::Eof);
    });
    rx
}

fn write_out(text: &str) {
    if text.is_empty() {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn failed(err: CallError) -> anyhow::Error {
    super::gateway_cmd::fail(&err, false, Some("Gateway chat failed"))
}
