/*!
Toponym recognition and resolution: text → [`PlaceMention`]s.

1. **Recognise.** The text is folded and cut into word tokens. At every
   capitalised token the longest run of tokens (joined only by spaces or
   hyphens) whose key is in the name index is taken (leftmost-longest). A
   demonym ("Afghan", "South Sudanese") is taken when no longer name matches.
   A capitalised name that is not in the gazetteer but carries a settlement cue
   ("Foo village", "the village of Foo") is kept as *unresolved*.
2. **Cues.** Words next to a name (`data/lexicons/place-cues.tsv`) set the kind
   wanted ("province" → admin1, "district" → admin2, "village" → populated),
   the precision ("near", "north of" → near point) or cancel the match
   ("Paris Olympics").
3. **Resolve.** Each candidate is scored: a prior by kind, feature code and
   population; agreement with the cue; containment in the next name of an
   "X, Y" / "X in Y" phrase; the document's country focus (countries of the
   confident mentions and demonyms, found in a first pass); the caller's
   country hint. Weak and stop-listed names and small places outside the focus
   countries are dropped unless a cue or an admin context supports them.
4. **Unresolved names** fall back to the nearest resolved name of the same
   sentence ("Foo village near Bar" → Bar, precision near point, keeping "Foo").
*/

use crate::gazetteer::{haversine_km, Gazetteer};
use crate::key::push_token;
use crate::lexicon::{Cue, CueEffect};
use sitrep_core::{GeoPrecision, Place, PlaceKind, PlaceMention, Span};
use sitrep_text::fold;
use std::collections::BTreeMap;

/// Lower-case Arabic articles that may begin a name ("al-Mawasi").
const ARTICLES: [&str; 9] = ["al", "el", "ar", "as", "ad", "an", "at", "az", "ash"];

/// Longest name, in tokens, that the matcher tries.
const MAX_TOKENS: usize = 8;

/// What the caller knows about the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoContext {
    /// Spans never to read places from (e.g. the dateline: it says where the
    /// report was filed, not where things happened).
    pub exclude: Vec<Span>,
    /// ISO2 country the document is known to be about, when known.
    pub country_hint: Option<String>,
}

/// One word token.
#[derive(Debug, Clone, Copy)]
struct Tok {
    /// Folded byte range.
    fs: usize,
    fe: usize,
    /// Original span.
    span: Span,
    /// First letter upper case in the original.
    cap: bool,
    /// Sentence number.
    sent: u32,
    /// Joined to the previous token by only spaces or hyphens (same name).
    joined: bool,
    /// Inside an excluded span.
    excluded: bool,
}

/// A recognised name before resolution.
#[derive(Debug, Clone)]
struct Raw {
    t0: usize,
    t1: usize,
    /// Candidates: record index, and whether only an alternate name matched.
    cands: Vec<(u32, bool)>,
    demonym: Option<String>,
    unresolved: bool,
    key: String,
    after: Option<CueHit>,
    before: Option<CueHit>,
    /// Index of the raw that contains this one ("X, Y": Y), if any.
    container: Option<usize>,
}

/// Scratch state of one call.
struct Doc<'a> {
    text: &'a str,
    folded: String,
    toks: Vec<Tok>,
}

impl Doc<'_> {
    fn tok_str(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.folded.get(t.fs..t.fe))
            .unwrap_or("")
    }
    fn joined(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.joined)
    }
    fn same_sentence(&self, a: usize, b: usize) -> bool {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) => x.sent == y.sent,
            _ => false,
        }
    }
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.cap)
    }
    fn sentence_start(&self, i: usize) -> bool {
        i == 0 || !self.same_sentence(i - 1, i)
    }
    /// The folded text between tokens a and b (a < b).
    fn gap(&self, a: usize, b: usize) -> &str {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) if x.fe <= y.fs => self.folded.get(x.fe..y.fs).unwrap_or(""),
            _ => "",
        }
    }
}

fn tokenize<'a>(text: &'a str, exclude: &[Span]) -> Doc<'a> {
    let f = fold(text);
    let mut ranges = Vec::new();
    crate::key::tokens(&f.text, &mut ranges);
    let mut toks: Vec<Tok> = Vec::with_capacity(ranges.len());
    let mut sent = 0u32;
    let mut prev_fe = 0usize;
    for (k, &(fs, fe)) in ranges.iter().enumerate() {
        let span = f.orig_span(fs, fe);
        let gap = f.text.get(prev_fe..fs).unwrap_or("");
        let orig_gap = if k == 0 {
            ""
        } else {
            toks.last()
                .and_then(|p| text.get(p.span.end..span.start))
                .unwrap_or("")
        };
        // (Gaps are short: a byte scan, the ellipsis only where a non-ASCII byte is.)
        let stop = orig_gap
            .bytes()
            .any(|b| matches!(b, b'.' | b'!' | b'?' | b'\n' | b';'))
            || (!orig_gap.is_ascii() && orig_gap.contains('\u{2026}'));
        if k > 0 && stop {
            // A full stop right after a one-letter token is an initial ("U.S."), not an end.
            let initial =
                toks.last().is_some_and(|p| p.span.len() == 1) && !orig_gap.contains('\n');
            if !initial {
                sent += 1;
            }
        }
        let initial_dot =
            toks.last().is_some_and(|p| p.fe - p.fs == 1) && (gap == "." || gap == ". ");
        let joined = k > 0
            && ((gap.len() <= 3 && gap.bytes().all(|b| b == b' ' || b == b'-')) || initial_dot);
        let cap = text
            .get(span.start..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase);
        let excluded = exclude.iter().any(|x| x.overlaps(span));
        toks.push(Tok {
            fs,
            fe,
            span,
            cap,
            sent,
            joined,
            excluded,
        });
        prev_fe = fe;
    }
    Doc {
        text,
        folded: f.text,
        toks,
    }
}

