/*!
Lexicons that steer toponym recognition, kept as analyst-editable data:

* `data/lexicons/place-cues.tsv` — `phrase<TAB>class<TAB>value[<TAB>countries]`
  lines (the optional 4th column lists ISO2 codes where a cue is typical:
  "Local Government Area" → NG):
  - `after` cues follow a name ("X province" → `admin1`, "X district" → `admin2`,
    "X village" → `populated`, "X Olympics" → `not_place`);
  - `before` cues precede it ("the village of X" → `populated`, "near X",
    "north of X" → `near`);
  - `stop` names that are common words and never a place without a cue
    ("Police", "March");
  - `weak` names that are a place only with a cue, an admin context
    ("X, Y") or when their country is already the document's focus
    ("Jordan", "Chad", "Georgia");
  - `title` words that make the next capitalised name a person ("Mr", "President");
  - `abbrev` written abbreviations of admin units (`Va.` → `US.VA`), taken
    only right after "Name, " (so "Va." is never read alone).
* `data/lexicons/demonyms.tsv` — `demonym<TAB>ISO2` ("Afghan → AF"); a plural
  with a final `s` is recognised too.
* `data/lexicons/place-words.tsv` — `word<TAB>class` lines: single words that
  decide how the words around a name are read ([`PlaceWords`]: articles that
  open a name, "in"/"of" linking a name to its container, prepositions of
  place).

[`Lexicon`] keeps its sets in std maps (its public interface); the gazetteer
copies the stop, weak and title words and the demonyms once, at load, into a
`WordSets` under the fast Fx hash for the matcher's per-token look-ups, each
set behind a bit set of its words' two-byte prefixes (`Heads`) that turns most
words away before any hashing; the short word sets of `place-words.tsv` go
there too, each behind the length of its longest word (`ShortWords`).
*/

use crate::error::GeoError;
use crate::key::name_key;
use rustc_hash::FxHashMap;
use sitrep_data::{Data, Embedded};
use sitrep_text::fold_str;
use sitrep_text::WordSet;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The lexicon files compiled into the binary, named as in `data/lexicons/`.
pub(crate) const EMBEDDED: Embedded = &[
    (
        "place-cues.tsv",
        include_str!("../../../data/lexicons/place-cues.tsv"),
    ),
    (
        "demonyms.tsv",
        include_str!("../../../data/lexicons/demonyms.tsv"),
    ),
    (
        "place-words.tsv",
        include_str!("../../../data/lexicons/place-words.tsv"),
    ),
];

/// What a cue says about the name next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueEffect {
    /// A first-level unit (province, state, region, governorate).
    Admin1,
    /// A second-level unit (district, county, territory, LGA).
    Admin2,
    /// A populated place (village, town, city).
    Populated,
    /// A site (camp, neighbourhood, airport, crossing).
    Site,
    /// Somewhere near the place (near, outside, north of).
    Near,
    /// An area around the place ("X area"): no kind preference.
    Area,
    /// Not a place at all ("X Olympics", "X Accord").
    NotPlace,
}

impl CueEffect {
    fn parse(s: &str) -> Option<CueEffect> {
        match s {
            "admin1" => Some(CueEffect::Admin1),
            "admin2" => Some(CueEffect::Admin2),
            "populated" => Some(CueEffect::Populated),
            "site" => Some(CueEffect::Site),
            "near" => Some(CueEffect::Near),
            "area" => Some(CueEffect::Area),
            "not_place" => Some(CueEffect::NotPlace),
            _ => None,
        }
    }
}

/// A cue phrase as folded word tokens.
#[derive(Debug, Clone)]
pub struct Cue {
    pub tokens: Vec<String>,
    pub effect: CueEffect,
    /// Countries where the cue is typical (a 4th column, `NG,GH`); a
    /// candidate in one of them is preferred.
    pub countries: Vec<String>,
}

