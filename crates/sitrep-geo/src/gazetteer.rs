/*!
The loaded gazetteer: places, the sorted name-key index, and look-ups.

`places.tsv` is parsed into [`Place`]s (record index = data line number),
lazily, each record the first time it is looked at (the candidates of a name
lie far apart in the file: parsing its neighbours too mostly parses records
nobody asks for; the slots of 8 records are made at once, so that start-up
makes one slot per 8), each kept with what toponym resolution
reads of every candidate: its prior as a reading of a name, and, so as not to
compare strings, the record indices of its country and admin1 rows and where
its admin2 code lies in the file text (`Record`).
`names.tsv` (sorted `key<TAB>idx,idx…`) is not parsed at all: a look-up is a
binary search over the key column of the file text itself.
Where each record and each index line starts, each record's country and admin
rows, the code tables and the search helpers of the index make the prepared
image (`prep`): for the embedded files ([`Gazetteer::embedded`]) the build
script makes it and the binary reads it in place, so start-up parses nothing;
for files read from a directory at run time ([`Gazetteer::load_dir`]) the same
code makes it on loading.
*/

use crate::error::GeoError;
use crate::key::name_key;
use crate::lexicon::{Heads, Lexicon, WordSets, EMBEDDED as LEXICON_FILES};
use crate::prep::{self, field, fields, head, Kind, Layout};
use rustc_hash::FxHashMap;
use sitrep_core::{Place, PlaceKind};
use sitrep_data::{Data, Embedded};
use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// The gazetteer files compiled into the binary, named as in `data/gazetteer/`.
const EMBEDDED: Embedded = &[
    (
        "places.tsv",
        include_str!("../../../data/gazetteer/places.tsv"),
    ),
    (
        "names.tsv",
        include_str!("../../../data/gazetteer/names.tsv"),
    ),
];

/// The prepared image of the embedded files (see `prep`), made by `build.rs`.
static EMBEDDED_IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.img"));

/// Record slots per lazily made chunk.
const CHUNK: usize = 8;

/// The gazetteer: places plus a name index, plus the lexicons of place cues and
/// demonyms used by [`Gazetteer::find_places`].
///
/// Loading only finds line starts and reads the country and admin rows; a
/// populated place is parsed into a [`Place`] the first time it is looked at
/// (its slot in a chunk of 8 made then), so start-up is fast and memory grows
/// with use.
#[derive(Debug)]
pub struct Gazetteer {
    text: Cow<'static, str>,
    chunks: Vec<OnceLock<Box<[OnceLock<Record>]>>>,
    names: Cow<'static, str>,
    /// The prepared image of `text` and `names` (see `prep`): line offsets of
    /// records and index lines, each record's country/admin rows, the code
    /// tables, and the index's search helpers: for each two-byte prefix the
    /// first index line at or above it (narrowing every binary search; absent
    /// when the index is not sorted, results never depend on it) and the
    /// first 8 bytes of each key (most search steps compare these without
    /// touching the key text).
    image: Cow<'static, [u8]>,
    /// Where each section of `image` lies.
    layout: Layout,
    pub(crate) lexicon: Lexicon,
    /// The lexicon's cues indexed by the word that must match first.
    pub(crate) cue_index: CueIndex,
    /// The lexicon's word sets and demonyms under a fast hash.
    pub(crate) words: WordSets,
    /// This gazetteer's id in the per-thread probe cache.
    id: u64,
}

/// Cue positions (in list order) by the token a match must contain: the first
/// token of an `after` cue, the last of a `before` cue. `None` when some cue has
/// no token (it could match anywhere: the whole list is then scanned). Each map
/// has a [`Heads`] filter of its keys, so most tokens are turned away unhashed.
#[derive(Debug, Default)]
pub(crate) struct CueIndex {
    pub(crate) after_first: Option<FxHashMap<String, Vec<usize>>>,
    pub(crate) before_last: Option<FxHashMap<String, Vec<usize>>>,
    after_heads: Heads,
    before_heads: Heads,
}

impl CueIndex {
    /// The positions of the `after` cues whose first token is `tok` (`None`
    /// when the whole list must be scanned).
    pub(crate) fn after(&self, tok: &str) -> Option<&[usize]> {
        self.after_first
            .as_ref()
            .map(|m| Self::positions(m, &self.after_heads, tok))
    }

    /// The positions of the `before` cues whose last token is `tok` (none
    /// without a token; `None` when the whole list must be scanned).
    pub(crate) fn before(&self, tok: Option<&str>) -> Option<&[usize]> {
        self.before_last.as_ref().map(|m| match tok {
            Some(t) => Self::positions(m, &self.before_heads, t),
            None => &[][..],
        })
    }

    fn positions<'a>(
        m: &'a FxHashMap<String, Vec<usize>>,
        heads: &Heads,
        tok: &str,
    ) -> &'a [usize] {
        if !heads.may_hold(tok) {
            return &[];
        }
        m.get(tok).map_or(&[][..], Vec::as_slice)
    }

    fn new(lexicon: &Lexicon) -> CueIndex {
        let index = |cues: &[crate::lexicon::Cue], last: bool| {
            let mut m: FxHashMap<String, Vec<usize>> = FxHashMap::default();
            for (k, c) in cues.iter().enumerate() {
                let w = if last {
                    c.tokens.last()
                } else {
                    c.tokens.first()
                };
                m.entry(w?.clone()).or_default().push(k);
            }
            Some(m)
        };
        let after_first = index(&lexicon.after, false);
        let before_last = index(&lexicon.before, true);
        let heads = |m: &Option<FxHashMap<String, Vec<usize>>>| {
            m.as_ref()
                .map(|m| Heads::new(m.keys().map(|k| k.as_bytes())))
                .unwrap_or_default()
        };
        CueIndex {
            after_heads: heads(&after_first),
            before_heads: heads(&before_last),
            after_first,
            before_last,
        }
    }
}

