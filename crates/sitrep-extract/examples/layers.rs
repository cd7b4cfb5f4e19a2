//! Print the layers extraction sees for a report on standard input: sentences,
//! triggers with their modality, places, actors, dates, counts and figures.
//! `cargo run --release -p sitrep-extract --example layers -- [YYYY-MM-DD] < report.txt`

use std::io::Read;

fn main() {
    let mut raw = String::new();
    if std::io::stdin().read_to_string(&mut raw).is_err() {
        eprintln!("layers: standard input is not UTF-8 text");
        return;
    }
    let published = std::env::args()
        .nth(1)
        .and_then(|a| chrono::NaiveDate::parse_from_str(&a, "%Y-%m-%d").ok());
    let today = chrono::Local::now().date_naive();
    let ex = match sitrep_extract::Extractor::embedded(today) {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("layers: {e}");
            return;
        }
    };
    let doc = ex.prepare("stdin", "stdin", None, None, published, &raw);
    for line in ex.explain(&doc) {
        println!("{line}");
    }
}