/// Prior of a candidate by kind, feature code and population.
fn prior(p: &Place) -> f64 {
    match p.kind {
        PlaceKind::Country => 7.0,
        PlaceKind::Admin1 => 5.0,
        PlaceKind::Admin2 => 3.5,
        PlaceKind::Site => 4.0,
        PlaceKind::Populated => {
            let pop = 1.0 + 0.5 * ((p.population as f64) + 1.0).log10();
            let f = match p.feature_code.as_str() {
                "PPLC" => 2.5,
                "PPLA" => 1.5,
                "PPLA2" => 0.6,
                "PPLX" => -1.0,
                _ => 0.0,
            };
            pop + f
        }
    }
}

fn cue_fit(effect: Option<CueEffect>, p: &Place) -> f64 {
    match (effect, p.kind) {
        (Some(CueEffect::Admin1), PlaceKind::Admin1) => 5.0,
        (Some(CueEffect::Admin2), PlaceKind::Admin2) => 5.0,
        (Some(CueEffect::Admin1 | CueEffect::Admin2), PlaceKind::Populated) => -1.5,
        (Some(CueEffect::Populated), PlaceKind::Populated) => 4.0,
        (Some(CueEffect::Populated), PlaceKind::Admin1 | PlaceKind::Admin2) => -2.0,
        (Some(CueEffect::Populated), PlaceKind::Country) => -4.0,
        (Some(CueEffect::Site), PlaceKind::Site) => 3.0,
        (Some(CueEffect::Site), PlaceKind::Populated) => 1.0,
        _ => 0.0,
    }
}

impl Gazetteer {
    fn within(&self, c: u32, d: u32) -> bool {
        let (Some(pc), Some(pd)) = (self.get(c), self.get(d)) else {
            return false;
        };
        if c == d {
            return false;
        }
        match pd.kind {
            PlaceKind::Country => pc.country == pd.country && pc.kind != PlaceKind::Country,
            PlaceKind::Admin1 => {
                pc.admin1_code.is_some()
                    && pc.admin1_code == pd.admin1_code
                    && pc.kind != PlaceKind::Admin1
            }
            PlaceKind::Admin2 => {
                pc.kind != PlaceKind::Admin2
                    && self.admin2_code_of(c).is_some()
                    && self.admin2_code_of(c) == self.admin2_code_of(d)
            }
            PlaceKind::Populated | PlaceKind::Site => {
                pc.country == pd.country && haversine_km((pc.lat, pc.lon), (pd.lat, pd.lon)) <= 40.0
            }
        }
    }

    /// The cue (longest first) whose tokens follow token `t1`, if any.
    fn cue_after(&self, doc: &Doc, t1: usize) -> Option<CueHit> {
        let order = self
            .cue_index
            .after_first
            .as_ref()
            .map(|m| m.get(doc.tok_str(t1)).map_or(&[][..], Vec::as_slice));
        best_cue_in(&self.lexicon.after, order, |cue| {
            let n = cue.tokens.len();
            let ok = cue.tokens.iter().enumerate().all(|(k, w)| {
                let i = t1 + k;
                doc.tok_str(i) == w
                    && doc.same_sentence(t1.saturating_sub(1), i)
                    && (k == 0 || doc.joined(i))
            }) && (t1 == 0 || doc.gap(t1 - 1, t1).bytes().all(|b| b == b' ' || b == b'-'));
            ok.then_some(t1 + n)
        })
    }

    /// The cue whose tokens end right before token `t0`, if any.
    fn cue_before(&self, doc: &Doc, t0: usize) -> Option<CueHit> {
        let order = self.cue_index.before_last.as_ref().map(|m| {
            t0.checked_sub(1)
                .and_then(|p| m.get(doc.tok_str(p)))
                .map_or(&[][..], Vec::as_slice)
        });
        best_cue_in(&self.lexicon.before, order, |cue| {
            let n = cue.tokens.len();
            if n > t0 {
                return None;
            }
            let start = t0 - n;
            let ok = cue
                .tokens
                .iter()
                .enumerate()
                .all(|(k, w)| doc.tok_str(start + k) == w && doc.same_sentence(start + k, t0));
            ok.then_some(start)
        })
    }

    /// Find and resolve the places named in `text`.
    pub fn find_places(&self, text: &str, ctx: &GeoContext) -> Vec<PlaceMention> {
        let doc = tokenize(text, &ctx.exclude);
        let mut raws = self.recognise(&doc);
        self.attach_cues(&doc, &mut raws);
        raws.retain(|r| {
            !matches!(r.after, Some((CueEffect::NotPlace, _, _)))
                && !matches!(r.before, Some((CueEffect::NotPlace, _, _)))
        });
        self.attach_containers(&doc, &mut raws);
        self.resolve(&doc, &raws, ctx)
    }

