//! Main-content extraction measured on the saved news pages of `tests/pages/`
//! (each `NAME.html` with its `NAME.expected.txt` article text and `NAME.meta.json`
//! metadata): prints the share of expected text recovered and of boilerplate kept per
//! page, and gates the means with a floor and a ceiling.

use sitrep_web::{extract, measure, Hints};
use std::path::PathBuf;

fn pages_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/pages")
}

#[test]
fn page_folder_main_content_and_metadata() {
    let hints = Hints::embedded();
    let mut names: Vec<String> = std::fs::read_dir(pages_dir())
        .unwrap()
        .filter_map(|e| {
            let n = e.ok()?.file_name().to_string_lossy().into_owned();
            n.strip_suffix(".html").map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{} pages", names.len());
    let (mut rec, mut boil) = (0.0, 0.0);
    let mut meta_errors = Vec::new();
    for n in &names {
        let html = std::fs::read_to_string(pages_dir().join(format!("{n}.html"))).unwrap();
        let expected =
            std::fs::read_to_string(pages_dir().join(format!("{n}.expected.txt"))).unwrap();
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(pages_dir().join(format!("{n}.meta.json"))).unwrap(),
        )
        .unwrap();
        let art = extract(&html, &hints);
        let s = measure::score(&expected, &art.text, &html);
        println!(
            "{n:<22} recovered {:>5.1}%  boilerplate kept {:>5.1}%",
            100.0 * s.recovered,
            100.0 * s.boilerplate_kept
        );
        if std::env::var_os("SITREP_PAGES_VERBOSE").is_some() {
            println!("---\n{}\n---", art.text);
        }
        rec += s.recovered;
        boil += s.boilerplate_kept;
        let want = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let got_day = art.published.map(|d| d.format("%Y-%m-%d").to_string());
        for (k, got) in [
            ("title", art.title.clone()),
            ("published", got_day),
            ("canonical", art.canonical_url.clone()),
        ] {
            if let Some(w) = want(k) {
                if got.as_deref() != Some(w.as_str()) {
                    meta_errors.push(format!("{n}: {k} {got:?}, expected {w:?}"));
                }
            }
        }
    }
    let n = names.len() as f64;
    let (rec, boil) = (rec / n, boil / n);
    println!(
        "mean over {} pages: recovered {:.1}%, boilerplate kept {:.1}%",
        names.len(),
        100.0 * rec,
        100.0 * boil
    );
    assert!(meta_errors.is_empty(), "{meta_errors:#?}");
    assert!(rec >= 0.97, "recovered {rec}");
    assert!(boil <= 0.05, "boilerplate kept {boil}");
}
