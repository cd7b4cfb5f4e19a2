/*!
Name keys: the one normal form under which gazetteer names and text n-grams meet.

A key is the folded name ([`sitrep_text::fold_str`]) cut into word tokens, with
apostrophes dropped inside words, the Persian/Arabic connector tokens `e`, `i`, `ye`
dropped between words (so `Mazar-e-Sharif`, `Mazar-i-Sharif` and `Mazar Sharif`
meet), a leading article `el` spelled `al` (`El Fasher` / `Al Fasher`), and the
tokens concatenated without separators (so `Lashkar Gah` and `Lashkargah` meet).
The builder writes keys into `names.tsv`; the matcher builds the same key from
text tokens, so both sides must use these functions.

The connector and article tokens below are spelling rules of transliterated
Arabic and Persian names, not English words that decide a reading, and they are
part of the key format: `names.tsv` holds keys made with them, so changing them
means rebuilding the gazetteer (`sitrep-tools`), not editing a data file.

Word tokens ([`tokens`], or one at a time with [`Tokens`]) are found by a scan
over a 256-entry table of word bytes.
*/

use sitrep_text::fold_str;

/// Tokens dropped between words.
const CONNECTORS: [&str; 3] = ["e", "i", "ye"];

/// True for a connector token (`e`, `i`, `ye`) that is dropped inside names.
pub fn is_connector(tok: &str) -> bool {
    CONNECTORS.contains(&tok)
}

/// Word bytes ([`sitrep_text::is_word_byte`]: letters, digits, any non-ASCII byte) as a
/// table, for the tokenizer's byte loops.
const WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphanumeric() || i >= 0x80;
        i += 1;
    }
    t
};

fn word_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(|&c| WORD[c as usize])
}

/// Word tokens of folded text as byte ranges. A token is a run of word bytes;
/// an apostrophe between two word bytes continues the token (`jama'at`).
pub fn tokens(folded: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    out.extend(Tokens::new(folded));
}

