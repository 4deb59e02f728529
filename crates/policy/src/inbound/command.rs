//! Control command detection: is this message a slash command the gateway itself handles?
//!
//! Only a whole message counts — `/status`, `/status:` or `/think high` on the first line — so
//! "try /status" is chat and a bare `status` is never a command. Aliases resolve to the
//! canonical command (`/t` → `think`), commands that take no arguments stop being commands when
//! arguments follow, `/cmd@otherbot` (a Telegram command meant for another bot) is ignored, and
//! `/config`, `/debug` and `/bash` exist only when `commands.config` / `commands.debug` /
//! `commands.bash` enable them. Detection matters for security because an authorized command may
//! wake the bot in a group without a mention, and an unauthorized one is dropped.

#[cfg(test)]
mod tests;

/// One command of OpenClaw's registry: its text aliases (the first is canonical) and whether it
/// takes arguments.
struct Spec {
    aliases: &'static [&'static str],
    accepts_args: bool,
    flag: Option<Flag>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flag {
    Config,
    Debug,
    Bash,
}

const fn spec(aliases: &'static [&'static str], accepts_args: bool) -> Spec {
    Spec { aliases, accepts_args, flag: None }
}

const fn flagged(aliases: &'static [&'static str], flag: Flag) -> Spec {
    Spec { aliases, accepts_args: true, flag: Some(flag) }
}

/// OpenClaw 2026.9's text commands (`commands-registry.data.ts`), including the dock commands of
/// the channels with native commands.
const REGISTRY: &[Spec] = &[
    spec(&["/help"], false),
    spec(&["/commands"], false),
    spec(&["/skill"], true),
    spec(&["/status"], false),
    spec(&["/allowlist"], true),
    spec(&["/approve"], true),
    spec(&["/context"], true),
    spec(&["/export-session", "/export"], true),
    spec(&["/tts"], true),
    spec(&["/whoami", "/id"], false),
    spec(&["/session"], true),
    spec(&["/subagents"], true),
    spec(&["/acp"], true),
    spec(&["/focus"], true),
    spec(&["/unfocus"], false),
    spec(&["/agents"], false),
    spec(&["/kill"], true),
    spec(&["/steer", "/tell"], true),
    flagged(&["/config"], Flag::Config),
    flagged(&["/debug"], Flag::Debug),
    spec(&["/usage"], true),
    spec(&["/stop"], false),
    spec(&["/restart"], false),
    spec(&["/activation"], true),
    spec(&["/send"], true),
    spec(&["/reset"], true),
    spec(&["/new"], true),
    spec(&["/compact"], true),
    spec(&["/think", "/thinking", "/t"], true),
    spec(&["/verbose", "/v"], true),
    spec(&["/reasoning", "/reason"], true),
    spec(&["/elevated", "/elev"], true),
    spec(&["/exec"], true),
    spec(&["/model"], true),
    spec(&["/models"], true),
    spec(&["/queue"], true),
    flagged(&["/bash"], Flag::Bash),
    spec(&["/dock-telegram", "/dock_telegram"], false),
    spec(&["/dock-discord", "/dock_discord"], false),
    spec(&["/dock-slack", "/dock_slack"], false),
];

/// A detected control command.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Command {
    /// The canonical name without the slash (`think` for `/t`).
    pub name: String,
    /// Everything after the name on the first line, leading whitespace removed; `None` when
    /// nothing follows.
    pub args: Option<String>,
}

/// What detection depends on besides the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandDetection {
    /// The bot's own username (Telegram): `/cmd@<this>` is a command, `/cmd@<other>` is not.
    pub bot_username: Option<String>,
    /// `commands.config`.
    pub config_enabled: bool,
    /// `commands.debug`.
    pub debug_enabled: bool,
    /// `commands.bash`.
    pub bash_enabled: bool,
    /// Further commands (skill or plugin commands, without the slash); they take arguments.
    pub extra_commands: Vec<String>,
}

