/*!
The Duckling-style corpora: one test per kind of knowledge walks every line of
`data/corpus/<kind>.tsv` (`phrase -> expected value`), so adding a case is adding
a line. Failures are collected and reported together.
*/

use chrono::NaiveDate;
use sitrep_core::DatePrecision;
use sitrep_text::{find_dates, quantities, resolve};

const NUMBERS: &str = include_str!("../../../data/corpus/numbers.tsv");
const DATES: &str = include_str!("../../../data/corpus/dates.tsv");

fn rows(src: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

fn opt(s: &str) -> Option<u32> {
    if s == "-" {
        None
    } else {
        Some(s.parse().unwrap_or_else(|_| panic!("bad number {s}")))
    }
}

#[test]
fn numbers_corpus() {
    let mut fails = Vec::new();
    let mut n = 0;
    for (line, r) in rows(NUMBERS) {
        n += 1;
        let text = r[0];
        let qs = quantities(text).unwrap();
        if r[1] == "none" {
            if !qs.is_empty() {
                fails.push(format!("{line}: {text:?} expected no quantity, got {qs:?}"));
            }
            continue;
        }
        let Some(q) = qs.first() else {
            fails.push(format!("{line}: {text:?} found nothing"));
            continue;
        };
        let want = (opt(r[1]), opt(r[2]), opt(r[3]));
        if (q.low, q.best, q.high) != want {
            fails.push(format!(
                "{line}: {text:?} got {:?} want {want:?} ({:?})",
                (q.low, q.best, q.high),
                q.span.text(text)
            ));
        }
        if let Some(ev) = r.get(4) {
            if q.span.text(text) != *ev {
                fails.push(format!(
                    "{line}: {text:?} span {:?} want {ev:?}",
                    q.span.text(text)
                ));
            }
        }
    }
    assert!(n >= 80, "corpus too small: {n}");
    assert!(
        fails.is_empty(),
        "{} of {n} failed:\n{}",
        fails.len(),
        fails.join("\n")
    );
}

fn date(s: &str) -> Option<NaiveDate> {
    if s == "-" {
        None
    } else {
        Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| panic!("bad date {s}")))
    }
}

fn precision(s: &str) -> DatePrecision {
    match s {
        "day" => DatePrecision::Day,
        "days" => DatePrecision::Days,
        "week" => DatePrecision::Week,
        "month" => DatePrecision::Month,
        "year" => DatePrecision::Year,
        "unknown" => DatePrecision::Unknown,
        other => panic!("bad precision {other}"),
    }
}

#[test]
fn dates_corpus() {
    let mut fails = Vec::new();
    let mut n = 0;
    for (line, r) in rows(DATES) {
        n += 1;
        let (anchor, text) = (date(r[0]), r[1]);
        let found = find_dates(text).unwrap();
        if r[4] == "none" {
            if !found.is_empty() {
                fails.push(format!("{line}: {text:?} expected no date, got {found:?}"));
            }
            continue;
        }
        let Some(e) = found.first() else {
            fails.push(format!("{line}: {text:?} found nothing"));
            continue;
        };
        let got = resolve(e, anchor);
        let want = (date(r[2]), date(r[3]), precision(r[4]));
        if (got.start, got.end, got.precision) != want {
            fails.push(format!(
                "{line}: {text:?} ({:?}, {:?}) got {:?} want {want:?}",
                e.text,
                e.kind,
                (got.start, got.end, got.precision)
            ));
        }
        if got.span != Some(e.span) || got.text.as_deref() != Some(e.span.text(text)) {
            fails.push(format!("{line}: {text:?} span/text not carried"));
        }
    }
    assert!(n >= 80, "corpus too small: {n}");
    assert!(
        fails.is_empty(),
        "{} of {n} failed:\n{}",
        fails.len(),
        fails.join("\n")
    );
}
