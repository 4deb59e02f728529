//! The standalone commands this module knows, by their text names (OpenClaw's
//! `commands-registry.data.ts`). The directive commands (`/think`, `/model`, `/queue`, …) are not
//! here: a message made of them is parsed as directives, see [`super::directives`].

/// A command's identity, independent of which alias was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandName {
    Help,
    Commands,
    Skill,
    Status,
    Allowlist,
    Approve,
    Context,
    ExportSession,
    Tts,
    Whoami,
    Session,
    Subagents,
    Acp,
    Focus,
    Unfocus,
    Agents,
    Kill,
    Steer,
    Config,
    Debug,
    Usage,
    Stop,
    Restart,
    Activation,
    Send,
    Reset,
    New,
    Compact,
    Models,
    Bash,
    DockTelegram,
    DockDiscord,
    DockSlack,
}

/// One registry row: the aliases (first is canonical), whether arguments are allowed (a
/// no-argument command followed by text is not a command) and the help line.
pub(crate) struct Spec {
    pub name: CommandName,
    pub aliases: &'static [&'static str],
    pub accepts_args: bool,
    pub help: &'static str,
}

const fn spec(name: CommandName, aliases: &'static [&'static str], accepts_args: bool, help: &'static str) -> Spec {
    Spec { name, aliases, accepts_args, help }
}

pub(crate) const REGISTRY: &[Spec] = &[
    spec(CommandName::Help, &["help"], false, "Show available commands."),
    spec(CommandName::Commands, &["commands"], false, "List all slash commands."),
    spec(CommandName::Skill, &["skill"], true, "Run a skill by name."),
    spec(CommandName::Status, &["status"], false, "Show current status."),
    spec(CommandName::Allowlist, &["allowlist"], true, "List/add/remove allowlist entries."),
    spec(CommandName::Approve, &["approve"], true, "Approve or deny exec requests."),
    spec(CommandName::Context, &["context"], true, "Explain how context is built and used."),
    spec(CommandName::ExportSession, &["export-session", "export"], true, "Export current session to HTML."),
    spec(CommandName::Tts, &["tts"], true, "Control text-to-speech."),
    spec(CommandName::Whoami, &["whoami", "id"], false, "Show your sender id."),
    spec(CommandName::Session, &["session"], true, "Manage session-level settings."),
    spec(CommandName::Subagents, &["subagents"], true, "List, kill, log, spawn, or steer subagent runs."),
    spec(CommandName::Acp, &["acp"], true, "Manage ACP sessions and runtime options."),
    spec(CommandName::Focus, &["focus"], true, "Bind this thread to a session target."),
    spec(CommandName::Unfocus, &["unfocus"], false, "Remove the current thread binding."),
    spec(CommandName::Agents, &["agents"], false, "List thread-bound agents for this session."),
    spec(CommandName::Kill, &["kill"], true, "Kill a running subagent (or all)."),
    spec(CommandName::Steer, &["steer", "tell"], true, "Send guidance to a running subagent."),
    spec(CommandName::Config, &["config"], true, "Show or set config values."),
    spec(CommandName::Debug, &["debug"], true, "Set runtime debug overrides."),
    spec(CommandName::Usage, &["usage"], true, "Usage footer or cost summary."),
    spec(CommandName::Stop, &["stop"], false, "Stop the current run."),
    spec(CommandName::Restart, &["restart"], false, "Restart OpenClaw."),
    spec(CommandName::Activation, &["activation"], true, "Set group activation mode."),
    spec(CommandName::Send, &["send"], true, "Set send policy."),
    spec(CommandName::Reset, &["reset"], true, "Reset the current session."),
    spec(CommandName::New, &["new"], true, "Start a new session."),
    spec(CommandName::Compact, &["compact"], true, "Compact the session context."),
    spec(CommandName::Models, &["models"], true, "List model providers or provider models."),
    spec(CommandName::Bash, &["bash"], true, "Run host shell commands (host-only)."),
    spec(CommandName::DockTelegram, &["dock-telegram", "dock_telegram"], false, "Switch to telegram for replies."),
    spec(CommandName::DockDiscord, &["dock-discord", "dock_discord"], false, "Switch to discord for replies."),
    spec(CommandName::DockSlack, &["dock-slack", "dock_slack"], false, "Switch to slack for replies."),
];

/// The directive commands, listed by `/commands` beside the standalone ones.
pub(crate) const DIRECTIVE_HELP: &[(&str, &str)] = &[
    ("/think <level>", "Set thinking level (aliases: /thinking, /t)."),
    ("/verbose on|full|off", "Toggle verbose mode (alias: /v)."),
    ("/reasoning on|off|stream", "Toggle reasoning visibility (alias: /reason)."),
    ("/elevated on|off|ask|full", "Toggle elevated mode (alias: /elev)."),
    ("/exec host=… security=… ask=… node=…", "Set exec defaults for this session."),
    ("/model <name>", "Show or set the model."),
    ("/queue <mode>", "Adjust queue settings."),
];

/// The row for a lowercased name without its slash.
pub(crate) fn lookup(name: &str) -> Option<&'static Spec> {
    REGISTRY.iter().find(|s| s.aliases.contains(&name))
}

impl CommandName {
    /// The canonical text name, with its slash.
    pub fn canonical(self) -> String {
        let alias = REGISTRY.iter().find(|s| s.name == self).and_then(|s| s.aliases.first()).copied().unwrap_or("?");
        format!("/{alias}")
    }
}

/// `/help`: the everyday commands.
pub(crate) fn help_text() -> String {
    [
        "ℹ️ Help",
        "Session: /new | /reset | /compact [instructions] | /stop",
        "Options: /think <level> | /model <id> | /verbose on|off | /reasoning on|off | /queue <mode>",
        "Status: /status | /whoami | /models",
        "More: /commands for the full list",
    ]
    .join("\n")
}

/// `/commands`: every command with its help line.
pub(crate) fn commands_text() -> String {
    let mut lines = vec!["ℹ️ Slash commands".to_owned()];
    for spec in REGISTRY {
        let Some((canonical, aliases)) = spec.aliases.split_first() else { continue };
        let alias_note = if aliases.is_empty() {
            String::new()
        } else {
            format!(" (alias: {})", aliases.iter().map(|a| format!("/{a}")).collect::<Vec<_>>().join(", "))
        };
        lines.push(format!("/{canonical}{alias_note} - {}", spec.help));
    }
    for (usage, help) in DIRECTIVE_HELP {
        lines.push(format!("{usage} - {help}"));
    }
    lines.join("\n")
}
