/*!
Walks the `.tsv` files of `data/corpus/classes`: one file per failure class of real reports (see the
README there), in the format of `data/corpus/events.tsv`. Every line of every file must
pass; the test names the classes that have no file yet.
*/

mod common;

use common::{report, today, walk};
use sitrep_extract::Extractor;
use std::path::Path;

#[test]
fn class_corpora() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/corpus/classes");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("data/corpus/classes exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    let ex = Extractor::embedded(today()).expect("embedded knowledge loads");
    let mut failed = 0;
    let mut malformed = Vec::new();
    for p in &files {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(p).expect("class corpus is readable");
        let o = walk(&name, &text, &ex);
        for f in &o.failures {
            println!("{f}");
        }
        report(&name, &o);
        failed += o.failures.len();
        malformed.extend(o.malformed);
    }
    let missing: Vec<String> = (1..=17)
        .map(|n| format!("C{n:02}.tsv"))
        .filter(|f| !files.iter().any(|p| p.ends_with(f)))
        .collect();
    if !missing.is_empty() {
        println!("classes without a corpus file yet: {}", missing.join(" "));
    }
    assert!(malformed.is_empty(), "malformed lines: {malformed:#?}");
    assert_eq!(failed, 0, "{failed} class-corpus lines fail (see above)");
}
