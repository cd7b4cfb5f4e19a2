//! Fuzz target: text cleaning and folding (`sitrep_text::clean`, `fold`): any text,
//! spans that stay inside it, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let cleaned = sitrep_text::clean(text);
    if let Some(t) = cleaned.title_span {
        assert!(cleaned.text.get(t.start..t.end).is_some());
    }
    let folded = sitrep_text::fold(&cleaned.text);
    let n = folded.text.len();
    let s = folded.orig_span(0, n);
    assert!(s.end <= cleaned.text.len());
    let _ = sitrep_text::sentences(&cleaned.text);
});
