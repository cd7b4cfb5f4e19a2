/*!
The role a place mention plays in its sentence, from the words right around
it (`data/lexicons/place-roles.tsv`, one `phrase<TAB>side<TAB>role` row each).
A place named as where people or shots came from ("from X"), where they were
going ("bound for X"), who spoke ("X said", "X's embassy", "X's foreign
ministry"), whose citizens the victims were ("X nationals") or which earlier
incident a comparison recalls ("a repeat of the X kidnapping") is not where the
act took place; a place after "inside" or
"abducted from" is. The sentence's place and the event's fallback place are
chosen among the places with no other role ([`PlaceRoles::role`]).

`before` phrases end right before the place phrase; `after` phrases start
right after it, past an optional possessive `'s` and spaces (never past a
comma). The longest phrase on a side wins, so "abducted from" (the event's
place) overrides "from" (an origin). After a locative ("leaders in X
announced") the `after` phrases are not read, save after a speaking body
("the defence ministry in X said": the speaker's place).
*/

use crate::lexicon::{col, err, rows, LexiconError};
use sitrep_core::Span;

/// What a place is in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceRole {
    /// The place of the act itself ("inside X", "abducted from X").
    Event,
    /// No role: a phrase that overrides a shorter one ("police in X said",
    /// "the streets of X").
    Neutral,
    /// Where people, goods or shots came from ("hailed from X").
    Origin,
    /// Maybe where they came from, maybe the act's place ("from X": "fired
    /// from X", but "abducted 30 pupils from X"): the act's place only when
    /// the sentence names no other, and never a country.
    Source,
    /// Where people were going ("bound for X", "fled to X").
    Destination,
    /// Who speaks or where the speaking is ("X said", "X's foreign ministry").
    Speaker,
    /// Whose citizens the people are ("X nationals", "citizens of X").
    Nationality,
    /// Named for an earlier incident that a comparison recalls ("a repeat of
    /// the X kidnapping", "the deadliest since the X siege").
    Recalled,
}

impl PlaceRole {
    fn parse(s: &str) -> Option<PlaceRole> {
        Some(match s {
            "event" => PlaceRole::Event,
            "neutral" => PlaceRole::Neutral,
            "origin" => PlaceRole::Origin,
            "source" => PlaceRole::Source,
            "destination" => PlaceRole::Destination,
            "speaker" => PlaceRole::Speaker,
            "nationality" => PlaceRole::Nationality,
            "recalled" => PlaceRole::Recalled,
            _ => return None,
        })
    }

    /// A role that says the place is not where the act was.
    pub fn elsewhere(self) -> bool {
        !matches!(
            self,
            PlaceRole::Event | PlaceRole::Neutral | PlaceRole::Source
        )
    }
}

/// Cues of one side, lower case, keyed by the word a text must hold next to
/// the place for them to be read at all (a `before` cue's last run of
/// letters and digits, an `after` cue's first: [`edge_word`]): each list
/// longest first, with its cue's length in chars.
type Cues = rustc_hash::FxHashMap<String, Vec<Cue>>;

/// One cue: its lower-case phrase, its length in chars, and the role it gives.
type Cue = (String, usize, PlaceRole);

/// The `before` cues of one last word, split by the word before it (the run
/// of letters and digits before the last, past the marks between): a cue
/// that ends a text has the text's last two words as its own, so only the
/// cues of the text's word before the last are read, and those of one word.
#[derive(Debug, Clone, Default)]
struct BeforeCues {
    /// Cues of two or more words, by their word before the last.
    by_prev: rustc_hash::FxHashMap<String, Vec<Cue>>,
    /// Cues of one word.
    alone: Vec<Cue>,
}

/// Longest key of [`Cues`], in bytes: a text's edge word longer than any
/// cue's is no cue's.
const KEY_BYTES: usize = 32;

