/*!
Cleaning: the raw page text made into the text sitrep stores.

[`clean`] normalises line endings to `\n`, strips a BOM and trailing spaces,
drops whole lines of page chrome listed in `data/lexicons/boilerplate.txt`
("Advertisement", "Photo: …", "Share this article"; never a sentence inside a
paragraph), and collapses runs of blank lines to one. It then finds, in the
cleaned text, the title (a short first line without a final period, not a
byline or dateline) and the dateline at the head of the first body paragraph
("KABUL, AFGHANISTAN –", "PONT-SONDÉ, Haiti (AP) —", "(CNN) —", "NEW DELHI:",
"Quetta, Aug 8 (Reuters) -"). Both stay in the text; their spans point into it.

Dateline rule: a place of capitalised words (lower-case particles such as "de"
allowed inside, from `boilerplate.dateline.tsv`), optional ", Region" parts, an
optional month-day, an optional "(AGENCY …)", then a dash or a colon. To keep
ordinary sentences out ("However, the army said —"), a title-case place needs a
region or an agency; a colon needs an all-capitals place or an agency.
*/

use crate::fold::fold_str;
use crate::lexicon::Lexicons;
use sitrep_core::{Dateline, Span};

/// Cleaned text with the title and dateline found in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub text: String,
    pub title_span: Option<Span>,
    pub dateline: Option<Dateline>,
}

/// Clean `raw` with the embedded lexicons.
pub fn clean(raw: &str) -> Result<Cleaned, crate::LexiconError> {
    Ok(Lexicons::embedded()?.clean(raw))
}

/// Longest line a prefix or suffix boilerplate pattern may remove.
const MAX_CHROME_LINE: usize = 200;
/// Longest line that may be a title.
const MAX_TITLE: usize = 200;
/// Longest dateline, separator included.
const MAX_DATELINE: usize = 90;