impl CommandDetection {
    fn enabled(&self, flag: Option<Flag>) -> bool {
        match flag {
            None => true,
            Some(Flag::Config) => self.config_enabled,
            Some(Flag::Debug) => self.debug_enabled,
            Some(Flag::Bash) => self.bash_enabled,
        }
    }

    /// `(canonical name, accepts args)` for a lowercased `/token`.
    fn lookup(&self, token: &str) -> Option<(String, bool)> {
        let builtin = REGISTRY.iter().find(|s| s.aliases.contains(&token));
        if let Some(found) = builtin {
            let canonical = found.aliases.first().copied().unwrap_or(token);
            return self
                .enabled(found.flag)
                .then(|| (canonical.trim_start_matches('/').to_owned(), found.accepts_args));
        }
        let bare = token.strip_prefix('/')?;
        self.extra_commands
            .iter()
            .map(|c| c.trim().trim_start_matches('/').to_lowercase())
            .find(|c| !c.is_empty() && c == bare)
            .map(|c| (c, true))
    }

    /// The control command the message consists of, if any.
    pub fn detect(&self, text: &str) -> Option<Command> {
        let trimmed = text.trim();
        if !trimmed.starts_with('/') {
            return None;
        }
        let first_line = trimmed.split('\n').next().unwrap_or(trimmed).trim();
        let body = without_colon(first_line);
        let body = self.without_own_mention(&body);
        let after_slash = body.strip_prefix('/')?;
        let (token, rest) = match after_slash.find(char::is_whitespace) {
            Some(at) => (&after_slash[..at], after_slash[at..].trim_start()),
            None => (after_slash, ""),
        };
        if token.is_empty() {
            return None;
        }
        let (name, accepts_args) = self.lookup(&format!("/{}", token.to_lowercase()))?;
        if !rest.is_empty() && !accepts_args {
            return None;
        }
        Some(Command { name, args: (!rest.is_empty()).then(|| rest.to_owned()) })
    }

    /// `/cmd@<bot>rest` → `/cmdrest` when `<bot>` is this bot; anything else unchanged.
    fn without_own_mention(&self, body: &str) -> String {
        let Some(bot) = self.bot_username.as_deref().map(|b| b.trim().to_lowercase()).filter(|b| !b.is_empty()) else {
            return body.to_owned();
        };
        let Some(after_slash) = body.strip_prefix('/') else { return body.to_owned() };
        let name_end = after_slash.find(|c: char| c.is_whitespace() || c == '@').unwrap_or(after_slash.len());
        let (name, tail) = after_slash.split_at(name_end);
        let Some(mention_and_rest) = tail.strip_prefix('@') else { return body.to_owned() };
        let mention_end = mention_and_rest.find(char::is_whitespace).unwrap_or(mention_and_rest.len());
        let (mention, rest) = mention_and_rest.split_at(mention_end);
        if name.is_empty() || mention.is_empty() || mention.to_lowercase() != bot {
            return body.to_owned();
        }
        format!("/{name}{rest}")
    }
}

/// `/cmd: rest` → `/cmd rest`, `/cmd:` → `/cmd` (the name has no whitespace or colon).
fn without_colon(line: &str) -> String {
    let Some(after_slash) = line.strip_prefix('/') else { return line.to_owned() };
    let name_end = after_slash.find(|c: char| c.is_whitespace() || c == ':').unwrap_or(after_slash.len());
    let (name, tail) = after_slash.split_at(name_end);
    let Some(rest) = tail.trim_start().strip_prefix(':') else { return line.to_owned() };
    if name.is_empty() {
        return line.to_owned();
    }
    let rest = rest.trim_start();
    if rest.is_empty() { format!("/{name}") } else { format!("/{name} {rest}") }
}

/// [`CommandDetection::detect`] with only the bot's username known (config-gated commands off).
pub fn detect_command(text: &str, bot_username: Option<&str>) -> Option<Command> {
    CommandDetection { bot_username: bot_username.map(str::to_owned), ..CommandDetection::default() }.detect(text)
}
