/*!
A news page's article: its main text, title, author, publication date and canonical URL.

The page is parsed by html5ever (through `scraper`), which repairs broken markup the
way browsers do. Then, in the manner of Mozilla's Readability:

1. elements that are never article text are set aside: tags, ARIA roles and class/id
   words marked `drop` in `data/web/content-hints.tsv` (navigation, headers and footers,
   related links, comments, share bars, cookie banners, figures and their captions …),
   and hidden elements;
2. every paragraph-like block (a `<p>`, `<pre>`, `<td>`, `<blockquote>`, or a `<div>`
   with text of its own) of at least 25 characters scores its container and, at half
   weight, the container's parent: one point, one per comma, one per 100 characters
   (at most 3), plus the class/id weights of the hints file;
3. each container's score is scaled by its link density (text inside links ÷ text), and
   the best one is the article; its siblings join when they score at least a fifth of
   it, or are plain paragraphs with few links;
4. the article's text is written block by block, leaving out link-dense lists,
   paragraphs and lines (related stories, "Print | Email | Back to top" bars), headings
   left with no text under them, bare dates, lines the hints file names (`line` rows:
   "Advertisement"), a repeat of the title and a byline naming the author.

Metadata comes from `<meta>` tags (rows `meta` of the hints file), JSON-LD
(`datePublished`, `headline`, `author`, `url`), `<time datetime>`, `<link
rel=canonical>` and `<title>`. When the page holds too little paragraph text to score,
the text of everything not dropped is kept, so no page silently loses its words.
*/

use crate::hints::{ClassWeight, Hints};
use chrono::NaiveDate;
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

/// What was read from a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// The headline (og:title, JSON-LD headline, the first `<h1>`, or `<title>`).
    pub title: Option<String>,
    pub author: Option<String>,
    /// The publication date as written in the page (ISO 8601 or as given).
    pub published_raw: Option<String>,
    /// Its day, when it starts with `YYYY-MM-DD`.
    pub published: Option<NaiveDate>,
    /// `<link rel="canonical">`, og:url or JSON-LD url.
    pub canonical_url: Option<String>,
    /// The title line, a blank line, then the article's paragraphs, one per line
    /// with blank lines between.
    pub text: String,
    /// The first defect of a truncated or malformed page: its line and a message.
    pub issue: Option<(usize, String)>,
}

/// Blocks below this many characters do not score their container.
const MIN_PARAGRAPH: usize = 25;

/// Read a page's article.
pub fn extract(html: &str, hints: &Hints) -> Article {
    let doc = Html::parse_document(html);
    let mut art = Article {
        issue: truncation(html),
        ..Article::default()
    };
    metadata(&doc, hints, &mut art);
    let root = doc.root_element();
    let mut cx = Cx {
        hints,
        keep: HashMap::new(),
        scores: HashMap::new(),
    };
    cx.mark(*root);
    cx.score(*root);
    let body = match cx.best(*root) {
        Some(top) => cx.article_text(top),
        None => String::new(),
    };
    let body = if body.trim().is_empty() {
        let mut out = Blocks::default();
        cx.write(*root, &mut out, false);
        out.finish(hints)
    } else {
        body
    };
    if art.title.is_none() {
        art.title = first_h1(&doc);
    }
    let body = match &art.title {
        Some(t) => strip_leading_title(&body, t),
        None => body,
    };
    let body = match &art.author {
        Some(a) => strip_byline(&body, a),
        None => body,
    };
    art.text = match &art.title {
        Some(t) if !body.is_empty() => format!("{t}\n\n{body}"),
        Some(t) => t.clone(),
        None => body,
    };
    art
}

/// Drop short lines among the body's first five that name the author (a byline:
/// "Jane Doe · 14 May 2024").
fn strip_byline(body: &str, author: &str) -> String {
    let author = author.trim();
    if author.chars().count() < 4 {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut seen = 0;
    for line in body.split_inclusive('\n') {
        if !line.trim().is_empty() {
            seen += 1;
            if seen <= 5 && line.split_whitespace().count() <= 12 && line.contains(author) {
                continue;
            }
        }
        if line.trim().is_empty() && (out.is_empty() || out.ends_with("\n\n")) {
            continue;
        }
        out.push_str(line);
    }
    out.trim().to_string()
}

/// Drop a line among the body's first five that repeats the title (the page's `<h1>`).
fn strip_leading_title(body: &str, title: &str) -> String {
    let title = title.trim();
    let mut out = String::with_capacity(body.len());
    let mut dropped = false;
    let mut seen = 0;
    for line in body.split_inclusive('\n') {
        if !line.trim().is_empty() {
            seen += 1;
            if !dropped && seen <= 5 && line.trim() == title {
                dropped = true;
                continue;
            }
        }
        if line.trim().is_empty() && out.ends_with("\n\n") {
            continue;
        }
        out.push_str(line);
    }
    out.trim().to_string()
}

struct Cx<'h> {
    hints: &'h Hints,
    /// Per element: false when it is set aside (step 1).
    keep: HashMap<ego_tree::NodeId, bool>,
    scores: HashMap<ego_tree::NodeId, f64>,
}

