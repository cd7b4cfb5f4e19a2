/*!
The knowledge of main-content extraction: `data/web/content-hints.tsv` (what marks a
part of a page as boilerplate or as the article, and which `<meta>` names give which
field), compiled into the binary and replaceable from a data directory.
*/

use crate::WebError;
use std::collections::{HashMap, HashSet};
use std::path::Path;

const EMBEDDED: &str = include_str!("../../../data/web/content-hints.tsv");

/// The file's name under a data directory.
pub const FILE: &str = "web/content-hints.tsv";

/// What a class/id says about an element.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClassWeight {
    /// Boilerplate: set aside.
    Drop,
    /// Added to the element's score as a container.
    Score(f64),
    None,
}

/// The hints, parsed.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    tags: HashSet<String>,
    roles: HashSet<String>,
    class_drop: Vec<String>,
    class_score: Vec<(String, f64)>,
    meta: HashMap<String, String>,
    lines: HashSet<String>,
}

impl Hints {
    /// The copy compiled into the binary.
    pub fn embedded() -> Hints {
        // The embedded file is tested to parse; an error here cannot come from input.
        Hints::parse(EMBEDDED).unwrap_or_default()
    }

    /// The embedded hints, parsed once per process.
    pub fn shared() -> &'static Hints {
        static H: std::sync::OnceLock<Hints> = std::sync::OnceLock::new();
        H.get_or_init(Hints::embedded)
    }

    /// `DIR/web/content-hints.tsv`, or the embedded copy when the directory has none.
    pub fn load_dir(dir: &Path) -> Result<Hints, WebError> {
        let p = dir.join(FILE);
        if !p.exists() {
            return Ok(Hints::embedded());
        }
        let s =
            std::fs::read_to_string(&p).map_err(|e| WebError::Io(p.display().to_string(), e))?;
        Hints::parse(&s)
    }

    /// Parse the TSV (see the file's header).
    pub fn parse(s: &str) -> Result<Hints, WebError> {
        let mut h = Hints::default();
        for (i, line) in s.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let bad = |m: &str| WebError::Hints(i + 1, m.to_string());
            let [what, value, weight] = f.as_slice() else {
                return Err(bad(
                    "expected three tab-separated columns: what, value, weight",
                ));
            };
            let value = value.to_ascii_lowercase();
            match (*what, *weight) {
                ("tag", "drop") => {
                    h.tags.insert(value);
                }
                ("role", "drop") => {
                    h.roles.insert(value);
                }
                ("class", "drop") => h.class_drop.push(value),
                ("class", w) => {
                    let w: f64 = w
                        .parse()
                        .map_err(|_| bad("class weight: drop or a number"))?;
                    h.class_score.push((value, w));
                }
                ("line", "drop") => {
                    h.lines.insert(value);
                }
                ("meta", field) => {
                    h.meta.insert(value, field.to_string());
                }
                _ => return Err(bad("unknown row: what is tag, role, class, line or meta")),
            }
        }
        Ok(h)
    }

    pub fn drops_tag(&self, name: &str) -> bool {
        self.tags.contains(name)
    }

    pub fn drops_role(&self, role: &str) -> bool {
        role.split_whitespace()
            .any(|r| self.roles.contains(&r.to_ascii_lowercase()))
    }

    /// Whether a whole block of text is page furniture ("Advertisement").
    pub fn drops_line(&self, text: &str) -> bool {
        let t = text
            .trim()
            .trim_end_matches(|c: char| c.is_ascii_punctuation())
            .to_lowercase();
        self.lines.contains(&t)
    }

    /// What the lower-cased class and id of an element say: a drop word wins over
    /// scores; otherwise the weights of every word found add up.
    pub fn class_weight(&self, class_id: &str) -> ClassWeight {
        if class_id.trim().is_empty() {
            return ClassWeight::None;
        }
        if self
            .class_drop
            .iter()
            .any(|w| class_id.contains(w.as_str()))
        {
            return ClassWeight::Drop;
        }
        let s: f64 = self
            .class_score
            .iter()
            .filter(|(w, _)| class_id.contains(w.as_str()))
            .map(|(_, s)| s)
            .sum();
        if s == 0.0 {
            ClassWeight::None
        } else {
            ClassWeight::Score(s)
        }
    }

    /// The field a `<meta>` name or property gives (`published`, `author`, `title`, `url`).
    pub fn meta_field(&self, key: &str) -> Option<&str> {
        self.meta.get(key).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_hints_parse_and_classify() {
        let h = Hints::parse(EMBEDDED).unwrap();
        assert!(h.drops_tag("nav"));
        assert!(h.drops_role("navigation"));
        assert_eq!(h.class_weight("related-stories"), ClassWeight::Drop);
        assert!(matches!(h.class_weight("story-body"), ClassWeight::Score(s) if s >= 40.0));
        assert_eq!(h.class_weight("x1"), ClassWeight::None);
        assert_eq!(h.meta_field("article:published_time"), Some("published"));
        assert!(h.drops_line(" Advertisement "));
        assert!(!h.drops_line("Advertisement for a new ceasefire"));
    }

    #[test]
    fn bad_rows_are_errors_with_their_line() {
        let e = Hints::parse("# c\ntag\tnav\n").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert!(Hints::parse("class\tx\tmaybe\n").is_err());
    }
}