/// The loaded lexicons.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Cues after a name, longest first.
    pub after: Vec<Cue>,
    /// Cues before a name, longest first.
    pub before: Vec<Cue>,
    /// Name keys that are never a place without a cue.
    pub stop: HashSet<String>,
    /// Name keys that need context.
    pub weak: HashSet<String>,
    /// Names that are places only with their country in focus, whatever cue
    /// stands with them (compass names: "the North-eastern region" of a report
    /// elsewhere is no governorate of Oman).
    pub focus_only: HashSet<String>,
    /// Folded words that make the following name a person's.
    pub title: HashSet<String>,
    /// Folded words of a side that may stand before a container ("X in
    /// northern Y").
    pub side: HashSet<String>,
    /// Demonym key → ISO2.
    pub demonyms: HashMap<String, String>,
    /// Written abbreviations of admin units, recognised only after "Name, "
    /// ("Alexandria, Va.", "Washington, D.C."): (abbreviation as written,
    /// GeoNames admin code), longest first.
    pub abbrevs: Vec<(String, String)>,
    /// The single words of `place-words.tsv`.
    pub place_words: PlaceWords,
}

/// The single words (folded) that decide how the words around a name are
/// read, by their class in `place-words.tsv`.
#[derive(Debug, Clone, Default)]
pub struct PlaceWords {
    /// Lower-case articles that open a name when a hyphen joins them to a
    /// capitalised word ("al-Mawasi").
    pub name_article: HashSet<String>,
    /// Capitalised words that start no name before another capitalised word
    /// joined to them ("A U.S. drone strike").
    pub no_name_start: HashSet<String>,
    /// The one word between two names that makes the second the first's
    /// container ("X in Y").
    pub link: HashSet<String>,
    /// The first of two such words, when the second is a `link_article` or a
    /// side word ("X in the Y", "X in northern Y").
    pub link_first: HashSet<String>,
    /// The second of two linking words ("X in the Y").
    pub link_article: HashSet<String>,
    /// Prepositions of place before a name that may stand alone ("in Zhob").
    pub place_preposition: HashSet<String>,
    /// Lower-case particles inside a person's name ("Billy dela Rosa", "Juan
    /// de la Cruz"): after a title, the name runs on across them.
    pub name_particle: HashSet<String>,
}

impl PlaceWords {
    /// The set of a class name of `place-words.tsv`.
    fn class_mut(&mut self, class: &str) -> Option<&mut HashSet<String>> {
        match class {
            "name_article" => Some(&mut self.name_article),
            "no_name_start" => Some(&mut self.no_name_start),
            "link" => Some(&mut self.link),
            "link_first" => Some(&mut self.link_first),
            "link_article" => Some(&mut self.link_article),
            "place_preposition" => Some(&mut self.place_preposition),
            "name_particle" => Some(&mut self.name_particle),
            _ => None,
        }
    }
}

fn cue_tokens(phrase: &str) -> Vec<String> {
    let f = fold_str(phrase);
    let mut t = Vec::new();
    crate::key::tokens(&f, &mut t);
    t.iter()
        .filter_map(|&(s, e)| f.get(s..e).map(str::to_string))
        .collect()
}

impl Lexicon {
    /// The lexicons compiled into the binary.
    pub fn embedded() -> Result<Lexicon, GeoError> {
        Lexicon::load(&Data::embedded(EMBEDDED))
    }

    /// Read `place-cues.tsv`, `demonyms.tsv` and `place-words.tsv` from a
    /// directory.
    pub fn load_dir(dir: &Path) -> Result<Lexicon, GeoError> {
        Lexicon::load(&Data::dir(dir))
    }

    /// Read `place-cues.tsv`, `demonyms.tsv` and `place-words.tsv` from a
    /// knowledge source (embedded or a directory: the same reader).
    pub fn load(data: &Data) -> Result<Lexicon, GeoError> {
        Lexicon::parse(
            &data.text("place-cues.tsv")?,
            &data.text("demonyms.tsv")?,
            &data.text("place-words.tsv")?,
        )
    }

