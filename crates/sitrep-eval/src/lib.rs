/*!
sitrep's scorer: predicted events against gold files, by the rules of the output
contract (`shared/contract/EVENTS.md`, "How the scorer matches and scores").

* [`load_gold_dir`] / [`parse_gold`] — read gold files, tolerant of every format
  variant the annotators used ([`gold`] module doc lists them);
* [`score`] — match predictions to gold one-to-one and compute detection
  precision/recall/F1, per-field accuracy, per-document figures, and the lists of
  misses, false positives and field disagreements;
* [`Report::render_text`] — the readable report whose last three lines are a
  compact summary for scripts; `Report` serialises to JSON for `--json`.

Decisions where the contract leaves room (each documented where implemented):
* a violent prediction matched to an optional gold event counts as a true positive
  for precision (never a false positive), and optional gold never enters recall;
* a gold date left unresolved (null start/end, not `exact: false`) is scored: the
  prediction must leave it unresolved too instead of guessing; a gold date with
  `exact: false`, or an `unknown` precision with a range, is used for matching only;
* gold `fatalities`/`injuries` are scored only where the `low` key is present;
  `"low": null` requires a null prediction;
* `claimed_by` missing = not scored; `[]` = the prediction must name no claimant;
  otherwise every gold claimant must be matched by a predicted claimant.
*/

pub mod compare;
pub mod gold;
mod report;
pub mod score;

pub use compare::{Field, MATCH_RADIUS_KM, POINT_RADIUS_KM};
pub use gold::{
    load_gold_dir, parse_gold, EvalError, GoldActor, GoldCount, GoldDate, GoldDoc, GoldEvent,
    GoldLocation,
};
pub use score::{
    group_by_doc, score, Detection, DocReport, FalsePositive, FieldError, FieldScore, MatchedPair,
    Miss, Report, SubTypeScore,
};
