//! The fake model server as a process, for whole-process benchmarks and manual runs: serves
//! the OpenAI Chat Completions, OpenAI Responses and Anthropic Messages formats on
//! a free port of 127.0.0.1, answering every request with the text given by
//! `--reply` (default "pong"), pausing `--gap-ms` (default 5) between streamed events, and prints its base URL on the first line of stdout.

use std::io::Write as _;

use openclaw_testkit::fake_model::{FakeModelServer, Scripted};

fn main() {
    let mut reply = "pong".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--reply" => reply = args.next().unwrap_or_default(),
            "--gap-ms" => {
                let ms = args.next().and_then(|v| v.parse::<u64>().ok()).unwrap_or(5);
                FakeModelServer::set_event_gap(std::time::Duration::from_millis(ms));
            }
            "--help" | "-h" => {
                let _ = writeln!(std::io::stdout(), "usage: fake-model-server [--reply TEXT] [--gap-ms N]");
                return;
            }
            other => {
                let _ = writeln!(std::io::stderr(), "fake-model-server: unknown argument {other:?}");
                std::process::exit(2);
            }
        }
    }
    let server = FakeModelServer::start(Vec::new());
    server.set_fallback(Scripted::text(reply));
    server.set_recording(false);
    let _ = writeln!(std::io::stdout(), "{}", server.base_url());
    let _ = std::io::stdout().flush();
    // Serve until killed.
    loop {
        std::thread::park();
    }
}
