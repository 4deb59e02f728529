//! The values directives and commands accept, with OpenClaw's synonyms (`thinking.ts`,
//! `queue/normalize.ts`, `exec/directive.ts`). Each `parse` answers `None` for anything it does not
//! know so the caller can name the bad value in its reply instead of guessing.

/// Generates a closed set of wire names: `as_str` gives the name stored in `sessions.json`.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// The name OpenClaw stores and prints.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $wire),+ }
            }
        }
    };
}

wire_enum!(
    /// `/think` levels; `xhigh` only on the models in [`XHIGH_MODEL_REFS`].
    ThinkLevel { Off => "off", Minimal => "minimal", Low => "low", Medium => "medium", High => "high", XHigh => "xhigh" }
);
wire_enum!(VerboseLevel { Off => "off", On => "on", Full => "full" });
wire_enum!(ReasoningLevel { Off => "off", On => "on", Stream => "stream" });
wire_enum!(ElevatedLevel { Off => "off", On => "on", Ask => "ask", Full => "full" });
wire_enum!(
    /// What happens to messages that arrive while a run is active.
    QueueMode { Collect => "collect", Followup => "followup", Steer => "steer", SteerBacklog => "steer-backlog", Interrupt => "interrupt" }
);
wire_enum!(QueueDrop { Old => "old", New => "new", Summarize => "summarize" });
wire_enum!(ExecHost { Sandbox => "sandbox", Gateway => "gateway", Node => "node" });
wire_enum!(ExecSecurity { Deny => "deny", Allowlist => "allowlist", Full => "full" });
wire_enum!(ExecAsk { Off => "off", OnMiss => "on-miss", Always => "always" });
wire_enum!(
    /// `/usage`: the per-response usage footer.
    UsageDisplay { Off => "off", Tokens => "tokens", Full => "full" }
);
wire_enum!(
    /// `/activation` in groups: reply only when mentioned, or to everything.
    GroupActivation { Mention => "mention", Always => "always" }
);
wire_enum!(
    /// `/send`: the session's delivery override; `Inherit` clears it.
    SendPolicy { Allow => "allow", Deny => "deny", Inherit => "inherit" }
);

/// The models OpenClaw allows `xhigh` thinking on (`provider/model`).
pub const XHIGH_MODEL_REFS: &[&str] = &[
    "openai/gpt-5.2",
    "openai-codex/gpt-5.3-codex",
    "openai-codex/gpt-5.3-codex-spark",
    "openai-codex/gpt-5.2-codex",
    "openai-codex/gpt-5.1-codex",
    "github-copilot/gpt-5.2-codex",
    "github-copilot/gpt-5.2",
];

fn one_of(key: &str, words: &[&str]) -> bool {
    words.contains(&key)
}

impl ThinkLevel {
    pub fn parse(raw: &str) -> Option<Self> {
        let key = raw.trim().to_lowercase();
        let collapsed: String = key.chars().filter(|c| !c.is_whitespace() && *c != '_' && *c != '-').collect();
        if collapsed == "xhigh" || collapsed == "extrahigh" {
            return Some(Self::XHigh);
        }
        let key = key.as_str();
        if key == "off" {
            Some(Self::Off)
        } else if one_of(key, &["on", "enable", "enabled"]) {
            Some(Self::Low)
        } else if one_of(key, &["min", "minimal", "think"]) {
            Some(Self::Minimal)
        } else if one_of(key, &["low", "thinkhard", "think-hard", "think_hard"]) {
            Some(Self::Low)
        } else if one_of(key, &["mid", "med", "medium", "thinkharder", "think-harder", "harder"]) {
            Some(Self::Medium)
        } else if one_of(key, &["high", "ultra", "ultrathink", "thinkhardest", "highest", "max"]) {
            Some(Self::High)
        } else {
            None
        }
    }

    /// Whether `model_ref` (`provider/model`, or a bare model id) supports `xhigh`.
    pub fn xhigh_supported(model_ref: &str) -> bool {
        let key = model_ref.trim().to_lowercase();
        if key.contains('/') {
            return XHIGH_MODEL_REFS.contains(&key.as_str());
        }
        XHIGH_MODEL_REFS.iter().any(|r| r.split('/').nth(1) == Some(key.as_str()))
    }

    /// The levels offered for a model, as the replies list them.
    pub fn options_for(model_ref: &str) -> String {
        let mut levels = vec!["off", "minimal", "low", "medium", "high"];
        if Self::xhigh_supported(model_ref) {
            levels.push("xhigh");
        }
        levels.join(", ")
    }
}

impl VerboseLevel {
    pub fn parse(raw: &str) -> Option<Self> {
        let key = raw.to_lowercase();
        let key = key.as_str();
        if one_of(key, &["off", "false", "no", "0"]) {
            Some(Self::Off)
        } else if one_of(key, &["full", "all", "everything"]) {
            Some(Self::Full)
        } else if one_of(key, &["on", "minimal", "true", "yes", "1"]) {
            Some(Self::On)
        } else {
            None
        }
    }
}