/// No such record.
pub(crate) const NO_ROW: u32 = u32::MAX;

/// A parsed record: the [`Place`], plus what toponym resolution compares
/// without reading strings: the record indices of the place's country and
/// admin1 rows (equal rows are equal codes) and where its admin2 code lies in
/// the places text.
#[derive(Debug)]
pub(crate) struct Record {
    /// Shared with every mention of the place (no strings copied per mention).
    pub(crate) place: Arc<Place>,
    /// Record index of the country row of `place.country`, [`NO_ROW`] when
    /// the gazetteer has none.
    pub(crate) country_row: u32,
    /// Record index of the admin1 row of `place.admin1_code`, [`NO_ROW`] when
    /// there is no code or no such row.
    pub(crate) admin1_row: u32,
    /// Byte range of the admin2 code in the places text (empty when none).
    admin2: (u32, u32),
    /// The place's prior as a reading of a name (by kind, feature code and
    /// population; see `prior`).
    pub(crate) prior: f64,
}

fn kind_of(s: &str) -> Option<PlaceKind> {
    Kind::parse(s).map(|k| match k {
        Kind::Country => PlaceKind::Country,
        Kind::Admin1 => PlaceKind::Admin1,
        Kind::Admin2 => PlaceKind::Admin2,
        Kind::Populated => PlaceKind::Populated,
        Kind::Site => PlaceKind::Site,
    })
}

impl Gazetteer {
    /// The gazetteer and lexicons compiled into the binary.
    ///
    /// Its indices are read in place from the image `build.rs` prepared.
    pub fn embedded() -> Result<Gazetteer, GeoError> {
        let files = Data::embedded(EMBEDDED);
        Gazetteer::from_image(
            files.text("places.tsv")?,
            files.text("names.tsv")?,
            Cow::Borrowed(EMBEDDED_IMAGE),
            Lexicon::load(&Data::embedded(LEXICON_FILES))?,
        )
    }