/// The tokens of [`tokens`], one at a time, without a buffer.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Tokens<'a> {
    pub fn new(folded: &'a str) -> Tokens<'a> {
        Tokens {
            b: folded.as_bytes(),
            i: 0,
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = (usize, usize);
    fn next(&mut self) -> Option<(usize, usize)> {
        let b = self.b;
        // (Plain index loops: tokens and gaps are a few bytes long.)
        let mut i = self.i;
        while b.get(i).is_some_and(|&c| !WORD[c as usize]) {
            i += 1;
        }
        if i >= b.len() {
            self.i = i;
            return None;
        }
        let start = i;
        loop {
            while b.get(i).is_some_and(|&c| WORD[c as usize]) {
                i += 1;
            }
            // At a non-word byte (or the end): an apostrophe between word
            // bytes continues the token, unless it starts a possessive 's.
            if b.get(i) != Some(&b'\'') {
                self.i = i;
                return Some((start, i));
            }
            let possessive = b.get(i + 1) == Some(&b's') && !word_at(b, i + 2);
            if word_at(b, i + 1) && !possessive {
                i += 1;
            } else {
                break;
            }
        }
        // At an apostrophe: skip a possessive 's.
        self.i = if b.get(i + 1) == Some(&b's') && !word_at(b, i + 2) {
            i + 2
        } else {
            i
        };
        Some((start, i))
    }
}

/// Append one token to a key under construction. `first` says whether it is
/// the first token of the name. Returns false when the token is a connector
/// (skipped; a name cannot end on it).
#[inline]
pub fn push_token(key: &mut String, tok: &str, first: bool) -> bool {
    if first {
        if tok == "el" {
            key.push_str("al");
            return true;
        }
    } else if tok.len() <= 2 && is_connector(tok) {
        // (Every connector is one or two bytes long.)
        return false;
    }
    // (Tokens are short: a plain byte loop, not a `memchr` call.)
    if tok.bytes().any(|b| b == b'\'') {
        key.extend(tok.chars().filter(|&c| c != '\''));
    } else {
        key.push_str(tok);
    }
    true
}

/// The key of a name, or an empty string when the name has no word.
pub fn name_key(name: &str) -> String {
    let folded = fold_str(name);
    let mut toks = Vec::new();
    tokens(&folded, &mut toks);
    let mut key = String::with_capacity(folded.len());
    for (k, &(s, e)) in toks.iter().enumerate() {
        push_token(&mut key, folded.get(s..e).unwrap_or(""), k == 0);
    }
    key
}

/// Two name keys that spell one word: the same consonants in the same order,
/// doubled ones counted once ("izaz" / "azaz", "dara" / "daraa", "dese" /
/// "dessie"), as against a short form of a longer name ("antioquia" /
/// "santafedeantioquia").
pub fn same_word(a: &str, b: &str) -> bool {
    fn skeleton(s: &str) -> impl Iterator<Item = u8> + '_ {
        let mut prev = 0u8;
        s.bytes()
            .filter(|c| !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
            .filter(move |&c| std::mem::replace(&mut prev, c) != c)
    }
    skeleton(a).eq(skeleton(b))
}

/// Arabic article tokens that transliterations keep or drop ("Ar Raqqah" /
/// "Raqqa", "Al Hudaydah" / "Hudaydah").
const ARTICLES: [&str; 10] = ["al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "ath"];

/// Extra keys of a name under transliteration variation: the leading article
/// dropped, and a final `-ah` written `-a` (on tokens of 5+ letters). The
/// builder stores them as weak (alternate) keys.
pub fn key_variants(name: &str) -> Vec<String> {
    let folded = fold_str(name);
    let mut toks = Vec::new();
    tokens(&folded, &mut toks);
    let words: Vec<&str> = toks.iter().filter_map(|&(s, e)| folded.get(s..e)).collect();
    let mut out = Vec::new();
    let build = |ws: &[&str], trim_ah: bool| {
        let mut key = String::new();
        let n = ws.len();
        for (k, w) in ws.iter().enumerate() {
            let w = if trim_ah && k + 1 == n && w.len() >= 5 && w.ends_with("ah") {
                w.get(..w.len() - 1).unwrap_or(w)
            } else {
                w
            };
            push_token(&mut key, w, k == 0);
        }
        key
    };
    let base = build(&words, false);
    let mut push = |k: String| {
        if k != base && !k.is_empty() && !out.contains(&k) {
            out.push(k);
        }
    };
    push(build(&words, true));
    if words.len() > 1 && words.first().is_some_and(|w| ARTICLES.contains(w)) {
        let rest = words.get(1..).unwrap_or(&[]);
        push(build(rest, false));
        push(build(rest, true));
    }
    out
}

/// Number of word tokens in a name.
pub fn token_count(name: &str) -> usize {
    let folded = fold_str(name);
    let mut toks = Vec::new();
    tokens(&folded, &mut toks);
    toks.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_text::is_word_byte;

    #[test]
    fn connectors_are_short() {
        // `push_token` tests only tokens of one or two bytes for a connector.
        assert!(CONNECTORS.iter().all(|c| (1..=2).contains(&c.len())));
    }

    #[test]
    fn variants_meet() {
        assert_eq!(name_key("Mazar-e-Sharif"), name_key("Mazar-i-Sharif"));
        assert_eq!(name_key("Mazār-e Sharīf"), name_key("Mazar i Sharif"));
        assert_eq!(name_key("Lashkar Gah"), name_key("Lashkargah"));
        assert_eq!(name_key("El Fasher"), name_key("Al-Fasher"));
        assert_eq!(name_key("Jama’at"), "jamaat");
        assert_eq!(name_key("  "), "");
    }

    #[test]
    fn transliteration_variants() {
        let v = key_variants("Ar Raqqah");
        assert!(v.contains(&"raqqa".to_string()));
        assert!(v.contains(&"raqqah".to_string()));
        assert!(key_variants("Kabul").is_empty());
    }

    /// The byte-at-a-time definition of [`tokens`].
    fn tokens_reference(folded: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let b = folded.as_bytes();
        let w = |i: usize| b.get(i).copied().is_some_and(is_word_byte);
        let mut i = 0;
        while i < b.len() {
            if !w(i) {
                i += 1;
                continue;
            }
            let start = i;
            while let Some(&c) = b.get(i) {
                if is_word_byte(c) {
                    i += 1;
                    continue;
                }
                let possessive = b.get(i + 1) == Some(&b's') && !w(i + 2);
                if c == b'\'' && i > start && w(i + 1) && !possessive {
                    i += 1;
                } else {
                    break;
                }
            }
            out.push((start, i));
            if b.get(i) == Some(&b'\'') && b.get(i + 1) == Some(&b's') && !w(i + 2) {
                i += 2;
            }
        }
        out
    }

    #[test]
    fn tokens_agree_with_the_reference() {
        assert!((0..=255u8).all(|b| WORD[b as usize] == is_word_byte(b)));
        let samples = [
            "",
            "'",
            "a",
            "kabul's west",
            "d'ivoire, 'x' a-b",
            "it's'",
            "x''y a's's b'",
            "rock'n'roll 's 's's",
            "caf\u{e9} \u{2019}s  ",
            "'s",
            "a's",
            "ab'c'",
        ];
        let mut t = Vec::new();
        for s in samples {
            tokens(s, &mut t);
            assert_eq!(t, tokens_reference(s), "{s:?}");
        }
        // Every string over a small alphabet, up to 6 bytes.
        let alphabet = [b'a', b's', b'\'', b' ', b'1', b'-'];
        let mut buf = Vec::new();
        for len in 0..=6u32 {
            for n in 0..alphabet.len().pow(len) {
                buf.clear();
                let mut m = n;
                for _ in 0..len {
                    buf.push(alphabet[m % alphabet.len()]);
                    m /= alphabet.len();
                }
                let s = std::str::from_utf8(&buf).unwrap_or("");
                tokens(s, &mut t);
                assert_eq!(t, tokens_reference(s), "{s:?}");
            }
        }
    }

    #[test]
    fn tokens_keep_apostrophes_inside() {
        let mut t = Vec::new();
        tokens("d'ivoire, 'x' a-b", &mut t);
        assert_eq!(t, vec![(0, 8), (11, 12), (14, 15), (16, 17)]);
        // A possessive 's is not part of the name.
        tokens("kabul's west", &mut t);
        assert_eq!(t, vec![(0, 5), (8, 12)]);
    }
}
