//! Strict decoding of wire objects, and the crate's one error type.
//!
//! The reference validates every inbound frame and parameter object against TypeBox schemas
//! with `additionalProperties: false` and reports *where* the value went wrong. Serde's derived
//! decoders cannot say which nested key failed, so inbound types decode through [`Fields`],
//! which walks one JSON object, names each key by its path (`params.client.id`) and rejects
//! keys the schema does not list. Outbound types keep plain derived `Serialize`.

use std::fmt;

use serde_json::{Map, Value};

/// Why a frame or a parameter object was refused. `Display` is one line naming the key path
/// and what is wrong with it, ready to go into an `INVALID_REQUEST` message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// The text is not JSON at all.
    NotJson { reason: String },
    /// The JSON breaks the schema at `path` (`frame.id`, `params.client.id`, …).
    Invalid { path: String, problem: String },
}

/// The error [`crate::parse_frame`] returns; the same type as every other decode error so a
/// caller matches one enum.
pub type FrameError = WireError;

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson { reason } => write!(f, "invalid JSON: {reason}"),
            Self::Invalid { path, problem } if path.is_empty() => f.write_str(problem),
            Self::Invalid { path, problem } => write!(f, "{path}: {problem}"),
        }
    }
}

impl std::error::Error for WireError {}

impl WireError {
    pub(crate) fn invalid(path: &str, problem: impl Into<String>) -> Self {
        Self::Invalid { path: path.to_owned(), problem: problem.into() }
    }

    /// The key path the error points at (empty for text that is not JSON).
    pub fn path(&self) -> &str {
        match self {
            Self::NotJson { .. } => "",
            Self::Invalid { path, .. } => path,
        }
    }
}

/// A type that decodes strictly from a JSON value found at `path`.
pub trait Decode: Sized {
    fn decode(value: Value, path: &str) -> Result<Self, WireError>;
}

impl Decode for Value {
    fn decode(value: Value, _path: &str) -> Result<Self, WireError> {
        Ok(value)
    }
}

/// Lets `serde_json::from_str::<T>()` reach the strict decoder, so no caller can bypass it
/// by deserializing the type directly.
macro_rules! deserialize_via_decode {
    ($ty:ty, $root:expr) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                <$ty as $crate::decode::Decode>::decode(value, $root).map_err(<D::Error as serde::de::Error>::custom)
            }
        }
    };
}
pub(crate) use deserialize_via_decode;

pub(crate) fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_owned() } else { format!("{parent}.{key}") }
}

/// One JSON object being taken apart key by key.
pub(crate) struct Fields {
    path: String,
    map: Map<String, Value>,
}

impl Fields {
    /// Unknown keys are refused up front, before any field is read: a misspelt key then
    /// reports itself instead of surfacing as "required" on the key it was meant to be.
    pub(crate) fn new(value: Value, path: &str, allowed: &[&str]) -> Result<Self, WireError> {
        let Value::Object(map) = value else {
            return Err(WireError::invalid(path, "must be an object"));
        };
        if let Some(extra) = map.keys().find(|key| !allowed.contains(&key.as_str())) {
            return Err(WireError::invalid(path, format!("unexpected property '{extra}'")));
        }
        Ok(Self { path: path.to_owned(), map })
    }

    pub(crate) fn req<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(Value, &str) -> Result<T, WireError>,
    ) -> Result<T, WireError> {
        let path = child_path(&self.path, key);
        match self.map.remove(key) {
            Some(value) => read(value, &path),
            None => Err(WireError::invalid(&path, "is required")),
        }
    }

    /// An absent key is `None`; a present `null` is still checked, because the schemas'
    /// optional fields do not admit `null` unless they say so.
    pub(crate) fn opt<T>(
        &mut self,
        key: &str,
        read: impl FnOnce(Value, &str) -> Result<T, WireError>,
    ) -> Result<Option<T>, WireError> {
        let path = child_path(&self.path, key);
        self.map.remove(key).map(|value| read(value, &path)).transpose()
    }
}

/// Readers for the schema primitives the protocol uses, each naming the path on failure.
pub(crate) mod read {
    use std::collections::BTreeMap;

