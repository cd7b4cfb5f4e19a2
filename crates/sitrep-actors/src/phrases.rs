/*!
Phrases looked for between word boundaries in short keys: the data structure
the actor base builds at load (its provisional stop phrases) and the linker
reads. It lives apart from both, so the base (knowledge, `base.rs`) does not
call into the linker (`link.rs`): the base is plain data handed to the linker.
*/

use rustc_hash::FxHashSet;
use sitrep_text::is_word_byte;

/// True when `phrase` occurs in `key` between word boundaries. (Occurrences are
/// taken left to right without overlap, as `str::match_indices` gives them: for a
/// phrase that may overlap itself, see [`has_border`], a later occurrence hidden
/// inside a rejected one is not seen.)
pub(crate) fn key_contains_phrase(key: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let b = key.as_bytes();
    key.match_indices(phrase).any(|(i, _)| {
        let before = i == 0 || !b.get(i - 1).is_some_and(|&c| is_word_byte(c));
        let after = !b.get(i + phrase.len()).is_some_and(|&c| is_word_byte(c));
        before && after
    })
}

/// True when a proper prefix of `p` is also a suffix of it: only such a phrase can
/// overlap itself, and only for such a phrase does [`key_contains_phrase`] differ
/// from looking for every occurrence.
pub(crate) fn has_border(p: &str) -> bool {
    let b = p.as_bytes();
    (1..b.len()).any(|k| b.get(..k) == b.get(b.len() - k..))
}

/// A set of phrases looked for, between word boundaries, in short keys made of
/// words of letters and digits joined by single spaces (provisional names): what
/// `phrases.iter().any(|p| key_contains_phrase(key, p))` tells, without a
/// substring search per phrase. In such a key an occurrence between word
/// boundaries spans whole words, so a phrase of whole words that cannot overlap
/// itself occurs exactly when it equals one of the key's word sequences, looked up
/// in a hash set; any other phrase is searched for as before.
#[derive(Debug, Clone, Default)]
pub(crate) struct PhraseIndex {
    pub(crate) words: FxHashSet<String>,
    /// The most words of a phrase of `words`.
    pub(crate) max_words: usize,
    pub(crate) other: Vec<String>,
}

impl PhraseIndex {
    pub(crate) fn new(phrases: impl IntoIterator<Item = String>) -> PhraseIndex {
        let mut ix = PhraseIndex::default();
        for p in phrases {
            let whole_words = !p.is_empty()
                && p.split(' ')
                    .all(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric));
            if whole_words && !has_border(&p) {
                ix.max_words = ix.max_words.max(p.split(' ').count());
                ix.words.insert(p);
            } else {
                ix.other.push(p);
            }
        }
        ix
    }

    /// Whether some phrase occurs in `key` (words of letters and digits joined by
    /// single spaces) between word boundaries.
    pub(crate) fn occurs_in(&self, key: &str) -> bool {
        if self.other.iter().any(|p| key_contains_phrase(key, p)) {
            return true;
        }
        let b = key.as_bytes();
        let word_end = |from: usize| {
            b.get(from..)
                .and_then(|r| r.iter().position(|&c| c == b' '))
                .map_or(b.len(), |k| from + k)
        };
        let mut start = 0;
        while start < b.len() {
            let mut end = word_end(start);
            let first_end = end;
            for n in 1..=self.max_words {
                if key.get(start..end).is_some_and(|p| self.words.contains(p)) {
                    return true;
                }
                if n == self.max_words || end >= b.len() {
                    break;
                }
                end = word_end(end + 1);
            }
            start = first_end + 1;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borders() {
        assert!(has_border("a a") && has_border("aa") && has_border("abcab"));
        assert!(!has_border("ab") && !has_border("human rights") && !has_border("a"));
    }

    /// `PhraseIndex::occurs_in` tells what searching for every phrase does.
    #[test]
    fn phrase_index_equals_search() {
        let phrases = [
            "bank",
            "human rights",
            "a a",
            "crisis group",
            "x",
            "west bank of",
            "jama'at",
            "b c d",
        ];
        let ix = PhraseIndex::new(phrases.iter().map(|p| p.to_string()));
        assert!(ix.other.len() == 2 && ix.max_words == 3);
        let words = [
            "a", "ba", "bank", "human", "rights", "x", "crisis", "group", "b", "c", "d",
        ];
        // Every key of up to four of these words.
        let mut keys: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let mut more = Vec::new();
            for k in &keys {
                for w in words {
                    more.push(if k.is_empty() {
                        w.to_string()
                    } else {
                        format!("{k} {w}")
                    });
                }
            }
            keys.extend(more);
            keys.dedup();
        }
        for k in keys {
            let want = phrases.iter().any(|p| key_contains_phrase(&k, p));
            assert_eq!(ix.occurs_in(&k), want, "{k:?}");
        }
    }
}
