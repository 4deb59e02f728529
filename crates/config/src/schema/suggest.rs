//! "Did you mean" for unknown keys: most config typos are one slip, a case change, or
//! `snake_case` for `camelCase`.

/// The closest candidate to `unknown`, if one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(unknown: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let wanted = normalize(unknown);
    if let Some(same) = candidates.iter().find(|c| normalize(c) == wanted) {
        return Some(same);
    }
    let lower = unknown.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for &candidate in candidates {
        let distance = strsim::damerau_levenshtein(&lower, &candidate.to_lowercase());
        let longest = unknown.chars().count().max(candidate.chars().count());
        // One edit per three characters, at least one and at most three: "bnd" → "bind" yes,
        // "id" → "ok" no.
        let budget = (longest / 3).clamp(1, 3);
        if distance <= budget && best.is_none_or(|(d, c)| distance < d || (distance == d && candidate < c)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn normalize(key: &str) -> String {
    key.chars().filter(|c| *c != '_' && *c != '-').flat_map(char::to_lowercase).collect()
}

/// The message for a key the schema does not know at its level.
pub(crate) fn unknown_key_message(key: &str, allowed: &[&str]) -> String {
    // Short lists are worth printing whole; long ones would drown the line.
    const LIST_AT_MOST: usize = 8;
    let quoted = super::describe::quote(key);
    if let Some(hint) = did_you_mean(key, allowed) {
        return format!("unknown key {quoted} (did you mean {}?)", super::describe::quote(hint));
    }
    if allowed.is_empty() {
        return format!("unknown key {quoted} (no keys are allowed here)");
    }
    if allowed.len() <= LIST_AT_MOST {
        let list: Vec<String> = allowed.iter().map(|k| super::describe::quote(k)).collect();
        return format!("unknown key {quoted} (allowed: {})", list.join(", "));
    }
    format!("unknown key {quoted}")
}
