//! Arbitrary client text through the gateway's frame handling: the first frame (connect
//! validation, negotiation, device proof) and a later frame (parsing, method authorization).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    openclaw_gateway::fuzzing::first_frame(text);
    openclaw_gateway::fuzzing::later_frame(text);
});