    fn recognise(&self, doc: &Doc) -> Vec<Raw> {
        let mut raws = Vec::new();
        let mut key = String::with_capacity(64);
        let mut ids = Vec::new();
        let mut hits: Vec<(usize, usize)> = Vec::new();
        let n = doc.toks.len();
        let mut i = 0;
        while i < n {
            let Some(t) = doc.toks.get(i) else { break };
            let article_start = !t.cap
                && ARTICLES.contains(&doc.tok_str(i))
                && hyphen_joined(doc, i + 1)
                && doc.cap(i + 1);
            if (!t.cap && !article_start) || t.excluded || hyphen_joined(doc, i) {
                i += 1;
                continue;
            }
            // "Name, Abbr." — a written abbreviation of the admin unit.
            if let Some(r) = self.abbrev_at(doc, i, raws.last()) {
                i = r.t1;
                raws.push(r);
                continue;
            }
            // A title makes the following capitalised run a person's name.
            if i > 0
                && self.lexicon.title.contains(doc.tok_str(i - 1))
                && doc.same_sentence(i - 1, i)
            {
                i += 1;
                while i < n && doc.cap(i) && doc.joined(i) {
                    i += 1;
                }
                continue;
            }
            // Longest name from i.
            key.clear();
            let mut best: Option<(usize, usize)> = None;
            hits.clear();
            for j in i..(i + MAX_TOKENS).min(n) {
                if j > i && !doc.joined(j) {
                    break;
                }
                if doc.toks.get(j).is_some_and(|t| t.excluded) {
                    break;
                }
                let counted = push_token(&mut key, doc.tok_str(j), j == i);
                if !counted {
                    continue;
                }
                let (exact, prefix) = self.probe(&key);
                // A name may not end on a lower-case function word: "Jos on
                // Monday" must not become "Joson" (a village elsewhere), nor
                // "As a" a name; the shorter name before it stands.
                let function_end = j > i
                    && !doc.cap(j)
                    && !hyphen_joined(doc, j)
                    && doc.tok_str(j).len() <= 3
                    && self.lexicon.stop.contains(doc.tok_str(j));
                if let Some(line) = exact.filter(|_| !function_end) {
                    best = Some((j + 1, line));
                    hits.push((j + 1, line));
                }
                if !prefix {
                    break;
                }
            }
            // Demonym (one or two tokens).
            let mut dem: Option<(usize, String, String)> = None;
            for len in [2usize, 1] {
                if i + len > n || (len == 2 && !doc.joined(i + 1)) {
                    continue;
                }
                key.clear();
                for j in i..i + len {
                    push_token(&mut key, doc.tok_str(j), j == i);
                }
                if let Some(cc) = self.lexicon.demonym(&key) {
                    dem = Some((i + len, cc.to_string(), key.clone()));
                    break;
                }
            }
            match (best, dem) {
                (Some((t1, _)), Some((d1, cc, k))) if d1 >= t1 => {
                    raws.push(demonym_raw(i, d1, cc, k));
                    i = d1;
                }
                (None, Some((d1, cc, k))) => {
                    raws.push(demonym_raw(i, d1, cc, k));
                    i = d1;
                }
                (Some((t1, line)), _) => {
                    // A name that ends in a cue word ("Benue State", "Deir
                    // ez-Zor province") is split: name + cue.
                    let mut t1 = t1;
                    let mut line = line;
                    let mut tail_cue = None;
                    for &(e, l) in hits.iter() {
                        if e >= t1 {
                            continue;
                        }
                        if let Some((eff, end, ci)) = self.cue_after(doc, e) {
                            // A name that includes a feature word ("Afungi
                            // Peninsula") is kept whole.
                            if end == t1 && eff != CueEffect::NotPlace && self.share_place(line, l)
                            {
                                tail_cue = Some((eff, end, ci));
                                t1 = e;
                                line = l;
                                break;
                            }
                        }
                    }
                    // A known name followed by an unknown capitalised word
                    // with a settlement cue ("Sangar Kalay village").
                    if tail_cue.is_none() && doc.cap(t1) && doc.joined(t1) {
                        if let Some(r) = self.unresolved_at(doc, i) {
                            if r.t1 > t1 {
                                i = r.t1;
                                raws.push(r);
                                continue;
                            }
                        }
                    }
                    ids.clear();
                    self.ids_at(line, &mut ids);
                    key.clear();
                    for j in i..t1 {
                        push_token(&mut key, doc.tok_str(j), j == i);
                    }
                    // Two letters or fewer: only a country ("US", "UK").
                    // Two letters or fewer, or a short all-capitals token
                    // (an acronym): only a country ("US", "UK", "DRC").
                    let short =
                        t1 == i + 1 && (key.len() <= 2 || (key.len() <= 4 && all_caps(doc, i)));
                    if short {
                        ids.retain(|&(c, _)| {
                            self.get(c).is_some_and(|p| p.kind == PlaceKind::Country)
                        });
                    }
                    // The head of an unknown hyphenated compound ("Pont" of
                    // "Pont-Sondé") is not a name of its own.
                    if hyphen_joined(doc, t1) {
                        ids.clear();
                    }
                    if ids.is_empty() {
                        if let Some(r) = self.unresolved_at(doc, i) {
                            i = r.t1;
                            raws.push(r);
                        } else {
                            i += 1;
                        }
                        continue;
                    }
                    {
                        raws.push(Raw {
                            t0: i,
                            t1,
                            cands: ids.clone(),
                            demonym: None,
                            unresolved: false,
                            key: key.clone(),
                            after: tail_cue,
                            before: None,
                            container: None,
                        });
                    }
                    i = tail_cue.map_or(t1, |c| c.1);
                }
                (None, None) => {
                    if let Some(r) = self.unresolved_at(doc, i) {
                        i = r.t1;
                        raws.push(r);
                    } else {
                        i += 1;
                    }
                }
            }
        }
        raws
    }

    /// A written admin abbreviation at token `i` right after a name and a
    /// comma ("Alexandria, Va."), as a raw name whose only candidate is the unit.
    fn abbrev_at(&self, doc: &Doc, i: usize, prev: Option<&Raw>) -> Option<Raw> {
        let prev = prev.filter(|p| p.t1 == i && p.demonym.is_none())?;
        let tok = doc.toks.get(i)?;
        if doc.gap(i - 1, i).trim() != "," || !doc.same_sentence(prev.t0, i) {
            return None;
        }
        let rest = doc.text.get(tok.span.start..)?;
        let (abbr, code) = self.lexicon.abbrevs.iter().find(|(a, _)| {
            rest.starts_with(a.as_str())
                && !rest
                    .get(a.len()..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_alphanumeric)
        })?;
        let idx = self.admin_idx(code)?;
        let end = tok.span.start + abbr.len();
        let mut t1 = i;
        while doc.toks.get(t1).is_some_and(|t| t.span.end <= end) {
            t1 += 1;
        }
        if t1 == i {
            return None;
        }
        Some(Raw {
            t0: i,
            t1,
            cands: vec![(idx, false)],
            demonym: None,
            unresolved: false,
            key: crate::key::name_key(abbr),
            after: None,
            before: None,
            container: None,
        })
    }

    /// True when two index lines name at least one common place.
    fn share_place(&self, a: usize, b: usize) -> bool {
        let (mut x, mut y) = (Vec::new(), Vec::new());
        self.ids_at(a, &mut x);
        self.ids_at(b, &mut y);
        x.iter().any(|(i, _)| y.iter().any(|(j, _)| i == j))
    }

