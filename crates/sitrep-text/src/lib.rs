/*!
The text layer: everything sitrep knows about text before it knows about places,
actors or events.

* [`fold`] — case-, diacritic-, dash- and apostrophe-insensitive matching keys,
  with a map back to the original byte offsets (used by every matcher);
* [`clean`] — the stored text: boilerplate lines dropped, line endings and blank
  lines normalised, title and dateline located;
* [`sentences`] — sentence spans, aware of abbreviations and initials: the one
  sentence rule;
* [`doc`] — one report read once ([`Doc`]): the fold, word tokens with flags,
  sentences, paragraphs, title and dateline, handed to every component;
* [`numbers`] — count expressions with the contract's low/best/high bounds;
* [`dates`] — date expressions, their resolution against a reference date, and
  inference of that date when the report carries none;
* [`lexicon`] — the knowledge behind all of these, read from `data/lexicons/`
  (embedded in the binary, or loaded from a directory at run time);
* [`wordset`] — [`WordSet`], the set of words other crates look every word of a
  text up in (a slot table with a one-bit-per-slot filter).

The free functions use the embedded lexicons; the same operations are methods of
[`Lexicons`] for a copy loaded with [`Lexicons::load_dir`].
*/

pub mod clean;
pub mod dates;
pub mod doc;
pub mod fold;
pub mod lexicon;
mod lines;
pub mod numbers;
pub mod sentences;
mod tok;
pub mod wordset;

pub use clean::{clean, Cleaned};
pub use dates::{
    find_dates, infer_reference_date, parse_published, resolve, weekday_name, DateExpr, DateKind,
    Inferred,
};
pub use doc::{Doc, Word};
pub use fold::{fold, fold_sparse, fold_str, fold_str_into, is_word_byte, Folded, Sparse};
pub use lexicon::{LexiconError, Lexicons, RelUnit, LEXICON_FILES};
pub use numbers::{bounds, quantities};
pub use sentences::sentences;
pub use wordset::WordSet;

/// Generated inputs for the tests that compare a rewritten function with the
/// one it replaced (here and in crates that tokenise text their own way).
#[doc(hidden)]
pub mod testgen {
    /// `count` pseudo-random strings of up to `max_len - 1` pieces each, the
    /// same for the same seed.
    pub fn glue(seed: u64, count: usize, pieces: &[&str], max_len: u64) -> Vec<String> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..count)
            .map(|_| {
                let len = (next() % max_len.max(1)) as usize;
                (0..len)
                    .filter_map(|_| pieces.get((next() % pieces.len().max(1) as u64) as usize))
                    .copied()
                    .collect()
            })
            .collect()
    }

    /// Pseudo-random strings over an alphabet rich in the tokenizer's edge cases.
    #[cfg(test)]
    pub(crate) fn generated(seed: u64, count: usize) -> Vec<String> {
        const PIECES: [&str; 51] = [
            "!", "?", "\u{2026}", "U.S", "Gen", "The", "\"", "\u{201d}", "\u{bb}", "e.g", "J", "1",
            "2", "0", "12", "1,200", ",", "1,2345", ".", "3.5", "a", "Apr", "May", "km", "th", " ",
            "  ", "\n", "\t", "\u{b}", "-", "'", "`", "\u{2019}", "\u{2014}", "é", "É", "\u{301}",
            "ß", "Æ", "\u{a0}", "пять", "五", ":", "/", "(", ")", "$", "%", "Monday", "in",
        ];
        glue(seed, count, &PIECES, 24)
    }
}
