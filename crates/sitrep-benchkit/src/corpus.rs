/*!
The bench corpus: the texts the benchmarks and examples measure, read from the repository
in a fixed order so that the sizes and counts they print stay comparable between runs
and between programs.

Sources: the sample reports of `examples/reports` (a `.txt` file is one report, a
`.jsonl` file one report a line) and the corpora of `data/corpus/` (`events.tsv`: one
report a line). Nothing here panics: a missing or unreadable file, or a line that is not
JSON, gives no text.
*/

use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// One text of the bench corpus, with its publication date when its source gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The text as stored in the file (`\n` escapes of the `.tsv` corpora expanded).
    pub text: String,
    /// The `published` field of a `.jsonl` line, or the date column of `events.tsv`.
    pub published: Option<NaiveDate>,
}

/// The repository root: the directory holding `examples/` and `data/`.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file of `examples/reports`, sorted by path (none when the directory is missing).
pub fn sample_report_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo_root().join("examples/reports"))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

/// The reports of `paths`, in order: a `.txt` file is one text (no date); a `.jsonl` file
/// gives one text per line that parses as JSON (its `text`, empty when missing, and its
/// `published` date `YYYY-MM-DD`). Other extensions and unreadable files give nothing.
pub fn read_reports(paths: &[PathBuf]) -> Vec<Text> {
    let mut out = Vec::new();
    for p in paths {
        let ext = p.extension().and_then(|e| e.to_str());
        if !matches!(ext, Some("txt" | "jsonl")) {
            continue;
        }
        let Ok(body) = std::fs::read_to_string(p) else {
            continue;
        };
        if ext == Some("txt") {
            out.push(Text {
                text: body,
                published: None,
            });
            continue;
        }
        for line in body.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                out.push(Text {
                    text: v["text"].as_str().unwrap_or("").to_string(),
                    published: v["published"].as_str().and_then(parse_date),
                });
            }
        }
    }
    out
}

/// The text of `data/corpus/NAME` (empty when it cannot be read).
pub fn read_corpus_file(name: &str) -> String {
    std::fs::read_to_string(repo_root().join("data/corpus").join(name)).unwrap_or_default()
}

/// The reports of `data/corpus/events.tsv`, in file order: every line that is not a
/// comment or blank and has exactly three tab-separated columns (`date`, `text` with `\n`
/// escaped, expected events).
pub fn event_corpus() -> Vec<Text> {
    read_corpus_file("events.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| match line.split('\t').collect::<Vec<_>>()[..] {
            [date, text, _] => Some(Text {
                text: text.replace("\\n", "\n"),
                published: parse_date(date),
            }),
            _ => None,
        })
        .collect()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corpus_is_found_in_order() {
        let paths = sample_report_paths();
        assert!(paths.windows(2).all(|w| w[0] < w[1]), "paths sorted");
        let reports = read_reports(&paths);
        assert!(!reports.is_empty(), "sample reports read");
        let events = event_corpus();
        assert!(!events.is_empty(), "events.tsv read");
        assert!(events.iter().all(|t| !t.text.contains("\\n")));
    }

    #[test]
    fn bad_inputs_give_nothing() {
        let missing = repo_root().join("no-such-dir/x.txt");
        assert!(read_reports(&[missing, PathBuf::from("a.md")]).is_empty());
        assert!(read_corpus_file("no-such-file.tsv").is_empty());
    }
}