    /// A process-wide embedded gazetteer, loaded on first use. `None` only if
    /// the embedded data is malformed (a build error, caught by the tests).
    pub fn shared() -> Option<&'static Gazetteer> {
        static SHARED: OnceLock<Option<Gazetteer>> = OnceLock::new();
        SHARED.get_or_init(|| Gazetteer::embedded().ok()).as_ref()
    }

    /// Read `places.tsv` and `names.tsv` from `gazetteer_dir`, and the lexicons
    /// (`place-cues.tsv`, `demonyms.tsv`, `place-words.tsv`) from `lexicon_dir`.
    pub fn load_dir(gazetteer_dir: &Path, lexicon_dir: &Path) -> Result<Gazetteer, GeoError> {
        Gazetteer::load(&Data::dir(gazetteer_dir), &Data::dir(lexicon_dir))
    }

    /// Read `places.tsv` and `names.tsv` from one knowledge source and the
    /// lexicons from another (embedded or directories: the same reader; the
    /// embedded files are borrowed, not copied).
    pub fn load(gazetteer: &Data, lexicons: &Data) -> Result<Gazetteer, GeoError> {
        Gazetteer::from_parts(
            gazetteer.text("places.tsv")?,
            gazetteer.text("names.tsv")?,
            Lexicon::load(lexicons)?,
        )
    }

    /// A gazetteer of `text` and `names`, its image prepared now.
    fn from_parts(
        text: Cow<'static, str>,
        names: Cow<'static, str>,
        lexicon: Lexicon,
    ) -> Result<Gazetteer, GeoError> {
        let image =
            prep::build(&text, &names).map_err(|e| GeoError::format(e.file, e.line, e.msg))?;
        Gazetteer::from_image(text, names, Cow::Owned(image), lexicon)
    }

    /// A gazetteer of `text` and `names` with their prepared image (see
    /// `prep`); nothing is parsed.
    fn from_image(
        text: Cow<'static, str>,
        names: Cow<'static, str>,
        image: Cow<'static, [u8]>,
        lexicon: Lexicon,
    ) -> Result<Gazetteer, GeoError> {
        let layout = Layout::read(&image)
            .ok_or_else(|| GeoError::format("gazetteer.img", 0, "not a prepared image"))?;
        let chunks = (0..layout.records.div_ceil(CHUNK))
            .map(|_| OnceLock::new())
            .collect();
        Ok(Gazetteer {
            text,
            chunks,
            names,
            image,
            layout,
            cue_index: CueIndex::new(&lexicon),
            words: WordSets::new(&lexicon),
            id: next_gazetteer_id(),
            lexicon,
        })
    }

    /// The `u32` at word `i` of the image section starting at byte `section`.
    fn word(&self, section: usize, i: usize) -> Option<u32> {
        prep::u32_at(&self.image, section.checked_add(i.checked_mul(4)?)?)
    }

    /// The country, admin1 and admin2 rows of record `idx` ([`NO_ROW`] each
    /// when none).
    fn rows(&self, idx: usize) -> [u32; 3] {
        let at = |k: usize| self.word(self.layout.rows, 3 * idx + k).unwrap_or(NO_ROW);
        [at(0), at(1), at(2)]
    }

    /// The row of a code in code table `table` (0 country, 1 admin1, 2
    /// admin2): a binary search over the table, sorted by code.
    fn code_row(&self, table: usize, code: &str) -> Option<u32> {
        let start = *self.layout.tables.get(table)?;
        let n = *self.layout.codes.get(table)?;
        let entry = |i: usize| -> Option<(&[u8], u32)> {
            let w = |k| self.word(start, 3 * i + k);
            let (off, len, row) = (w(0)? as usize, w(1)? as usize, w(2)?);
            let at = self.layout.arena.checked_add(off)?;
            Some((self.image.get(at..at.checked_add(len)?)?, row))
        };
        let (mut lo, mut hi) = (0usize, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (c, row) = entry(mid)?;
            // (Compared inline: codes are a few bytes, shorter than a call
            // to memcmp is worth; the order is the slices' order.)
            match c.iter().cmp(code.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(row),
            }
        }
        None
    }

    /// The text of record `idx`'s line (without the newline).
    fn line(&self, idx: usize) -> &str {
        if idx >= self.layout.records {
            return "";
        }
        let Some(start) = self.word(self.layout.lines, idx) else {
            return "";
        };
        let rest = self.text.get(start as usize..).unwrap_or("");
        // (`rest.split('\n').next()`, the newline found by `memchr`.)
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(end) => rest.get(..end).unwrap_or(""),
            None => rest,
        }
    }

    /// Name of an admin unit from its row ([`NO_ROW`]: none).
    fn admin_name(&self, row: u32) -> Option<String> {
        (row != NO_ROW).then(|| field(self.line(row as usize), 1).to_string())
    }

    /// Parse one record; lenient (bad numbers become 0), see [`Gazetteer::validate`].
    fn parse_record(&self, idx: usize) -> Record {
        let f = fields(self.line(idx));
        // The admin2 field is a slice of `self.text`: its offset is the
        // distance between the two addresses.
        let a2_start = (f.a2.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        let admin2 = if f.a2.is_empty() || a2_start >= self.text.len() {
            (0, 0)
        } else {
            (a2_start as u32, (a2_start + f.a2.len()) as u32)
        };
        let [country_row, admin1_row, admin2_row] = self.rows(idx);
        let place = Arc::new(self.parse_place(&f, admin1_row, admin2_row));
        Record {
            prior: prior(&place),
            place,
            country_row,
            admin1_row,
            admin2,
        }
    }

    /// The place of a record's fields, with the names of its admin1 and
    /// admin2 rows.
    fn parse_place(&self, f: &prep::Fields, admin1_row: u32, admin2_row: u32) -> Place {
        Place {
            name: f.name.to_string(),
            geonames_id: f.gid.parse().ok(),
            kind: kind_of(f.kind).unwrap_or(PlaceKind::Site),
            feature_code: f.fcode.to_string(),
            country: f.cc.to_string(),
            admin1: self.admin_name(admin1_row),
            admin1_code: if f.a1.is_empty() {
                None
            } else {
                Some(f.a1.to_string())
            },
            admin2: self.admin_name(admin2_row),
            lat: coordinate(f.lat),
            lon: coordinate(f.lon),
            population: f.pop.parse().unwrap_or(0),
        }
    }

    /// Check every record strictly (kinds, coordinates, admin codes). The
    /// loader itself is lenient so that it stays fast; tests call this.
    pub fn validate(&self) -> Result<(), GeoError> {
        for idx in 0..self.len() {
            let f = fields(self.line(idx));
            let bad =
                |m: &str| GeoError::format("places.tsv", idx + 3, format!("record {idx}: {m}"));
            kind_of(f.kind).ok_or_else(|| bad("bad kind"))?;
            let lat: f64 = f.lat.parse().map_err(|_| bad("bad lat"))?;
            let lon: f64 = f.lon.parse().map_err(|_| bad("bad lon"))?;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(bad("coordinates out of range"));
            }
            if f.cc.len() != 2 {
                return Err(bad("bad country"));
            }
            if !f.a1.is_empty() && self.code_row(1, f.a1).is_none() && f.kind != "populated" {
                return Err(bad("unknown admin1 code"));
            }
        }
        Ok(())
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.layout.records
    }

    pub fn is_empty(&self) -> bool {
        self.layout.records == 0
    }

    /// Every place, in file order (record index = position).
    pub fn iter(&self) -> impl Iterator<Item = &Place> + '_ {
        (0..self.len() as u32).filter_map(|i| self.get(i))
    }

    /// The place with record index `idx`.
    pub fn get(&self, idx: u32) -> Option<&Place> {
        self.record(idx).map(|r| &*r.place)
    }

    /// The parsed record with index `idx`.
    pub(crate) fn record(&self, idx: u32) -> Option<&Record> {
        let idx = idx as usize;
        let chunk = self.chunks.get(idx / CHUNK)?;
        let slots = chunk.get_or_init(|| {
            let lo = (idx / CHUNK) * CHUNK;
            let hi = (lo + CHUNK).min(self.len());
            (lo..hi).map(|_| OnceLock::new()).collect()
        });
        let slot = slots.get(idx % CHUNK)?;
        Some(slot.get_or_init(|| self.parse_record(idx)))
    }

    /// The admin2 code of a parsed record, when it has one.
    pub(crate) fn admin2_code(&self, r: &Record) -> Option<&str> {
        let (s, e) = r.admin2;
        self.text
            .get(s as usize..e as usize)
            .filter(|c| !c.is_empty())
    }

    /// Record index of the country row of an ISO2 code.
    pub(crate) fn country_row(&self, iso2: &str) -> Option<u32> {
        self.code_row(0, iso2)
    }

    /// A country by ISO 3166-1 alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<&Place> {
        self.code_row(0, iso2).and_then(|i| self.get(i))
    }

    /// An admin1 unit by GeoNames code (`AF.30`).
    pub fn admin1_by_code(&self, code: &str) -> Option<&Place> {
        self.code_row(1, code).and_then(|i| self.get(i))
    }

    /// An admin2 unit by GeoNames code (`AF.30.1612`).
    pub fn admin2_by_code(&self, code: &str) -> Option<&Place> {
        self.code_row(2, code).and_then(|i| self.get(i))
    }

    /// Record index of an admin1 or admin2 unit by GeoNames code.
    pub(crate) fn admin_idx(&self, code: &str) -> Option<u32> {
        self.code_row(1, code).or_else(|| self.code_row(2, code))
    }

    /// The admin2 code of a place, when it has one.
    pub fn admin2_code_of(&self, idx: u32) -> Option<&str> {
        Some(field(self.line(idx as usize), 7)).filter(|s| !s.is_empty())
    }

    /// Byte offset and key length of index line `line`.
    fn name_line(&self, line: usize) -> Option<(u32, u32)> {
        if line >= self.layout.keys {
            return None;
        }
        let w = |k| self.word(self.layout.name_lines, 2 * line + k);
        Some((w(0)?, w(1)?))
    }

    fn key_at(&self, line: usize) -> &str {
        let Some((start, len)) = self.name_line(line) else {
            return "";
        };
        let (s, e) = (start as usize, start as usize + len as usize);
        self.names.get(s..e).unwrap_or("")
    }

    /// First index line whose key is >= `key`.
    fn lower_bound(&self, key: &str) -> usize {
        let (mut lo, mut hi) = self.prefix_range(key);
        let qh = head(key.as_bytes());
        // (Keys out of byte order have no prefix table, and no order the tops
        // could tell.)
        if self.layout.prefix_len != 0 {
            (lo, hi) = self.narrow_by_tops(lo, hi, qh);
        }
        self.search_heads(lo, hi, key, qh)
    }

    /// The index lines `[lo, hi)` that may hold `key`: every key below the
    /// query's two-byte prefix is below the query, and every key at or above
    /// the next prefix is above it (all lines without a prefix table).
    fn prefix_range(&self, key: &str) -> (usize, usize) {
        if let [a, b, ..] = *key.as_bytes() {
            let p = 256 * a as usize + b as usize;
            if self.layout.prefix_len != 0 {
                let at = |p| self.word(self.layout.prefix, p);
                if let (Some(l), Some(h)) = (at(p), at(p + 1)) {
                    return (l as usize, h as usize);
                }
            }
        }
        (0, self.layout.keys)
    }

    /// The first line of `[lo, hi)` whose key is >= `key` (whose head is
    /// `qh`), by a binary search over the heads.
    fn search_heads(&self, mut lo: usize, mut hi: usize, key: &str, qh: u64) -> usize {
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            // Different heads order the keys as the keys themselves would be.
            let h = match mid < self.layout.keys {
                true => prep::u64_at(&self.image, self.layout.heads + 8 * mid),
                false => None,
            };
            let less = match h {
                Some(h) if h != qh => h < qh,
                _ => self.key_at(mid) < key,
            };
            if less {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The range `[lo, hi)` of [`Gazetteer::lower_bound`] narrowed by the
    /// `tops` (the heads of every [`prep::TOP_STEP`]th line, in cache): a
    /// line whose head is below the query's head `qh` has a key below the
    /// query, one whose head is above it a key above, so the lower bound
    /// lies after the last sampled line of a lower head and at or before the
    /// first of a higher one: at most one block of lines is left to search.
    fn narrow_by_tops(&self, lo: usize, hi: usize, qh: u64) -> (usize, usize) {
        let top = |t: usize| prep::u64_at(&self.image, self.layout.tops + 8 * t);
        // The sampled lines in [lo, hi): t * TOP_STEP for t in t0..t1.
        let (t0, t1) = (lo.div_ceil(prep::TOP_STEP), hi.div_ceil(prep::TOP_STEP));
        let below = partition(t0, t1, |t| top(t).is_some_and(|h| h < qh));
        let not_above = partition(below, t1, |t| top(t).is_none_or(|h| h <= qh));
        let lo = match below > t0 {
            true => lo.max((below - 1) * prep::TOP_STEP + 1),
            false => lo,
        };
        let hi = match not_above < t1 {
            true => hi.min(not_above * prep::TOP_STEP),
            false => hi,
        };
        (lo, hi.max(lo))
    }

    /// Look a key up: `Some(line)` on an exact hit; `prefix` says whether any
    /// key starts with `key` (so a longer n-gram could still match).
    pub(crate) fn probe(&self, key: &str) -> (Option<usize>, bool) {
        // The same names come back in text after text ("The", "Gaza", "Monday"):
        // a per-thread cache of recent answers skips the binary search. It is
        // two-way: a key may sit in either entry of its pair, the one used
        // last first, so two frequent keys of one pair do not evict each other.
        let set = probe_slot(key) / 2;
        let answer = PROBE_CACHE.try_with(|c| {
            let Ok(mut c) = c.try_borrow_mut() else {
                return self.probe_index(key);
            };
            if c.is_empty() {
                c.resize(PROBE_SLOTS / 2, ProbeSet::default());
            }
            let Some(ProbeSet(pair)) = c.get_mut(set) else {
                return self.probe_index(key);
            };
            if let Some(a) = pair.first().and_then(|e| e.answer(self.id, key)) {
                return a;
            }
            if let Some(a) = pair.get(1).and_then(|e| e.answer(self.id, key)) {
                pair.swap(0, 1);
                return a;
            }
            let a = self.probe_index(key);
            if key.len() <= PROBE_KEY {
                pair.swap(0, 1);
                if let Some(e) = pair.first_mut() {
                    e.store(self.id, key, a);
                }
            }
            a
        });
        answer.unwrap_or_else(|_| self.probe_index(key))
    }

    /// [`Gazetteer::probe`] on the index itself.
    fn probe_index(&self, key: &str) -> (Option<usize>, bool) {
        let lb = self.lower_bound(key);
        let k = self.key_at(lb);
        if k == key {
            // An exact hit; a longer key may follow it.
            let longer = self.key_at(lb + 1).starts_with(key);
            (Some(lb), longer)
        } else {
            (None, lb < self.layout.keys && k.starts_with(key))
        }
    }

    /// Record indices of index line `line`, appended to `out`, each with
    /// `true` when the key comes only from an alternate name.
    pub(crate) fn ids_at(&self, line: usize, out: &mut Vec<(u32, bool)>) {
        out.extend(self.ids_of_line(line));
    }

    pub(crate) fn ids_of_line(&self, line: usize) -> KeyIds<'_> {
        let Some((start, klen)) = self.name_line(line) else {
            return KeyIds { rest: "" };
        };
        let rest = self
            .names
            .get(start as usize + klen as usize..)
            .unwrap_or("");
        // (The iterator stops at the end of the line itself: no scan for it
        // first, as id lists can be long.)
        KeyIds {
            rest: rest.strip_prefix('\t').unwrap_or(""),
        }
    }

    /// The places indexed under a name key (see [`crate::key::name_key`]),
    /// read from the index text in place: a binary search and an iterator
    /// over the id list, with no allocation. Items are record indices, with
    /// `true` when the key comes only from an alternate name.
    pub fn lookup_key(&self, key: &str) -> KeyIds<'_> {
        // The index itself, not the probe cache: no allocation, ever.
        match self.probe_index(key) {
            (Some(line), _) => self.ids_of_line(line),
            _ => KeyIds { rest: "" },
        }
    }

    /// Record indices of every place with this name (folded, key-normalised).
    pub fn lookup_ids(&self, name: &str) -> Vec<u32> {
        self.lookup_key(&name_key(name)).map(|(i, _)| i).collect()
    }

    /// Every place with this name (case, diacritics, dashes, `-e-`/`-i-`
    /// connectors and spaces do not matter).
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        self.lookup_ids(name)
            .into_iter()
            .filter_map(|i| self.get(i))
            .collect()
    }

    /// Number of distinct name keys.
    pub fn key_count(&self) -> usize {
        self.layout.keys
    }
}

