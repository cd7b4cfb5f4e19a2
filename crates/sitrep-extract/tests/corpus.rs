/*!
Walks `data/corpus/events.tsv`: whole reports written for sitrep, each with the
violent events it must yield (or `none`). Adding a case is one line of data. The
format and checker are shared with the regression suite (`tests/common`); here
every line must pass.
*/

mod common;

use common::{report, today, walk};
use sitrep_extract::Extractor;

const CORPUS: &str = include_str!("../../../data/corpus/events.tsv");

#[test]
fn event_corpus() {
    let ex = Extractor::embedded(today()).expect("embedded knowledge loads");
    let o = walk("events.tsv", CORPUS, &ex);
    for f in &o.failures {
        println!("{f}");
    }
    report("event corpus", &o);
    assert!(
        o.malformed.is_empty(),
        "malformed lines: {:#?}",
        o.malformed
    );
    assert!(
        o.failures.is_empty(),
        "{} of {} corpus reports fail (see above)",
        o.failures.len(),
        o.total
    );
}