impl ReasoningLevel {
    pub fn parse(raw: &str) -> Option<Self> {
        let key = raw.to_lowercase();
        let key = key.as_str();
        if one_of(key, &["off", "false", "no", "0", "hide", "hidden", "disable", "disabled"]) {
            Some(Self::Off)
        } else if one_of(key, &["on", "true", "yes", "1", "show", "visible", "enable", "enabled"]) {
            Some(Self::On)
        } else if one_of(key, &["stream", "streaming", "draft", "live"]) {
            Some(Self::Stream)
        } else {
            None
        }
    }
}

impl ElevatedLevel {
    pub fn parse(raw: &str) -> Option<Self> {
        let key = raw.to_lowercase();
        let key = key.as_str();
        if one_of(key, &["off", "false", "no", "0"]) {
            Some(Self::Off)
        } else if one_of(key, &["full", "auto", "auto-approve", "autoapprove"]) {
            Some(Self::Full)
        } else if one_of(key, &["ask", "prompt", "approval", "approve"]) {
            Some(Self::Ask)
        } else if one_of(key, &["on", "true", "yes", "1"]) {
            Some(Self::On)
        } else {
            None
        }
    }
}

impl QueueMode {
    /// `queue` is OpenClaw's old name for `steer`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_lowercase().as_str() {
            "queue" | "queued" | "steer" | "steering" => Some(Self::Steer),
            "interrupt" | "interrupts" | "abort" => Some(Self::Interrupt),
            "followup" | "follow-ups" | "followups" => Some(Self::Followup),
            "collect" | "coalesce" => Some(Self::Collect),
            "steer+backlog" | "steer-backlog" | "steer_backlog" => Some(Self::SteerBacklog),
            _ => None,
        }
    }
}

impl QueueDrop {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_lowercase().as_str() {
            "old" | "oldest" => Some(Self::Old),
            "new" | "newest" => Some(Self::New),
            "summarize" | "summary" => Some(Self::Summarize),
            _ => None,
        }
    }
}

impl ExecHost {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_lowercase().as_str() {
            "sandbox" => Some(Self::Sandbox),
            "gateway" => Some(Self::Gateway),
            "node" => Some(Self::Node),
            _ => None,
        }
    }
}

impl ExecSecurity {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_lowercase().as_str() {
            "deny" => Some(Self::Deny),
            "allowlist" => Some(Self::Allowlist),
            "full" => Some(Self::Full),
            _ => None,
        }
    }
}

impl ExecAsk {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_lowercase().as_str() {
            "off" => Some(Self::Off),
            "on-miss" => Some(Self::OnMiss),
            "always" => Some(Self::Always),
            _ => None,
        }
    }
}

impl UsageDisplay {
    pub fn parse(raw: &str) -> Option<Self> {
        let key = raw.to_lowercase();
        let key = key.as_str();
        if one_of(key, &["off", "false", "no", "0", "disable", "disabled"]) {
            Some(Self::Off)
        } else if one_of(
            key,
            &["on", "true", "yes", "1", "enable", "enabled", "tokens", "token", "tok", "minimal", "min"],
        ) {
            Some(Self::Tokens)
        } else if one_of(key, &["full", "session"]) {
            Some(Self::Full)
        } else {
            None
        }
    }
}

impl GroupActivation {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_lowercase().as_str() {
            "mention" => Some(Self::Mention),
            "always" => Some(Self::Always),
            _ => None,
        }
    }
}

impl SendPolicy {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_lowercase().as_str() {
            "allow" | "on" => Some(Self::Allow),
            "deny" | "off" => Some(Self::Deny),
            "inherit" | "default" | "reset" => Some(Self::Inherit),
            _ => None,
        }
    }
}

/// OpenClaw's `parseDurationMs`: `500ms`, `2s`, `1m`, `1h30m`; a bare number is milliseconds.
/// `None` for anything else, including negative or non-finite values.
pub fn parse_duration_ms(raw: &str) -> Option<u64> {
    let text = raw.trim().to_lowercase();
    if text.is_empty() {
        return None;
    }
    let mut total = 0.0_f64;
    let mut rest = text.as_str();
    let mut first = true;
    while !rest.is_empty() {
        let digits_end = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        let (number, tail) = rest.split_at(digits_end);
        if number.is_empty() || number.starts_with('.') || number.ends_with('.') || number.matches('.').count() > 1 {
            return None;
        }
        let value: f64 = number.parse().ok()?;
        let unit_end = tail.find(|c: char| c.is_ascii_digit()).unwrap_or(tail.len());
        let (unit, after) = tail.split_at(unit_end);
        let multiplier = match unit {
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "d" => 86_400_000.0,
            // Only a lone number may omit its unit (it means milliseconds).
            "" if first && after.is_empty() => 1.0,
            _ => return None,
        };
        total += value * multiplier;
        rest = after;
        first = false;
    }
    let rounded = total.round();
    // The bound keeps the cast exact; durations that large are typos anyway.
    (rounded.is_finite() && (0.0..9.0e15).contains(&rounded)).then_some(rounded as u64)
}
