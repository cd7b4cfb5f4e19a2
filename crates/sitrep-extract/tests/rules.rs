/*!
Every named rule of extraction (`sitrep_extract::rules::ALL`) has its own
section of examples in `data/corpus/` (a `# rule: NAME` heading over the lines
up to the next comment line, in `sentences.tsv` or `events.tsv`), and each of
those lines fires the rule: `--explain` (here `Extractor::explain`) names it.
*/

mod common;

use chrono::NaiveDate;
use common::today;
use sitrep_extract::{rules, Extractor};

const CORPORA: [(&str, &str); 2] = [
    (
        "sentences.tsv",
        include_str!("../../../data/corpus/sentences.tsv"),
    ),
    (
        "events.tsv",
        include_str!("../../../data/corpus/events.tsv"),
    ),
];

/// The lines of each `# rule: NAME` section: (rule, file:line, published, text).
fn sections() -> Vec<(String, String, Option<NaiveDate>, String)> {
    let mut out = Vec::new();
    for (name, corpus) in CORPORA {
        let mut rule: Option<&str> = None;
        for (i, line) in corpus.lines().enumerate() {
            if let Some(c) = line.strip_prefix('#') {
                rule = c.trim().strip_prefix("rule:").map(str::trim);
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(r), [p, text, _]) = (rule, cols.as_slice()) else {
                continue;
            };
            let published = NaiveDate::parse_from_str(p, "%Y-%m-%d").ok();
            out.push((
                r.to_string(),
                format!("{name}:{}", i + 1),
                published,
                text.replace("\\n", "\n"),
            ));
        }
    }
    out
}

#[test]
fn every_rule_has_a_corpus_section_and_its_lines_fire_it() {
    let ex = Extractor::embedded(today()).expect("embedded knowledge loads");
    let sections = sections();
    let mut problems = Vec::new();
    for name in rules::ALL {
        if !sections.iter().any(|(r, ..)| r == name) {
            problems.push(format!(
                "rule {name}: no `# rule: {name}` section in data/corpus/"
            ));
        }
    }
    for (rule, at, published, text) in &sections {
        if !rules::ALL.contains(&rule.as_str()) {
            problems.push(format!("{at}: `# rule: {rule}` names no rule"));
            continue;
        }
        let doc = ex.prepare("case", "case.txt", None, None, *published, text);
        let lines = ex.explain(&doc);
        let fired = lines.iter().any(|l| {
            l.split_once("rule ")
                .is_some_and(|(_, r)| r.split_whitespace().next() == Some(rule.as_str()))
        });
        if !fired {
            problems.push(format!("{at}: rule {rule} does not fire on {text:?}"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(sections.len() >= rules::ALL.len());
}