/// The last run of letters and digits of `b` as [`edge_word`] reads it
/// backwards, and the byte where it starts in `b`: bytes compared as bytes
/// while they are ASCII (most text), chars otherwise.
fn last_word<'b>(b: &str, buf: &'b mut [u8; KEY_BYTES]) -> Option<(&'b str, usize)> {
    let bytes = b.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
        start -= 1;
    }
    if start > 0 && !bytes[start - 1].is_ascii() {
        // A non-ASCII char ends the text or stands in its last word.
        let w = edge_word(b.chars().rev(), true, buf)?;
        let n: usize = b
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .map(char::len_utf8)
            .sum();
        return Some((w, b.len() - n));
    }
    let run = &bytes[start..];
    let out = buf.get_mut(..run.len())?;
    for (o, &c) in out.iter_mut().zip(run) {
        *o = c.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok().map(|w| (w, start))
}

/// The run of letters and digits (folded by [`fold_char`]) at the end of
/// `chars` read backwards (`back`) or at their start, written into `buf`:
/// `None` when it is longer than [`KEY_BYTES`]. A cue that ends (starts) a
/// text has the text's edge word as its own, since a cue must meet a word
/// boundary: this is the key its list is found by.
fn edge_word(
    mut chars: impl Iterator<Item = char>,
    back: bool,
    buf: &mut [u8; KEY_BYTES],
) -> Option<&str> {
    let mut len = 0;
    for c in chars.by_ref() {
        if !c.is_alphanumeric() {
            break;
        }
        let mut tmp = [0u8; 4];
        let e = fold_char(c).encode_utf8(&mut tmp).as_bytes();
        let end = len + e.len();
        if end > KEY_BYTES {
            return None;
        }
        if back {
            // Written backwards; the whole is turned round below.
            for (k, &b) in e.iter().rev().enumerate() {
                buf[len + k] = b;
            }
        } else {
            buf[len..end].copy_from_slice(e);
        }
        len = end;
    }
    let w = &mut buf[..len];
    if back {
        w.reverse();
    }
    std::str::from_utf8(w).ok()
}

/// The phrases of `place-roles.tsv`, by side.
#[derive(Debug, Clone, Default)]
pub struct PlaceRoles {
    before: rustc_hash::FxHashMap<String, BeforeCues>,
    after: Cues,
    /// Articles that may open the words between a `before` cue and its place.
    articles: Vec<String>,
    /// Words that may close them, right before the place ("of").
    links: Vec<String>,
    /// Words that, right before the place, make it where someone is ("the
    /// leaders in X announced"): the `after` phrases are then not read.
    locatives: Vec<String>,
    /// Last words of a body that speaks from where it sits, before a
    /// locative ("the defence ministry in X said"): the place is then the
    /// speaker's when a `speaker` phrase follows it.
    speaking: Vec<String>,
}

/// ASCII case-insensitive equality of `a` and the lower-case cue `c`, with
/// typographic apostrophes read as `'`.
fn same(a: &str, c: &str) -> bool {
    a.chars().map(fold_char).eq(c.chars())
}

/// A char as [`same`] compares it to a cue's: ASCII lower case, `’` as `'`.
fn fold_char(ch: char) -> char {
    if ch == '’' {
        '\''
    } else {
        ch.to_ascii_lowercase()
    }
}

/// Whether `bytes[from..]` is the lower-case ASCII `cue` in any case, read
/// from the end: `None` when a non-ASCII byte comes before the answer.
fn ascii_tail_eq(bytes: &[u8], from: usize, cue: &[u8]) -> Option<bool> {
    let tail = bytes.get(from..)?;
    for (&t, &c) in tail.iter().zip(cue).rev() {
        if !t.is_ascii() {
            return None;
        }
        if t.to_ascii_lowercase() != c {
            return Some(false);
        }
    }
    Some(tail.len() == cue.len())
}

fn word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

impl PlaceRoles {
    pub const FILE: &'static str = "place-roles.tsv";

