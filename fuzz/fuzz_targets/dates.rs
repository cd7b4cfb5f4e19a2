//! Fuzz target: dates (`find_dates`, `resolve`, `infer_reference_date`): any text,
//! expressions that are spans of it, never a panic.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let exprs = sitrep_text::find_dates(text);
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default();
    let published = NaiveDate::from_ymd_opt(2026, 11, 30);
    for e in &exprs {
        assert!(text.get(e.span.start..e.span.end).is_some());
        let _ = sitrep_text::resolve(e, published);
        let _ = sitrep_text::resolve(e, None);
    }
    let _ = sitrep_text::infer_reference_date(text, &exprs, published, today);
    let _ = sitrep_text::infer_reference_date(text, &exprs, None, today);
});