/// The first `i` in `lo..hi` where `pred` is false (`hi` when none), `pred`
/// being true then false over the range (a partition point).
fn partition(mut lo: usize, mut hi: usize, pred: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Slots of the per-thread probe cache (a power of two; slots `2k` and
/// `2k + 1` make one two-way set).
const PROBE_SLOTS: usize = 4096;
/// Longest key the probe cache holds (an entry is 32 bytes).
const PROBE_KEY: usize = 18;
/// [`ProbeEntry::exact`] of no exact hit.
const NO_LINE: u32 = u32::MAX;

thread_local! {
    static PROBE_CACHE: RefCell<Vec<ProbeSet>> = const { RefCell::new(Vec::new()) };
}

/// One two-way set of the probe cache, in one cache line: a look-up reads
/// one line, where entries of 56 bytes made a set span two.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(64))]
struct ProbeSet([ProbeEntry; 2]);

/// One probe answer: for gazetteer `owner` (0: empty), key bytes, answer
/// (the exact hit's line, [`NO_LINE`] for none).
#[derive(Debug, Clone, Copy, Default)]
#[repr(C)]
struct ProbeEntry {
    owner: u64,
    exact: u32,
    len: u8,
    prefix: bool,
    key: [u8; PROBE_KEY],
}

impl ProbeEntry {
    fn answer(&self, owner: u64, key: &str) -> Option<(Option<usize>, bool)> {
        let same = self.owner == owner
            && self.len as usize == key.len()
            && self.key.get(..key.len()) == Some(key.as_bytes());
        let exact = (self.exact != NO_LINE).then_some(self.exact as usize);
        same.then_some((exact, self.prefix))
    }

    fn store(&mut self, owner: u64, key: &str, (exact, prefix): (Option<usize>, bool)) {
        if key.len() > PROBE_KEY {
            return;
        }
        // (A line past `u32` is answered by the index, never kept.)
        let exact = match exact.map(u32::try_from) {
            None => NO_LINE,
            Some(Ok(line)) if line != NO_LINE => line,
            Some(_) => return,
        };
        if let Some(dst) = self.key.get_mut(..key.len()) {
            dst.copy_from_slice(key.as_bytes());
            *self = ProbeEntry {
                owner,
                len: key.len() as u8,
                exact,
                prefix,
                ..*self
            };
        }
    }
}

/// Cache slot of a key (FxHash-style multiply, top bits).
fn probe_slot(key: &str) -> usize {
    let mut h: u64 = key.len() as u64;
    for chunk in key.as_bytes().chunks(8) {
        let mut w = [0u8; 8];
        for (d, s) in w.iter_mut().zip(chunk) {
            *d = *s;
        }
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    (h >> 40) as usize % PROBE_SLOTS
}

/// A distinct id per loaded gazetteer (keys the probe cache; never reused).
fn next_gazetteer_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Iterator over the record indices of one name-index line (see
/// [`Gazetteer::lookup_key`]); parses `idx,~idx,…` lazily.
#[derive(Debug, Clone)]
pub struct KeyIds<'a> {
    /// The rest of the id list, possibly followed by a newline and the rest
    /// of the index text (never read past the newline).
    rest: &'a str,
}

impl Iterator for KeyIds<'_> {
    type Item = (u32, bool);
    fn next(&mut self) -> Option<(u32, bool)> {
        while !self.rest.is_empty() {
            // The usual item, `~`? and 1 to 9 digits before a comma or the
            // end, is read in one pass; anything else by the general path.
            let b = self.rest.as_bytes();
            let alt = b.first() == Some(&b'~');
            let d0 = usize::from(alt);
            let mut k = d0;
            let mut v = 0u32;
            while let Some(&c) = b.get(k) {
                if !c.is_ascii_digit() || k - d0 == 9 {
                    break;
                }
                v = v * 10 + u32::from(c - b'0');
                k += 1;
            }
            match b.get(k) {
                Some(b',') if k > d0 => {
                    self.rest = self.rest.get(k + 1..).unwrap_or("");
                    return Some((v, alt));
                }
                None | Some(b'\n') if k > d0 => {
                    self.rest = "";
                    return Some((v, alt));
                }
                _ => {}
            }
            let end = self.rest.bytes().position(|b| b == b',' || b == b'\n');
            let (item, rest) = match end {
                Some(e) if b.get(e) == Some(&b',') => (
                    self.rest.get(..e).unwrap_or(""),
                    self.rest.get(e + 1..).unwrap_or(""),
                ),
                Some(e) => (self.rest.get(..e).unwrap_or(""), ""),
                None => (self.rest, ""),
            };
            self.rest = rest;
            // The usual item: digits, maybe after `~`, read directly.
            let (digits, alt) = match item.as_bytes() {
                [b'~', d @ ..] => (d, true),
                d => (d, false),
            };
            if !digits.is_empty() && digits.len() <= 9 && digits.iter().all(u8::is_ascii_digit) {
                let v = digits
                    .iter()
                    .fold(0u32, |v, &d| v * 10 + u32::from(d - b'0'));
                return Some((v, alt));
            }
            let item = item.trim();
            let parsed = match item.strip_prefix('~') {
                Some(n) => n.parse::<u32>().ok().map(|i| (i, true)),
                None => item.parse::<u32>().ok().map(|i| (i, false)),
            };
            if parsed.is_some() {
                return parsed;
            }
        }
        None
    }
}

/// Prior of a record as a reading of its names, by kind, feature code and
/// population: worked out once when the record is parsed, and read by the
/// finder (`find.rs`), which this module does not call.
/// A coordinate of `places.tsv` as `s.parse::<f64>()` reads it, 0 when it
/// does not. A plain decimal (`-?d+(.d+)?`, the gazetteer's form) of at most
/// 15 digits is read as its digits over a power of ten: both are exact
/// doubles (below 2^53 and 10^22), and one division rounds correctly, as the
/// parse does (its own fast path); anything else is left to the parse.
fn coordinate(s: &str) -> f64 {
    let b = s.as_bytes();
    let (negative, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let mut m: u64 = 0;
    let mut count = 0usize;
    let mut scale: Option<usize> = None;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(c - b'0');
                count += 1;
                if let Some(k) = scale.as_mut() {
                    *k += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return s.parse().unwrap_or(0.0),
        }
        if count > 15 {
            return s.parse().unwrap_or(0.0);
        }
    }
    // At least one digit before the point and one after it, when there is one.
    let before = digits.first().is_some_and(u8::is_ascii_digit);
    if !before || scale == Some(0) {
        return s.parse().unwrap_or(0.0);
    }
    let Some(&power) = POW10.get(scale.unwrap_or(0)) else {
        return s.parse().unwrap_or(0.0);
    };
    let v = m as f64 / power;
    if negative {
        -v
    } else {
        v
    }
}

/// 10^0 ..= 10^15, each exact.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// A hand-curated populated place (`places-extra.tsv`: no GeoNames id)
/// reads as a district seat of at least this many people (see [`prior`]).
pub(crate) const CURATED_POP: u64 = 20_000;

/// Whether a place is a hand-curated populated place (`places-extra.tsv`,
/// which gives no GeoNames id to the places GeoNames lacks).
pub(crate) fn curated_town(p: &Place) -> bool {
    p.kind == PlaceKind::Populated && p.geonames_id.is_none()
}

/// A place's prior as a reading of a name: by kind, and for a populated
/// place by feature code and population. A hand-curated town or village
/// (`places-extra.tsv`) was added because conflict news names it; its
/// population is mostly not given (0). It reads as a district seat of
/// [`CURATED_POP`] people (a neighbourhood keeps its lower `PPLX` term): it
/// outranks a GeoNames village or small town of the same name in another
/// country when the text names no country ("near Tawila" is Darfur's, not a
/// Yemeni village's), and not a city, a provincial seat or a place the
/// text's countries, containers and cues point at (issue 17).
fn prior(p: &Place) -> f64 {
    match p.kind {
        PlaceKind::Country => 7.0,
        PlaceKind::Admin1 => 5.0,
        PlaceKind::Admin2 => 3.5,
        PlaceKind::Site => 4.0,
        PlaceKind::Populated => {
            let curated = curated_town(p);
            let population = if curated {
                p.population.max(CURATED_POP)
            } else {
                p.population
            };
            let pop = 1.0 + 0.5 * ((population as f64) + 1.0).log10();
            let f = match p.feature_code.as_str() {
                "PPLC" => 2.5,
                "PPLA" => 1.5,
                "PPLA2" => 0.6,
                "PPLX" => -1.0,
                _ if curated => 0.6,
                _ => 0.0,
            };
            pop + f
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record read alone (its neighbours in its chunk unread, in any
    /// order) is the record parsed from its line, as a whole chunk parsed at
    /// once gave it; past the last record there is none.
    #[test]
    fn records_read_alone_equal_their_parse() {
        let g = Gazetteer::embedded().expect("embedded gazetteer");
        let key = |r: &Record| {
            (
                (*r.place).clone(),
                r.country_row,
                r.admin1_row,
                r.admin2,
                r.prior.to_bits(),
            )
        };
        let picks: Vec<usize> = (0..g.len())
            .rev()
            .step_by(997)
            .chain([0, 1, 7, 8, 9])
            .collect();
        for &i in &picks {
            let got = g.record(i as u32).map(key);
            assert_eq!(got, Some(key(&g.parse_record(i))), "{i}");
            // Read again: the same record, not parsed anew.
            let again = g.record(i as u32).map(std::ptr::from_ref);
            assert_eq!(again, g.record(i as u32).map(std::ptr::from_ref));
        }
        assert!(g.record(g.len() as u32).is_none());
    }

    /// `coordinate` reads what `parse::<f64>()` reads (bit for bit, 0 when it
    /// fails): every coordinate of the embedded gazetteer, edge cases, and
    /// generated decimals of up to 17 digits.
    #[test]
    fn coordinate_equals_parse() {
        let want = |s: &str| s.parse::<f64>().unwrap_or(0.0).to_bits();
        let places = EMBEDDED.first().map(|f| f.1).unwrap_or("");
        let mut n = 0;
        for line in places.lines().filter(|l| !l.starts_with('#')) {
            let f = fields(line);
            for c in [f.lat, f.lon] {
                assert_eq!(coordinate(c).to_bits(), want(c), "{c:?}");
                n += 1;
            }
        }
        assert!(n > 400_000, "{n}");
        let edges = "- 0 -0 -0.0 5. .5 -.5 +5 1e3 1.2.3 12a nan inf 0.1 0.3 -179.99999 90 \
                     123456789012345 1234567890123456 0.000000000000001 9007199254740993 \
                     1.7976931348623157";
        for c in edges.split_whitespace().chain([""]) {
            assert_eq!(coordinate(c).to_bits(), want(c), "{c:?}");
        }
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 17 + 1) as usize;
            let s = format!("{:017}", x % 100_000_000_000_000_000);
            let s = s.get(17 - digits..).unwrap_or("");
            let point = (x >> 20) as usize % (digits + 1);
            let sign = if x >> 40 & 1 == 1 { "-" } else { "" };
            let c = format!(
                "{sign}{}.{}",
                s.get(..point).unwrap_or(""),
                s.get(point..).unwrap_or("")
            );
            assert_eq!(coordinate(&c).to_bits(), want(&c), "{c:?}");
            assert_eq!(coordinate(s).to_bits(), want(s), "{s:?}");
        }
    }

    /// The image `build.rs` prepared for the embedded files is the one the
    /// run-time loader makes of the same files (fails when they drift apart).
    #[test]
    fn embedded_image_is_what_the_loader_prepares() {
        let files = Data::embedded(EMBEDDED);
        let text = |n| files.text(n).unwrap_or_else(|e| panic!("{e}"));
        let built = prep::build(&text("places.tsv"), &text("names.tsv"))
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            built.as_slice() == EMBEDDED_IMAGE,
            "embedded image ({} bytes) differs from the run-time one ({} bytes)",
            EMBEDDED_IMAGE.len(),
            built.len()
        );
        let layout = Layout::read(EMBEDDED_IMAGE);
        assert!(layout.is_some_and(|l| l.records > 200_000 && l.prefix_len > 0));
    }

    /// Rows and code look-ups give what maps of the codes (a later row
    /// replacing an earlier one) give.
    #[test]
    fn rows_follow_the_code_maps() {
        let places = "# header\n\
            1\tA\t\tcountry\tPCLI\tAA\t\t\t1\t1\t0\n\
            2\tA1\t\tadmin1\tADM1\tAA\tAA.01\t\t1\t1\t0\n\
            \n\
            3\tA1b\t\tadmin1\tADM1\tAA\tAA.01\t\t1\t1\t0\n\
            4\tA2\t\tadmin2\tADM2\tAA\tAA.01\tAA.01.7\t1\t1\t0\n\
            5\tTown\t\tpopulated\tPPL\tAA\tAA.01\tAA.01.7\t1\t1\t9\n\
            6\tVillage\t\tpopulated\tPPL\tBB\tBB.02\t\t1\t1\t0\n\
            7\tB\t\tcountry\tPCLI\tBB\t\t\t1\t1\t0";
        let g = Gazetteer::from_parts(Cow::Borrowed(places), Cow::Borrowed(""), Lexicon::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.len(), 7);
        assert_eq!(g.rows(4), [0, 2, 3]);
        assert_eq!(g.rows(5), [6, NO_ROW, NO_ROW]);
        assert_eq!(g.rows(6), [6, NO_ROW, NO_ROW]);
        assert_eq!(g.country_row("BB"), Some(6));
        assert_eq!(g.country_row(""), None);
        assert_eq!(g.admin_idx("AA.01"), Some(2));
        assert_eq!(g.admin_idx("AA.01.7"), Some(3));
        assert_eq!(g.admin_idx("AA"), None);
        let town = g.get(4).unwrap_or_else(|| panic!("no town"));
        assert_eq!(town.admin1.as_deref(), Some("A1b"));
        assert_eq!(town.admin2.as_deref(), Some("A2"));
        assert_eq!(
            g.admin2_code(g.record(4).unwrap_or_else(|| panic!())),
            Some("AA.01.7")
        );
        assert!(g.get(7).is_none());
        let bad = places.replace("\tcountry\tPCLI\tBB", "\tcountri\tPCLI\tBB");
        let err = Gazetteer::from_parts(Cow::Owned(bad), Cow::Borrowed(""), Lexicon::default());
        assert!(err.is_err_and(|e| e.to_string().contains("places.tsv:9")));
    }

    /// [`Gazetteer::lower_bound`] as it was before the `tops` (the prefix
    /// table, then a binary search over the heads).
    fn lower_bound_without_tops(g: &Gazetteer, key: &str) -> usize {
        let (lo, hi) = g.prefix_range(key);
        g.search_heads(lo, hi, key, head(key.as_bytes()))
    }

    /// Narrowed by the tops, the lower bound of a key is the one found
    /// without them: on the embedded index (its keys, and keys just before,
    /// after and between them) and on keys that share their heads across
    /// many blocks of lines.
    #[test]
    fn lower_bound_with_tops_equals_without() {
        let g = Gazetteer::embedded().unwrap_or_else(|e| panic!("{e}"));
        assert!(g.layout.keys > 100_000 && g.layout.prefix_len != 0);
        let mut queries = vec![
            String::new(),
            "a".into(),
            "zzzz".into(),
            "\u{e9}t\u{e9}".into(),
        ];
        for line in (0..g.layout.keys).step_by(331).chain([g.layout.keys - 1]) {
            let k = g.key_at(line).to_string();
            let mut cut = k.clone();
            cut.pop();
            queries.extend([
                format!("{k}a"),
                format!("{k} "),
                format!("{k}\u{7f}"),
                cut,
                k,
            ]);
        }
        for q in &queries {
            assert_eq!(g.lower_bound(q), lower_bound_without_tops(&g, q), "{q:?}");
        }
        // One head for hundreds of lines (keys alike in their first 8 bytes).
        let mut ks: Vec<String> = (0..300).map(|i| format!("abcdefgh{i:03}")).collect();
        ks.extend((0..200).map(|i| format!("ab{i:03}")));
        ks.extend((0..200).map(|i| format!("abcdefgi{i:02}")));
        ks.sort_unstable();
        let names: String = ks.iter().map(|k| format!("{k}\t0\n")).collect();
        let g = Gazetteer::from_parts(Cow::Borrowed(""), Cow::Owned(names), Lexicon::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(g.layout.prefix_len, 0);
        for i in 0..ks.len() {
            let k = &ks[i];
            for q in [k.clone(), format!("{k}0"), k[..k.len() - 1].to_string()] {
                assert_eq!(g.lower_bound(&q), ks.partition_point(|x| *x < q), "{q:?}");
                assert_eq!(g.lower_bound(&q), lower_bound_without_tops(&g, &q), "{q:?}");
            }
        }
    }

    /// A set of the probe cache is one cache line, and the cache answers as
    /// the index does, for keys it holds and keys too long for it, on the
    /// embedded index.
    #[test]
    fn probe_cache_set_is_one_line_and_answers_as_the_index() {
        assert_eq!(std::mem::size_of::<ProbeSet>(), 64);
        assert_eq!(std::mem::align_of::<ProbeSet>(), 64);
        let g = Gazetteer::embedded().unwrap_or_else(|e| panic!("{e}"));
        let mut queries = Vec::new();
        for line in (0..g.layout.keys).step_by(997) {
            let k = g.key_at(line).to_string();
            let mut cut = k.clone();
            cut.pop();
            queries.extend([format!("{k}x"), cut, k]);
        }
        queries.push("a".repeat(PROBE_KEY));
        queries.push("a".repeat(PROBE_KEY + 1));
        for _ in 0..2 {
            for q in &queries {
                assert_eq!(g.probe(q), g.probe_index(q), "{q:?}");
            }
        }
    }

    /// `probe` through the prefix table and key heads agrees with a plain scan.
    #[test]
    fn probe_agrees_with_a_scan() {
        let keys = [
            "a",
            "aa",
            "aab",
            "ab",
            "abcdefghij",
            "abcdefghik",
            "abcdefgh",
            "b",
            "ba",
            "zz",
        ];
        for sorted in [true, false] {
            let mut ks: Vec<&str> = keys.to_vec();
            ks.sort_unstable();
            if !sorted {
                ks.swap(1, 3);
            }
            let names: String = ks.iter().map(|k| format!("{k}\t0\n")).collect();
            let g = Gazetteer::from_parts(Cow::Borrowed(""), Cow::Owned(names), Lexicon::default())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(g.layout.prefix_len == 0, !sorted);
            if !sorted {
                continue;
            }
            for q in [
                "",
                "a",
                "aa",
                "aaa",
                "aab",
                "ab",
                "abc",
                "abcdefgh",
                "abcdefghi",
                "abcdefghik",
                "abcdefghz",
                "b",
                "ba",
                "bb",
                "c",
                "zz",
                "zzz",
                "\u{e9}",
            ] {
                let lb = ks.partition_point(|k| *k < q);
                let exact = ks.get(lb) == Some(&q);
                let want = if exact {
                    (Some(lb), ks.get(lb + 1).is_some_and(|k| k.starts_with(q)))
                } else {
                    (None, ks.get(lb).is_some_and(|k| k.starts_with(q)))
                };
                assert_eq!(g.probe(q), want, "{q:?}");
                // Again, now from the probe cache.
                assert_eq!(g.probe(q), want, "{q:?} (cached)");
            }
        }
    }
}