    /// Parse the file's text.
    pub fn parse(src: &str) -> Result<PlaceRoles, LexiconError> {
        let f = PlaceRoles::FILE;
        let mut r = PlaceRoles::default();
        for (line, c) in rows(src) {
            let phrase = col(f, line, &c, 0)?
                .to_lowercase()
                .replace('’', "'")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if phrase.is_empty() {
                return Err(err(f, line, "empty phrase"));
            }
            match col(f, line, &c, 1)? {
                "article" => {
                    r.articles.push(phrase);
                    continue;
                }
                "link" => {
                    r.links.push(phrase);
                    continue;
                }
                "locative" => {
                    r.locatives.push(phrase);
                    continue;
                }
                "speaking" => {
                    r.speaking.push(phrase);
                    continue;
                }
                _ => {}
            }
            let role_name = col(f, line, &c, 2)?;
            let role = PlaceRole::parse(role_name)
                .ok_or_else(|| err(f, line, format!("unknown role {role_name:?}")))?;
            let n = phrase.chars().count();
            let long = || err(f, line, "a word of over 32 bytes");
            let mut buf = [0u8; KEY_BYTES];
            match col(f, line, &c, 1)? {
                "before" => {
                    let (key, at) = last_word(&phrase, &mut buf).ok_or_else(long)?;
                    let cues = r.before.entry(key.to_string()).or_default();
                    let rest = phrase
                        .get(..at)
                        .unwrap_or("")
                        .trim_end_matches(|c: char| !c.is_alphanumeric());
                    let mut buf2 = [0u8; KEY_BYTES];
                    if rest.is_empty() {
                        cues.alone.push((phrase, n, role));
                    } else {
                        let (prev, _) = last_word(rest, &mut buf2).ok_or_else(long)?;
                        cues.by_prev
                            .entry(prev.to_string())
                            .or_default()
                            .push((phrase, n, role));
                    }
                }
                "after" => {
                    let key = edge_word(phrase.chars(), false, &mut buf).ok_or_else(long)?;
                    r.after
                        .entry(key.to_string())
                        .or_default()
                        .push((phrase, n, role));
                }
                k => return Err(err(f, line, format!("unknown side {k:?}"))),
            }
        }
        let lists = r
            .before
            .values_mut()
            .flat_map(|c| std::iter::once(&mut c.alone).chain(c.by_prev.values_mut()));
        for list in lists.chain(r.after.values_mut()) {
            list.sort_by_key(|(p, _, _)| std::cmp::Reverse(p.len()));
        }
        Ok(r)
    }

    /// The role of the place named at `name` whose phrase (name and its cue
    /// words, "the town of X") is `phrase` in `text`: a `before` phrase ending
    /// right before it, else an `after` phrase starting right after it.
    pub fn role(&self, text: &str, name: Span, phrase: Span) -> Option<PlaceRole> {
        let cued = phrase.start < name.start;
        if let Some(r) = self.role_before(text, phrase.start, cued) {
            return Some(r);
        }
        let mut back = text
            .get(..phrase.start)
            .unwrap_or("")
            .split_whitespace()
            .rev();
        let located = back
            .next()
            .is_some_and(|w| self.locatives.iter().any(|l| same(w, l)));
        if located {
            // "the defence ministry in X said": a speaking body's place.
            let body = back
                .next()
                .is_some_and(|w| self.speaking.iter().any(|l| same(w, l)));
            let after = self.role_after(text, phrase.end);
            return after.filter(|&r| body && r == PlaceRole::Speaker);
        }
        self.role_after(text, phrase.end)
    }

    fn role_before(&self, text: &str, start: usize, cued: bool) -> Option<PlaceRole> {
        let b = text.get(..start)?.trim_end_matches([' ', '\u{a0}']);
        if let Some(r) = self.cue_ending(b) {
            return Some(r);
        }
        // "to the garrison town of X": an article, up to two lower-case
        // words and a `link` word (or the place's own cue, "town of") may
        // stand between the cue and the place.
        let mut rest = b;
        for k in 0..4 {
            let cut = rest.rfind([' ', '\u{a0}'])?;
            let word = rest.get(cut..)?.trim_start_matches([' ', '\u{a0}']);
            if word.is_empty() || !word.chars().all(|c| c.is_lowercase() || c == '-') {
                return None;
            }
            if k == 0 && !cued && !self.links.iter().any(|l| l == word) {
                return None;
            }
            rest = rest.get(..cut)?.trim_end_matches([' ', '\u{a0}']);
            if k > 0 && self.articles.iter().any(|a| a == word) {
                return self.cue_ending(rest);
            }
        }
        None
    }

