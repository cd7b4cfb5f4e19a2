/*!
Sentence splitting.

A newline always ends a sentence (paragraphs and one-line captions are never
joined). Inside a line a sentence ends at `.`, `!`, `?` or `…` (closing quotes
and brackets included) when whitespace follows and the next text starts like a
sentence (a capital, a digit, an opening quote or bracket) — except after:

* an initial (`J. Smith`, `George W. Bush`);
* an abbreviation of kind `title` in `data/lexicons/abbreviations.txt`
  (`Gen.`, `Dr.`, `Aug.`, `No.`), which is always followed by a name or number;
* an abbreviation of kind `other` (`U.S.`, `Inc.`), unless the next word is a
  sentence starter listed in the same file ("… in the U.S. The next day …").

Decimals (`2.5`) never split, since no whitespace follows the point. A stop
with no space after it ends a sentence only between a lower-case word or a
number and a capitalised one, an opening quote allowed before it ("two
people.The attacker fled", "killing 12.Police said", "said.“We": text scraped
without its spaces), never in "3.5", "U.S.The" or "www.Reuters". Spans are trimmed of
surrounding whitespace. One pass over the text. This is the one sentence rule
of sitrep: the [`crate::doc::Doc`] of a report holds its sentences, and every
component reads them there.
*/

use crate::fold::fold_str;
use crate::lexicon::Lexicons;
use sitrep_core::Span;

/// Sentence spans of `text` (embedded abbreviation list).
pub fn sentences(text: &str) -> Result<Vec<Span>, crate::LexiconError> {
    Ok(Lexicons::embedded()?.sentences(text))
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '¿' | '¡')
        // scripts without case
        || (c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase())
}

/// The character at byte `i` of `s` (None at the end or off a boundary).
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

/// The first byte at or after `p` where a terminator (`.`, `!`, `?`, `…`) starts.
fn next_terminal(b: &[u8], p: usize) -> Option<usize> {
    let rest = b.get(p..)?;
    // The next ASCII stop, then a '…' before it (E2 80 A6; E2 only ever
    // leads a character): both found with memchr, a byte loop costing
    // several times more over a report.
    let stop = memchr::memchr3(b'.', b'!', b'?', rest);
    let upto = stop.unwrap_or(rest.len());
    let mut from = 0;
    while let Some(i) = rest.get(from..upto).and_then(|r| memchr::memchr(0xE2, r)) {
        let k = from + i;
        if rest.get(k + 1..k + 3) == Some(&[0x80, 0xA6]) {
            return Some(p + k);
        }
        from = k + 1;
    }
    stop.map(|k| p + k)
}

/// Whether the stop at byte `k` of `line`, with no space after it (`j` is the
/// byte past the stop and its closers), still ends a sentence: "people.The
/// attacker" (text scraped without its spaces). The word before is at least two
/// letters, lower case at its end, with no other stop, slash or `@` in it (not
/// "3.5", "U.S.The", "www.Reuters"); the next is a capital then a lower-case
/// letter.
fn glued_stop(line: &str, k: usize, j: usize) -> bool {
    let mut after = line.get(j..).unwrap_or("").chars().peekable();
    // An opening quote may stand before the capital ("said.“We lost …").
    if after.peek().is_some_and(|c| matches!(c, '“' | '‘' | '«')) {
        after.next();
    }
    if !(after.next().is_some_and(char::is_uppercase)
        && after.next().is_some_and(char::is_lowercase))
    {
        return false;
    }
    // The letters right before the stop, back to a space, an opening bracket or
    // quote, or the line's start (only those letters are read: a long run of
    // text without spaces costs no more than once).
    let mut letters = 0;
    let mut digits = 0;
    let mut last_lower = false;
    for c in line.get(..k).unwrap_or("").chars().rev() {
        if c.is_alphabetic() {
            if letters == 0 && digits == 0 {
                last_lower = c.is_lowercase();
            }
            letters += 1;
            continue;
        }
        if c.is_ascii_digit() {
            digits += 1;
            continue;
        }
        if !(c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '“')) {
            return false;
        }
        break;
    }
    // A word ending in lower case ("people.The"), or a number ("killing
    // 12.Police"); never a mix ("A4.The"), an initialism or a web address.
    (letters >= 2 && digits == 0 && last_lower) || (letters == 0 && digits >= 1)
}

/// Push the trimmed span `[s, e)` of `text` when it is not blank.
fn push_trimmed(out: &mut Vec<Span>, text: &str, s: usize, e: usize) {
    let Some(part) = text.get(s..e) else {
        return;
    };
    let lead = part.len() - part.trim_start().len();
    let t = part.trim();
    if !t.is_empty() {
        out.push(Span::new(s + lead, s + lead + t.len()));
    }
}