impl Lexicons {
    /// Clean `raw`; see the module docs.
    pub fn clean(&self, raw: &str) -> Cleaned {
        let s = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        // Line ends made `\n` (most texts have no `\r`: one byte scan, no copy).
        let s: std::borrow::Cow<'_, str> = if crate::lines::has_cr(s) {
            s.replace("\r\n", "\n").replace('\r', "\n").into()
        } else {
            s.into()
        };
        let mut out = String::with_capacity(s.len());
        let mut blank_run = false;
        for line in crate::lines::split_lines(&s) {
            let line = line.trim_end();
            if self.is_boilerplate(line) {
                continue;
            }
            if line.trim().is_empty() {
                blank_run = !out.is_empty();
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
                if blank_run {
                    out.push('\n');
                }
            }
            blank_run = false;
            out.push_str(line);
        }
        let title_span = self.find_title(&out);
        let dateline = self.find_dateline(&out, title_span);
        Cleaned {
            text: out,
            title_span,
            dateline,
        }
    }

    /// True when the whole line is page chrome.
    pub(crate) fn is_boilerplate(&self, line: &str) -> bool {
        let b = &self.boilerplate;
        let t = chrome_trim(line);
        if t.is_empty() {
            return false;
        }
        // A line too long for the prefix and suffix tests is chrome only when
        // its folding is an exact entry; each ASCII byte but the backtick folds
        // to one byte, so more of them than the longest entry rule that out
        // with no folding (most body lines).
        // (Counted only as far as needed: past the longest entry the answer is
        // known.)
        if line.len() > MAX_CHROME_LINE
            && t.bytes()
                .filter(|&c| c.is_ascii() && c != b'`')
                .nth(b.exact_longest)
                .is_some()
        {
            return false;
        }
        let f = fold_str(t);
        // (A line longer than every exact entry is not hashed.)
        if f.len() <= b.exact_longest && b.exact.contains(&f) {
            return true;
        }
        if line.len() > MAX_CHROME_LINE {
            return false;
        }
        // Only the prefixes that start with the line's first byte (they stand
        // together in `prefix`, which is in byte order).
        let first = f.as_bytes().first().copied();
        let before = |p: &String, or_equal: bool| match (p.as_bytes().first(), first) {
            (None, _) => true,
            (Some(&x), Some(c)) => x < c || (or_equal && x == c),
            (Some(_), None) => false,
        };
        let lo = b.prefix.partition_point(|p| before(p, false));
        let hi = b.prefix.partition_point(|p| before(p, true));
        b.prefix
            .get(lo..hi)
            .unwrap_or(&[])
            .iter()
            .any(|p| !p.is_empty() && f.starts_with(p.as_str()))
            || b.suffix
                .iter()
                .any(|p| !p.is_empty() && f.ends_with(p.as_str()))
    }

    fn is_byline(&self, line: &str) -> bool {
        short_line_starting(line, &self.boilerplate.bylines)
    }

    fn find_title(&self, text: &str) -> Option<Span> {
        let first = text.split('\n').next()?;
        let rest = text.get(first.len()..)?;
        let t = first.trim();
        if t.is_empty()
            || rest.trim().is_empty()
            || t.chars().count() >= MAX_TITLE
            || t.split_whitespace().count() < 2
            || t.ends_with(['.', ',', ';', ':'])
            || t.chars().next().is_some_and(char::is_lowercase)
            || self.is_byline(t)
            || self.parse_dateline(first).is_some()
        {
            return None;
        }
        let lead = first.len() - first.trim_start().len();
        Some(Span::new(lead, lead + t.len()))
    }

    /// A photo credit line ("Photo by X/Agency", "Image: Getty").
    fn is_credit(&self, line: &str) -> bool {
        short_line_starting(line, &self.boilerplate.credits)
    }

    /// A caption that ends with its credit ("Mourners gather … Photo by X/Agency"):
    /// a credit in the line's last 80 bytes, right after a full stop.
    fn ends_with_credit(&self, line: &str) -> bool {
        let line = line.trim_end();
        let mut from = line.len().saturating_sub(80);
        while !line.is_char_boundary(from) {
            from += 1;
        }
        let Some(tail) = line.get(from..) else {
            return false;
        };
        let f = fold_str(tail);
        // A credit comes after a full stop: none when nothing but white space
        // follows the first one (most lines end on their only stop).
        let Some(stop) = f.find('.') else {
            return false;
        };
        if f.get(stop + 1..).is_none_or(|r| r.trim().is_empty()) {
            return false;
        }
        self.boilerplate.credits.iter().any(|b| {
            f.rfind(b.as_str()).is_some_and(|i| {
                f.get(..i)
                    .is_some_and(|before| before.trim_end().ends_with('.'))
            })
        })
    }

    fn find_dateline(&self, text: &str, title: Option<Span>) -> Option<Dateline> {
        let mut off = title.map_or(0, |t| t.end);
        let mut tried = 0;
        let mut lines = text.get(off..)?.split('\n');
        while let Some(line) = lines.next() {
            let here = off;
            off += line.len() + 1;
            if line.trim().is_empty() || self.is_byline(line) || self.is_credit(line) {
                continue;
            }
            // A photo caption: a line whose next non-empty line is a credit.
            let caption = lines
                .clone()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| self.is_credit(l));
            if caption || self.ends_with_credit(line) {
                continue;
            }
            tried += 1;
            if let Some((end, place, agency)) = self.parse_dateline(line) {
                return Some(Dateline {
                    span: Span::new(here, here + end),
                    place_span: Span::new(here + place.0, here + place.1),
                    agency,
                });
            }
            // stop at the first body paragraph, or after a few short lines
            if line.len() >= 80 || tried >= 4 {
                break;
            }
        }
        None
    }

    /// A dateline at the start of `line`: (end incl. separator, place span, agency).
    pub(crate) fn parse_dateline(
        &self,
        line: &str,
    ) -> Option<(usize, (usize, usize), Option<String>)> {
        let lead = line.len() - line.trim_start().len();
        let mut p = Cursor { s: line, i: lead };
        // "(CNN) —"
        if p.peek() == Some('(') {
            let agency = p.paren()?;
            let end = p.separator()?;
            return Some((end, (lead, lead), Some(agency)));
        }
        let mut place_end = lead;
        let mut all_caps = false;
        let mut region = false;
        let mut date = false;
        if self.month_word(p.word_at()).is_some() {
            // "March 4 (UPI) —": a date with no place (not "27 January 2025 -
            // 10:34", a time stamp; the day first only after a place)
            p.date(self)?;
            date = true;
        } else {
            let (n, caps) = p.place_words(&self.boilerplate.connectors, 6)?;
            if n == 0 {
                return None;
            }
            all_caps = caps;
            place_end = p.i;
            for _ in 0..3 {
                let save = p.i;
                if !p.eat(", ") && !p.eat(",") {
                    break;
                }
                p.skip_spaces();
                if self.opens_date(p) {
                    if p.date(self).is_some() {
                        date = true;
                        break;
                    }
                    p.i = save;
                    break;
                }
                match p.place_words(&self.boilerplate.connectors, 4) {
                    Some((n, _)) if n > 0 => {
                        region = true;
                        place_end = p.i;
                    }
                    _ => {
                        p.i = save;
                        break;
                    }
                }
            }
            if !date {
                let save = p.i;
                p.skip_spaces();
                if self.opens_date(p) && p.date(self).is_some() {
                    date = true;
                } else {
                    p.i = save;
                }
            }
        }
        let save = p.i;
        p.skip_spaces();
        let agency = if p.peek() == Some('(') {
            Some(p.paren()?)
        } else {
            p.i = save;
            None
        };
        let colon = {
            let mut q = Cursor { s: line, i: p.i };
            q.skip_spaces();
            q.peek() == Some(':')
        };
        let end = p.separator()?;
        // "AP: …", "REUTERS -": an agency printed where the place would be
        let place = line.get(lead..place_end).unwrap_or("");
        if !region
            && !date
            && agency.is_none()
            && self.boilerplate.agencies.contains(&fold_str(place))
        {
            return Some((end, (lead, lead), Some(place.to_string())));
        }
        let ok = if colon {
            all_caps || agency.is_some()
        } else {
            all_caps || agency.is_some() || region || (date && place_end == lead)
        };
        if !ok || end > MAX_DATELINE {
            return None;
        }
        Some((end, (lead, place_end), agency))
    }

    /// A date opens at the cursor: a month name ("March 4"), or a day's
    /// number and a month name ("4 March"). Whether the rest of it parses is
    /// [`Cursor::date`]'s to say.
    fn opens_date(&self, p: Cursor) -> bool {
        let mut q = p;
        let w = q.word_at();
        if self.month_word(w).is_some() {
            return true;
        }
        if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        q.i += w.len();
        q.skip_spaces();
        self.month_word(q.word_at()).is_some()
    }

    fn month_word(&self, w: &str) -> Option<u32> {
        let w = w.trim_end_matches('.');
        if !w.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        self.dates.months.get(&fold_str(w)).map(|(m, _)| *m)
    }
}