    /// An unknown capitalised name with a settlement cue ("Foo village",
    /// "the village of Foo").
    fn unresolved_at(&self, doc: &Doc, i: usize) -> Option<Raw> {
        let mut t1 = i + 1;
        while t1 < doc.toks.len() && t1 < i + 4 && doc.cap(t1) && doc.joined(t1) {
            t1 += 1;
        }
        let mut key = String::new();
        for j in i..t1 {
            push_token(&mut key, doc.tok_str(j), j == i);
        }
        // Acronyms ("CRPF camp") are organisations, not villages.
        let acronym = t1 == i + 1 && all_caps(doc, i);
        if key.len() < 3 || self.lexicon.stop.contains(&key) || doc.tok_str(i).len() < 3 || acronym
        {
            return None;
        }
        let settlement =
            |e: CueEffect| matches!(e, CueEffect::Populated | CueEffect::Site | CueEffect::Area);
        let after = self.cue_after(doc, t1).filter(|c| settlement(c.0));
        let before = self
            .cue_before(doc, i)
            .filter(|c| c.0 == CueEffect::Populated);
        if after.is_none() && before.is_none() {
            return None;
        }
        Some(Raw {
            t0: i,
            t1,
            cands: Vec::new(),
            demonym: None,
            unresolved: true,
            key,
            after,
            before,
            container: None,
        })
    }

    fn attach_cues(&self, doc: &Doc, raws: &mut [Raw]) {
        for r in raws.iter_mut() {
            if r.demonym.is_some() {
                // A demonym in a feature name ("Indian Ocean", "Korean
                // Peninsula") names no country.
                let not_place = |c: Option<CueHit>| c.filter(|c| c.0 == CueEffect::NotPlace);
                r.after = not_place(self.cue_after(doc, r.t1));
                r.before = not_place(self.cue_before(doc, r.t0));
                continue;
            }
            if r.after.is_none() {
                r.after = self.cue_after(doc, r.t1);
            }
            if r.before.is_none() {
                r.before = self.cue_before(doc, r.t0);
            }
        }
    }

    /// "X, Y", "X in Y", "X of Y", "X (Y)": Y contains X when some candidate of
    /// X lies in some candidate of Y. "The Cauca town of Morales": a cue word
    /// shared by two names ("town" after X, "town of" before Y) belongs to Y,
    /// and X contains Y.
    fn attach_containers(&self, doc: &Doc, raws: &mut [Raw]) {
        for k in 0..raws.len() {
            let (Some(r), Some(s)) = (raws.get(k), raws.get(k + 1)) else {
                continue;
            };
            let shared = matches!(
                (r.after, s.before),
                (Some((CueEffect::Populated | CueEffect::Site, end, _)), Some((_, start, _)))
                    if start < end && start >= r.t1
            );
            if !shared || r.demonym.is_some() || s.demonym.is_some() {
                continue;
            }
            let fits = s
                .cands
                .iter()
                .any(|&(c, _)| r.cands.iter().any(|&(d, _)| self.within(c, d)));
            if fits || s.unresolved {
                if let Some(r) = raws.get_mut(k) {
                    r.after = None;
                }
                if let Some(s) = raws.get_mut(k + 1) {
                    s.container = Some(k);
                }
            }
        }
        for k in 0..raws.len() {
            let Some(r) = raws.get(k) else { continue };
            let Some(s) = raws.get(k + 1) else { continue };
            if r.demonym.is_some() || s.demonym.is_some() || s.unresolved || r.container.is_some() {
                continue;
            }
            let end = r.after.map_or(r.t1, |a| a.1);
            let start = s.before.map_or(s.t0, |b| b.1);
            if end > start || !doc.same_sentence(r.t0, s.t0) {
                continue;
            }
            let between: Vec<&str> = (end..start).map(|j| doc.tok_str(j)).collect();
            let linked = match between.as_slice() {
                [] => {
                    let g = if end == 0 {
                        ""
                    } else {
                        doc.gap(end - 1, start)
                    };
                    g.contains(',') || g.contains('(')
                }
                ["in"] | ["of"] | ["in", "the"] | ["of", "the"] | ["near"] => true,
                _ => false,
            };
            if !linked {
                continue;
            }
            let fits = r
                .cands
                .iter()
                .any(|&(c, _)| s.cands.iter().any(|&(d, _)| self.within(c, d)));
            if fits || r.unresolved {
                if let Some(r) = raws.get_mut(k) {
                    r.container = Some(k + 1);
                }
            }
        }
    }

    /// Score of candidate `c` of raw `r`, without the focus term.
    fn local_score(&self, raws: &[Raw], r: &Raw, c: u32, alt: bool) -> f64 {
        let Some(p) = self.get(c) else {
            return f64::MIN;
        };
        let mut s = prior(p);
        if alt {
            s -= 1.5;
        }
        let effect = r.after.map(|a| a.0).or(r.before.map(|b| b.0));
        let fit = cue_fit(effect, p);
        s += fit;
        // A cue typical of some countries ("Local Government Area" → NG).
        if let Some(cue) = self.cue_of(r) {
            if cue.countries.contains(&p.country) {
                s += 2.0;
            }
        }
        // An admin unit named like a town inside it: bare name → the town.
        // A town that has the name only as an alternate counts when it is
        // the unit's seat or its own name is a spelling of the same word
        // ("Dar‘ā" for "Daraa"), not when the name is a short form of a
        // longer one ("Santa Fe de Antioquia").
        if matches!(p.kind, PlaceKind::Admin1 | PlaceKind::Admin2) && fit <= 0.0 {
            let has_town = r.cands.iter().any(|&(d, d_alt)| {
                self.get(d).is_some_and(|q| {
                    q.kind == PlaceKind::Populated
                        && (!d_alt
                            || matches!(q.feature_code.as_str(), "PPLC" | "PPLA")
                            || same_word(&crate::key::name_key(&q.name), &r.key))
                        && (matches!(q.feature_code.as_str(), "PPLC" | "PPLA" | "PPLA2")
                            || q.population >= 5_000)
                        && q.admin1_code == p.admin1_code
                        && (p.kind == PlaceKind::Admin1
                            || self.admin2_code_of(d).is_none()
                            || self.admin2_code_of(d) == self.admin2_code_of(c))
                })
            });
            if has_town {
                s -= 2.0;
            }
        }
        if let Some(ci) = r.container {
            if let Some(cr) = raws.get(ci) {
                let mut bonus: f64 = 0.0;
                for &(d, _) in &cr.cands {
                    if self.within(c, d) {
                        let b = match self.get(d).map(|x| x.kind) {
                            Some(PlaceKind::Admin2) => 7.0,
                            Some(PlaceKind::Admin1) => 6.0,
                            Some(PlaceKind::Country) => 4.0,
                            _ => 3.0,
                        };
                        bonus = bonus.max(b);
                    }
                }
                s += bonus;
            }
        }
        // Being the container of the previous name.
        for prev in raws.iter().filter(|q| q.container.is_some()) {
            if let Some(ci) = prev.container {
                if raws.get(ci).is_some_and(|x| x.t0 == r.t0)
                    && prev.cands.iter().any(|&(pc, _)| self.within(pc, c))
                {
                    s += 2.0;
                }
            }
        }
        s
    }

