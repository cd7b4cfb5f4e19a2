/*!
Casualty figures: counts with bounds, and the separate claims behind them.

A [`Quantity`] is a number as the text gives it ("over 100", "dozens", "at least
one") turned into bounds by the contract's rules: `low` is the lowest count the
text supports ("over 100" → 101, "dozens" → 24), `best` the single figure it gives
(else null), `high` null when unbounded.
*/

use crate::Span;
use serde::{Deserialize, Serialize};

/// How a number was qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "25"
    Exact,
    /// "at least 25", "a minimum of 25"
    AtLeast,
    /// "over 25", "more than 25"
    MoreThan,
    /// "up to 25", "as many as 25"
    UpTo,
    /// "nearly 25", "almost 25"
    Nearly,
    /// "around 25", "about 25", "some 25"
    Around,
    /// "fewer than 25", "less than 25"
    LessThan,
    /// "dozens", "scores", "several", "hundreds"
    Vague,
    /// "between 20 and 25", "20 to 25"
    Range,
}

/// A number found in text, with the bounds it supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    pub span: Span,
    pub low: Option<u32>,
    pub best: Option<u32>,
    pub high: Option<u32>,
    pub qualifier: Qualifier,
}

/// The contract's `fatalities` / `injuries` object.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Casualties {
    pub low: Option<u32>,
    pub best: Option<u32>,
    pub high: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub span: Option<Span>,
}

impl Casualties {
    pub fn is_empty(&self) -> bool {
        self.low.is_none() && self.best.is_none() && self.high.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CasualtyKind {
    Killed,
    Injured,
    /// Killed and injured counted together ("deaths and injuries of dozens").
    Casualties,
}

/// One figure with who gave it (`casualty_claims[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasualtyClaim {
    pub kind: CasualtyKind,
    pub low: Option<u32>,
    pub high: Option<u32>,
    /// An actor id, `"officials"`, `"hospital"` or `"media"`.
    pub by: String,
    pub span: Span,
}
