//! Host names as the SSRF rules compare them, and the names that always mean "this machine".

/// Names that reach this host or a cloud control plane whatever DNS says about them.
const BLOCKED_NAMES: &[&str] = &["localhost", "localhost.localdomain", "metadata.google.internal"];

/// Suffixes reserved for loopback (RFC 6761), mDNS (RFC 6762) and private use (`.internal`,
/// where cloud providers put metadata and VPC-internal names).
const BLOCKED_SUFFIXES: &[&str] = &[".localhost", ".local", ".internal"];

/// A host as the rules compare it: trimmed, lowercased, one trailing dot removed (`localhost.` is
/// `localhost` to every resolver) and surrounding `[` `]` removed (`[::1]` is `::1`).
pub(super) fn normalize_hostname(raw: &str) -> String {
    let lower = raw.trim().to_lowercase();
    let undotted = lower.strip_suffix('.').unwrap_or(&lower);
    let unbracketed = undotted.strip_prefix('[').and_then(|inner| inner.strip_suffix(']')).unwrap_or(undotted);
    unbracketed.to_owned()
}

/// Whether `name` is an internal host name: `localhost`, `localhost.localdomain`,
/// `metadata.google.internal`, or anything under `.localhost`, `.local` or `.internal`. The name
/// is normalised first, so `LOCALHOST.` and `[localhost]` count; an empty name does not.
pub fn is_blocked_hostname(name: &str) -> bool {
    is_blocked_normalized(&normalize_hostname(name))
}

pub(super) fn is_blocked_normalized(name: &str) -> bool {
    BLOCKED_NAMES.contains(&name) || BLOCKED_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

/// A `hostnameAllowlist` entry, normalised; `None` for entries that are ignored: blank ones, and
/// a bare `*` (or `*.`), which OpenClaw drops rather than read as "any host".
pub(super) fn allowlist_pattern(entry: &str) -> Option<String> {
    let pattern = normalize_hostname(entry);
    (!pattern.is_empty() && pattern != "*").then_some(pattern)
}

/// Whether normalised `host` matches normalised `pattern`: `*.x` matches names under `x` but not
/// `x` itself (so an operator allowing subdomains does not silently allow the apex), anything
/// else must match exactly.
pub(super) fn matches_allowlist_pattern(host: &str, pattern: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => {
            host.strip_suffix(suffix).and_then(|rest| rest.strip_suffix('.')).is_some_and(|label| !label.is_empty())
        }
        None => host == pattern,
    }
}
