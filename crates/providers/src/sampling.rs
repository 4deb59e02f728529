//! Sampling settings a caller may set per request (OpenAI's names, as the gateway's `/v1`
//! endpoints receive them), and how each wire format carries them. A format that has no
//! place for a setting leaves it out rather than failing the request: the Responses API has
//! no `stop`, `seed` or penalties, Anthropic has no `response_format`, `seed` or penalties.

use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sampling {
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub frequency_penalty: Option<f64>,
    pub presence_penalty: Option<f64>,
    pub seed: Option<i64>,
    /// Up to four stop sequences; empty sends none.
    pub stop: Vec<String>,
    /// Chat Completions' `response_format` object (`text`, `json_object`, `json_schema`).
    pub response_format: Option<Value>,
}

impl Sampling {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Chat Completions: every setting under its own name.
    pub(crate) fn write_chat_completions(&self, body: &mut Map<String, Value>) {
        put(body, "temperature", self.temperature);
        put(body, "top_p", self.top_p);
        put(body, "frequency_penalty", self.frequency_penalty);
        put(body, "presence_penalty", self.presence_penalty);
        if let Some(seed) = self.seed {
            body.insert("seed".into(), seed.into());
        }
        if !self.stop.is_empty() {
            body.insert("stop".into(), json!(self.stop));
        }
        if let Some(format) = &self.response_format {
            body.insert("response_format".into(), format.clone());
        }
    }

    /// Responses: temperature, `top_p`, and the response format as `text.format`.
    pub(crate) fn write_responses(&self, body: &mut Map<String, Value>) {
        put(body, "temperature", self.temperature);
        put(body, "top_p", self.top_p);
        if let Some(format) = self.response_format.as_ref().and_then(responses_text_format) {
            body.insert("text".into(), json!({"format": format}));
        }
    }

    /// Anthropic: `stop_sequences` always; temperature and `top_p` only without extended
    /// thinking, which refuses them.
    pub(crate) fn write_anthropic(&self, body: &mut Map<String, Value>, thinking: bool) {
        if !thinking {
            put(body, "temperature", self.temperature);
            put(body, "top_p", self.top_p);
        }
        if !self.stop.is_empty() {
            body.insert("stop_sequences".into(), json!(self.stop));
        }
    }
}

fn put(body: &mut Map<String, Value>, key: &str, value: Option<f64>) {
    if let Some(value) = value {
        body.insert(key.into(), json!(value));
    }
}

/// Chat Completions' `response_format` in the Responses API's `text.format` shape: the
/// `json_schema` fields move up one level (`{type, name, schema, strict, description}`).
fn responses_text_format(format: &Value) -> Option<Value> {
    match format.get("type")?.as_str()? {
        kind @ ("text" | "json_object") => Some(json!({"type": kind})),
        "json_schema" => {
            let mut out = Map::new();
            out.insert("type".into(), "json_schema".into());
            if let Some(spec) = format.get("json_schema").and_then(Value::as_object) {
                for (key, value) in spec {
                    out.insert(key.clone(), value.clone());
                }
            }
            Some(Value::Object(out))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Sampling {
        Sampling {
            temperature: Some(0.7),
            top_p: Some(0.9),
            frequency_penalty: Some(0.5),
            presence_penalty: Some(-0.5),
            seed: Some(42),
            stop: vec!["END".into()],
            response_format: Some(
                json!({"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}, "strict": true}}),
            ),
        }
    }

    #[test]
    fn chat_completions_carry_every_setting_exactly() {
        let mut body = Map::new();
        full().write_chat_completions(&mut body);
        assert_eq!(
            Value::Object(body),
            json!({"temperature": 0.7, "top_p": 0.9, "frequency_penalty": 0.5, "presence_penalty": -0.5,
                   "seed": 42, "stop": ["END"],
                   "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}, "strict": true}}})
        );
    }

    #[test]
    fn responses_get_the_schema_one_level_up_and_nothing_they_lack() {
        let mut body = Map::new();
        full().write_responses(&mut body);
        assert_eq!(
            Value::Object(body),
            json!({"temperature": 0.7, "top_p": 0.9,
                   "text": {"format": {"type": "json_schema", "name": "x", "schema": {"type": "object"}, "strict": true}}})
        );
        let mut body = Map::new();
        Sampling { response_format: Some(json!({"type": "json_object"})), ..Sampling::default() }
            .write_responses(&mut body);
        assert_eq!(Value::Object(body), json!({"text": {"format": {"type": "json_object"}}}));
    }

    #[test]
    fn anthropic_drops_temperature_and_top_p_under_thinking() {
        let mut body = Map::new();
        full().write_anthropic(&mut body, false);
        assert_eq!(Value::Object(body), json!({"temperature": 0.7, "top_p": 0.9, "stop_sequences": ["END"]}));
        let mut body = Map::new();
        full().write_anthropic(&mut body, true);
        assert_eq!(Value::Object(body), json!({"stop_sequences": ["END"]}));
    }

    #[test]
    fn nothing_set_writes_nothing() {
        let mut body = Map::new();
        Sampling::default().write_chat_completions(&mut body);
        Sampling::default().write_responses(&mut body);
        Sampling::default().write_anthropic(&mut body, false);
        assert!(body.is_empty());
        assert!(Sampling::default().is_empty());
    }
}