fn el(node: NodeRef<'_, Node>) -> Option<ElementRef<'_>> {
    ElementRef::wrap(node)
}

fn class_id(e: &ElementRef<'_>) -> String {
    let v = e.value();
    let mut s = String::new();
    if let Some(c) = v.attr("class") {
        s.push_str(c);
    }
    for a in ["id", "data-component", "data-testid"] {
        if let Some(i) = v.attr(a) {
            s.push(' ');
            s.push_str(i);
        }
    }
    s.to_ascii_lowercase()
}

fn hidden(e: &ElementRef<'_>) -> bool {
    let v = e.value();
    if v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true") {
        return true;
    }
    v.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "blockquote"
            | "pre"
            | "br"
            | "hr"
            | "address"
            | "body"
            | "title"
    )
}

impl Cx<'_> {
    /// Step 1: mark what is set aside. Returns whether the subtree holds the article
    /// itself (an <article>, <main>, itemprop=articleBody or a strong class word).
    fn mark(&mut self, node: NodeRef<'_, Node>) -> bool {
        let Some(e) = el(node) else {
            return false;
        };
        let name = e.value().name();
        let mut holds =
            matches!(name, "article" | "main") || e.value().attr("itemprop") == Some("articleBody");
        let cid = class_id(&e);
        let w = self.hints.class_weight(&cid);
        if matches!(w, ClassWeight::Score(s) if s >= 40.0) {
            holds = true;
        }
        for c in node.children() {
            holds |= self.mark(c);
        }
        let drop = self.hints.drops_tag(name)
            || e.value()
                .attr("role")
                .is_some_and(|r| self.hints.drops_role(r))
            || hidden(&e)
            || (matches!(w, ClassWeight::Drop) && !holds && !matches!(name, "body" | "html"));
        self.keep.insert(node.id(), !drop);
        holds && !drop
    }

    fn kept(&self, node: NodeRef<'_, Node>) -> bool {
        self.keep.get(&node.id()).copied().unwrap_or(true)
    }

    /// Text length and linked text length of a kept subtree.
    fn lengths(&self, node: NodeRef<'_, Node>, in_link: bool) -> (usize, usize) {
        match node.value() {
            Node::Text(t) => {
                let n = t.trim().chars().count();
                (n, if in_link { n } else { 0 })
            }
            Node::Element(e) => {
                if !self.kept(node) {
                    return (0, 0);
                }
                let link = in_link || e.name() == "a";
                let mut tot = (0, 0);
                for c in node.children() {
                    let (a, b) = self.lengths(c, link);
                    tot.0 += a;
                    tot.1 += b;
                }
                tot
            }
            _ => (0, 0),
        }
    }

    fn link_density(&self, node: NodeRef<'_, Node>) -> f64 {
        let (t, l) = self.lengths(node, false);
        if t == 0 {
            0.0
        } else {
            l as f64 / t as f64
        }
    }

    fn own_text(&self, node: NodeRef<'_, Node>) -> String {
        let mut s = String::new();
        self.collect_text(node, &mut s);
        s
    }

    fn collect_text(&self, node: NodeRef<'_, Node>, s: &mut String) {
        match node.value() {
            Node::Text(t) => s.push_str(t),
            Node::Element(_) if self.kept(node) => {
                for c in node.children() {
                    self.collect_text(c, s);
                }
            }
            _ => {}
        }
    }

    fn base_score(&self, e: &ElementRef<'_>) -> f64 {
        let tag = match e.value().name() {
            "article" | "main" => 10.0,
            "div" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        let class = match self.hints.class_weight(&class_id(e)) {
            ClassWeight::Score(s) => s,
            _ => 0.0,
        };
        tag + class
            + if e.value().attr("itemprop") == Some("articleBody") {
                40.0
            } else {
                0.0
            }
    }

    fn paragraph_like(&self, node: NodeRef<'_, Node>) -> bool {
        let Some(e) = el(node) else {
            return false;
        };
        match e.value().name() {
            "p" | "pre" | "td" | "blockquote" => true,
            // A div with no block children is a paragraph in all but name.
            "div" | "section" => !node.children().any(|c| {
                el(c).is_some_and(|ce| is_block(ce.value().name()) && ce.value().name() != "br")
            }),
            _ => false,
        }
    }

    /// Step 2: paragraphs score their container and its parent.
    fn score(&mut self, node: NodeRef<'_, Node>) {
        if el(node).is_none() || !self.kept(node) {
            return;
        }
        if self.paragraph_like(node) {
            let text = self.own_text(node);
            let text = text.trim();
            let n = text.chars().count();
            if n >= MIN_PARAGRAPH {
                let pts = 1.0 + text.matches(',').count() as f64 + (n as f64 / 100.0).min(3.0);
                let parent = node.parent();
                let grand = parent.and_then(|p| p.parent());
                for (anc, share) in [(parent, 1.0), (grand, 0.5)] {
                    let Some(a) = anc.filter(|a| el(*a).is_some()) else {
                        continue;
                    };
                    let base = match self.scores.get(&a.id()) {
                        Some(_) => 0.0,
                        None => el(a).map(|e| self.base_score(&e)).unwrap_or(0.0),
                    };
                    *self.scores.entry(a.id()).or_insert(0.0) += base + pts * share;
                }
            }
        }
        for c in node.children() {
            self.score(c);
        }
    }

    /// Step 3: the best container, its score scaled by link density.
    fn best<'a>(&self, root: NodeRef<'a, Node>) -> Option<NodeRef<'a, Node>> {
        let mut best: Option<(NodeRef<'a, Node>, f64)> = None;
        for node in root.descendants() {
            let Some(&s) = self.scores.get(&node.id()) else {
                continue;
            };
            if !self.kept(node) || el(node).is_some_and(|e| e.value().name() == "html") {
                continue;
            }
            let s = s * (1.0 - self.link_density(node));
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((node, s));
            }
        }
        best.map(|(n, _)| n)
    }

    /// The adjusted score of a node (0 when it scored nothing).
    fn adjusted(&self, node: NodeRef<'_, Node>) -> f64 {
        self.scores
            .get(&node.id())
            .map(|s| s * (1.0 - self.link_density(node)))
            .unwrap_or(0.0)
    }

    /// The article's text: the best container and the siblings that belong to it.
    fn article_text(&self, top: NodeRef<'_, Node>) -> String {
        let top_score = self.adjusted(top);
        let threshold = (top_score * 0.2).max(10.0);
        let mut out = Blocks {
            filter_links: true,
            ..Blocks::default()
        };
        let siblings: Vec<NodeRef<'_, Node>> = match top.parent() {
            Some(p) if el(p).is_some_and(|e| e.value().name() != "html") => p.children().collect(),
            _ => vec![top],
        };
        for sib in siblings {
            if sib.id() == top.id() {
                self.write(sib, &mut out, true);
                continue;
            }
            let Some(e) = el(sib) else {
                continue;
            };
            if !self.kept(sib) {
                continue;
            }
            let mut join = self.adjusted(sib) >= threshold;
            if !join && e.value().name() == "p" {
                let text = squash(&self.own_text(sib));
                let n = text.chars().count();
                let ld = self.link_density(sib);
                join = (n > 80 && ld < 0.25) || (n > 0 && ld == 0.0 && text.ends_with('.'));
            }
            if join {
                self.write(sib, &mut out, true);
            }
        }
        out.finish(self.hints)
    }

    /// Step 4: write a kept subtree as blocks; `filter` leaves out link-dense lists
    /// and paragraphs.
    fn write(&self, node: NodeRef<'_, Node>, out: &mut Blocks, filter: bool) {
        self.write_in(node, out, filter, false)
    }

    fn write_in(&self, node: NodeRef<'_, Node>, out: &mut Blocks, filter: bool, link: bool) {
        match node.value() {
            Node::Text(t) if link => out.push_link_text(t),
            Node::Text(t) => out.push_text(t),
            Node::Element(e) => {
                if !self.kept(node) {
                    return;
                }
                let name = e.name();
                if filter && self.link_heavy(node, name) {
                    return;
                }
                let block = is_block(name);
                let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                if block {
                    out.break_block(name == "br");
                }
                out.heading = heading;
                let link = link || name == "a";
                for c in node.children() {
                    self.write_in(c, out, filter, link);
                }
                if block {
                    out.break_block(false);
                }
                out.heading = false;
            }
            _ => {}
        }
    }

    /// Lists, tables and paragraphs that are mostly links (related stories, tag
    /// clouds, "Read more: …").
    fn link_heavy(&self, node: NodeRef<'_, Node>, name: &str) -> bool {
        if !matches!(
            name,
            "ul" | "ol" | "dl" | "table" | "p" | "div" | "section" | "li"
        ) {
            return false;
        }
        let (t, l) = self.lengths(node, false);
        if t == 0 {
            return false;
        }
        let ld = l as f64 / t as f64;
        match name {
            "p" | "li" => ld > 0.6,
            _ => ld > 0.5 || (ld > 0.3 && t < 200),
        }
    }
}

