/*!
The text layer: everything sitrep knows about text before it knows about places,
actors or events.

* [`fold`] — case-, diacritic-, dash- and apostrophe-insensitive matching keys,
  with a map back to the original byte offsets (used by every matcher);
* [`clean`] — the stored text: boilerplate lines dropped, line endings and blank
  lines normalised, title and dateline located;
* [`sentences`] — sentence spans, aware of abbreviations and initials;
* [`numbers`] — count expressions with the contract's low/best/high bounds;
* [`dates`] — date expressions, their resolution against a reference date, and
  inference of that date when the report carries none;
* [`lexicon`] — the knowledge behind all of these, read from `data/lexicons/`
  (embedded in the binary, or loaded from a directory at run time).

The free functions use the embedded lexicons; the same operations are methods of
[`Lexicons`] for a copy loaded with [`Lexicons::load_dir`].
*/

pub mod clean;
pub mod dates;
pub mod fold;
pub mod lexicon;
pub mod numbers;
pub mod sentences;
mod tok;

pub use clean::{clean, Cleaned};
pub use dates::{
    find_dates, infer_reference_date, resolve, weekday_name, DateExpr, DateKind, Inferred,
};
pub use fold::{fold, fold_str, fold_str_into, is_word_byte, Folded};
pub use lexicon::{LexiconError, Lexicons, RelUnit, LEXICON_FILES};
pub use numbers::{bounds, quantities};
pub use sentences::sentences;
