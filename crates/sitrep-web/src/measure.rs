/*!
Measuring main-content extraction against a page's expected article text.

Words are compared as multisets of lower-cased letter/digit runs:

* **recovered** = expected words found in the output ÷ expected words;
* **boilerplate kept** = output words that are not expected ÷ the page's words
  that are not expected (its boilerplate: menus, captions, comments …).
*/

use std::collections::HashMap;

/// The two shares for one page, each in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    pub recovered: f64,
    pub boilerplate_kept: f64,
}

fn words(s: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    m
}

fn total(m: &HashMap<String, usize>) -> usize {
    m.values().sum()
}

/// `a − b` as multisets.
fn minus(a: &HashMap<String, usize>, b: &HashMap<String, usize>) -> HashMap<String, usize> {
    a.iter()
        .filter_map(|(w, &n)| {
            let left = n.saturating_sub(b.get(w).copied().unwrap_or(0));
            (left > 0).then(|| (w.clone(), left))
        })
        .collect()
}

/// Every word a reader could see on the page (text outside script, style and the like).
pub fn page_words(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let mut out = String::new();
    for node in doc.tree.nodes() {
        if let scraper::Node::Text(t) = node.value() {
            let hidden = node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    matches!(e.name(), "script" | "style" | "noscript" | "template")
                })
            });
            if !hidden {
                out.push_str(t);
                out.push(' ');
            }
        }
    }
    out
}

/// Score one page's output.
pub fn score(expected: &str, output: &str, html: &str) -> PageScore {
    let e = words(expected);
    let o = words(output);
    let p = words(&page_words(html));
    let found = total(&e) - total(&minus(&e, &o));
    let boiler = total(&minus(&p, &e));
    let kept = total(&minus(&o, &e));
    PageScore {
        recovered: if total(&e) == 0 {
            1.0
        } else {
            found as f64 / total(&e) as f64
        },
        boilerplate_kept: if boiler == 0 {
            0.0
        } else {
            (kept as f64 / boiler as f64).min(1.0)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_count_words_as_multisets() {
        let html = "<nav>Home World</nav><p>Two died in a blast.</p>";
        let s = score("Two died in a blast.", "Home Two died in a blast.", html);
        assert_eq!(s.recovered, 1.0);
        assert_eq!(s.boilerplate_kept, 0.5);
        let s = score("Two died in a blast.", "Two died", html);
        assert!((s.recovered - 0.4).abs() < 1e-9);
        assert_eq!(s.boilerplate_kept, 0.0);
    }
}
