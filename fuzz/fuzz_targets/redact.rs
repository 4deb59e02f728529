//! Arbitrary text through the log redactor with the default patterns.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openclaw_policy::redact::{RedactMode, Redactor};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (redactor, _) = Redactor::new(RedactMode::Tools, &[]);
    let _ = redactor.redact(text);
});