/// Text written block by block.
#[derive(Default)]
struct Blocks {
    /// Each block with whether it is a heading and whether a soft break (`<br>`)
    /// separates it from the one before.
    blocks: Vec<(String, bool, bool)>,
    line: String,
    heading: bool,
    soft: bool,
    /// Characters of the current line inside links.
    link_chars: usize,
    /// Leave out lines that are mostly links (a "Print | Email | Back to top" bar).
    filter_links: bool,
}

impl Blocks {
    fn push_link_text(&mut self, t: &str) {
        self.link_chars += t
            .split_whitespace()
            .map(|w| w.chars().count())
            .sum::<usize>();
        self.push_text(t);
    }

    fn push_text(&mut self, t: &str) {
        let mut space = self.line.is_empty() || self.line.ends_with(' ');
        if t.starts_with(char::is_whitespace) && !space {
            self.line.push(' ');
            space = true;
        }
        for w in t.split_whitespace() {
            if !space {
                self.line.push(' ');
            }
            self.line.push_str(w);
            space = false;
        }
        if t.ends_with(char::is_whitespace) && !self.line.is_empty() && !space {
            self.line.push(' ');
        }
    }

    fn break_block(&mut self, soft: bool) {
        let l = self.line.trim();
        let letters = l.chars().filter(|c| !c.is_whitespace()).count();
        let linky = self.filter_links && letters > 0 && self.link_chars * 10 > letters * 6;
        if !l.is_empty() && !linky {
            self.blocks.push((l.to_string(), self.heading, self.soft));
        }
        self.line.clear();
        self.link_chars = 0;
        self.soft = soft;
    }

