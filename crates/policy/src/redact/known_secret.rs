//! Error text from an HTTP client that holds one known secret (a provider key, a bot token):
//! the whole error chain, with that secret removed wherever a server or URL echoed it.

use std::error::Error;

/// What stands in for the known secret.
pub const REDACTED: &str = "[redacted]";

/// `text` with every occurrence of `secret` replaced; servers sometimes echo the key they
/// rejected, and a base URL may carry one as a query parameter. A missing or empty secret
/// leaves the text as it is.
pub fn without_secret(secret: Option<&str>, text: &str) -> String {
    match secret {
        Some(secret) if !secret.is_empty() => text.replace(secret, REDACTED),
        _ => text.to_owned(),
    }
}

/// The error and its sources joined by `: `, since an HTTP client's top-level message ("error
/// sending request") hides the useful part (connection refused, certificate unknown).
pub fn error_chain(error: &dyn Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl Error for Layer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.1.as_deref().map(|inner| inner as &(dyn Error + 'static))
        }
    }

    #[test]
    fn every_cause_is_named() {
        let error = Layer("error sending request", Some(Box::new(Layer("connection refused", None))));
        assert_eq!(error_chain(&error), "error sending request: connection refused");
    }

    #[test]
    fn the_secret_is_removed_everywhere_and_nothing_else_is() {
        let text = "401 for key sk-abc at https://x/?key=sk-abc";
        assert_eq!(without_secret(Some("sk-abc"), text), "401 for key [redacted] at https://x/?key=[redacted]");
        assert_eq!(without_secret(Some(""), text), text);
        assert_eq!(without_secret(None, text), text);
    }
}
