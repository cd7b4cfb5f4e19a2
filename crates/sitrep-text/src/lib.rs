/*!
The text layer: everything sitrep knows about text before it knows about places,
actors or events.

* [`fold`] — case-, diacritic-, dash- and apostrophe-insensitive matching keys,
  with a map back to the original byte offsets (used by every matcher);
*/

pub mod fold;

pub use fold::{fold, fold_str, is_word_byte, Folded};