/// A byte cursor over one line.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.i..).unwrap_or("")
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn eat(&mut self, t: &str) -> bool {
        if self.rest().starts_with(t) {
            self.i += t.len();
            true
        } else {
            false
        }
    }
    fn skip_spaces(&mut self) {
        let r = self.rest();
        self.i += r.len() - r.trim_start_matches([' ', '\t', '\u{a0}']).len();
    }
    /// The word at the cursor (letters, digits and `.'’-/`), not consumed.
    fn word_at(&self) -> &'a str {
        let r = self.rest();
        let n = r
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-' | '/')))
            .map_or(r.len(), |(k, _)| k);
        r.get(..n).unwrap_or("")
    }
    /// Capitalised place words (lower-case connectors between them):
    /// (count, first word all capitals).
    fn place_words(
        &mut self,
        connectors: &rustc_hash::FxHashSet<String>,
        max: usize,
    ) -> Option<(usize, bool)> {
        let mut n = 0;
        let mut caps = false;
        let mut last_good = self.i;
        loop {
            let w = self.word_at();
            let w = w.trim_end_matches(['-', '/']);
            if w.is_empty() || n >= max {
                break;
            }
            let first = w.chars().next()?;
            if first.is_uppercase() {
                if n == 0 {
                    let mut letters = w.chars().filter(|c| c.is_alphabetic());
                    caps = letters.clone().nth(1).is_some() && letters.all(char::is_uppercase);
                }
                n += 1;
                self.i += w.len();
                last_good = self.i;
            } else if n > 0 && connectors.contains(w) {
                self.i += w.len();
            } else {
                break;
            }
            if self.rest().starts_with(' ') && !self.rest().starts_with("  ") {
                self.i += 1;
            } else {
                break;
            }
        }
        self.i = last_good;
        Some((n, caps))
    }
    /// Month name [.] day, or day month name [, year].
    fn date(&mut self, lex: &Lexicons) -> Option<()> {
        let w = self.word_at();
        if lex.month_word(w).is_some() {
            // "March 4": the month, then the day.
            self.i += w.len();
            self.skip_spaces();
            let n = self.rest().bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 || n > 2 {
                return None;
            }
            self.i += n;
        } else {
            // "4 March": the day, then the month.
            let n = w.len();
            if n == 0 || n > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let start = self.i;
            self.i += n;
            self.skip_spaces();
            let m = self.word_at();
            if lex.month_word(m).is_none() {
                self.i = start;
                return None;
            }
            self.i += m.len();
        }
        let save = self.i;
        if self.eat(", ") || self.eat(" ") {
            let r = self.rest();
            let y = r.bytes().take_while(u8::is_ascii_digit).count();
            if y == 4 {
                self.i += 4;
                return Some(());
            }
        }
        self.i = save;
        Some(())
    }
    /// "(AGENCY / extra)" → "AGENCY".
    fn paren(&mut self) -> Option<String> {
        let r = self.rest();
        let close = r.find(')')?;
        let inner = r.get(1..close)?;
        if inner.len() > 40 || inner.contains('(') {
            return None;
        }
        let name = inner.split('/').next()?.trim();
        if !name.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        self.i += close + 1;
        Some(name.to_string())
    }
    /// A dash or colon separator, followed by text; returns the end of the separator.
    fn separator(&mut self) -> Option<usize> {
        self.skip_spaces();
        let colon = self.eat(":");
        if !(colon
            || self.eat("--")
            || self.eat("—")
            || self.eat("–")
            || self.eat("―")
            || self.eat("-"))
        {
            return None;
        }
        let end = self.i;
        let next = self.peek()?;
        if !colon && !next.is_whitespace() {
            return None;
        }
        if self.rest().trim().is_empty() {
            return None;
        }
        Some(end)
    }
}

