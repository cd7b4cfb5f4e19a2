//! Fuzz target: HTML reading (`html_to_text` of `sitrep-cli`'s input module, included
//! by path so that the binary crate need not become a library). Must never panic.
#![no_main]

#[path = "../../crates/sitrep-cli/src/input.rs"]
#[allow(dead_code)]
mod input;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let (text, _issue) = input::html_to_text(html);
    // The text is what extraction reads: it is valid UTF-8 by construction.
    assert!(text.len() <= html.len().saturating_mul(4) + 16);
});