    /// The text: headings with no text after them (the title of a list that was left
    /// out) and lines of only digits and separators (a bare date) are dropped.
    fn finish(mut self, hints: &Hints) -> String {
        self.break_block(false);
        let n = self.blocks.len();
        let mut out = String::new();
        for i in 0..n {
            let (text, heading, soft) = &self.blocks[i];
            if *heading && self.blocks[i + 1..].first().is_none_or(|b| b.1) {
                continue;
            }
            if text
                .chars()
                .all(|c| c.is_ascii_digit() || " /.-:,".contains(c))
                || hints.drops_line(text)
            {
                continue;
            }
            if !out.is_empty() {
                out.push_str(if *soft { "\n" } else { "\n\n" });
            }
            out.push_str(text);
        }
        out
    }
}

fn first_h1(doc: &Html) -> Option<String> {
    let sel = scraper::Selector::parse("h1").ok()?;
    doc.select(&sel)
        .map(|e| squash(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// Collapse whitespace.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    match scraper::Selector::parse(css) {
        Ok(sel) => doc.select(&sel).collect(),
        Err(_) => Vec::new(),
    }
}

fn set(slot: &mut Option<String>, v: &str) {
    let v = squash(v);
    if slot.is_none() && !v.is_empty() {
        *slot = Some(v);
    }
}

fn metadata(doc: &Html, hints: &Hints, art: &mut Article) {
    let mut title = None;
    for m in select(doc, "meta") {
        let v = m.value();
        let key = v
            .attr("property")
            .or(v.attr("name"))
            .or(v.attr("itemprop"))
            .map(str::to_ascii_lowercase);
        let (Some(key), Some(content)) = (key, v.attr("content")) else {
            continue;
        };
        match hints.meta_field(&key) {
            Some("published") => set(&mut art.published_raw, content),
            Some("author") if !content.starts_with("http") => set(&mut art.author, content),
            Some("title") => set(&mut title, content),
            Some("url") => set(&mut art.canonical_url, content),
            _ => {}
        }
    }
    for l in select(doc, "link[rel=canonical]") {
        if let Some(h) = l.value().attr("href") {
            // The canonical link outranks og:url.
            art.canonical_url = None;
            set(&mut art.canonical_url, h);
            break;
        }
    }
    for s in select(doc, r#"script[type="application/ld+json"]"#) {
        let raw: String = s.text().collect();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(raw.trim()) {
            json_ld(&v, art, &mut title, 0);
        }
    }
    if art.published_raw.is_none() {
        let times = select(doc, "article time[datetime], time[datetime]");
        if let Some(t) = times.first().and_then(|t| t.value().attr("datetime")) {
            set(&mut art.published_raw, t);
        }
    }
    if title.is_none() {
        if let Some(t) = select(doc, "title").first() {
            let full = squash(&t.text().collect::<String>());
            // A heading that the <title> holds is the headline without the site name.
            let heading = select(doc, "h1, h2, h3, h4, b, strong")
                .iter()
                .map(|h| squash(&h.text().collect::<String>()))
                .filter(|h| h.chars().count() >= 12 && full.contains(h.as_str()))
                .max_by_key(|h| h.len());
            match heading {
                Some(h) => set(&mut title, &h),
                None => set(&mut title, site_suffix_removed(&full)),
            }
        }
    }
    art.title = title;
    art.published = art.published_raw.as_deref().and_then(parse_day);
}

/// "Blast in the market | The Daily Record" → "Blast in the market".
fn site_suffix_removed(t: &str) -> &str {
    for sep in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some(i) = t.rfind(sep) {
            let (head, tail) = (&t[..i], &t[i + sep.len()..]);
            if tail.chars().count() < head.chars().count() {
                return head.trim();
            }
        }
    }
    t
}

