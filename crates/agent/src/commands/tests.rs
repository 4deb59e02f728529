//! Specifications of command parsing and planning, one file per concern.

mod directive_cases;
mod parse_cases;
mod plan_cases;
mod props;

use super::*;

/// An authorized owner in a direct chat, with a few models and every switch off.
fn owner_dm() -> CommandContext {
    CommandContext {
        authorized: true,
        owner: true,
        session: SessionSettings {
            model: "anthropic/claude-opus-4-5".to_owned(),
            default_model: "anthropic/claude-opus-4-5".to_owned(),
            ..SessionSettings::default()
        },
        models: vec![
            "anthropic/claude-opus-4-5".to_owned(),
            "openai/gpt-5.2".to_owned(),
            "openai/gpt-4.1-mini".to_owned(),
        ],
        elevated_available: true,
        ..CommandContext::default()
    }
}

fn stranger() -> CommandContext {
    CommandContext { authorized: false, owner: false, ..owner_dm() }
}

fn patch_of(plan: &CommandPlan) -> (serde_json::Value, String) {
    match plan {
        CommandPlan::PatchSession { fields, reply } => (serde_json::Value::Object(fields.clone()), reply.clone()),
        other => panic!("expected a patch, got {other:?}"),
    }
}

fn plan_text(text: &str, ctx: &CommandContext) -> CommandPlan {
    plan(&parse_message(text), ctx)
}
