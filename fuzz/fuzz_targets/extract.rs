//! Fuzz target: the whole extraction (cleaning, places, actors, dates, counts,
//! sentence analysis, assembly) with the embedded knowledge, loaded once.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use sitrep_extract::Extractor;
use std::sync::OnceLock;

static EXTRACTOR: OnceLock<Option<Extractor>> = OnceLock::new();

fuzz_target!(|text: &str| {
    let ex = EXTRACTOR.get_or_init(|| {
        Extractor::embedded(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default()).ok()
    });
    let Some(ex) = ex else { return };
    let doc = ex.prepare(
        "fuzz",
        "fuzz",
        None,
        None,
        NaiveDate::from_ymd_opt(2026, 11, 30),
        text,
    );
    for e in ex.extract(&doc) {
        // What `sitrep extract` writes: every event must serialise.
        assert!(serde_json::to_string(&e).is_ok());
    }
});
