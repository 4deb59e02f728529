//! Fakes shared by the suites: an agent port that records every run it is asked for.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use openclaw_gateway::agent_port::{AgentPort, RunReport, RunRequest, RunStatus, UpdateSink};
use openclaw_providers::{BoxFuture, Cancellation};

use super::harness::{Start, TOKEN, TestGateway};

/// Answers every run with "done" and keeps the requests for the test to inspect.
#[derive(Debug, Default)]
pub struct RecordingAgent {
    requests: Mutex<Vec<RunRequest>>,
}

impl RecordingAgent {
    pub fn requests(&self) -> Vec<RunRequest> {
        self.requests.lock().unwrap().clone()
    }

    /// The first recorded request matching `want`, waiting up to 10 s for it.
    pub fn wait_for(&self, what: &str, want: impl Fn(&RunRequest) -> bool) -> RunRequest {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(found) = self.requests().into_iter().find(&want) {
                return found;
            }
            assert!(Instant::now() < deadline, "no run {what}; got {:#?}", self.requests());
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl AgentPort for RecordingAgent {
    fn run(&self, request: RunRequest, _cancel: Cancellation, _updates: UpdateSink) -> BoxFuture<'static, RunReport> {
        self.requests.lock().unwrap().push(request);
        Box::pin(async {
            RunReport {
                status: RunStatus::Ok,
                text: Some("done".into()),
                error: None,
                stop_reason: "stop".into(),
                ..RunReport::failed("")
            }
        })
    }
}

/// A token-auth gateway (see [`TestGateway::with_token`]) running agents through `agent`.
pub fn gateway_with_agent(extra: &str, agent: Arc<RecordingAgent>) -> TestGateway {
    let config = format!("{{ gateway: {{ mode: 'local', auth: {{ mode: 'token', token: '{TOKEN}' }} }}, {extra} }}");
    TestGateway::try_start(&config, Start { agent: Some(agent), ..Start::default() })
        .unwrap_or_else(|err| panic!("gateway did not start: {err}"))
}