    /// Parse the three files' contents.
    pub fn parse(cues: &str, demonyms: &str, words: &str) -> Result<Lexicon, GeoError> {
        let mut lx = Lexicon::default();
        for row in sitrep_data::rows("place-cues.tsv", cues) {
            let c = &row.fields;
            let phrase = c.first().copied().unwrap_or("");
            let class = c.get(1).copied().unwrap_or("");
            let value = c.get(2).copied().unwrap_or("");
            let bad = |m: String| GeoError::from(row.error(m));
            match class {
                "after" | "before" => {
                    let effect = CueEffect::parse(value)
                        .ok_or_else(|| bad(format!("bad effect {value:?}")))?;
                    let tokens = cue_tokens(phrase);
                    if tokens.is_empty() {
                        return Err(bad("empty cue".into()));
                    }
                    let countries = c
                        .get(3)
                        .map(|v| {
                            v.split(',')
                                .map(|x| x.trim().to_string())
                                .filter(|x| x.len() == 2)
                                .collect()
                        })
                        .unwrap_or_default();
                    let cue = Cue {
                        tokens,
                        effect,
                        countries,
                    };
                    if class == "after" {
                        lx.after.push(cue);
                    } else {
                        lx.before.push(cue);
                    }
                }
                "stop" => {
                    lx.stop.insert(name_key(phrase));
                }
                "weak" => {
                    lx.weak.insert(name_key(phrase));
                }
                "focus" => {
                    lx.focus_only.insert(name_key(phrase));
                }
                "abbrev" => {
                    if phrase.is_empty() || value.is_empty() {
                        return Err(bad("abbrev needs a phrase and an admin code".into()));
                    }
                    lx.abbrevs.push((phrase.to_string(), value.to_string()));
                }
                "side" => {
                    lx.side.insert(fold_str(phrase));
                }
                "title" => {
                    lx.title
                        .insert(fold_str(phrase).trim_end_matches('.').to_string());
                }
                other => return Err(bad(format!("bad class {other:?}"))),
            }
        }
        lx.abbrevs.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
        lx.after.sort_by_key(|c| std::cmp::Reverse(c.tokens.len()));
        lx.before.sort_by_key(|c| std::cmp::Reverse(c.tokens.len()));
        for row in sitrep_data::rows("demonyms.tsv", demonyms) {
            let c = &row.fields;
            match (c.first(), c.get(1)) {
                (Some(d), Some(cc)) if cc.len() == 2 && !d.is_empty() => {
                    lx.demonyms.insert(name_key(d), cc.to_string());
                }
                _ => return Err(row.error("expected demonym<TAB>ISO2").into()),
            }
        }
        lx.place_words = parse_place_words(words)?;
        Ok(lx)
    }

    /// The ISO2 code of a demonym key (plural `s` allowed).
    pub fn demonym(&self, key: &str) -> Option<&str> {
        if let Some(c) = self.demonyms.get(key) {
            return Some(c);
        }
        key.strip_suffix('s')
            .and_then(|k| self.demonyms.get(k))
            .map(String::as_str)
    }
}

/// Parse `place-words.tsv`: `word<TAB>class`, each word one word token,
/// kept folded.
fn parse_place_words(text: &str) -> Result<PlaceWords, GeoError> {
    let mut pw = PlaceWords::default();
    for row in sitrep_data::rows("place-words.tsv", text) {
        let c = &row.fields;
        let (Some(word), Some(class), None) = (c.first(), c.get(1), c.get(2)) else {
            return Err(row.error("expected word<TAB>class").into());
        };
        let folded = fold_str(word);
        if cue_tokens(word) != [folded.as_str()] {
            return Err(row.error(format!("{word:?} is not one word")).into());
        }
        let set = pw
            .class_mut(class)
            .ok_or_else(|| row.error(format!("bad class {class:?}")))?;
        set.insert(folded);
    }
    Ok(pw)
}

