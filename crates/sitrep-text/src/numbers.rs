/*!
Counts in text, with the bounds the contract gives them.

[`quantities`] finds every expression that counts something — numerals (`25`,
`1,200`, `1.2 million`), number words (`ninety-nine`, `two hundred and fifty`,
`a dozen`, `two dozen`), vague quantities (`dozens` → low 24) — together with the
qualifier in front of it (`at least`, `more than`, `up to`, `nearly`, `around`,
`fewer than`) or the range it forms (`between 20 and 30`, `20-30`, `two or three`),
and turns each into a [`Quantity`] by the rules of `EVENTS.md`:

| text | low | best | high |
|---|---|---|---|
| `25` | 25 | 25 | 25 |
| `at least 25` | 25 | 25 | – |
| `more than 25`, `over 25` | 26 | – | – |
| `up to 25`, `as many as 25` | – | – | 25 |
| `nearly 25`, `almost 25` | – | 25 | 25 |
| `around 25`, `some 25` | 25 | 25 | – |
| `fewer than 25` | – | – | 24 |
| `between 20 and 25` | 20 | – | 25 |
| `dozens` | 24 | – | – |

Numbers that are not counts are skipped: years (`2019`), times (`10:30`, `9 pm`),
percentages, money (`$5 million`), ordinals (`27th`, `third`), measures
(`50 km`, `three days`), compounds (`32-year-old`), and day numbers next to a
month name (`April 2`). Every word list lives in `data/lexicons/numbers.tsv`.
The scan is one left-to-right pass over the tokens.
*/

use crate::lexicon::{Lexicons, NumberLex, QTY_BETWEEN, QTY_NUMBER, QTY_QUALIFIER, QTY_VAGUE};
use crate::tok::{with_doc_tokens, with_tokens, Kind, Tokens};
use sitrep_core::{Qualifier, Quantity};

/// Every count expression in `text`, in text order (embedded lexicons).
pub fn quantities(text: &str) -> Result<Vec<Quantity>, crate::LexiconError> {
    Ok(Lexicons::embedded()?.quantities(text))
}

/// The bounds a qualifier gives a figure `n`: `(low, best, high)`.
pub fn bounds(q: Qualifier, n: u32) -> (Option<u32>, Option<u32>, Option<u32>) {
    match q {
        Qualifier::Exact => (Some(n), Some(n), Some(n)),
        Qualifier::AtLeast => (Some(n), Some(n), None),
        Qualifier::MoreThan => (n.checked_add(1), None, None),
        Qualifier::UpTo => (None, None, Some(n)),
        Qualifier::Nearly => (None, Some(n), Some(n)),
        Qualifier::Around => (Some(n), Some(n), None),
        Qualifier::LessThan => (None, None, Some(n.saturating_sub(1))),
        Qualifier::Vague | Qualifier::Range => (Some(n), None, None),
    }
}

/// What the scan found at one position.
enum Found {
    /// A count.
    Count(Quantity, usize),
    /// A number that is not a count (a year, a time, a measure): skip to here.
    Skip(usize),
}

/// The lower bound of a range whose scale word is written once, after the
/// upper bound: "two to three hundred" is 200 to 300, "between five and six
/// thousand" 5,000 to 6,000. A lower bound already of the upper one's order
/// ("20 to 300") is kept as written. The scale words are the `range_scale`
/// rows of `numbers.tsv`.
fn shared_scale(nl: &NumberLex, tk: &Tokens, a: &Core, b: &Core) -> u64 {
    let scale: u64 = nl
        .range_scales
        .get(tk.text(b.end.saturating_sub(1)))
        .copied()
        .unwrap_or(1);
    let scaled = a.value.saturating_mul(scale);
    if scale > 1 && a.value < 100 && scaled <= b.value && scaled.saturating_mul(10) > b.value {
        scaled
    } else {
        a.value
    }
}

/// A number core: its value, the token after it, and whether it is a bare
/// decimal (not a count).
struct Core {
    value: u64,
    end: usize,
    decimal: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    Article,
    Unit,
    Tens,
    Hundred,
    Big,
    Joiner,
}