/// The folding of a line as page chrome is tested: without the bullets and
/// dashes before it and the colons, stops and arrows after it; `None` when
/// nothing is left.
#[cfg(test)]
fn chrome_folding(line: &str) -> Option<String> {
    let t = chrome_trim(line);
    (!t.is_empty()).then(|| fold_str(t))
}

/// A line without the bullets and dashes before it and the colons, stops and
/// arrows after it: what [`Lexicons::is_boilerplate`] folds.
fn chrome_trim(line: &str) -> &str {
    line.trim()
        .trim_start_matches(['•', '·', '*', '|', '-', '–', '—', '>', '»', ' '])
        .trim_end_matches([':', '.', '|', '»', '›', '>', ' '])
}

/// A line under 160 bytes whose folded text starts with one of the folded
/// `prefixes` (a byline, a photo credit).
fn short_line_starting(line: &str, prefixes: &[String]) -> bool {
    line.len() < 160 && {
        let t = line.trim();
        // An ASCII first byte (not a backtick) folds to itself lower-cased: a
        // line whose first byte starts no prefix is none, unfolded (most lines).
        if let Some(&c) = t.as_bytes().first().filter(|c| c.is_ascii() && **c != b'`') {
            let c = c.to_ascii_lowercase();
            if !prefixes
                .iter()
                .any(|p| p.as_bytes().first().is_none_or(|&b| b == c))
            {
                return false;
            }
        }
        // Folding is char by char, so the folding of the line's first chars
        // is the start of the line's: fold only as many as the longest prefix
        // may need (one char folds to a byte or more, or to none: a combining
        // mark; then the whole line is folded).
        let longest = prefixes.iter().map(String::len).max().unwrap_or(0);
        let mut head = longest.min(t.len());
        while !t.is_char_boundary(head) {
            head += 1;
        }
        let mut f = fold_str(t.get(..head).unwrap_or(t));
        if f.len() < longest && head < t.len() {
            f = fold_str(t);
        }
        prefixes.iter().any(|b| f.starts_with(b.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`super::clean`] with embedded lexicons that parse (a test of its own).
    fn clean(raw: &str) -> Cleaned {
        super::clean(raw).unwrap()
    }

    fn dl(line: &str) -> Option<(String, String, Option<String>)> {
        let c = clean(&format!("{line} rest of the paragraph."));
        c.dateline.map(|d| {
            (
                d.span.text(&c.text).to_string(),
                d.place_span.text(&c.text).to_string(),
                d.agency,
            )
        })
    }

    #[test]
    fn boilerplate_is_told_as_by_every_pattern() {
        let lex = Lexicons::embedded().unwrap();
        let b = &lex.boilerplate;
        // The test of every line against every pattern, as before the
        // prefixes were grouped by their first byte.
        let every = |line: &str| {
            let Some(f) = chrome_folding(line) else {
                return false;
            };
            b.exact.contains(&f)
                || line.len() <= MAX_CHROME_LINE
                    && (b
                        .prefix
                        .iter()
                        .any(|p| !p.is_empty() && f.starts_with(p.as_str()))
                        || b.suffix
                            .iter()
                            .any(|p| !p.is_empty() && f.ends_with(p.as_str())))
        };
        let mut lines: Vec<String> = Vec::new();
        for e in &b.exact {
            lines.push(e.to_uppercase());
            lines.push(format!("{e} and more"));
        }
        for p in &b.prefix {
            lines.push(format!("{} the rest", p.to_uppercase()));
            lines.push(format!("x{p}"));
        }
        for p in &b.suffix {
            lines.push(format!("Some words {p}"));
        }
        lines.extend(
            [
                "A bomb exploded near a market in the town on Monday, police said.",
                "",
                "  ",
                "\u{301}\u{301}",
                "Ébauche",
                "© 2024 Agency",
                "zz top",
            ]
            .map(String::from),
        );
        lines.push("Read more: ".to_string() + &"x".repeat(300));
        let mut told = 0;
        for l in &lines {
            assert_eq!(lex.is_boilerplate(l), every(l), "{l}");
            told += usize::from(every(l));
        }
        assert!(told > b.exact.len() + b.prefix.len(), "{told}");
    }

    #[test]
    fn a_short_line_starts_as_its_whole_folding_does() {
        let prefixes: Vec<String> = ["photo by", "by ", "crédit", "image:"]
            .iter()
            .map(|p| fold_str(p))
            .collect();
        let full = |line: &str| {
            line.len() < 160 && {
                let f = fold_str(line.trim());
                prefixes.iter().any(|b| f.starts_with(b.as_str()))
            }
        };
        for line in [
            "Photo by Staff/Agency",
            "  PHOTO BY someone",
            "Pho\u{301}to by a combining mark",
            "\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}photo by marks first",
            "CRÉDIT : Agence",
            "Crédit",
            "By",
            "By Reporter Name",
            "Image: a caption",
            "Ímage: not one",
            "Æbeltoft photo by",
            "",
            "photo",
        ] {
            assert_eq!(short_line_starting(line, &prefixes), full(line), "{line}");
        }
    }

    #[test]
    fn datelines() {
        assert_eq!(
            dl("HERAT, AFGHANISTAN –"),
            Some((
                "HERAT, AFGHANISTAN –".into(),
                "HERAT, AFGHANISTAN".into(),
                None
            ))
        );
        assert_eq!(
            dl("SAINT-MARC, Haiti (AP) —"),
            Some((
                "SAINT-MARC, Haiti (AP) —".into(),
                "SAINT-MARC, Haiti".into(),
                Some("AP".into())
            ))
        );
        assert_eq!(
            dl("(BBC) —").map(|d| (d.1, d.2)),
            Some(("".into(), Some("BBC".into())))
        );
        assert_eq!(dl("LAHORE: Police").map(|d| d.1), Some("LAHORE".into()));
        assert_eq!(
            dl("Peshawar, Sept 3 (Reuters) -").map(|d| (d.1, d.2)),
            Some(("Peshawar".into(), Some("Reuters".into())))
        );
        assert_eq!(
            dl("Ciudad del Este, Paraguay —").map(|d| d.1),
            Some("Ciudad del Este, Paraguay".into())
        );
        // The day before the month ("27 May"), as agencies outside the US write it.
        assert_eq!(
            dl("KANDAHAR, 27 May (AFP) - A bomb").map(|d| (d.0, d.1, d.2)),
            Some((
                "KANDAHAR, 27 May (AFP) -".into(),
                "KANDAHAR".into(),
                Some("AFP".into())
            ))
        );
        assert_eq!(dl("27 January 2025 - 10:34 By Reuters"), None);
        assert_eq!(dl("KANDAHAR, 27 people were killed - nothing"), None);
        assert_eq!(dl("However, the army said — nothing"), None);
        assert_eq!(dl("Meanwhile, Police Chief Ali said:"), None);
        assert_eq!(dl("In Kabul: a blast"), None);
        assert_eq!(
            dl("AFP: Troops").map(|d| (d.1, d.2)),
            Some(("".into(), Some("AFP".into())))
        );
    }

    #[test]
    fn boilerplate_title_and_blank_lines() {
        let raw = "\u{feff}Advertisement\r\nGunmen kill five in market raid  \r\n\r\n\r\n\r\nPhoto: a file photo\r\nBy Jane Roe, Newswire\n\nMOSUL, Iraq (AP) — Gunmen killed five people. Read more about it.\nShare this article\n";
        let c = clean(raw);
        assert_eq!(
            c.text,
            "Gunmen kill five in market raid\n\nBy Jane Roe, Newswire\n\nMOSUL, Iraq (AP) — Gunmen killed five people. Read more about it."
        );
        assert_eq!(
            c.title_span.map(|s| s.text(&c.text)),
            Some("Gunmen kill five in market raid")
        );
        let d = c.dateline.unwrap();
        assert_eq!(d.place_span.text(&c.text), "MOSUL, Iraq");
        assert_eq!(d.agency.as_deref(), Some("AP"));
    }

    #[test]
    fn dateline_after_a_photo_caption() {
        let c = clean(
            "Blasts hit a church in Moundou\n\nMourners gather outside the damaged church after the explosions during Sunday mass in Moundou, Chad.\nPhoto by Jane Roe/Newswire\n\nMay 12 (Newswire) - Two bombs exploded at a church in Moundou on Sunday, killing nine.",
        );
        let d = c.dateline.expect("a dateline after the caption");
        assert_eq!(d.span.text(&c.text), "May 12 (Newswire) -");
        // without the credit the long line is the first paragraph: no dateline after it
        let c = clean(
            "Blasts hit a church in Moundou\n\nMourners gather outside the damaged church after the explosions during Sunday mass in Moundou, Chad.\n\nMay 12 (Newswire) - Two bombs exploded at a church in Moundou on Sunday, killing nine.",
        );
        assert!(c.dateline.is_none());
        // the credit at the end of the caption's own line
        let c = clean(
            "Blasts hit a church in Moundou\n\nMourners gather outside the damaged church after the explosions during Sunday mass in Moundou, Chad. Photo by Jane Roe/Newswire\n\nMay 12 (Newswire) - Two bombs exploded at a church in Moundou on Sunday, killing nine.",
        );
        assert_eq!(
            c.dateline
                .map(|d| d.span.text(&c.text).to_string())
                .as_deref(),
            Some("May 12 (Newswire) -")
        );
    }

    #[test]
    fn no_title_for_a_sentence() {
        let c = clean("Five people were killed on Monday.\nMore followed.");
        assert_eq!(c.title_span, None);
        let c = clean("By Jane Roe, Newswire\n\nText here.");
        assert_eq!(c.title_span, None);
    }
}
