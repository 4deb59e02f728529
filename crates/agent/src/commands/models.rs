//! Model selection for `/model` and `/new <model>`, and the `/models` list, over the model refs
//! the caller says are allowed (`provider/model`).

use super::plan::CommandContext;

/// A selected model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelChoice {
    pub provider: String,
    pub model: String,
    pub model_ref: String,
    /// The agent's configured model: selecting it clears the session override.
    pub is_default: bool,
}

pub(crate) enum Resolution {
    /// `/model`, `/model list`, `/model status`: answer with the list.
    Show(String),
    Error(String),
    Choice(ModelChoice),
}

/// `/models` and bare `/model`: a numbered list with the current model marked.
pub(crate) fn list_text(ctx: &CommandContext) -> String {
    if ctx.models.is_empty() {
        return format!("Current model: {}.\nNo other models are configured.", ctx.session.model);
    }
    let mut lines = vec![format!("Current model: {}.", ctx.session.model), "Models:".to_owned()];
    for (i, model) in ctx.models.iter().enumerate() {
        let mark = if model.eq_ignore_ascii_case(&ctx.session.model) { " (current)" } else { "" };
        lines.push(format!("{}. {model}{mark}", i + 1));
    }
    lines.push("Use /model <name|#> to switch.".to_owned());
    lines.join("\n")
}

/// The allowed model `raw` names: a full `provider/model` ref, a bare model id matching exactly
/// one ref, or a 1-based number from the list.
pub(crate) fn find(raw: &str, ctx: &CommandContext) -> Option<ModelChoice> {
    let wanted = raw.trim().to_lowercase();
    let exact = ctx.models.iter().find(|m| m.to_lowercase() == wanted);
    let by_id = || {
        let mut hits =
            ctx.models.iter().filter(|m| m.split_once('/').is_some_and(|(_, id)| id.to_lowercase() == wanted));
        let first = hits.next();
        // An id two providers share is ambiguous; the user must name the provider.
        if hits.next().is_some() { None } else { first }
    };
    let by_number = || wanted.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| ctx.models.get(i));
    let found = exact.or_else(by_id).or_else(by_number)?;
    let (provider, model) = found.split_once('/').unwrap_or(("", found.as_str()));
    Some(ModelChoice {
        provider: provider.to_owned(),
        model: model.to_owned(),
        model_ref: found.clone(),
        is_default: found.eq_ignore_ascii_case(&ctx.session.default_model),
    })
}

pub(crate) fn resolve(raw: Option<&str>, ctx: &CommandContext) -> Resolution {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else { return Resolution::Show(list_text(ctx)) };
    if raw.eq_ignore_ascii_case("list") || raw.eq_ignore_ascii_case("status") {
        return Resolution::Show(list_text(ctx));
    }
    match find(raw, ctx) {
        Some(choice) => Resolution::Choice(choice),
        None => Resolution::Error(format!("Unrecognized model \"{raw}\". Use /models to list available models.")),
    }
}