impl Lexicons {
    /// Sentence spans of `text`; see the module docs.
    pub fn sentences(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut line_start = 0;
        for line in crate::lines::split_lines(text) {
            self.split_line(text, line, line_start, &mut out);
            line_start += line.len() + 1;
        }
        out
    }

    fn split_line(&self, text: &str, line: &str, base: usize, out: &mut Vec<Span>) {
        let b = line.as_bytes();
        let mut start = 0;
        let mut p = 0;
        while let Some(k) = next_terminal(b, p) {
            let Some(c) = char_at(line, k) else {
                break;
            };
            // run of terminators, then closing quotes/brackets
            let mut j = k;
            let mut run = 0;
            while let Some(t) = char_at(line, j).filter(|t| is_terminal(*t)) {
                j += t.len_utf8();
                run += 1;
            }
            while let Some(t) = char_at(line, j).filter(|t| is_closer(*t)) {
                j += t.len_utf8();
            }
            let end = j;
            p = j;
            // whitespace must follow, then something that starts a sentence
            let mut n = j;
            while let Some(t) = char_at(line, n).filter(|t| t.is_whitespace()) {
                n += t.len_utf8();
            }
            let Some(next) = char_at(line, n) else {
                continue;
            };
            if n == j && !glued_stop(line, k, j) {
                continue;
            }
            if !starts_sentence(next) {
                continue;
            }
            if c == '.' && run == 1 && !self.period_ends(line, k, n) {
                continue;
            }
            push_trimmed(out, text, base + start, base + end);
            start = end;
        }
        push_trimmed(out, text, base + start, base + line.len());
    }