    fn resolve(&self, doc: &Doc, raws: &[Raw], ctx: &GeoContext) -> Vec<PlaceMention> {
        // Pass 1: confident mentions and demonyms give the country focus.
        let mut focus: BTreeMap<String, f64> = BTreeMap::new();
        let mut focus_a1: BTreeMap<String, f64> = BTreeMap::new();
        // Countries whose only evidence is unanimous names: they steer the
        // choice but do not let minor places in.
        let mut soft: BTreeMap<String, f64> = BTreeMap::new();
        let mut locals: Vec<Vec<(u32, bool, f64)>> = Vec::with_capacity(raws.len());
        for r in raws {
            let mut sc: Vec<(u32, bool, f64)> = r
                .cands
                .iter()
                .map(|&(c, alt)| (c, alt, self.local_score(raws, r, c, alt)))
                .collect();
            sc.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            if let Some(cc) = &r.demonym {
                *focus.entry(cc.clone()).or_insert(0.0) += 1.0;
            } else if let Some(&(top, top_alt, ts)) = sc.first() {
                let tp = self.get(top);
                let top_cc = tp.map(|p| p.country.as_str()).unwrap_or("");
                let rival = sc
                    .iter()
                    .find(|(c, _, _)| self.get(*c).is_some_and(|p| p.country != top_cc))
                    .map(|x| x.2);
                let strong_kind = tp.is_some_and(|p| {
                    matches!(
                        p.kind,
                        PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Site
                    ) || (!top_alt && matches!(p.feature_code.as_str(), "PPLC" | "PPLA"))
                        || (!top_alt && p.population >= 100_000)
                });
                let supported = tp.is_some_and(|p| self.supported(raws, r, p));
                let clear = rival.is_none_or(|rs| ts - rs >= 2.0);
                let confident = (strong_kind || supported) && clear;
                let weak = self.lexicon.weak.contains(&r.key) || self.lexicon.stop.contains(&r.key);
                if confident && !weak && !r.unresolved {
                    *focus.entry(top_cc.to_string()).or_insert(0.0) += 1.0;
                    if let Some(a1) = tp.and_then(|p| p.admin1_code.as_ref()) {
                        *focus_a1.entry(a1.clone()).or_insert(0.0) += 1.0;
                    }
                } else if !weak && !r.unresolved && self.unanimous(&sc) {
                    // Every reading of the name lies in one country ("Clarke
                    // County" is only ever American): evidence for that
                    // country even when the unit itself stays ambiguous.
                    *focus.entry(top_cc.to_string()).or_insert(0.0) += 0.5;
                    *soft.entry(top_cc.to_string()).or_insert(0.0) += 0.5;
                }
            }
            locals.push(sc);
        }
        let region = self.region_votes(raws, &locals);
        let total: f64 = focus.values().sum();
        let share = |cc: &str| -> f64 {
            if total <= 0.0 {
                0.0
            } else {
                focus.get(cc).copied().unwrap_or(0.0) / total
            }
        };
        // A country the confident mentions point at (not only unanimous names).
        let hard = |cc: &str| -> bool {
            focus.get(cc).copied().unwrap_or(0.0) - soft.get(cc).copied().unwrap_or(0.0) > 0.0
        };
        let total_a1: f64 = focus_a1.values().sum();
        let share_a1 = |a1: Option<&String>| -> f64 {
            match a1 {
                Some(a) if total_a1 > 0.0 => focus_a1.get(a).copied().unwrap_or(0.0) / total_a1,
                _ => 0.0,
            }
        };
        let hint = ctx.country_hint.as_deref();
        let no_hard = hint.is_none() && !focus.keys().any(|cc| hard(cc));
        let sc_of = |k: usize| locals.get(k).map_or(&[][..], Vec::as_slice);

        // Pass 2: final choice.
        let mut chosen: Vec<Option<(u32, bool, f64, f64)>> = Vec::with_capacity(raws.len());
        for (r, sc) in raws.iter().zip(&locals) {
            if r.demonym.is_some() || r.unresolved {
                chosen.push(None);
                continue;
            }
            let mut best: Option<(u32, bool, f64)> = None;
            let mut second = f64::MIN;
            for &(c, alt, s) in sc {
                let Some(p) = self.get(c) else { continue };
                let mut s = s + 3.0 * share(&p.country) + 2.0 * share_a1(p.admin1_code.as_ref());
                // Other names of the document that can lie in the same
                // first-level unit ("Athens" with "Clarke County").
                s += COHERENCE * region.others(&r.key, p.admin1_code.as_deref());
                if hint == Some(p.country.as_str()) {
                    s += 2.0;
                }
                match best {
                    Some((bc, _, bs)) if s > bs || (s == bs && c < bc) => {
                        second = second.max(bs);
                        best = Some((c, alt, s));
                    }
                    Some(_) => second = second.max(s),
                    None => best = Some((c, alt, s)),
                }
            }
            chosen.push(best.map(|(c, alt, s)| (c, alt, s, second)));
        }

        let mut out = Vec::new();
        // The place each resolved raw was finally given.
        let mut kept: Vec<Option<u32>> = vec![None; raws.len()];
        for (k, r) in raws.iter().enumerate() {
            if let Some(cc) = &r.demonym {
                let Some(country) = self.country(cc) else {
                    continue;
                };
                out.push(self.mention(
                    doc,
                    r,
                    country.clone(),
                    GeoPrecision::Country,
                    true,
                    None,
                    0.9,
                ));
                continue;
            }
            if r.unresolved {
                continue;
            }
            let Some(Some((c, mut alt, s, second))) = chosen.get(k).copied() else {
                continue;
            };
            let Some(mut p) = self.get(c) else { continue };
            let mut final_idx = c;
            // A small town with no context falls back to the admin unit of
            // the same name that contains it (the district of a district seat).
            if p.kind == PlaceKind::Populated
                && p.population < 100_000
                && !matches!(p.feature_code.as_str(), "PPLC" | "PPLA")
                && !hard(&p.country)
                && hint != Some(p.country.as_str())
                && !self.supported(raws, r, p)
            {
                let unit = r.cands.iter().find(|&&(d, d_alt)| {
                    !d_alt
                        && self.get(d).is_some_and(|q| {
                            matches!(q.kind, PlaceKind::Admin1 | PlaceKind::Admin2)
                                && q.admin1_code == p.admin1_code
                        })
                });
                if let Some(&(d, d_alt)) = unit {
                    if let Some(q) = self.get(d) {
                        alt = d_alt;
                        p = q;
                        final_idx = d;
                    }
                }
            }
            // With no confident mention of any country, a name whose every
            // reading lies in one country ("in Zhob", "in Daraa": a town and
            // its district, or one sizeable town) is the best evidence of
            // where the report is.
            let in_focus = hard(&p.country)
                || (no_hard
                    && lone_place(doc, r)
                    && (self.unanimous(sc_of(k)) || self.one_country(&r.key, sc_of(k))))
                || hint == Some(p.country.as_str())
                || region.others(&r.key, p.admin1_code.as_deref()) >= 0.5;
            let supported = self.supported(raws, r, p) || self.is_container(raws, k);
            if self.lexicon.stop.contains(&r.key) && !supported {
                continue;
            }
            if self.lexicon.weak.contains(&r.key) && !supported && !in_focus {
                continue;
            }
            if self.lexicon.weak.contains(&r.key) && self.person_like(doc, r) {
                continue;
            }
            let single = r.t1 == r.t0 + 1;
            let minor =
                match p.kind {
                    PlaceKind::Populated => {
                        (p.population < 100_000
                            && !matches!(p.feature_code.as_str(), "PPLC" | "PPLA"))
                            || (alt && doc.sentence_start(r.t0))
                    }
                    // A district named bare, far from the document's countries,
                    // is more often a person or a word than the district.
                    PlaceKind::Admin2 => single,
                    _ => false,
                } || (alt && single && p.feature_code != "PPLC" && p.population < 1_000_000);
            if minor && !supported && !in_focus {
                continue;
            }
            if !supported
                && (minor || !in_focus)
                && p.kind != PlaceKind::Country
                && self.person_like(doc, r)
            {
                continue;
            }
            if !supported
                && !matches!(p.kind, PlaceKind::Country | PlaceKind::Admin1)
                && self.inside_name(doc, r)
            {
                continue;
            }
            let near = matches!(r.before, Some((CueEffect::Near, _, _)))
                || matches!(r.after, Some((CueEffect::Area, _, _)));
            let precision = match p.kind {
                PlaceKind::Country => GeoPrecision::Country,
                PlaceKind::Admin1 => GeoPrecision::Admin1,
                PlaceKind::Admin2 => GeoPrecision::Admin2,
                _ if near => GeoPrecision::NearPoint,
                _ => GeoPrecision::Point,
            };
            let margin = if second == f64::MIN { 4.0 } else { s - second };
            let score = (1.0 / (1.0 + (-margin).exp())) as f32;
            if let Some(slot) = kept.get_mut(k) {
                *slot = Some(final_idx);
            }
            out.push(self.mention(
                doc,
                r,
                p.clone(),
                precision,
                false,
                None,
                score.clamp(0.05, 0.99),
            ));
        }
        // Unknown names fall back to the nearest kept name of their sentence.
        for (k, r) in raws.iter().enumerate() {
            if !r.unresolved {
                continue;
            }
            {
                // Fall back to the nearest resolved name of the sentence.
                let Some(ci) = self.container_of_unresolved(doc, raws, &kept, k) else {
                    continue;
                };
                let Some(&Some(c)) = kept.get(ci) else {
                    continue;
                };
                let Some(p) = self.get(c) else { continue };
                let precision = match p.kind {
                    PlaceKind::Country => GeoPrecision::Country,
                    PlaceKind::Admin1 => GeoPrecision::Admin1,
                    PlaceKind::Admin2 => GeoPrecision::Admin2,
                    _ => GeoPrecision::NearPoint,
                };
                let name = doc
                    .toks
                    .get(r.t0)
                    .zip(doc.toks.get(r.t1.saturating_sub(1)))
                    .map(|(a, b)| a.span.cover(b.span).text(doc.text).to_string());
                out.push(self.mention(doc, r, p.clone(), precision, false, name, 0.5));
                continue;
            }
        }
        out.sort_by_key(|m| (m.span.start, m.span.end));
        out
    }

