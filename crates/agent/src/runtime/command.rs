//! Performing a [`CommandPlan`]: the decisions are `commands::plan`'s (pure, authorization
//! first); this module only carries them out — patching `sessions.json`, stopping the
//! session's run, starting a new session — and says how the run continues.

use std::sync::Arc;

use openclaw_policy::inbound::reset::{NEW_SESSION_GREETING_PROMPT, keep_explicit_settings};
use openclaw_store::sessions::{NewSession, model_override, set_model_override};
use openclaw_store::{AgentId, SessionStore};
use serde_json::Value;

use super::settings::{command_switches, session_settings};
use super::{AgentRuntime, CommandAuth, RunResult, RunSpec};
use crate::AgentError;
use crate::commands::{CommandContext, CommandPlan, ParsedMessage, StatusFacts, parse_message, plan};
use crate::models::allowlist::choice_allowed;
use crate::models::{listed_models, model_chain};

/// What the runtime does after the fast path.
pub enum Next {
    /// The message was handled; this is the run's result.
    Done(RunResult),
    /// Run the model on this text.
    Run { text: String },
    /// Compact now (`/compact [instructions]`), in the session lane.
    Compact { instructions: Option<String> },
}

pub async fn fast_path(
    runtime: &AgentRuntime,
    config: &Arc<Value>,
    spec: &RunSpec,
    auth: CommandAuth,
) -> Result<Next, AgentError> {
    let parsed = parse_message(&spec.message);
    // Plain text (the common case) needs no session state: inline directives are stripped and
    // never applied, whoever sent them, so the plan is "run the text" without reading the store.
    if let ParsedMessage::Text { text, .. } = &parsed
        && !text.is_empty()
    {
        return Ok(Next::Run { text: text.clone() });
    }
    let store = SessionStore::new(&runtime.deps.state_dir, &AgentId::new(&spec.agent_id)?);
    let entry = store.get(&spec.session_key)?.map(|r| r.entry).unwrap_or_default();
    let default_model = model_chain(config, &spec.agent_id, None).map(|chain| chain.primary.key()).unwrap_or_default();
    let current_model = model_override(&entry).unwrap_or_else(|| default_model.clone());
    let ctx = CommandContext {
        authorized: auth.authorized,
        owner: auth.owner,
        is_group: spec.is_group,
        was_mentioned: true,
        switches: command_switches(config),
        session: session_settings(&entry, current_model.clone(), default_model.clone()),
        models: configured_models(config, &spec.agent_id, &default_model),
        status: StatusFacts {
            agent_id: spec.agent_id.clone(),
            session_key: spec.session_key.clone(),
            context_tokens_used: entry.get("totalTokens").and_then(Value::as_u64),
            context_tokens_limit: entry.get("contextTokens").and_then(Value::as_u64),
            last_usage: None,
        },
        ..CommandContext::default()
    };
    let session_id = entry.get("sessionId").and_then(Value::as_str).map(str::to_owned);
    Ok(match plan(&parsed, &ctx) {
        CommandPlan::Ignore => Next::Done(RunResult { text: None, ..RunResult::reply("", session_id) }),
        CommandPlan::Reply(text) | CommandPlan::NotAvailable(text) => Next::Done(RunResult::reply(text, session_id)),
        CommandPlan::PatchSession { fields, reply } => {
            let now = (runtime.deps.clock)();
            store.upsert_entry(&spec.session_key, |entry| {
                for (key, value) in fields {
                    if value.is_null() {
                        entry.remove(&key);
                    } else {
                        entry.insert(key, value);
                    }
                }
                entry.insert("updatedAt".into(), now.into());
            })?;
            Next::Done(RunResult::reply(reply, session_id))
        }
        CommandPlan::Stop => {
            let stopped = runtime.stop(&spec.session_key);
            let text = if stopped { "Stopped the running reply." } else { "Nothing is running." };
            Next::Done(RunResult::reply(text, session_id))
        }
        CommandPlan::Reset { new_model, then, .. } => {
            runtime.stop(&spec.session_key);
            let now = (runtime.deps.clock)();
            let options = NewSession { cwd: runtime.deps.cwd.clone(), topic_id: None, archive_previous: true };
            store.new_session(&spec.session_key, now, &options, |previous, next| {
                keep_explicit_settings(previous, next);
                if let Some(model) = &new_model {
                    set_model_override(next, Some(model));
                }
            })?;
            Next::Run {
                text: then.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| NEW_SESSION_GREETING_PROMPT.to_owned()),
            }
        }
        CommandPlan::Compact { instructions } => Next::Compact { instructions },
        CommandPlan::Run { text, .. } => Next::Run { text },
    })
}

/// The models `/models` lists and `/model` picks from: the agent default, then the allowlist's
/// `provider/model` entries when `agents.defaults.models` has any, and every model the config
/// names (`models.providers.*.models`) that the allowlist admits.
fn configured_models(config: &Value, agent_id: &str, default_model: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !default_model.is_empty() {
        out.push(default_model.to_owned());
    }
    for key in listed_models(config).unwrap_or_default() {
        if !out.contains(&key) {
            out.push(key);
        }
    }
    if let Some(providers) = config.pointer("/models/providers").and_then(Value::as_object) {
        let allowed = choice_allowed(config, agent_id);
        for (provider, def) in providers {
            for model in def.get("models").and_then(Value::as_array).into_iter().flatten() {
                if let Some(id) = model.get("id").and_then(Value::as_str) {
                    let key = format!("{provider}/{id}");
                    if !out.contains(&key) && allowed(&key) {
                        out.push(key);
                    }
                }
            }
        }
    }
    out
}