    /// Whether the period at byte `pos` of `line` ends a sentence, given that
    /// the next word starts at byte `next`.
    fn period_ends(&self, line: &str, pos: usize, next: usize) -> bool {
        let before = line.get(..pos).unwrap_or("");
        // the word before the period, internal periods included ("U.S")
        let wstart = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '.' || *c == '-'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = before.get(wstart..).unwrap_or("");
        if word.is_empty() {
            return true;
        }
        let mut wc = word.chars();
        if let (Some(c), None) = (wc.next(), wc.next()) {
            if c.is_uppercase() {
                return false; // an initial
            }
        }
        let key = fold_str(word);
        let ab = &self.abbrev;
        if ab.end.contains(&key) {
            return true;
        }
        if ab.title.contains(&key) {
            return false;
        }
        let other = ab.other.contains(&key) || (key.contains('.') && key.len() <= 6);
        if other {
            let next_word: String = line
                .get(next..)
                .unwrap_or("")
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            return ab.starters.contains(&fold_str(&next_word));
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The splitter as first written (over a vector of every character of the
    /// line): the reference the byte scan must equal.
    fn sentences_reference(lex: &Lexicons, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut line_start = 0;
        for line in text.split('\n') {
            split_line_reference(lex, text, line, line_start, &mut out);
            line_start += line.len() + 1;
        }
        out
    }

    fn period_ends_reference(lex: &Lexicons, line: &str, pos: usize, next_char: usize) -> bool {
        let next = line
            .char_indices()
            .nth(next_char)
            .map_or(line.len(), |(i, _)| i);
        lex.period_ends(line, pos, next)
    }

    fn split_line_reference(
        lex: &Lexicons,
        text: &str,
        line: &str,
        base: usize,
        out: &mut Vec<Span>,
    ) {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut start = 0;
        let mut k = 0;
        while k < chars.len() {
            let (pos, c) = chars[k];
            if !is_terminal(c) {
                k += 1;
                continue;
            }
            // run of terminators, then closing quotes/brackets
            let mut j = k;
            while j < chars.len() && is_terminal(chars[j].1) {
                j += 1;
            }
            let run = j - k;
            while j < chars.len() && is_closer(chars[j].1) {
                j += 1;
            }
            let end = chars.get(j).map_or(line.len(), |(p, _)| *p);
            // whitespace must follow, then something that starts a sentence
            let mut n = j;
            while n < chars.len() && chars[n].1.is_whitespace() {
                n += 1;
            }
            if n >= chars.len() || (n == j && !glued_stop(line, pos, end)) {
                k = j.max(k + 1);
                continue;
            }
            let next = chars[n].1;
            if !starts_sentence(next) {
                k = j.max(k + 1);
                continue;
            }
            if c == '.' && run == 1 && !period_ends_reference(lex, line, pos, n) {
                k = j.max(k + 1);
                continue;
            }
            push_trimmed(out, text, base + start, base + end);
            start = end;
            k = j.max(k + 1);
        }
        push_trimmed(out, text, base + start, base + line.len());
    }

    /// The terminator search is the plain byte loop's, whatever the bytes.
    #[test]
    fn next_terminal_equals_a_byte_loop() {
        let plain = |b: &[u8], p: usize| {
            let rest = b.get(p..)?;
            (0..rest.len())
                .find(|&k| {
                    matches!(rest[k], b'.' | b'!' | b'?')
                        || (rest[k] == 0xE2 && rest.get(k + 1..k + 3) == Some(&[0x80, 0xA6]))
                })
                .map(|k| p + k)
        };
        for t in [
            "",
            "no stop at all",
            "One. Two! Three?",
            "wait\u{2026} then. ",
            "\u{2019}quoted\u{201d} \u{2026}",
            "\u{2013}dash\u{2026}",
            "tail \u{e2}",
        ] {
            let b = t.as_bytes();
            for p in 0..=b.len() + 1 {
                assert_eq!(next_terminal(b, p), plain(b, p), "{t:?} {p}");
            }
        }
        let raw = [0xE2u8, 0x80, 0xE2, 0x80, 0xA6, b'x', 0xE2, b'.', 0xE2, 0x80];
        for p in 0..=raw.len() {
            assert_eq!(next_terminal(&raw, p), plain(&raw, p), "{p}");
        }
    }

    #[test]
    fn byte_scan_equals_reference() {
        let lex = Lexicons::embedded().unwrap();
        let mut texts = crate::testgen::generated(4, 20_000);
        for t in [
            "Gen. Ali Khan met Dr. Roe on Aug. 15. They spoke.",
            "Troops left the U.S. The next day, U.S. officials spoke…  “Yes!” (He left.) No",
            "A. B. c.\u{a0}D… E?! \u{2019}F. 5. 6 .",
        ] {
            texts.push(t.to_string());
        }
        for t in &texts {
            assert_eq!(lex.sentences(t), sentences_reference(lex, t), "{t:?}");
        }
    }

    fn split(t: &str) -> Vec<&str> {
        sentences(t)
            .unwrap()
            .into_iter()
            .map(|s| s.text(t))
            .collect()
    }

    #[test]
    fn abbreviations_initials_decimals() {
        assert_eq!(
            split("Gen. Ali Khan met Dr. Roe on Aug. 15. They spoke."),
            vec!["Gen. Ali Khan met Dr. Roe on Aug. 15.", "They spoke."]
        );
        assert_eq!(
            split("J. Smith said 2.5 tons fell. Then rain."),
            vec!["J. Smith said 2.5 tons fell.", "Then rain."]
        );
        assert_eq!(
            split("Troops left the U.S. The next day, U.S. officials spoke."),
            vec![
                "Troops left the U.S.",
                "The next day, U.S. officials spoke."
            ]
        );
    }

    #[test]
    fn a_long_line_without_spaces_is_read_once() {
        // 720 KB with no space, a glued stop in every six bytes: each stop
        // looks back only at the letters before it (a look back to the line's
        // start at each stop would take minutes); "ab.Cd" repeated splits only
        // after its first "ab" ("Cdab" is glued to the stop before it).
        assert_eq!(sentences(&"ab.Cd".repeat(50_000)).unwrap().len(), 2);
        let t = "(ab.Cd".repeat(120_000);
        let start = std::time::Instant::now();
        let n = sentences(&t).unwrap().len();
        assert_eq!(n, 120_001);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn quotes_lines_and_trimming() {
        assert_eq!(
            split("  “We will fight.” He left!  \nCaption line\n\nNext para? Yes."),
            vec![
                "“We will fight.”",
                "He left!",
                "Caption line",
                "Next para?",
                "Yes."
            ]
        );
        assert_eq!(split("e.g. this stays. one"), vec!["e.g. this stays. one"]);
        assert_eq!(
            split(
                "Two people.The attacker fled. Mr.Smith saw 3.5 tons in the U.S.The end (rain.Then"
            ),
            vec![
                "Two people.",
                "The attacker fled.",
                "Mr.Smith saw 3.5 tons in the U.S.The end (rain.",
                "Then"
            ]
        );
        // A number before the stop, an opening quote after it; never a mix of
        // letters and digits, nor a decimal.
        assert_eq!(
            split(
                "Five died, killing 12.Police said so.“We mourn,” he said. Road A4.The 2.5m.Then"
            ),
            vec![
                "Five died, killing 12.",
                "Police said so.",
                "“We mourn,” he said.",
                "Road A4.The 2.5m.Then"
            ]
        );
    }
}