    use serde_json::Value;

    use super::{Decode, WireError};

    pub(crate) fn nested<T: Decode>(value: Value, path: &str) -> Result<T, WireError> {
        T::decode(value, path)
    }

    pub(crate) fn any(value: Value, _path: &str) -> Result<Value, WireError> {
        Ok(value)
    }

    pub(crate) fn string(value: Value, path: &str) -> Result<String, WireError> {
        match value {
            Value::String(text) => Ok(text),
            _ => Err(WireError::invalid(path, "must be a string")),
        }
    }

    pub(crate) fn non_empty(value: Value, path: &str) -> Result<String, WireError> {
        match value {
            Value::String(text) if !text.is_empty() => Ok(text),
            _ => Err(WireError::invalid(path, "must be a non-empty string")),
        }
    }

    /// A non-empty string of at most `max` characters (the schema counts code points).
    pub(crate) fn bounded(max: usize) -> impl FnOnce(Value, &str) -> Result<String, WireError> {
        move |value, path| {
            let text = non_empty(value, path)?;
            if text.chars().count() > max {
                return Err(WireError::invalid(path, format!("must be at most {max} characters")));
            }
            Ok(text)
        }
    }

    pub(crate) fn boolean(value: Value, path: &str) -> Result<bool, WireError> {
        match value {
            Value::Bool(flag) => Ok(flag),
            _ => Err(WireError::invalid(path, "must be a boolean")),
        }
    }

    /// An integer within `[min, max]`. `5.0` counts as an integer, as it does for the
    /// reference's validator (JSON has one number type).
    pub(crate) fn int(min: i64, max: Option<i64>) -> impl FnOnce(Value, &str) -> Result<i64, WireError> {
        move |value, path| {
            let number = as_integer(&value).ok_or_else(|| WireError::invalid(path, "must be an integer"))?;
            if number < min {
                return Err(WireError::invalid(path, format!("must be >= {min}")));
            }
            if let Some(max) = max
                && number > max
            {
                return Err(WireError::invalid(path, format!("must be <= {max}")));
            }
            Ok(number)
        }
    }

    fn as_integer(value: &Value) -> Option<i64> {
        let Value::Number(number) = value else { return None };
        if let Some(int) = number.as_i64() {
            return Some(int);
        }
        // Integral floats within JavaScript's safe range are integers to the reference.
        const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
        let float = number.as_f64()?;
        (float.fract() == 0.0 && float.abs() <= MAX_SAFE).then_some(float as i64)
    }

    /// An array of non-empty strings with at least `min_items` entries.
    pub(crate) fn names(min_items: usize) -> impl FnOnce(Value, &str) -> Result<Vec<String>, WireError> {
        move |value, path| {
            let Value::Array(items) = value else {
                return Err(WireError::invalid(path, "must be an array"));
            };
            if items.len() < min_items {
                let noun = if min_items == 1 { "item" } else { "items" };
                return Err(WireError::invalid(path, format!("must have at least {min_items} {noun}")));
            }
            items.into_iter().enumerate().map(|(index, item)| non_empty(item, &format!("{path}[{index}]"))).collect()
        }
    }

    /// An object of non-empty keys to booleans (`permissions`).
    pub(crate) fn flags(value: Value, path: &str) -> Result<BTreeMap<String, bool>, WireError> {
        let Value::Object(map) = value else {
            return Err(WireError::invalid(path, "must be an object"));
        };
        map.into_iter()
            .map(|(key, flag)| {
                if key.is_empty() {
                    return Err(WireError::invalid(path, "keys must be non-empty strings"));
                }
                let flag = boolean(flag, &super::child_path(path, &key))?;
                Ok((key, flag))
            })
            .collect()
    }
}

/// Decodes a method's `params` (absent params count as `{}`, as the reference treats them)
/// into its strict type. Errors are rooted at `params`.
pub fn parse_params<T: Decode>(params: Option<Value>) -> Result<T, WireError> {
    T::decode(params.unwrap_or_else(|| Value::Object(Map::new())), "params")
}
