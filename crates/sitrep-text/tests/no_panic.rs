/*!
Odd input must never panic: every public function is fed empty text, bare
punctuation, huge numerals, multibyte text, unmatched quotes and stray control
characters, and every span it returns must slice its text.
*/

use chrono::NaiveDate;
use sitrep_text::{
    clean, find_dates, fold, infer_reference_date, quantities, resolve, sentences, Lexicons,
};

fn odd_inputs() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "\n\n\n",
        "\u{feff}",
        ".",
        "...!?…",
        "—–-:;,()[]{}\"'“”‘’«»",
        "99999999999999999999 people died",
        "more than 4294967295 killed, over 4294967296 hurt",
        "between 99999999999 and 1",
        "1,000,000,000,000,000,000,000",
        "1.7976931348623157e308 million",
        "0.0000001 million",
        "“unmatched quote. And another ‘ one",
        "(((((",
        "Mr. Dr. Gen. U.S. a.m. J. .",
        "Пять человек погибли. 五人死亡。 ٥ قتلى",
        "KABUL, ÅFGHÄNISTAN — Ünïcödé text 🙂 with emoji 🙂.",
        "(CNN) —",
        "BANNU –",
        "(",
        "A, B, C, D, E, F, G, H —",
        "Tuesday, February 30, 2024 and Monday, April 31",
        "on Feb. 29, 1900 and 2100-02-29 and 0000-00-00",
        "9999-12-31 and January 99999",
        "in 2101 and in 1899 and 4294967296 days ago and 99999 years ago",
        "a a a a hundred hundred thousand and and",
        "ninety-",
        "-5 -- 5- 5-",
        "10: :30 3/ /4",
        "\u{0301}\u{0301}\u{200b}\u{0000}\t\r\r\n",
        "Photo:",
        "*",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("x".repeat(10_000));
    v.push("1".repeat(500));
    v.push("Tuesday, April 2. ".repeat(200));
    v
}

#[test]
fn nothing_panics_and_spans_slice() {
    let today = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let anchors = [
        None,
        NaiveDate::from_ymd_opt(2024, 2, 29),
        NaiveDate::from_ymd_opt(1, 1, 1),
        Some(NaiveDate::MAX),
        Some(NaiveDate::MIN),
    ];
    let lex = Lexicons::embedded().unwrap();
    for t in odd_inputs() {
        let c = clean(&t).unwrap();
        for s in [c.title_span, c.dateline.as_ref().map(|d| d.span)]
            .into_iter()
            .flatten()
        {
            assert!(c.text.get(s.range()).is_some(), "{t:?}");
        }
        for s in sentences(&t).unwrap() {
            assert!(t.get(s.range()).is_some(), "{t:?}");
        }
        for q in quantities(&t).unwrap() {
            assert!(t.get(q.span.range()).is_some(), "{t:?}");
        }
        let ex = find_dates(&t).unwrap();
        for e in &ex {
            assert!(t.get(e.span.range()).is_some(), "{t:?}");
            for a in anchors {
                let _ = resolve(e, a);
            }
        }
        let _ = infer_reference_date(&t, &ex, None, today).unwrap();
        let _ = infer_reference_date(&t, &ex, None, NaiveDate::MAX).unwrap();
        let _ = fold(&t).orig_span(0, 1_000_000);
        let _ = lex.clean(&t);
    }
}
