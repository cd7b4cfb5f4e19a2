/*!
Walks `data/corpus/actors.tsv` (one line per case) and fails below 100% accuracy,
except for the cases listed in `data/corpus/actors.known-failures` (at most 5%).
*/

use sitrep_actors::{corpus_accuracy, ActorBase};

const CORPUS: &str = include_str!("../../../data/corpus/actors.tsv");
const KNOWN: &str = include_str!("../../../data/corpus/actors.known-failures");

#[test]
fn corpus_walk() {
    let base = ActorBase::embedded().expect("embedded actor base loads");
    let report = corpus_accuracy(&base, CORPUS).expect("corpus parses");
    let known: Vec<&str> = KNOWN
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    println!(
        "actor corpus: {}/{} = {:.1}%",
        report.passed,
        report.total,
        report.accuracy() * 100.0
    );
    let mut unexpected = Vec::new();
    for (line, text, exp, got) in &report.failures {
        let is_known = known.iter().any(|k| *k == text.replace('\n', "\\n"));
        println!(
            "{} line {line}: {text:?}\n   expected {exp:?}\n   got      {got:?}",
            if is_known { "KNOWN" } else { "FAIL " }
        );
        if !is_known {
            unexpected.push(*line);
        }
    }
    assert!(
        known.len() * 20 <= report.total,
        "known failures exceed 5% of the corpus"
    );
    assert!(report.total >= 150, "corpus has {} cases", report.total);
    assert!(
        unexpected.is_empty(),
        "unexpected failures on lines {unexpected:?}"
    );
}
