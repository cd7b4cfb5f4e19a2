/*!
[`WordSet`]: a set of words for the look-ups made on every word of a text
(the word lists of actor linking, sentence analysis and place finding).

It replaces a hash set of strings there: most words looked up are in no
set, and a hash set hashes the whole word, probes and (on a hit) compares.
A `WordSet` keeps its words grouped by the lexicons' slot (a hash of the
word's first byte, last byte and length, three byte reads, as the lexicons'
word tables: [`crate::lexicon`]), with one bit per slot: a word whose slot
holds no word of the set is answered by that bit, and any other is compared
with the few words (most often one) of its slot. Built once, at load time;
it answers as the hash set it replaces (tested on generated words).
*/

use crate::lexicon::{same_word, slot_of, SLOTS};

/// A set of words (see the module docs).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct WordSet {
    /// Bit `k`: slot `k` holds at least one word.
    filter: [u64; SLOTS / 64],
    /// `offsets[k]..offsets[k + 1]` are the words of slot `k` (no words: no
    /// offsets at all).
    offsets: Vec<u32>,
    /// The words, grouped by slot, each group sorted.
    words: Vec<Box<str>>,
}

impl std::fmt::Debug for WordSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl WordSet {
    /// An empty set.
    pub fn new() -> WordSet {
        WordSet::default()
    }

    /// Whether `w` is in the set.
    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        let b = w.as_bytes();
        let k = slot_of(b);
        if self
            .filter
            .get(k / 64)
            .is_none_or(|m| m & (1 << (k % 64)) == 0)
        {
            return false;
        }
        let (Some(&s), Some(&e)) = (self.offsets.get(k), self.offsets.get(k + 1)) else {
            return false;
        };
        self.words
            .get(s as usize..e as usize)
            .is_some_and(|ws| ws.iter().any(|x| same_word(x.as_bytes(), b)))
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the set holds no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Every word, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.words.iter().map(|w| &**w)
    }

    /// Add a word (the set is rebuilt: for building, collect or extend).
    pub fn insert(&mut self, w: String) -> bool {
        if self.contains(&w) {
            return false;
        }
        self.extend(std::iter::once(w));
        true
    }

    /// Group `words` by slot and set the filter and offsets.
    fn build(mut words: Vec<Box<str>>) -> WordSet {
        words.sort_by(|a, b| {
            slot_of(a.as_bytes())
                .cmp(&slot_of(b.as_bytes()))
                .then_with(|| a.cmp(b))
        });
        words.dedup();
        let mut set = WordSet {
            filter: [0; SLOTS / 64],
            offsets: Vec::new(),
            words,
        };
        if set.words.is_empty() {
            return set;
        }
        let mut counts = vec![0u32; SLOTS + 1];
        for w in &set.words {
            let k = slot_of(w.as_bytes());
            if let Some(c) = counts.get_mut(k + 1) {
                *c += 1;
            }
            if let Some(m) = set.filter.get_mut(k / 64) {
                *m |= 1 << (k % 64);
            }
        }
        let mut sum = 0u32;
        for c in &mut counts {
            sum += *c;
            *c = sum;
        }
        set.offsets = counts;
        set
    }
}

impl<S: Into<String>> FromIterator<S> for WordSet {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> WordSet {
        WordSet::build(
            iter.into_iter()
                .map(|w| w.into().into_boxed_str())
                .collect(),
        )
    }
}

impl<S: Into<String>> Extend<S> for WordSet {
    fn extend<I: IntoIterator<Item = S>>(&mut self, iter: I) {
        let mut words = std::mem::take(&mut self.words);
        words.extend(iter.into_iter().map(|w| w.into().into_boxed_str()));
        *self = WordSet::build(words);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashSet;

    /// A `WordSet` answers as the hash set of strings it replaces, on
    /// generated words (present, absent, sharing slots, empty, non-ASCII).
    #[test]
    fn answers_as_a_hash_set() {
        let pieces = [
            "a", "b", "an", "ed", "al", "-", "'", "é", "z", "qu", "s", " ",
        ];
        let words = crate::testgen::glue(7, 3_000, &pieces, 6);
        for n in [0usize, 1, 2, 17, 400, 2_000] {
            let members: Vec<String> = words.iter().take(n).cloned().collect();
            let want: FxHashSet<String> = members.iter().cloned().collect();
            let got: WordSet = members.iter().cloned().collect();
            let mut grown = WordSet::new();
            grown.extend(members.iter().take(n / 2).cloned());
            grown.extend(members.iter().skip(n / 2).map(String::as_str));
            assert_eq!(got, grown);
            assert_eq!(got.len(), want.len());
            let listed: FxHashSet<String> = got.iter().map(str::to_string).collect();
            assert_eq!(listed, want);
            for w in words.iter().chain([String::new()].iter()) {
                assert_eq!(got.contains(w), want.contains(w), "{w:?} (of {n})");
            }
        }
        let mut s = WordSet::new();
        assert!(s.is_empty() && !s.contains("") && !s.contains("x"));
        assert!(s.insert("x".into()));
        assert!(!s.insert("x".into()));
        assert!(s.contains("x") && !s.contains("y") && s.len() == 1);
    }
}