    /// The role of the longest `before` cue that ends `b`.
    fn cue_ending(&self, b: &str) -> Option<PlaceRole> {
        // Only cues ending in the text's last word are read, and of those
        // only the cues of one word and those of the text's word before it.
        let mut buf = [0u8; KEY_BYTES];
        let (last, at) = last_word(b, &mut buf)?;
        let cues = self.before.get(last)?;
        let rest = b
            .get(..at)?
            .trim_end_matches(|c: char| !c.is_alphanumeric());
        let mut buf2 = [0u8; KEY_BYTES];
        let longer = last_word(rest, &mut buf2)
            .filter(|(prev, _)| !prev.is_empty())
            .and_then(|(prev, _)| Self::ending(b, cues.by_prev.get(prev)?));
        // Every cue of two words is longer than any of one that also ends
        // the text (both end it): the longer wins.
        longer.or_else(|| Self::ending(b, &cues.alone))
    }

    /// The role of the first (longest) of `cues` that ends `b` at a word boundary.
    fn ending(b: &str, cues: &[Cue]) -> Option<PlaceRole> {
        cues.iter().find_map(|(cue, n, role)| {
            // An ASCII cue against an ASCII end of the text: compared as bytes
            // (the same as below: `’` is not ASCII, and n chars are n bytes).
            // (Compared from the end, where most cues of a list part from the
            // text: the key word is alike, the word before it is not.)
            let bytes = b.as_bytes();
            if *n > 0 && *n == cue.len() {
                let from = bytes.len().checked_sub(cue.len())?;
                if let Some(eq) = ascii_tail_eq(bytes, from, cue.as_bytes()) {
                    return (eq && !word_char(b.get(..from)?.chars().next_back())).then_some(*role);
                }
            }
            // Walk back over as many chars as the cue has.
            let from = b.char_indices().rev().nth(n.checked_sub(1)?)?.0;
            let tail = b.get(from..)?;
            (same(tail, cue) && !word_char(b.get(..from)?.chars().next_back())).then_some(*role)
        })
    }

