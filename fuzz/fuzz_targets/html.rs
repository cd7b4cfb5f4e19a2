//! Fuzz target: HTML reading (`html_to_text` of `sitrep-input`). Must never panic.
#![no_main]

use sitrep_input as input;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let (text, _issue) = input::html_to_text(html);
    // The text is what extraction reads: it is valid UTF-8 by construction.
    assert!(text.len() <= html.len().saturating_mul(4) + 16);
});
