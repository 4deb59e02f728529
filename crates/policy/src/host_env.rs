//! Which environment variable names must never be set from config or passed into tool runs.
//!
//! Variables like `LD_PRELOAD`, `NODE_OPTIONS` or `BASH_ENV` make the next process run code of the
//! setter's choosing; `HOME`/`ZDOTDIR` redirect where shells read their startup files. The list
//! matches OpenClaw's host env security policy so a config that works there behaves the same here.

const BLOCKED_KEYS: &[&str] = &[
    "NODE_OPTIONS",
    "NODE_PATH",
    "PYTHONHOME",
    "PYTHONPATH",
    "PERL5LIB",
    "PERL5OPT",
    "RUBYLIB",
    "RUBYOPT",
    "BASH_ENV",
    "ENV",
    "GIT_EXTERNAL_DIFF",
    "SHELL",
    "SHELLOPTS",
    "PS4",
    "GCONV_PATH",
    "IFS",
    "SSLKEYLOGFILE",
];
const BLOCKED_OVERRIDE_KEYS: &[&str] = &["HOME", "ZDOTDIR"];
const BLOCKED_PREFIXES: &[&str] = &["DYLD_", "LD_", "BASH_FUNC_"];

/// Why a variable name may not be set, if it may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvNameVerdict {
    Allowed,
    /// Not a portable name (`[A-Za-z_][A-Za-z0-9_]*`).
    NotPortable,
    /// Changes how interpreters or the loader behave (code injection).
    Dangerous,
    /// Redirects where a process reads its own startup files.
    DangerousOverride,
}

/// Classifies a variable name that config (`env` block) or a tool call wants to set.
pub fn classify_env_name(raw: &str) -> EnvNameVerdict {
    let key = raw.trim();
    let portable =
        key.chars().enumerate().all(|(i, c)| c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()));
    if key.is_empty() || !portable {
        return EnvNameVerdict::NotPortable;
    }
    let upper = key.to_ascii_uppercase();
    if BLOCKED_KEYS.contains(&upper.as_str()) || BLOCKED_PREFIXES.iter().any(|p| upper.starts_with(p)) {
        return EnvNameVerdict::Dangerous;
    }
    if BLOCKED_OVERRIDE_KEYS.contains(&upper.as_str()) {
        return EnvNameVerdict::DangerousOverride;
    }
    EnvNameVerdict::Allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_the_reference_policy() {
        let cases = [
            ("OPENAI_API_KEY", EnvNameVerdict::Allowed),
            ("ld_preload", EnvNameVerdict::Dangerous),
            ("LD_LIBRARY_PATH", EnvNameVerdict::Dangerous),
            ("DYLD_INSERT_LIBRARIES", EnvNameVerdict::Dangerous),
            ("BASH_FUNC_x%%", EnvNameVerdict::NotPortable),
            ("BASH_FUNC_x", EnvNameVerdict::Dangerous),
            ("NODE_OPTIONS", EnvNameVerdict::Dangerous),
            ("HOME", EnvNameVerdict::DangerousOverride),
            ("9LIVES", EnvNameVerdict::NotPortable),
            ("", EnvNameVerdict::NotPortable),
            ("A-B", EnvNameVerdict::NotPortable),
        ];
        for (name, want) in cases {
            assert_eq!(classify_env_name(name), want, "{name}");
        }
    }
}
