//! Fuzz target: JSON Lines reading (`read_jsonl` of `sitrep-input`): any bytes, a
//! problem per bad line, never a panic.
#![no_main]

use sitrep_input as input;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let mut batch = input::Batch::default();
    input::read_jsonl(bytes, "fuzz.jsonl", &mut batch);
    // Every line is either a report or a problem (or blank).
    let lines = bytes.split(|&b| b == b'\n').count();
    assert!(batch.docs.len() + batch.problems.len() <= lines);
});