fn json_ld(v: &serde_json::Value, art: &mut Article, title: &mut Option<String>, depth: usize) {
    use serde_json::Value;
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a {
                json_ld(x, art, title, depth + 1);
            }
        }
        Value::Object(o) => {
            let is_article = o.get("datePublished").is_some() || o.get("articleBody").is_some();
            if is_article {
                if let Some(Value::String(d)) = o.get("datePublished") {
                    set(&mut art.published_raw, d);
                }
                if let Some(Value::String(h)) = o.get("headline") {
                    set(title, h);
                }
                match o.get("author") {
                    Some(Value::String(a)) => set(&mut art.author, a),
                    Some(Value::Object(a)) => {
                        if let Some(Value::String(n)) = a.get("name") {
                            set(&mut art.author, n);
                        }
                    }
                    Some(Value::Array(list)) => {
                        let names: Vec<&str> = list
                            .iter()
                            .filter_map(|a| a.get("name").and_then(Value::as_str).or(a.as_str()))
                            .collect();
                        if !names.is_empty() {
                            set(&mut art.author, &names.join(", "));
                        }
                    }
                    _ => {}
                }
                if let Some(Value::String(u)) = o.get("url") {
                    set(&mut art.canonical_url, u);
                }
            }
            for (k, x) in o {
                if k == "@graph" || matches!(x, Value::Array(_)) && k != "author" {
                    json_ld(x, art, title, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// The day of a date as pages write it: ISO 8601 (`2024-05-02T08:00:00Z`) or RFC 2822.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(head) = s.get(..10) {
        if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
            return Some(d);
        }
    }
    chrono::DateTime::parse_from_rfc2822(s)
        .ok()
        .map(|d| d.date_naive())
}

/// The first defect of a truncated page (the parser repairs it; this says where).
pub fn truncation(html: &str) -> Option<(usize, String)> {
    let line_at = |pos: usize| {
        html.get(..pos)
            .map(|s| s.matches('\n').count())
            .unwrap_or(0)
            + 1
    };
    if let Some(c) = html.rfind("<!--") {
        if !html[c..].contains("-->") {
            return Some((
                line_at(c),
                "unterminated HTML comment; text after it dropped".into(),
            ));
        }
    }
    let lower = html.to_ascii_lowercase();
    for raw in ["script", "style"] {
        if let Some(open) = lower.rfind(&format!("<{raw}")) {
            if !lower[open..].contains(&format!("</{raw}")) {
                return Some((line_at(open), format!("<{raw}> is never closed")));
            }
        }
    }
    if let Some(lt) = html.rfind('<') {
        if !html[lt..].contains('>') {
            return Some((
                line_at(lt),
                "truncated HTML: a tag is never closed; kept the text before it".into(),
            ));
        }
    }
    None
}
