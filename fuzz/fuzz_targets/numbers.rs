//! Fuzz target: numbers and counts (`sitrep_text::quantities`): any text, counts that
//! are spans of it with low <= high, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for q in sitrep_text::quantities(text) {
        assert!(text.get(q.span.start..q.span.end).is_some());
    }
});