impl Lexicons {
    /// Every count expression in `text`, in text order.
    pub fn quantities(&self, text: &str) -> Vec<Quantity> {
        with_tokens(text, self.starts(), |tk| self.quantities_in(tk, text))
    }

    /// [`Lexicons::quantities`] of a [`crate::Doc`]'s text, tokenizing the
    /// Doc's fold rather than folding the text again.
    pub fn quantities_doc(&self, doc: &crate::Doc) -> Vec<Quantity> {
        with_doc_tokens(doc.text, &doc.sparse, self.starts(), |tk| {
            self.quantities_in(tk, doc.text)
        })
    }

    /// [`Lexicons::quantities`] over the tokens of `text`.
    fn quantities_in(&self, tk: &Tokens, text: &str) -> Vec<Quantity> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut c = 0;
        while i < tk.toks.len() {
            // Most tokens cannot start a count: the scan steps from one
            // candidate (a token that may start a date or a count) to the next.
            let Some(cand) = tk.candidate_from(i, &mut c) else {
                break;
            };
            i = cand.i as usize;
            let flags = cand.qty;
            if flags == 0 && !matches!(tk.kind(i), Some(Kind::Num | Kind::Glued)) {
                i += 1;
                continue;
            }
            match self.quantity_at(tk, i, flags) {
                Some(Found::Count(q, _)) if q.span.text(text).contains('\n') => i += 1,
                Some(Found::Count(q, end)) => {
                    out.push(q);
                    i = end.max(i + 1);
                }
                Some(Found::Skip(end)) => i = end.max(i + 1),
                None => i += 1,
            }
        }
        out
    }

    /// A number starting at token `i` (numeral or number words), without qualifier.
    fn core(&self, tk: &Tokens, i: usize) -> Option<Core> {
        let nl = &self.numbers;
        match tk.kind(i)? {
            Kind::Num => {
                let t = tk.text(i);
                if t.contains('.') {
                    let s: String = t.chars().filter(|c| *c != ',').collect();
                    if let Some(&m) = nl.multipliers.get(tk.text(i + 1)) {
                        if m >= 1000 {
                            let x: f64 = s.parse().ok()?;
                            let v = (x * m as f64).round();
                            if !(0.0..4.0e18).contains(&v) {
                                return None;
                            }
                            return Some(Core {
                                value: v as u64,
                                end: i + 2,
                                decimal: false,
                            });
                        }
                    }
                    return Some(Core {
                        value: 0,
                        end: i + 1,
                        decimal: true,
                    });
                }
                // digits and thousands commas: the value, None past u64 (as
                // parsing the digits would be)
                let mut v: u64 = 0;
                for b in t.bytes().filter(|&b| b != b',') {
                    if !b.is_ascii_digit() {
                        return None;
                    }
                    v = v.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                }
                let mut end = i + 1;
                if let Some(&m) = nl.multipliers.get(tk.text(end)) {
                    v = v.checked_mul(m)?;
                    end += 1;
                }
                Some(Core {
                    value: v,
                    end,
                    decimal: false,
                })
            }
            Kind::Word => self.word_number(tk, i),
            _ => None,
        }
    }

    /// Number words: "twenty-five", "two hundred and fifty", "a dozen", "half a dozen".
    fn word_number(&self, tk: &Tokens, i: usize) -> Option<Core> {
        let nl = &self.numbers;
        if let Some((&v, n)) = nl.phrases.match_at(&tk.folded.text, tk.toks, i) {
            return Some(Core {
                value: v,
                end: i + n,
                decimal: false,
            });
        }
        let (mut total, mut cur) = (0u64, 0u64);
        let mut last = Last::Start;
        let mut j = i;
        loop {
            let w = tk.text(j);
            if j == i && nl.articles.contains(w) {
                if nl.multipliers.contains_key(tk.text(j + 1)) {
                    cur = 1;
                    last = Last::Article;
                    j += 1;
                    continue;
                }
                break;
            }
            if let Some(&v) = nl.words.get(w) {
                let ok = match last {
                    Last::Start | Last::Hundred | Last::Big | Last::Joiner => true,
                    Last::Tens => (1..10).contains(&v),
                    Last::Unit | Last::Article => false,
                };
                if !ok {
                    break;
                }
                cur = cur.checked_add(v)?;
                last = if v >= 20 && v % 10 == 0 {
                    Last::Tens
                } else {
                    Last::Unit
                };
                j += 1;
                // "ninety-nine"
                if last == Last::Tens && tk.is(j, "-") && tk.touch(j - 1) && tk.touch(j) {
                    if let Some(&u) = nl.words.get(tk.text(j + 1)) {
                        if (1..10).contains(&u) {
                            cur += u;
                            j += 2;
                            last = Last::Unit;
                        }
                    }
                }
                continue;
            }
            if let Some(&m) = nl.multipliers.get(w) {
                if last == Last::Start || last == Last::Joiner {
                    break;
                }
                if m == 100 {
                    if last == Last::Hundred {
                        break;
                    }
                    cur = cur.max(1).checked_mul(100)?;
                    last = Last::Hundred;
                } else {
                    total = total.checked_add(cur.max(1).checked_mul(m)?)?;
                    cur = 0;
                    last = Last::Big;
                }
                j += 1;
                continue;
            }
            if nl.joiners.contains(w)
                && matches!(last, Last::Hundred | Last::Big)
                && nl.words.contains_key(tk.text(j + 1))
            {
                last = Last::Joiner;
                j += 1;
                continue;
            }
            break;
        }
        if matches!(last, Last::Start | Last::Article) {
            return None;
        }
        Some(Core {
            value: total.checked_add(cur)?,
            end: if last == Last::Joiner { j - 1 } else { j },
            decimal: false,
        })
    }

    /// True when token `i` is a capitalised month name (or its abbreviation).
    pub(crate) fn is_month(&self, tk: &Tokens, i: usize) -> bool {
        self.dates.months.contains_key(tk.text(i)) && tk.is_cap(i)
    }

    /// True when a month name just before token `c` makes it a day number
    /// ("April 2"), unless the month already has its day ("14 March 9 soldiers").
    fn month_before(&self, tk: &Tokens, c: usize) -> bool {
        if c == 0 || !self.is_month(tk, c - 1) {
            return false;
        }
        let day_before = c >= 2
            && tk.kind(c - 2) == Some(Kind::Num)
            && tk
                .text(c - 2)
                .parse::<u32>()
                .is_ok_and(|d| (1..=31).contains(&d));
        !day_before
    }

    /// What makes the number at token `c` not a count, judged from the number
    /// itself and what precedes it: returns the token to skip to.
    fn not_a_count_before(&self, tk: &Tokens, c: usize, core: &Core) -> Option<usize> {
        let end = core.end;
        if core.decimal {
            return Some(end);
        }
        // a year: four digits, no comma, 1900-2100
        if tk.kind(c) == Some(Kind::Num) && end == c + 1 {
            let t = tk.text(c);
            let year = t.len() == 4
                && t.bytes().all(|b| b.is_ascii_digit())
                && t.parse::<u32>().is_ok_and(|y| (1900..=2100).contains(&y));
            if year {
                return Some(end);
            }
        }
        // currency, "no.", "covid-", a month name ("April 2", "Dec. 3")
        if self
            .numbers
            .before
            .match_before(&tk.folded.text, tk.toks, c)
            .is_some()
            || self.month_before(tk, c)
            || (c >= 2 && tk.is(c - 1, ".") && self.is_month(tk, c - 2))
        {
            return Some(end);
        }
        // glued to what precedes: "2024-04-02", "F-16", "3/4", "10:30"
        if c >= 2
            && tk.touch(c - 1)
            && tk.touch(c - 2)
            && matches!(tk.text(c - 1), "-" | "/" | ":" | ".")
        {
            return Some(end);
        }
        None
    }

    /// What makes the number at `c..core.end` not a count (see the module docs).
    fn not_a_count(&self, tk: &Tokens, c: usize, core: &Core) -> Option<usize> {
        if let Some(skip) = self.not_a_count_before(tk, c, core) {
            return Some(skip);
        }
        let nl = &self.numbers;
        let text = &tk.folded.text;
        let end = core.end;
        // a time "10:30", a fraction or a date "3/4", "02/04/2024"
        if matches!(tk.text(end), ":" | "/" | ".")
            && tk.touch(end - 1)
            && tk.touch(end)
            && matches!(tk.kind(end + 1), Some(Kind::Num) | Some(Kind::Glued))
        {
            return Some(end + 2);
        }
        // compound adjective "32-year-old", "three-day"
        if tk.is(end, "-") && tk.touch(end - 1) && tk.touch(end) {
            if let Some(Kind::Word) | Some(Kind::Glued) = tk.kind(end + 1) {
                return Some(end + 2);
            }
        }
        // a unit after it, or a month name ("2 April")
        if let Some((_, n)) = nl.units.match_at(text, tk.toks, end) {
            return Some(end + n);
        }
        if self.is_month(tk, end) {
            return Some(end);
        }
        None
    }

    /// The count (or the number that is not one) at token `i`, whose
    /// count flags of [`Lexicons::starts`] are `flags`: look-ups they rule out
    /// on token `i` are not made.
    fn quantity_at(&self, tk: &Tokens, i: usize, flags: u8) -> Option<Found> {
        let nl = &self.numbers;
        let text = &tk.folded.text;
        let toks = tk.toks;

        // between A and B
        let between = (flags & QTY_BETWEEN != 0)
            .then(|| nl.between.match_at(text, toks, i))
            .flatten();
        if let Some((_, n)) = between {
            if let Some(a) = self.core(tk, i + n) {
                if nl.between_joins.contains(tk.text(a.end)) {
                    if let Some(b) = self.core(tk, a.end + 1) {
                        if let Some(skip) = self.not_a_count(tk, a.end + 1, &b) {
                            return Some(Found::Skip(skip));
                        }
                        let (lo, hi) = (
                            u32::try_from(shared_scale(nl, tk, &a, &b)).ok()?,
                            u32::try_from(b.value).ok()?,
                        );
                        return Some(Found::Count(
                            Quantity {
                                span: tk.span(i, b.end),
                                low: Some(lo.min(hi)),
                                best: None,
                                high: Some(lo.max(hi)),
                                qualifier: Qualifier::Range,
                            },
                            b.end,
                        ));
                    }
                }
            }
        }

        let qualifier = (flags & QTY_QUALIFIER != 0)
            .then(|| nl.qualifiers.match_at(text, toks, i))
            .flatten();
        let (q, c) = match qualifier {
            Some((&q, n)) => (q, i + n),
            None => (Qualifier::Exact, i),
        };

        // vague quantities, possibly scaled ("several hundred")
        let vague = (c != i || flags & QTY_VAGUE != 0)
            .then(|| nl.vague.match_at(text, toks, c))
            .flatten();
        if let Some((&v, n)) = vague {
            let mut end = c + n;
            let mut low = v.low;
            let mut best = v.best;
            let mut high = v.high;
            if let Some(&m) = nl.multipliers.get(tk.text(end)) {
                low = low.and_then(|l| u32::try_from(u64::from(l) * m).ok());
                best = None;
                high = None;
                end += 1;
            }
            if nl.units.match_at(text, toks, end).is_some() {
                return Some(Found::Skip(end));
            }
            return Some(Found::Count(
                Quantity {
                    span: tk.span(c, end),
                    low,
                    best,
                    high,
                    qualifier: Qualifier::Vague,
                },
                end,
            ));
        }

        // (a word at `i` not flagged as starting a number is no number)
        if c == i && tk.kind(i) == Some(Kind::Word) && flags & QTY_NUMBER == 0 {
            return None;
        }
        let a = self.core(tk, c)?;
        if let Some(skip) = self.not_a_count_before(tk, c, &a) {
            return Some(Found::Skip(skip));
        }
        // ranges: "20 to 30", "two or three", "20-30"
        let from = i >= 1 && nl.norange.contains(tk.text(i - 1));
        let j = a.end;
        if !from && nl.range_joins.contains(tk.text(j)) {
            let dash = tk.is(j, "-");
            let ok_dash = !dash
                || (tk.touch(j - 1)
                    && tk.touch(j)
                    && tk.kind(c) == Some(Kind::Num)
                    && tk.kind(j + 1) == Some(Kind::Num));
            if ok_dash {
                if let Some(b) = self.core(tk, j + 1) {
                    if b.value > a.value && !b.decimal {
                        if nl.units.match_at(text, toks, b.end).is_some()
                            || self.is_month(tk, b.end)
                        {
                            return Some(Found::Skip(b.end));
                        }
                        let (lo, hi) = (
                            u32::try_from(shared_scale(nl, tk, &a, &b)).ok()?,
                            u32::try_from(b.value).ok()?,
                        );
                        return Some(Found::Count(
                            Quantity {
                                span: tk.span(i, b.end),
                                low: Some(lo),
                                best: None,
                                high: Some(hi),
                                qualifier: Qualifier::Range,
                            },
                            b.end,
                        ));
                    } else if dash {
                        // "3-1", "10-5": a score or a code, not a count
                        return Some(Found::Skip(b.end));
                    }
                }
            }
        }
        if let Some(skip) = self.not_a_count(tk, c, &a) {
            return Some(Found::Skip(skip));
        }
        let n = u32::try_from(a.value).ok()?;
        let (low, best, high) = bounds(q, n);
        if low.is_none() && best.is_none() && high.is_none() {
            return None;
        }
        Some(Found::Count(
            Quantity {
                span: tk.span(i, a.end),
                low,
                best,
                high,
                qualifier: q,
            },
            a.end,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (String, Option<u32>, Option<u32>, Option<u32>);

    fn q(text: &str) -> Vec<Row> {
        quantities(text)
            .unwrap()
            .into_iter()
            .map(|q| (q.span.text(text).to_string(), q.low, q.best, q.high))
            .collect()
    }

    #[test]
    fn numerals_and_words() {
        assert_eq!(
            q("25 people"),
            vec![("25".into(), Some(25), Some(25), Some(25))]
        );
        assert_eq!(
            q("1,200 homes and 1.2 million displaced"),
            vec![
                ("1,200".into(), Some(1200), Some(1200), Some(1200)),
                (
                    "1.2 million".into(),
                    Some(1_200_000),
                    Some(1_200_000),
                    Some(1_200_000)
                ),
            ]
        );
        assert_eq!(q("Ninety-nine died")[0].1, Some(99));
        assert_eq!(q("two hundred and fifty injured")[0].1, Some(250));
        assert_eq!(q("a dozen wounded")[0].1, Some(12));
    }

    #[test]
    fn qualifiers() {
        assert_eq!(
            q("over two dozen hurt")[0],
            ("over two dozen".into(), Some(25), None, None)
        );
        assert_eq!(q("more than 100 dead")[0].1, Some(101));
        assert_eq!(
            q("up to 30 missing")[0],
            ("up to 30".into(), None, None, Some(30))
        );
        assert_eq!(q("fewer than 10 died")[0].3, Some(9));
        assert_eq!(
            q("between 20 and 30 militants")[0],
            ("between 20 and 30".into(), Some(20), None, Some(30))
        );
        assert_eq!(
            q("dozens of homes")[0],
            ("dozens".into(), Some(24), None, None)
        );
    }

    #[test]
    fn not_counts() {
        for t in [
            "in 2019",
            "at 10:30",
            "a 32-year-old man",
            "5% of voters",
            "$5 million reward",
            "the third attack",
            "50 km away",
            "on April 2",
            "on 2 April",
            "2024-04-02",
            "93km south",
            "at 9 pm",
            "covid-19",
            "no one was hurt",
            "for three days",
        ] {
            assert!(q(t).is_empty(), "{t}: {:?}", q(t));
        }
    }

    #[test]
    fn never_across_a_line_break() {
        assert_eq!(q("between 20 and\n30 died").len(), 2);
    }

    #[test]
    fn from_a_to_b_is_two_figures() {
        let r = q("the toll rose from 21 to 35");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].1, Some(35));
    }
}