    /// Every candidate of the name that scores near the best one (at least
    /// two, or one admin unit or site) lies in the same country.
    fn unanimous(&self, sc: &[(u32, bool, f64)]) -> bool {
        let mut cc: Option<&str> = None;
        let mut unit = false;
        let top = sc.first().map_or(0.0, |x| x.2);
        let near: Vec<(u32, bool)> = sc
            .iter()
            .filter(|x| x.2 >= top - UNANIMOUS_GAP)
            .map(|x| (x.0, x.1))
            .collect();
        for &(c, alt) in &near {
            let Some(p) = self.get(c) else { return false };
            if alt {
                return false;
            }
            unit |= matches!(
                p.kind,
                PlaceKind::Admin1 | PlaceKind::Admin2 | PlaceKind::Site
            );
            match cc {
                Some(x) if x != p.country => return false,
                _ => cc = Some(p.country.as_str()),
            }
        }
        cc.is_some() && (near.len() >= 2 || unit)
    }

    /// Every reading of the name near the best one, alternate names included,
    /// lies in one country, and together they make a place worth naming: a
    /// town and the unit named after it, a first-level unit, or a town of at
    /// least [`LONE_TOWN_POP`] people or an admin seat. A reading by an
    /// alternate name counts only when that name spells the place's own
    /// ("Aybak" for "Aībak"); others are left out ("Francisco" for
    /// "Amancio"). Used only when
    /// the document names no country confidently.
    fn one_country(&self, key: &str, sc: &[(u32, bool, f64)]) -> bool {
        let top = sc.first().map_or(0.0, |x| x.2);
        let mut cc: Option<&str> = None;
        let mut n = 0;
        let mut town = false;
        let mut worth = false;
        for &(c, alt, s) in sc {
            if s < top - UNANIMOUS_GAP {
                continue;
            }
            let Some(p) = self.get(c) else { return false };
            if alt && (key.len() < 5 || !same_word(&crate::key::name_key(&p.name), key)) {
                continue;
            }
            match cc {
                Some(x) if x != p.country => return false,
                _ => cc = Some(p.country.as_str()),
            }
            n += 1;
            town |= p.kind == PlaceKind::Populated;
            worth |= p.kind == PlaceKind::Admin1
                || (p.kind == PlaceKind::Populated
                    && (p.population >= LONE_TOWN_POP
                        || matches!(p.feature_code.as_str(), "PPLC" | "PPLA" | "PPLA2")));
        }
        cc.is_some() && ((n >= 2 && town) || worth)
    }

