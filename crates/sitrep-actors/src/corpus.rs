/*!
The linking corpus: `sentence<TAB>expected ids` examples that one test walks.

Format of `data/corpus/actors.tsv` (Duckling habit: adding a case is one line):

```text
# comment
sentence<TAB>id1|id2|…<TAB>country (ISO2, optional)<TAB>date YYYY-MM-DD (optional)
```

Expected ids are every mention's actor id in text order (`-` or empty: no actor).
A literal `\n` in the sentence is a paragraph break. `data/corpus/actors.known-failures`
lists sentences allowed to fail (one per line, `sentence<TAB>reason`).
*/

use crate::{ActorBase, LinkContext};
use chrono::NaiveDate;

/// One corpus line.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusCase {
    pub line: usize,
    pub text: String,
    pub expected: Vec<String>,
    pub ctx: LinkContext,
}

/// The result of walking a corpus.
#[derive(Debug, Clone, Default)]
pub struct CorpusReport {
    pub total: usize,
    pub passed: usize,
    /// (line, sentence, expected, got) of each failing case.
    pub failures: Vec<(usize, String, Vec<String>, Vec<String>)>,
}

impl CorpusReport {
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.passed as f64 / self.total as f64
        }
    }
}

/// Parse corpus text (see the module doc for the format). Malformed lines are
/// reported as errors with their line number.
pub fn parse_corpus(tsv: &str) -> Result<Vec<CorpusCase>, String> {
    let mut out = Vec::new();
    for (n, raw) in tsv.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let text = cols.next().unwrap_or("").replace("\\n", "\n");
        let Some(exp) = cols.next() else {
            return Err(format!("line {}: no expected column", n + 1));
        };
        let expected: Vec<String> = exp
            .split('|')
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && *s != "-")
            .map(str::to_string)
            .collect();
        let country = cols.next().map(str::trim).filter(|s| !s.is_empty());
        let date = match cols.next().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(d) => Some(
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|e| format!("line {}: bad date {d:?}: {e}", n + 1))?,
            ),
        };
        out.push(CorpusCase {
            line: n + 1,
            text,
            expected,
            ctx: LinkContext::new(date, country),
        });
    }
    Ok(out)
}

/// Link every case of the corpus text and compare the mention ids in order.
pub fn corpus_accuracy(base: &ActorBase, tsv: &str) -> Result<CorpusReport, String> {
    let cases = parse_corpus(tsv)?;
    let mut r = CorpusReport::default();
    for c in cases {
        let got: Vec<String> = base
            .link(&c.text, &c.ctx)
            .into_iter()
            .map(|m| m.actor.id.clone())
            .collect();
        r.total += 1;
        if got == c.expected {
            r.passed += 1;
        } else {
            r.failures.push((c.line, c.text, c.expected, got));
        }
    }
    Ok(r)
}
