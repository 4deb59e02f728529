//! Dotted key paths (`gateway.auth.token`, `agents.list[0].id`) as used in messages and CLI args.

use std::fmt;

/// One step of a path into the config tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// A location inside the config tree. The empty path is the root.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyPath(pub Vec<PathSeg>);

impl KeyPath {
    pub fn root() -> Self {
        Self(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut next = self.0.clone();
        next.push(PathSeg::Key(key.to_owned()));
        Self(next)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut next = self.0.clone();
        next.push(PathSeg::Index(index));
        Self(next)
    }

    pub fn segments(&self) -> &[PathSeg] {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Parses the CLI spelling: `a.b[0].c`, `a["key.with.dots"]`, `a.0` is a key named "0".
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut segs = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut expect_key = true;
        if text.trim().is_empty() {
            return Err("empty config path".to_owned());
        }
        while i < bytes.len() {
            match bytes[i] {
                b'.' => {
                    if expect_key {
                        return Err(format!("empty segment at offset {i} in {text:?}"));
                    }
                    expect_key = true;
                    i += 1;
                }
                b'[' => {
                    let close = text[i..]
                        .find(']')
                        .map(|p| p + i)
                        .ok_or_else(|| format!("unclosed '[' at offset {i} in {text:?}"))?;
                    let inner = text[i + 1..close].trim();
                    if let Some(quoted) = inner
                        .strip_prefix('"')
                        .and_then(|s| s.strip_suffix('"'))
                        .or_else(|| inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                    {
                        segs.push(PathSeg::Key(quoted.to_owned()));
                    } else {
                        let index = inner.parse::<usize>().map_err(|_| format!("bad index [{inner}] in {text:?}"))?;
                        segs.push(PathSeg::Index(index));
                    }
                    expect_key = false;
                    i = close + 1;
                }
                _ => {
                    if !expect_key {
                        return Err(format!("expected '.' or '[' at offset {i} in {text:?}"));
                    }
                    let end = text[i..].find(['.', '[']).map(|p| p + i).unwrap_or(text.len());
                    segs.push(PathSeg::Key(text[i..end].to_owned()));
                    expect_key = false;
                    i = end;
                }
            }
        }
        if expect_key {
            return Err(format!("path {text:?} ends with '.'"));
        }
        Ok(Self(segs))
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("<root>");
        }
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                PathSeg::Key(k) => {
                    let plain = !k.is_empty()
                        && k.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$' | '*'));
                    if plain {
                        if n > 0 {
                            f.write_str(".")?;
                        }
                        f.write_str(k)?;
                    } else {
                        write!(f, "[{k:?}]")?;
                    }
                }
                PathSeg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        for text in ["gateway.auth.token", "agents.list[0].id", "channels.whatsapp.groups[\"*\"]", "a[\"x.y\"].b"] {
            let path = KeyPath::parse(text).unwrap_or_default();
            let shown = path.to_string();
            assert_eq!(KeyPath::parse(&shown), Ok(path), "{text} -> {shown}");
        }
    }

    #[test]
    fn parse_rejects_malformed() {
        for text in ["", "a..b", "a.", ".a", "a[", "a[x]", "a[0]b"] {
            assert!(KeyPath::parse(text).is_err(), "{text} should be rejected");
        }
    }
}