    /// Soft votes of the document's names for first-level units: each
    /// distinct name spreads one vote over the admin1 units of its readings,
    /// in proportion to their local scores (softmax), so a name that is
    /// surely in one unit ("Rapides Parish") votes fully for it and a name
    /// with a dominant famous reading votes little for the alternatives.
    fn region_votes(&self, raws: &[Raw], locals: &[Vec<(u32, bool, f64)>]) -> RegionVotes {
        let mut rv = RegionVotes::default();
        for (r, sc) in raws.iter().zip(locals) {
            if r.demonym.is_some()
                || r.unresolved
                || sc.is_empty()
                || self.lexicon.weak.contains(&r.key)
                || self.lexicon.stop.contains(&r.key)
                || rv.by_name.contains_key(&r.key)
            {
                continue;
            }
            let top = sc.first().map_or(0.0, |x| x.2);
            let mut per: BTreeMap<String, f64> = BTreeMap::new();
            let mut z = 0.0;
            for &(c, _, s) in sc {
                let w = (s - top).max(-30.0).exp();
                z += w;
                if let Some(a1) = self.get(c).and_then(|p| p.admin1_code.clone()) {
                    *per.entry(a1).or_insert(0.0) += w;
                }
            }
            if z <= 0.0 {
                continue;
            }
            for v in per.values_mut() {
                *v /= z;
            }
            for (a1, v) in &per {
                *rv.votes.entry(a1.clone()).or_insert(0.0) += v;
            }
            rv.by_name.insert(r.key.clone(), per);
        }
        rv
    }

    /// The cue attached to a raw name, if any (after-cue first).
    fn cue_of(&self, r: &Raw) -> Option<&Cue> {
        let lx = &self.lexicon;
        r.after
            .and_then(|(_, _, k)| lx.after.get(k))
            .or_else(|| r.before.and_then(|(_, _, k)| lx.before.get(k)))
    }

    /// A cue that fits the place's kind, or an admin context, supports a name.
    fn supported(&self, raws: &[Raw], r: &Raw, p: &Place) -> bool {
        let _ = raws;
        let effect = r.after.map(|a| a.0).or(r.before.map(|b| b.0));
        let cue = match effect {
            Some(CueEffect::Near | CueEffect::Area) => true,
            Some(e) => cue_fit(Some(e), p) > 0.0,
            None => false,
        };
        // A cue typical of other countries ("Pale Township" is Myanmar's
        // usage) does not support a place elsewhere.
        let foreign = self
            .cue_of(r)
            .is_some_and(|c| !c.countries.is_empty() && !c.countries.contains(&p.country));
        let cue = cue && !foreign;
        cue || r.container.is_some()
    }

    /// Preceded by a capitalised word of the same name run that is not a
    /// sentence start or a stop word ("Universal Basic", "Kyi Pan").
    fn inside_name(&self, doc: &Doc, r: &Raw) -> bool {
        r.t0 > 0
            && doc.cap(r.t0 - 1)
            && doc.joined(r.t0)
            && !doc.sentence_start(r.t0 - 1)
            && !self.lexicon.stop.contains(doc.tok_str(r.t0 - 1))
    }

    /// True when raw k is the container of the raw before it.
    fn is_container(&self, raws: &[Raw], k: usize) -> bool {
        k > 0 && raws.get(k - 1).is_some_and(|r| r.container == Some(k))
    }

    /// A capitalised word right before or after the name that is not itself a
    /// place: the name is likely part of a person's or organisation's name.
    fn person_like(&self, doc: &Doc, r: &Raw) -> bool {
        let prev = r.t0 > 0
            && doc.cap(r.t0 - 1)
            && doc.joined(r.t0)
            && !doc.sentence_start(r.t0)
            && !self.lexicon.stop.contains(doc.tok_str(r.t0 - 1));
        let next = doc.cap(r.t1) && doc.joined(r.t1);
        prev || next
    }

