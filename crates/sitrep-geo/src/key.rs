/*!
Name keys: the one normal form under which gazetteer names and text n-grams meet.

A key is the folded name ([`sitrep_text::fold_str`]) cut into word tokens, with
apostrophes dropped inside words, the Persian/Arabic connector tokens `e`, `i`, `ye`
dropped between words (so `Mazar-e-Sharif`, `Mazar-i-Sharif` and `Mazar Sharif`
meet), a leading article `el` spelled `al` (`El Fasher` / `Al Fasher`), and the
tokens concatenated without separators (so `Lashkar Gah` and `Lashkargah` meet).
The builder writes keys into `names.tsv`; the matcher builds the same key from
text tokens, so both sides must use these functions.
*/

use sitrep_text::{fold_str, is_word_byte};

/// Tokens dropped between words.
const CONNECTORS: [&str; 3] = ["e", "i", "ye"];

/// True for a connector token (`e`, `i`, `ye`) that is dropped inside names.
pub fn is_connector(tok: &str) -> bool {
    CONNECTORS.contains(&tok)
}

/// Word tokens of folded text as byte ranges. A token is a run of word bytes;
/// an apostrophe between two word bytes continues the token (`jama'at`).
pub fn tokens(folded: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let b = folded.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b.get(i).copied().is_some_and(is_word_byte) {
            i += 1;
            continue;
        }
        let start = i;
        while let Some(&c) = b.get(i) {
            if is_word_byte(c) {
                i += 1;
                continue;
            }
            let possessive =
                b.get(i + 1) == Some(&b's') && !b.get(i + 2).copied().is_some_and(is_word_byte);
            let inner_apostrophe = c == b'\''
                && i > start
                && b.get(i + 1).copied().is_some_and(is_word_byte)
                && !possessive;
            if inner_apostrophe {
                i += 1;
            } else {
                break;
            }
        }
        out.push((start, i));
        // Skip a possessive 's.
        if b.get(i) == Some(&b'\'')
            && b.get(i + 1) == Some(&b's')
            && !b.get(i + 2).copied().is_some_and(is_word_byte)
        {
            i += 2;
        }
    }
}

/// Append one token to a key under construction. `first` says whether it is
/// the first token of the name. Returns false when the token is a connector
/// (skipped; a name cannot end on it).
pub fn push_token(key: &mut String, tok: &str, first: bool) -> bool {
    if !first && is_connector(tok) {
        return false;
    }
    if first && tok == "el" {
        key.push_str("al");
        return true;
    }
    if tok.as_bytes().contains(&b'\'') {
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