    fn role_after(&self, text: &str, end: usize) -> Option<PlaceRole> {
        let mut a = text.get(end..)?;
        for s in ["'s", "’s", "'", "’"] {
            if let Some(rest) = a.strip_prefix(s) {
                a = rest;
                break;
            }
        }
        let a = a.trim_start_matches([' ', '\u{a0}']);
        let mut buf = [0u8; KEY_BYTES];
        let first = edge_word(a.chars(), false, &mut buf)?;
        self.after.get(first)?.iter().find_map(|(cue, n, role)| {
            let n = *n;
            let to = a.char_indices().nth(n).map_or(a.len(), |(i, _)| i);
            let head = a.get(..to)?;
            (head.chars().count() == n
                && same(head, cue)
                && !word_char(a.get(to..)?.chars().next()))
            .then_some(*role)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> PlaceRoles {
        PlaceRoles::parse(
            "# c\nthe\tarticle\nof\tlink\nin\tlocative\nministry\tspeaking\nfrom\tbefore\torigin\npolice in\tbefore\tneutral\nto\tbefore\tdestination\nstreets of\tbefore\tneutral\nabducted from\tbefore\tevent\nembassy in\tbefore\tspeaker\n\
             said\tafter\tspeaker\nforeign ministry\tafter\tspeaker\nnationals\tafter\tnationality\n",
        )
        .expect("parses")
    }

    fn role_of(text: &str, name: &str) -> Option<PlaceRole> {
        let start = text.find(name).expect("name in text");
        let span = Span::new(start, start + name.len());
        roles().role(text, span, span)
    }

    #[test]
    fn edge_words_are_the_keys_of_the_cues() {
        let mut buf = [0u8; KEY_BYTES];
        assert_eq!(
            edge_word("fled from".chars().rev(), true, &mut buf),
            Some("from")
        );
        assert_eq!(
            edge_word("Police In".chars().rev(), true, &mut buf),
            Some("in")
        );
        assert_eq!(
            edge_word("Said that".chars(), false, &mut buf),
            Some("said")
        );
        assert_eq!(edge_word("x’".chars().rev(), true, &mut buf), Some(""));
        assert_eq!(
            edge_word("a ÉtÉ".chars().rev(), true, &mut buf),
            Some("ÉtÉ")
        );
        let long = "w".repeat(KEY_BYTES + 1);
        assert_eq!(edge_word(long.chars(), false, &mut buf), None);
        // The last word backwards, with where it starts: as bytes while ASCII.
        assert_eq!(last_word("fled FROM", &mut buf), Some(("from", 5)));
        assert_eq!(last_word("fled, ", &mut buf), Some(("", 6)));
        assert_eq!(last_word("a ÉtÉ", &mut buf), Some(("ÉtÉ", 2)));
        assert_eq!(last_word("x’", &mut buf), Some(("", 4)));
        assert_eq!(last_word("l’in", &mut buf), Some(("in", 4)));
        assert_eq!(last_word(&long, &mut buf), None);
        assert_eq!(last_word("", &mut buf), Some(("", 0)));
        assert_eq!(ascii_tail_eq(b"fled FROM", 5, b"from"), Some(true));
        assert_eq!(ascii_tail_eq(b"fled frOm", 4, b" from"), Some(true));
        assert_eq!(ascii_tail_eq(b"\xc3\xa9 from", 1, b"\xa9 from"), None);
        assert_eq!(ascii_tail_eq(b"xx into", 2, b"from"), Some(false));
    }

    #[test]
    fn reads_the_words_around_a_place() {
        assert_eq!(
            role_of("rockets fired from Lira hit", "Lira"),
            Some(PlaceRole::Origin)
        );
        assert_eq!(
            role_of("pupils abducted from Kagara", "Kagara"),
            Some(PlaceRole::Event)
        );
        assert_eq!(
            role_of("The embassy in Nairobi named", "Nairobi"),
            Some(PlaceRole::Speaker)
        );
        assert_eq!(
            role_of("Ghana’s foreign ministry named", "Ghana"),
            Some(PlaceRole::Speaker)
        );
        assert_eq!(
            role_of("two Kenya nationals died", "Kenya"),
            Some(PlaceRole::Nationality)
        );
        assert_eq!(
            role_of("fled from the hill town of Arua", "Arua"),
            Some(PlaceRole::Origin)
        );
        assert_eq!(role_of("fled from their town of Arua", "Arua"), None);
        assert_eq!(
            role_of("Police in Mbale said", "Mbale"),
            Some(PlaceRole::Neutral)
        );
        assert_eq!(role_of("Elders in Mbale said", "Mbale"), None);
        assert_eq!(
            role_of("the health ministry in Kampala said", "Kampala"),
            Some(PlaceRole::Speaker)
        );
        assert_eq!(
            role_of("a blast outside the ministry in Kampala", "Kampala"),
            None
        );
        let t = "a bus to the lakeside town of Jinja";
        let (name, phrase) = (Span::new(30, 35), Span::new(22, 35));
        assert_eq!(roles().role(t, name, phrase), Some(PlaceRole::Destination));
        assert_eq!(
            role_of("marched to the streets of Jinja", "Jinja"),
            Some(PlaceRole::Neutral)
        );
        assert_eq!(
            role_of("a bus to the lakeside town of Jinja", "Jinja"),
            Some(PlaceRole::Destination)
        );
        assert_eq!(role_of("the gate to the market in Jinja", "Jinja"), None);
        assert_eq!(
            role_of("Uganda said on Friday", "Uganda"),
            Some(PlaceRole::Speaker)
        );
    }

    #[test]
    fn needs_whole_adjacent_words() {
        assert_eq!(role_of("a blast in Gulu, police said", "Gulu"), None);
        assert_eq!(role_of("a blast in Gulu saidly", "Gulu"), None);
        assert_eq!(role_of("wherefrom Gulu", "Gulu"), None);
        assert_eq!(role_of("a blast in Gulu", "Gulu"), None);
        assert_eq!(role_of("Gulu", "Gulu"), None);
    }

    #[test]
    fn reports_bad_rows() {
        let e = PlaceRoles::parse("from\tbefore\tnowhere\n").expect_err("bad role");
        assert!(e.to_string().contains("place-roles.tsv"), "{e}");
        let e = PlaceRoles::parse("from\tabove\torigin\n").expect_err("bad side");
        assert!(e.to_string().contains("side"), "{e}");
    }
}