    fn container_of_unresolved(
        &self,
        doc: &Doc,
        raws: &[Raw],
        kept: &[Option<u32>],
        k: usize,
    ) -> Option<usize> {
        let r = raws.get(k)?;
        let ok = |j: usize| {
            raws.get(j).is_some_and(|x| {
                !x.unresolved && x.demonym.is_none() && doc.same_sentence(x.t0, r.t0)
            }) && kept.get(j).is_some_and(|c| c.is_some())
        };
        if let Some(c) = r.container.filter(|&c| ok(c)) {
            return Some(c);
        }
        ((k + 1)..raws.len())
            .take(3)
            .find(|&j| ok(j) && raws.get(j).is_some_and(|x| x.t0 <= r.t1 + 10))
            .or_else(|| (0..k).rev().take(3).find(|&j| ok(j)))
    }

    #[allow(clippy::too_many_arguments)]
    fn mention(
        &self,
        doc: &Doc,
        r: &Raw,
        place: Place,
        precision: GeoPrecision,
        demonym: bool,
        unresolved_name: Option<String>,
        score: f32,
    ) -> PlaceMention {
        let tok_span = |i: usize| doc.toks.get(i).map(|t| t.span);
        let span = match (tok_span(r.t0), tok_span(r.t1.saturating_sub(1))) {
            (Some(a), Some(b)) => a.cover(b),
            (Some(a), None) => a,
            _ => Span::default(),
        };
        let mut phrase = span;
        if let Some((_, end, _)) = r.after {
            if let Some(b) = tok_span(end.saturating_sub(1)) {
                phrase = phrase.cover(b);
            }
        }
        if let Some((_, start, _)) = r.before {
            if let Some(a) = tok_span(start) {
                phrase = phrase.cover(a);
            }
        }
        PlaceMention {
            span,
            phrase,
            place,
            precision,
            demonym,
            unresolved_name,
            score,
        }
    }
}

/// The token is written in capitals only ("DRG", "SUV").
fn all_caps(doc: &Doc, i: usize) -> bool {
    doc.toks.get(i).is_some_and(|t| {
        let w = t.span.text(doc.text);
        w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
    })
}

/// Token `i` continues the previous one through a hyphen.
fn hyphen_joined(doc: &Doc, i: usize) -> bool {
    i > 0 && doc.joined(i) && doc.gap(i - 1, i).contains('-')
}

fn demonym_raw(t0: usize, t1: usize, cc: String, key: String) -> Raw {
    Raw {
        t0,
        t1,
        cands: Vec::new(),
        demonym: Some(cc),
        unresolved: false,
        key,
        after: None,
        before: None,
        container: None,
    }
}

/// [`best_cue`] over the cues listed in `order` (positions, ascending) when given:
/// the cues that can match at all, so the first hit is the same.
fn best_cue_in(
    cues: &[Cue],
    order: Option<&[usize]>,
    mut f: impl FnMut(&Cue) -> Option<usize>,
) -> Option<CueHit> {
    match order {
        Some(ix) => ix.iter().find_map(|&k| {
            let c = cues.get(k)?;
            f(c).map(|p| (c.effect, p, k))
        }),
        None => best_cue(cues, f),
    }
}

fn best_cue(cues: &[Cue], mut f: impl FnMut(&Cue) -> Option<usize>) -> Option<CueHit> {
    cues.iter()
        .enumerate()
        .find_map(|(k, c)| f(c).map(|p| (c.effect, p, k)))
}

/// A name that may stand for a place on its own readings: written with a
/// capital at its end, not opening its sentence (where common words are
/// capitalised too), right after a preposition of place ("in Zhob").
fn lone_place(doc: &Doc, r: &Raw) -> bool {
    const PREPOSITIONS: [&str; 11] = [
        "in", "near", "at", "outside", "around", "of", "from", "to", "into", "across", "towards",
    ];
    r.t0 > 0
        && doc.cap(r.t1.saturating_sub(1))
        && !doc.sentence_start(r.t0)
        && doc.same_sentence(r.t0 - 1, r.t0)
        && PREPOSITIONS.contains(&doc.tok_str(r.t0 - 1))
}

/// Two name keys that spell one word: the same consonants in the same order,
/// doubled ones counted once ("izaz" / "azaz", "dara" / "daraa", "dese" /
/// "dessie"), as against a short form of a longer name ("antioquia" /
/// "santafedeantioquia").
fn same_word(a: &str, b: &str) -> bool {
    let skeleton = |s: &str| {
        let mut v: Vec<u8> = s
            .bytes()
            .filter(|c| !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
            .collect();
        v.dedup();
        v
    };
    skeleton(a) == skeleton(b)
}

/// Candidates within this much of the best score count for unanimity.
const UNANIMOUS_GAP: f64 = 3.0;

/// A town alone under its name, in a document that names no country, is
/// kept from this population up (below it, too many are also words or names).
const LONE_TOWN_POP: u64 = 20_000;

/// Weight of the region-coherence term (per vote of the other names, at most 1).
const COHERENCE: f64 = 2.5;

/// Admin1 votes of a document's names (see `Gazetteer::region_votes`).
#[derive(Debug, Default)]
struct RegionVotes {
    votes: BTreeMap<String, f64>,
    /// Name key → its own votes per admin1.
    by_name: BTreeMap<String, BTreeMap<String, f64>>,
}

impl RegionVotes {
    /// Votes of the other names for `a1`, at most 1.
    fn others(&self, key: &str, a1: Option<&str>) -> f64 {
        let Some(a1) = a1 else { return 0.0 };
        let all = self.votes.get(a1).copied().unwrap_or(0.0);
        let own = self
            .by_name
            .get(key)
            .and_then(|m| m.get(a1))
            .copied()
            .unwrap_or(0.0);
        (all - own).clamp(0.0, 1.0)
    }
}

/// A cue found next to a name: its effect, the token where the cue phrase
/// ends (after-cue) or starts (before-cue), and its index in the lexicon list.
type CueHit = (CueEffect, usize, usize);