/// The lexicon's word sets again as [`WordSet`]s, and its demonyms under the
/// fast (Fx) hash, for the look-ups the matcher makes at nearly every
/// capitalised token: built once when the gazetteer loads ([`Lexicon`] keeps
/// its public std maps). Each set has a [`Heads`] filter in front of it, so
/// most words are turned away before the set's own.
#[derive(Debug, Default)]
pub(crate) struct WordSets {
    stop: WordSet,
    weak: WordSet,
    focus_only: WordSet,
    title: WordSet,
    demonyms: FxHashMap<Box<str>, Box<str>>,
    stop_heads: Heads,
    weak_heads: Heads,
    title_heads: Heads,
    /// The heads of the demonym keys and of their plurals (key + `s`).
    demonym_heads: Heads,
    /// The classes of [`PlaceWords`].
    pub(crate) name_article: ShortWords,
    pub(crate) no_name_start: ShortWords,
    pub(crate) link: ShortWords,
    pub(crate) link_first: ShortWords,
    pub(crate) link_article: ShortWords,
    pub(crate) place_preposition: ShortWords,
    pub(crate) name_particle: ShortWords,
}

/// A small set of short words ([`WordSet`]), behind the length of its
/// longest word: a longer word (most, for sets of articles and prepositions)
/// is turned away at once.
#[derive(Debug, Default)]
pub(crate) struct ShortWords {
    set: WordSet,
    max_len: usize,
}

impl ShortWords {
    fn new(words: &HashSet<String>) -> ShortWords {
        ShortWords {
            set: words.iter().map(String::as_str).collect(),
            max_len: words.iter().map(String::len).max().unwrap_or(0),
        }
    }

    /// The set holds `word`.
    pub(crate) fn contains(&self, word: &str) -> bool {
        word.len() <= self.max_len && self.set.contains(word)
    }
}

/// One bit per two-byte prefix `256 * a + b` of the words of a set (1,024
/// words): a word of two bytes or more whose prefix has no bit is not in the
/// set. Shorter words always pass (they are left to the set itself), and so
/// does every word when the filter is empty (`Default`).
#[derive(Debug, Default)]
pub(crate) struct Heads(Vec<u64>);

/// The word and bit of a two-byte prefix in a [`Heads`].
fn head_bit(key: &[u8]) -> Option<(usize, u64)> {
    match *key {
        [a, b, ..] => {
            let p = 256 * a as usize + b as usize;
            Some((p / 64, 1u64 << (p % 64)))
        }
        _ => None,
    }
}

impl Heads {
    pub(crate) fn new<'a>(words: impl Iterator<Item = &'a [u8]>) -> Heads {
        let mut bits = vec![0u64; 1024];
        for w in words {
            if let Some((slot, bit)) =
                head_bit(w).and_then(|(i, bit)| Some((bits.get_mut(i)?, bit)))
            {
                *slot |= bit;
            }
        }
        Heads(bits)
    }

    /// False only when `word` cannot be in the set.
    pub(crate) fn may_hold(&self, word: &str) -> bool {
        match head_bit(word.as_bytes()) {
            None => true,
            Some((i, bit)) => self.0.get(i).is_none_or(|x| x & bit != 0),
        }
    }
}

impl WordSets {
    pub(crate) fn new(lx: &Lexicon) -> WordSets {
        let set = |s: &HashSet<String>| -> WordSet { s.iter().map(String::as_str).collect() };
        let heads = |s: &HashSet<String>| Heads::new(s.iter().map(|w| w.as_bytes()));
        // A demonym of one letter has a plural of two with its own head.
        let plurals: Vec<String> = lx.demonyms.keys().map(|k| format!("{k}s")).collect();
        let demonym_heads = Heads::new(
            lx.demonyms
                .keys()
                .map(|k| k.as_bytes())
                .chain(plurals.iter().map(|k| k.as_bytes())),
        );
        let pw = &lx.place_words;
        WordSets {
            name_article: ShortWords::new(&pw.name_article),
            no_name_start: ShortWords::new(&pw.no_name_start),
            link: ShortWords::new(&pw.link),
            link_first: ShortWords::new(&pw.link_first),
            link_article: ShortWords::new(&pw.link_article),
            place_preposition: ShortWords::new(&pw.place_preposition),
            name_particle: ShortWords::new(&pw.name_particle),
            stop_heads: heads(&lx.stop),
            weak_heads: heads(&lx.weak),
            title_heads: heads(&lx.title),
            demonym_heads,
            stop: set(&lx.stop),
            weak: set(&lx.weak),
            focus_only: set(&lx.focus_only),
            title: set(&lx.title),
            demonyms: lx
                .demonyms
                .iter()
                .map(|(k, v)| (Box::from(k.as_str()), Box::from(v.as_str())))
                .collect(),
        }
    }

