//! From message text to [`ParsedMessage`]: a standalone command, a directive-only message, or
//! text (with any inline directives removed).
//!
//! A command must be the whole message (first line; the rest of the message is its argument
//! text): `/name`, `/name:`, `/name: args`, any case. A name not in the registry is not a command,
//! so `/foo` and `/etc/hosts` stay text. `!cmd` (and `!poll`, `!stop`) is the bash shorthand.

use super::directives::{self, Directives};
use super::registry::{self, CommandName};

/// A standalone command with its argument text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub name: CommandName,
    /// Everything after the name (and the optional `:`), trimmed; `None` when nothing follows.
    pub args: Option<String>,
    /// Typed `!…` rather than `/bash …`: from an unauthorized sender that is just text.
    pub bang: bool,
}

/// What a message is, before any decision about the sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedMessage {
    Command(Command),
    /// Nothing but directives: they persist to the session.
    DirectiveOnly(Directives),
    /// Ordinary text with any inline directives removed (`directives` says what was removed).
    Text {
        text: String,
        directives: Directives,
    },
}

/// Classifies `text`. Pure: the same text always parses the same way; whether the sender may do
/// anything with it is [`super::plan`]'s business.
pub fn parse_message(text: &str) -> ParsedMessage {
    if let Some(command) = parse_command(text) {
        return ParsedMessage::Command(command);
    }
    let (directives, remaining) = directives::extract(text);
    if !directives.is_empty() && remaining.is_empty() {
        return ParsedMessage::DirectiveOnly(directives);
    }
    ParsedMessage::Text { text: remaining, directives }
}

fn parse_command(text: &str) -> Option<Command> {
    let trimmed = text.trim();
    if let Some(rest) = trimmed.strip_prefix('!') {
        return parse_bang(rest);
    }
    let after_slash = trimmed.strip_prefix('/')?;
    let name_len = after_slash.find(|c: char| c.is_whitespace() || c == ':').unwrap_or(after_slash.len());
    let (name, tail) = after_slash.split_at(name_len);
    let spec = registry::lookup(&name.to_lowercase())?;
    let tail = tail.trim_start();
    let args = tail.strip_prefix(':').unwrap_or(tail).trim();
    if !args.is_empty() && !spec.accepts_args {
        return None;
    }
    Some(Command { name: spec.name, args: (!args.is_empty()).then(|| args.to_owned()), bang: false })
}

/// `! ls`, `!: ls`, `!poll`, `!stop`: the bash shorthand. A lone `!` is still bash (its help).
fn parse_bang(rest: &str) -> Option<Command> {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
    Some(Command { name: CommandName::Bash, args: (!rest.is_empty()).then(|| rest.to_owned()), bang: true })
}

/// What `/bash` (or `!`) asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BashRequest {
    Help,
    Poll { session_id: Option<String> },
    Stop { session_id: Option<String> },
    Run { command: String },
}

impl BashRequest {
    pub fn parse(args: Option<&str>) -> Self {
        let Some(rest) = args.map(str::trim).filter(|a| !a.is_empty()) else { return Self::Help };
        let (token, remainder) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let session_id = (!remainder.trim().is_empty()).then(|| remainder.trim().to_owned());
        match token.to_lowercase().as_str() {
            "poll" => Self::Poll { session_id },
            "stop" => Self::Stop { session_id },
            "help" => Self::Help,
            _ => Self::Run { command: rest.to_owned() },
        }
    }
}