    /// [`Lexicon::stop`] contains `key`.
    pub(crate) fn stop(&self, key: &str) -> bool {
        self.stop_heads.may_hold(key) && self.stop.contains(key)
    }

    /// [`Lexicon::weak`] contains `key`.
    pub(crate) fn weak(&self, key: &str) -> bool {
        self.weak_heads.may_hold(key) && self.weak.contains(key)
    }

    /// [`Lexicon::focus_only`] contains `key` (a small set: no head filter).
    pub(crate) fn focus_only(&self, key: &str) -> bool {
        !self.focus_only.is_empty() && self.focus_only.contains(key)
    }

    /// [`Lexicon::title`] contains `word`.
    pub(crate) fn title(&self, word: &str) -> bool {
        self.title_heads.may_hold(word) && self.title.contains(word)
    }

    /// False when `key` is no demonym nor the plural of one, and neither is
    /// any longer key with the same first two bytes (see [`Heads`]); true
    /// when it may be.
    pub(crate) fn may_be_demonym(&self, key: &str) -> bool {
        self.demonym_heads.may_hold(key)
    }

    /// [`Lexicon::demonym`].
    pub(crate) fn demonym(&self, key: &str) -> Option<&str> {
        if !self.may_be_demonym(key) {
            return None;
        }
        if let Some(c) = self.demonyms.get(key) {
            return Some(c);
        }
        key.strip_suffix('s')
            .and_then(|k| self.demonyms.get(k))
            .map(|c| &**c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_row_names_file_and_line() {
        let e = Lexicon::parse("province\tafter\tadmin1\n# c\nx\tafter\tnowhere\n", "", "")
            .unwrap_err();
        assert!(e.to_string().starts_with("place-cues.tsv:3: "), "{e}");
        let e = Lexicon::parse("", "Afghan\tAF\nSomali\n", "").unwrap_err();
        assert!(e.to_string().starts_with("demonyms.tsv:2: "), "{e}");
        for (words, line) in [
            ("in\tlink\n# c\nof\tnowhere\n", 3),
            ("in\tlink\nin the\tlink\n", 2),
            ("al-\tname_article\n", 1),
            ("in\n", 1),
            ("in\tlink\tx\n", 1),
        ] {
            let e = Lexicon::parse("", "", words).unwrap_err();
            let want = format!("place-words.tsv:{line}: ");
            assert!(e.to_string().starts_with(&want), "{words:?}: {e}");
        }
    }

    #[test]
    fn place_words_are_folded_into_their_classes() {
        let lx = Lexicon::parse(
            "",
            "",
            "Al\tname_article\nin\tlink\nin\tplace_preposition\n",
        )
        .unwrap();
        let pw = &lx.place_words;
        assert!(pw.name_article.contains("al"), "{pw:?}");
        assert!(pw.link.contains("in") && pw.place_preposition.contains("in"));
        assert!(pw.link_first.is_empty() && pw.no_name_start.is_empty());
        let ws = WordSets::new(&lx);
        assert!(ws.name_article.contains("al") && !ws.name_article.contains("el"));
        assert!(!ws.link.contains("into") && !ws.link.contains("i"));
        assert!(!ws.link_article.contains(""));
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let e = Lexicon::load_dir(Path::new("/nonexistent/lexicons")).unwrap_err();
        assert!(
            matches!(&e, GeoError::Data(sitrep_data::DataError::Missing { file }) if file.ends_with("place-cues.tsv")),
            "{e}"
        );
    }
}
