/*!
The import: builds `data/actors/imported/` from the public actor lists in
`../shared/actor-src/` (UCDP Actor Dataset 22.1, the OFAC SDN armed-group subset, the
Phoenix MilNonState dictionary), merged onto the curated files.

Why a separate, generated folder: curated files stay hand-edited and always win. An
imported actor that is already curated (same UCDP id, or a full name that is a curated
alias) only adds aliases to it, through `[[extra]]` records keyed by the curated id;
the others become new entries with ids derived from their source (`ucdp-303`,
`ofac-4688`, `phoenix-abu-nidal-organization`). Every alias passes the noise guard of
`data/actors/import-config/rules.toml` (generic words, front-company words, short
acronyms without a country, collisions with curated aliases or between imported
actors); every refused alias is written with its reason to `rejected-aliases.tsv`.

The output is deterministic: inputs are read in file order, every collection is
ordered, and the files are written sorted, so a rerun is byte-identical.
*/

use serde::Deserialize;
use sitrep_actors::{alias_keys, ActorBase, ActorError};
use sitrep_data::{Data, Embedded};
use sitrep_text::fold_str;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// The embedded import configuration (`data/actors/import-config/`).
/// The import configuration compiled into the binary (`data/actors/import-config/`).
const EMBEDDED: Embedded = &[
    (
        "rules.toml",
        include_str!("../../../data/actors/import-config/rules.toml"),
    ),
    (
        "gw-codes.tsv",
        include_str!("../../../data/actors/import-config/gw-codes.tsv"),
    ),
    (
        "iso3-codes.tsv",
        include_str!("../../../data/actors/import-config/iso3-codes.tsv"),
    ),
];

/// Source files, relative to the source directory.
pub const UCDP_FILE: &str = "ucdp/ucdp-actor-221.csv";
pub const OFAC_FILE: &str = "ofac/sdn-armed-group-entities.tsv";
pub const PHOENIX_FILE: &str = "phoenix/Phoenix.MilNonState.actors.txt";
pub const PHOENIX_AGENTS_FILE: &str = "phoenix/Phoenix.agents.txt";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesRec {
    #[serde(default)]
    ucdp_types: BTreeMap<String, String>,
    #[serde(default)]
    import: ImportRec,
    #[serde(default)]
    ofac_program_country: BTreeMap<String, String>,
    #[serde(default)]
    words: WordsRec,
    #[serde(default)]
    ofac_state_forces: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportRec {
    #[serde(default)]
    min_letters: Option<usize>,
    #[serde(default)]
    short_max_letters: Option<usize>,
    #[serde(default)]
    identity_suffixes: Vec<String>,
    #[serde(default)]
    ofac_keep_programs: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsRec {
    #[serde(default)]
    ofac_armed_words: Vec<String>,
    #[serde(default)]
    stop_words: Vec<String>,
    #[serde(default)]
    generic_words: Vec<String>,
    #[serde(default)]
    reject_aliases: Vec<String>,
    #[serde(default)]
    org_words: Vec<String>,
    /// Words kept in lower case when an all-capitals name is title-cased.
    #[serde(default)]
    lower_words: Vec<String>,
}

/// The import configuration: rules, G&W → ISO2 and ISO3 → ISO2 tables.
#[derive(Debug, Clone)]
pub struct ImportRules {
    rules: RulesRec,
    /// G&W number → ISO2.
    gw: HashMap<String, String>,
    /// ISO3 → ISO2.
    iso3: HashMap<String, String>,
    /// Folded country name → ISO2 (both tables).
    country_names: HashMap<String, String>,
}

/// The two code tables (`gw-codes.tsv`: gw, iso2, iso3, name; `iso3-codes.tsv`:
/// iso3, iso2, name). A row without its first two columns is an error.
fn parse_tables(gw: &str, iso3: &str) -> Result<ImportRules, ActorError> {
    let mut r = ImportRules {
        rules: RulesRec::default(),
        gw: HashMap::new(),
        iso3: HashMap::new(),
        country_names: HashMap::new(),
    };
    for row in sitrep_data::rows("import-config/gw-codes.tsv", gw) {
        let (g, c) = (row.need(0, "gw")?, row.need(1, "iso2")?);
        r.gw.insert(g.to_string(), c.to_string());
        if let Some(n) = row.fields.get(3) {
            r.country_names.insert(words_key(n), c.to_string());
        }
    }
    for row in sitrep_data::rows("import-config/iso3-codes.tsv", iso3) {
        let (i3, c) = (row.need(0, "iso3")?, row.need(1, "iso2")?);
        r.iso3.insert(i3.to_string(), c.to_string());
        if let Some(n) = row.fields.get(2) {
            r.country_names
                .entry(words_key(n))
                .or_insert_with(|| c.to_string());
        }
    }
    Ok(r)
}

impl ImportRules {
    /// The configuration compiled into the binary.
    pub fn embedded() -> Result<ImportRules, ActorError> {
        ImportRules::load(&Data::embedded(EMBEDDED))
    }

    /// Read `rules.toml`, `gw-codes.tsv` and `iso3-codes.tsv` from `dir`
    /// (`data/actors/import-config`).
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<ImportRules, ActorError> {
        ImportRules::load(&Data::dir(dir))
    }

    /// Read the three files from a knowledge source (embedded or a
    /// directory: the same reader).
    pub fn load(data: &Data) -> Result<ImportRules, ActorError> {
        let read = |n: &str| data.text(n);
        ImportRules::from_texts(
            &read("rules.toml")?,
            &read("gw-codes.tsv")?,
            &read("iso3-codes.tsv")?,
        )
    }

    fn from_texts(rules: &str, gw: &str, iso3: &str) -> Result<ImportRules, ActorError> {
        let mut r = parse_tables(gw, iso3)?;
        r.rules = toml::from_str(rules).map_err(|source| ActorError::Toml {
            file: "import-config/rules.toml".to_string(),
            source,
        })?;
        Ok(r)
    }
}

/// Folded words of a string, joined by one space ("Al-Qa'ida" → "al qa'ida").
fn words_key(s: &str) -> String {
    fold_str(s)
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn contains_phrase(key: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    format!(" {key} ").contains(&format!(" {phrase} "))
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

/// Minimal CSV reader (RFC 4180 quoting), enough for the UCDP file.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Split "Name (ALT)" / "Name [ALT]" into its parts; trim punctuation and spaces.
fn split_alias(raw: &str) -> Vec<String> {
    let mut outer = String::new();
    let mut inner = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            ')' | ']' => {
                if depth == 1 {
                    inner.push(std::mem::take(&mut cur));
                }
                depth = depth.saturating_sub(1);
                continue;
            }
            _ => {}
        }
        if depth > 0 {
            cur.push(c);
        } else {
            outer.push(c);
        }
    }
    let clean = |s: &str| -> String {
        let s = s.replace(['"', '\u{201c}', '\u{201d}'], "");
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        s.trim_matches(|c: char| c == ',' || c == ';' || c == ':' || c == '.' || c == ' ')
            .trim_end_matches(" -")
            .trim()
            .to_string()
    };
    let mut out = vec![clean(&outer)];
    out.extend(inner.iter().map(|s| clean(s)));
    out.retain(|s| !s.is_empty());
    out
}

/// Title-case an all-capitals name from OFAC or Phoenix ("AL-NUSRAH FRONT" →
/// "al-Nusrah Front"): the words of `lower` stay lower case (but a first word that
/// is not joined by a hyphen); short vowel-poor parts stay capitals ("TTP", "IRGC").
fn title_case(s: &str, lower_words: &HashSet<String>) -> String {
    let has_lower = s.chars().any(|c| c.is_lowercase());
    if has_lower {
        return s.to_string();
    }
    let single = !s.contains([' ', '-']);
    if single && letters(s) <= 4 {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut first_word = true;
    for (wi, word) in s.split(' ').enumerate() {
        if wi > 0 {
            out.push(' ');
        }
        let seps: Vec<char> = word.chars().filter(|c| *c == '-' || *c == '/').collect();
        for (pi, part) in word.split(['-', '/']).enumerate() {
            if pi > 0 {
                out.push(seps.get(pi - 1).copied().unwrap_or('-'));
            }
            let lower = part.to_lowercase();
            let vowels = lower.chars().filter(|c| "aeiouy".contains(*c)).count();
            let n = letters(part);
            if lower_words.contains(&lower)
                && (!(first_word && pi == 0 && wi == 0) || word.contains('-'))
            {
                out.push_str(&lower);
            } else if (2..=4).contains(&n) && vowels == 0 {
                out.push_str(part);
            } else {
                let mut cs = lower.chars();
                if let Some(f) = cs.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(cs.as_str());
                }
            }
        }
        first_word = false;
    }
    out
}

/// One alias candidate and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Cand {
    text: String,
    source: String,
    /// OFAC aliases also pass the front-company stop words.
    ofac: bool,
}

impl Cand {
    fn is_phoenix(&self) -> bool {
        self.source.starts_with("Phoenix")
    }
}

#[derive(Debug, Clone, Default)]
struct Imp {
    id: String,
    name: String,
    kind: String,
    country: Option<String>,
    ucdp_id: Option<u32>,
    sources: BTreeSet<String>,
    /// False for governments and party supporters: kept for ids and relations only.
    linkable: bool,
    /// Identity group: aliases are made with suffixes, never the bare name.
    identity: bool,
    cands: Vec<Cand>,
    /// (kind, target UCDP id).
    ucdp_relations: BTreeSet<(String, u32)>,
}

/// Where a source actor ends up.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dest {
    Curated(String),
    New(usize),
}

/// Curated id → (alias candidates, UCDP id, sources) added to it.
type Extras = BTreeMap<String, (Vec<Cand>, Option<u32>, BTreeSet<String>)>;

/// A refused alias: (alias, actor id, source, reason).
type Rejected = (String, String, String, String);

/// The result of an import: the files to write and counts.
#[derive(Debug, Clone, Default)]
pub struct ImportOutput {
    /// (file name, content), written into the output directory.
    pub files: Vec<(String, String)>,
    /// New actors written to `actors.toml`.
    pub actors: usize,
    /// Aliases of the new actors (names included when linkable).
    pub actor_aliases: usize,
    /// Curated entries that received `[[extra]]` aliases or a UCDP id.
    pub extra_entries: usize,
    /// Aliases added to curated entries.
    pub extra_aliases: usize,
    /// Refused aliases (lines of `rejected-aliases.tsv`).
    pub rejected: usize,
    /// Source records read: UCDP actors, OFAC entities kept / read, Phoenix groups.
    pub ucdp_read: usize,
    pub ofac_kept: usize,
    pub ofac_read: usize,
    pub phoenix_read: usize,
}

impl ImportOutput {
    /// Write every file into `dir` (created when missing).
    pub fn write(&self, dir: impl AsRef<Path>) -> Result<(), ActorError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| ActorError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        for (name, text) in &self.files {
            let p = dir.join(name);
            std::fs::write(&p, text).map_err(|source| ActorError::Io {
                path: p.display().to_string(),
                source,
            })?;
        }
        Ok(())
    }
}

fn read_src(src: &Path, rel: &str) -> Result<String, ActorError> {
    let p = src.join(rel);
    let bytes = std::fs::read(&p).map_err(|source| ActorError::Io {
        path: p.display().to_string(),
        source,
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

struct Ctx {
    /// Alias key → owner id in the curated base ("" for generic patterns/phrases).
    curated_keys: HashMap<String, String>,
    curated_ucdp: HashMap<u32, String>,
    generic: HashSet<String>,
    agents: HashSet<String>,
    stop: Vec<String>,
    reject: HashSet<String>,
    /// Words that make a Phoenix name an organisation.
    org: Vec<String>,
    /// Words kept in lower case by [`title_case`].
    lower: HashSet<String>,
    /// Aliases with fewer letters are refused.
    min_letters: usize,
    /// A single word of at most this many letters must be an acronym with a country.
    short_max: usize,
}

impl Ctx {
    /// Keys strong enough to merge two records: a non-generic name of 5+ letters.
    fn strong_keys(&self, text: &str) -> Vec<String> {
        if letters(text) < 5 || self.is_generic(text) || self.reject.contains(&words_key(text)) {
            return Vec::new();
        }
        alias_keys(text)
    }

    fn is_generic(&self, text: &str) -> bool {
        let k = words_key(text);
        if self.agents.contains(&k) {
            return true;
        }
        k.split(' ').map(|w| w.trim_end_matches("'s")).all(|w| {
            w.is_empty() || self.generic.contains(w) || w.chars().all(|c| c.is_ascii_digit())
        })
    }

    fn has_stop(&self, text: &str) -> bool {
        let k = words_key(&text.replace('.', " "));
        let k2 = words_key(text);
        self.stop
            .iter()
            .any(|s| contains_phrase(&k, s) || contains_phrase(&k2, s))
    }
}

/// The whole build: the curated base and import configuration of `curated_dir`
/// (`data/actors`), the import from `src`, the files written into `out`, and a check
/// that the result loads.
pub fn build(src: &Path, curated_dir: &Path, out: &Path) -> Result<ImportOutput, ActorError> {
    let base = ActorBase::load_curated_dir(curated_dir)?;
    let cfg = curated_dir.join("import-config");
    let rules = if cfg.is_dir() {
        ImportRules::load_dir(&cfg)?
    } else {
        ImportRules::embedded()?
    };
    let o = import_sources(src, &base, &rules)?;
    o.write(out)?;
    ActorBase::load_dir(curated_dir)?;
    Ok(o)
}

/// Run the import: read the sources in `src`, merge onto `curated` (a base loaded
/// without `imported/`), apply `rules`, and return the files of `data/actors/imported/`.
/// The steps: the curated context, the three sources in turn (UCDP, OFAC, Phoenix),
/// alias admission (the noise guard, then conflicts), and the three files.
pub fn import_sources(
    src: impl AsRef<Path>,
    curated: &ActorBase,
    rules: &ImportRules,
) -> Result<ImportOutput, ActorError> {
    let src = src.as_ref();
    let mut im = Import {
        ctx: Ctx::new(src, curated, rules),
        curated,
        rules,
        imps: Vec::new(),
        extras: BTreeMap::new(),
        merge_keys: HashMap::new(),
        ucdp_dest: HashMap::new(),
        rejected: BTreeSet::new(),
        out: ImportOutput::default(),
    };
    im.read_ucdp(&read_src(src, UCDP_FILE)?);
    im.read_ofac(&read_src(src, OFAC_FILE)?);
    im.read_phoenix(&read_src(src, PHOENIX_FILE)?);
    let aliases = im.admit_aliases();
    let actors = im.actors_toml(&aliases);
    let extra = im.extra_toml(&aliases);
    let rejected = im.rejected_tsv();
    im.out.files = vec![
        ("actors.toml".to_string(), actors),
        ("extra-aliases.toml".to_string(), extra),
        ("rejected-aliases.tsv".to_string(), rejected),
    ];
    Ok(im.out)
}

impl Ctx {
    /// The curated knowledge the import checks against, and the word lists of the rules.
    fn new(src: &Path, curated: &ActorBase, rules: &ImportRules) -> Ctx {
        let r = &rules.rules;
        let view = curated.curated_view();
        let fold_all =
            |v: &[String]| -> HashSet<String> { v.iter().map(|w| words_key(w)).collect() };
        let mut generic = fold_all(&r.words.generic_words);
        generic.extend(view.common_words.iter().map(|w| words_key(w)));
        for n in rules.country_names.keys() {
            generic.extend(n.split(' ').map(str::to_string));
        }
        let mut agents = HashSet::new();
        if let Ok(text) = read_src(src, PHOENIX_AGENTS_FILE) {
            for line in text.lines() {
                let l = line.trim();
                if l.is_empty() || l.starts_with('#') || l.starts_with('-') {
                    continue;
                }
                let l = l.trim_start_matches('+');
                let head = l.split(['[', '#']).next().unwrap_or("").replace('_', " ");
                let k = words_key(&head);
                if !k.is_empty() {
                    agents.insert(k);
                }
            }
        }
        Ctx {
            curated_keys: view.key_owners,
            curated_ucdp: view.ucdp_owners,
            generic,
            agents,
            stop: r.words.stop_words.iter().map(|w| words_key(w)).collect(),
            reject: fold_all(&r.words.reject_aliases),
            org: r
                .words
                .org_words
                .iter()
                .chain(r.words.ofac_armed_words.iter())
                .chain(view.group_nouns.iter())
                .map(|w| words_key(w))
                .collect(),
            lower: fold_all(&r.words.lower_words),
            min_letters: r.import.min_letters.unwrap_or(3),
            short_max: r.import.short_max_letters.unwrap_or(4),
        }
    }

    /// The noise guard for one alias candidate of `owner`: the accepted alias (with the
    /// countries a single word needs), or the reason it is refused.
    fn admit(&self, country: Option<&String>, c: &Cand) -> Result<Acc, &'static str> {
        let text = c.text.trim().to_string();
        if text.is_empty() || text.contains(['+', '#']) {
            return Err("malformed");
        }
        if letters(&text) < self.min_letters {
            return Err("too short");
        }
        if self.reject.contains(&words_key(&text)) {
            return Err("listed in reject_aliases");
        }
        if c.ofac && self.has_stop(&text) {
            return Err("front-company or institution word");
        }
        if text.contains(',') {
            return Err("a list of names");
        }
        let acronym = !text.contains(' ') && all_caps(&text);
        if c.is_phoenix()
            && !acronym
            && !self
                .org
                .iter()
                .any(|w| contains_phrase(&words_key(&text), w))
        {
            return Err("no organisation word (Phoenix heads include people)");
        }
        if self.is_generic(&text) {
            return Err("generic words only");
        }
        let single = !text.contains([' ', '-']);
        let mut countries = Vec::new();
        if single && letters(&text) <= self.short_max {
            if !all_caps(&text) {
                return Err("short word, not an acronym");
            }
            match country {
                Some(cc) => countries.push(cc.clone()),
                None => return Err("short acronym without a country"),
            }
        } else if single {
            match country {
                Some(cc) => countries.push(cc.clone()),
                None => return Err("single word without a country"),
            }
        }
        Ok(Acc { text, countries })
    }
}

/// Every letter of `s` is a capital.
fn all_caps(s: &str) -> bool {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
}

/// An admitted alias: its text and the countries it needs (single words only).
struct Acc {
    text: String,
    countries: Vec<String>,
}

/// Accepted aliases per owner id: (alias text, countries), in text order.
type Aliases = BTreeMap<String, Vec<(String, Vec<String>)>>;

/// The state of one import run.
struct Import<'a> {
    ctx: Ctx,
    curated: &'a ActorBase,
    rules: &'a ImportRules,
    imps: Vec<Imp>,
    /// Curated id → candidates added to it.
    extras: Extras,
    /// Strong key → destination, for cross-source merging.
    merge_keys: HashMap<String, Dest>,
    ucdp_dest: HashMap<u32, Dest>,
    rejected: BTreeSet<Rejected>,
    out: ImportOutput,
}

/// A CSV file's header, to read a row's cell by column name.
struct Header(Vec<String>);

impl Header {
    fn get(&self, row: &[String], name: &str) -> String {
        self.0
            .iter()
            .position(|h| h.trim() == name)
            .and_then(|i| row.get(i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    }

    /// A comma-separated list of actor ids.
    fn ids(&self, row: &[String], name: &str) -> Vec<u32> {
        self.get(row, name)
            .split(',')
            .filter_map(|x| x.trim().parse::<u32>().ok())
            .collect()
    }
}

/// UCDP's `Org` codes that the import reads: governments (4), party supporters (2)
/// and identity groups (3).
const UCDP_GOVERNMENT: &str = "4";
const UCDP_SUPPORTERS: &str = "2";
const UCDP_IDENTITY: &str = "3";

/// The names of a UCDP actor, in the file's column order, without repeats.
const UCDP_NAME_COLUMNS: [&str; 7] = [
    "NameOrigFullEng",
    "NameData",
    "NameOrig",
    "NameOrigFull",
    "NewNameFullEng",
    "NewName",
    "NewNameFullMotherTongue",
];

/// UCDP's relation flags: (flag column, id column, relation kind).
const UCDP_RELATIONS: [(&str, &str, &str); 3] = [
    ("Splinter", "ActorIdPrev", "split_from"),
    ("Alliance", "ActorIdAlliance", "allied_with"),
    ("JoinGroup", "ActorIdGroup", "affiliate_of"),
];

impl Import<'_> {
    /// UCDP Actor Dataset rows: each actor goes to the curated entry it already is,
    /// or becomes a new `ucdp-N` actor (kept even without aliases, for ids and relations).
    fn read_ucdp(&mut self, text: &str) {
        let rows = parse_csv(text);
        let header = Header(rows.first().cloned().unwrap_or_default());
        for row in rows.iter().skip(1) {
            let Ok(aid) = header.get(row, "ActorId").parse::<u32>() else {
                continue;
            };
            self.out.ucdp_read += 1;
            let (imp, names, org) = self.ucdp_actor(&header, row, aid);
            match self.ucdp_destination(&imp, &names, &org) {
                Some(Dest::Curated(c)) => {
                    let x = self.extras.entry(c.clone()).or_default();
                    x.0.extend(imp.cands);
                    if x.1.is_none() {
                        x.1 = Some(aid);
                    }
                    x.2.extend(imp.sources);
                    self.ucdp_dest.insert(aid, Dest::Curated(c));
                }
                _ => {
                    let i = self.imps.len();
                    for c in &imp.cands {
                        for k in self.ctx.strong_keys(&c.text) {
                            self.merge_keys.entry(k).or_insert(Dest::New(i));
                        }
                    }
                    self.imps.push(imp);
                    self.ucdp_dest.insert(aid, Dest::New(i));
                }
            }
        }
    }

    /// One UCDP row as an actor, with its names and `Org` code.
    fn ucdp_actor(&self, h: &Header, row: &[String], aid: u32) -> (Imp, Vec<String>, String) {
        let rules = self.rules;
        let org = h.get(row, "Org");
        let kind = rules
            .rules
            .ucdp_types
            .get(&org)
            .cloned()
            .unwrap_or_else(|| "rebel_group".to_string());
        let name_data = h.get(row, "NameData");
        let full_eng = h.get(row, "NameOrigFullEng");
        let useful = |s: &str| !s.is_empty() && !s.eq_ignore_ascii_case("n/a");
        let mut names: Vec<String> = Vec::new();
        for c in UCDP_NAME_COLUMNS {
            let v = h.get(row, c);
            if useful(&v) && !names.contains(&v) {
                names.push(v);
            }
        }
        let display = if useful(&full_eng) {
            full_eng
        } else {
            name_data.clone()
        };
        let display = split_alias(&display)
            .into_iter()
            .next()
            .unwrap_or(display.clone());
        // Country: every GW code mapping to one ISO2.
        let ccs: BTreeSet<String> = h
            .get(row, "GWNOLoc")
            .split(',')
            .filter_map(|g| rules.gw.get(g.trim()).cloned())
            .collect();
        let mut country = if ccs.len() == 1 {
            ccs.into_iter().next()
        } else {
            None
        };
        if org == UCDP_GOVERNMENT {
            // A government: its own country from its name.
            let bare = name_data.trim_start_matches("Government of ");
            let n = words_key(bare);
            let n0 = words_key(&split_alias(bare).into_iter().next().unwrap_or_default());
            country = rules
                .country_names
                .get(&n)
                .or_else(|| rules.country_names.get(&n0))
                .cloned()
                .or(country);
        }
        let source = format!("UCDP 221 actor {aid}");
        let linkable = org != UCDP_GOVERNMENT && org != UCDP_SUPPORTERS;
        let mut cands = Vec::new();
        if linkable {
            for n in &names {
                for part in split_alias(n) {
                    cands.push(Cand {
                        text: part,
                        source: source.clone(),
                        ofac: false,
                    });
                }
            }
        }
        let mut rels = BTreeSet::new();
        for (flag, col, kind) in UCDP_RELATIONS {
            if h.get(row, flag) == "1" {
                for t in h.ids(row, col) {
                    rels.insert((kind.to_string(), t));
                }
            }
        }
        rels.retain(|(_, t)| *t != aid);
        let imp = Imp {
            id: format!("ucdp-{aid}"),
            name: display,
            kind,
            country,
            ucdp_id: Some(aid),
            sources: BTreeSet::from([source]),
            linkable,
            identity: org == UCDP_IDENTITY,
            cands,
            ucdp_relations: rels,
        };
        (imp, names, org)
    }

    /// Where a UCDP actor goes: the curated entry with its UCDP id, the curated forces
    /// of its country (a government), the curated entry of a strong full name, or new.
    fn ucdp_destination(&self, imp: &Imp, names: &[String], org: &str) -> Option<Dest> {
        let aid = imp.ucdp_id?;
        if let Some(c) = self.ctx.curated_ucdp.get(&aid) {
            return Some(Dest::Curated(c.clone()));
        }
        if org == UCDP_GOVERNMENT {
            let forces = imp.country.as_ref().and_then(|c| self.curated.forces_of(c));
            // Only when the curated state has no UCDP id of its own.
            return forces
                .filter(|f| f.ucdp_id.is_none() && imp.name.starts_with("Government of "))
                .map(|f| Dest::Curated(f.id.clone()));
        }
        if org == UCDP_SUPPORTERS {
            return None;
        }
        for n in names {
            let mut dest = None;
            for part in split_alias(n) {
                for k in self.ctx.strong_keys(&part) {
                    if let Some(owner) = self.ctx.curated_keys.get(&k).filter(|o| !o.is_empty()) {
                        dest = Some(Dest::Curated(owner.clone()));
                    }
                }
            }
            if dest.is_some() {
                return dest;
            }
        }
        None
    }

    /// The OFAC SDN armed-group subset: entities of a kept program or with an armed
    /// word in their primary name, front companies refused.
    fn read_ofac(&mut self, text: &str) {
        let mut ents: BTreeMap<u64, Vec<(String, String, String)>> = BTreeMap::new();
        let mut order: Vec<u64> = Vec::new();
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            let (Some(n), Some(k), Some(name)) = (f.first(), f.get(1), f.get(2)) else {
                continue;
            };
            let Ok(n) = n.trim().parse::<u64>() else {
                continue;
            };
            let progs = f.get(3).copied().unwrap_or("").to_string();
            if !ents.contains_key(&n) {
                order.push(n);
            }
            ents.entry(n)
                .or_default()
                .push((k.trim().to_string(), name.trim().to_string(), progs));
        }
        for n in order {
            let Some(rows) = ents.get(&n) else { continue };
            self.out.ofac_read += 1;
            if let Some(imp) = self.ofac_entity(n, rows) {
                self.out.ofac_kept += 1;
                self.merge_or_new(imp);
            }
        }
    }

    /// One OFAC entity (its name rows: kind, name, programs), when it is kept.
    fn ofac_entity(&self, n: u64, rows: &[(String, String, String)]) -> Option<Imp> {
        let r = &self.rules.rules;
        let primary = rows.iter().find(|x| x.0 == "primary").or(rows.first())?;
        let progs: Vec<&str> = primary.2.split(';').map(str::trim).collect();
        let pkey = words_key(&primary.1);
        if self.ctx.has_stop(&primary.1) {
            return None;
        }
        let keep_prog = progs
            .iter()
            .any(|p| r.import.ofac_keep_programs.iter().any(|k| k == p));
        let armed = r
            .words
            .ofac_armed_words
            .iter()
            .any(|a| contains_phrase(&pkey, &words_key(a)));
        if !keep_prog && !armed {
            return None;
        }
        let ccs: BTreeSet<String> = progs
            .iter()
            .filter_map(|p| r.ofac_program_country.get(*p).cloned())
            .collect();
        let mut country = if ccs.len() == 1 {
            ccs.into_iter().next()
        } else {
            None
        };
        let mut kind = "rebel_group".to_string();
        for (phrase, cc) in &r.ofac_state_forces {
            if contains_phrase(&pkey, &words_key(phrase)) {
                kind = "state_forces".to_string();
                country = Some(cc.clone());
            }
        }
        let source = format!("OFAC SDN ent {n}");
        let mut cands = Vec::new();
        for (k, name, _) in rows {
            for part in split_alias(name) {
                cands.push(Cand {
                    text: self.title_case(&part),
                    source: format!("{source} {k}"),
                    ofac: true,
                });
            }
        }
        let display = cands
            .first()
            .map(|c| c.text.clone())
            .unwrap_or_else(|| self.title_case(&primary.1));
        Some(Imp {
            id: format!("ofac-{n}"),
            name: display,
            kind,
            country,
            ucdp_id: None,
            sources: BTreeSet::from([source]),
            linkable: true,
            identity: false,
            cands,
            ucdp_relations: BTreeSet::new(),
        })
    }

    /// The Phoenix MilNonState dictionary: each group head and its `+` aliases.
    fn read_phoenix(&mut self, text: &str) {
        let mut ids: HashSet<String> = HashSet::new();
        for (head, code, aliases) in phoenix_groups(text) {
            self.out.phoenix_read += 1;
            let imp = self.phoenix_group(&head, &code, &aliases, &mut ids);
            self.merge_or_new(imp);
        }
    }

    /// One Phoenix group as an actor with a unique `phoenix-…` id.
    fn phoenix_group(
        &self,
        head: &str,
        code: &str,
        aliases: &[String],
        ids: &mut HashSet<String>,
    ) -> Imp {
        let country = code.get(..3).and_then(|c| self.rules.iso3.get(c)).cloned();
        let clean = |s: &str| s.replace('_', " ").trim().to_string();
        let source = format!("Phoenix MilNonState {head}");
        let mut cands = Vec::new();
        for a in std::iter::once(head).chain(aliases.iter().map(String::as_str)) {
            let t = clean(a);
            if t.contains('+') {
                // Two aliases run together in the dictionary: refuse, keep the record.
                cands.push(Cand {
                    text: t,
                    source: source.clone(),
                    ofac: false,
                });
                continue;
            }
            for part in split_alias(&t) {
                cands.push(Cand {
                    text: self.title_case(&part),
                    source: source.clone(),
                    ofac: false,
                });
            }
        }
        let display = cands
            .first()
            .map(|c| c.text.clone())
            .unwrap_or_else(|| clean(head));
        let base_id = format!(
            "phoenix-{}",
            words_key(&clean(head)).replace([' ', '\''], "-")
        )
        .replace("--", "-");
        let mut id = base_id.clone();
        let mut k = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base_id}-{k}");
            k += 1;
        }
        Imp {
            id,
            name: display,
            kind: "rebel_group".to_string(),
            country,
            ucdp_id: None,
            sources: BTreeSet::from([source]),
            linkable: true,
            identity: false,
            cands,
            ucdp_relations: BTreeSet::new(),
        }
    }

    /// Merge a source actor onto a curated or earlier imported one sharing a strong
    /// full name; otherwise add it as new.
    fn merge_or_new(&mut self, imp: Imp) {
        let mut dest: Option<Dest> = None;
        'outer: for c in &imp.cands {
            for k in self.ctx.strong_keys(&c.text) {
                if let Some(owner) = self.ctx.curated_keys.get(&k).filter(|o| !o.is_empty()) {
                    dest = Some(Dest::Curated(owner.clone()));
                    break 'outer;
                }
                if let Some(d) = self.merge_keys.get(&k) {
                    dest = Some(d.clone());
                    break 'outer;
                }
            }
        }
        let i = match dest {
            Some(Dest::Curated(c)) => {
                let x = self.extras.entry(c).or_default();
                x.0.extend(imp.cands);
                x.2.extend(imp.sources);
                return;
            }
            Some(Dest::New(i)) => i,
            None => self.imps.len(),
        };
        for c in &imp.cands {
            for k in self.ctx.strong_keys(&c.text) {
                self.merge_keys.entry(k).or_insert(Dest::New(i));
            }
        }
        match self.imps.get_mut(i) {
            Some(t) => {
                t.cands.extend(imp.cands);
                t.sources.extend(imp.sources);
                if t.country.is_none() {
                    t.country = imp.country;
                }
            }
            None => self.imps.push(imp),
        }
    }

    /// Title-case an all-capitals name from OFAC or Phoenix ("AL-NUSRAH FRONT" →
    /// "al-Nusrah Front"); short vowel-poor parts stay capitals ("TTP", "IRGC").
    fn title_case(&self, s: &str) -> String {
        title_case(s, &self.ctx.lower)
    }

    /// The noise guard over every candidate, then the conflicts: an alias that is a
    /// curated key of another entry, or the alias of two owners, is refused.
    fn admit_aliases(&mut self) -> Aliases {
        let accepted = self.accept_candidates();
        // Conflicts: with curated keys of another entry, and between owners.
        let mut key_owners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (owner, al) in &accepted {
            for text in al.keys() {
                for k in alias_keys(text) {
                    key_owners.entry(k).or_default().insert(owner.clone());
                }
            }
        }
        let mut out: Aliases = BTreeMap::new();
        for (owner, al) in &accepted {
            for (text, countries) in al {
                let mut reason: Option<String> = None;
                let mut dup = false;
                for k in alias_keys(text) {
                    if let Some(o) = self.ctx.curated_keys.get(&k) {
                        if o == owner {
                            dup = true;
                        } else if o.is_empty() {
                            reason = Some("a generic pattern or coreference phrase".to_string());
                        } else {
                            reason = Some(format!("curated alias of {o}"));
                        }
                    }
                    if let Some(os) = key_owners.get(&k).filter(|os| os.len() > 1) {
                        let list: Vec<&str> = os.iter().map(String::as_str).collect();
                        reason = Some(format!("ambiguous: {}", list.join(" ")));
                    }
                }
                if let Some(why) = reason {
                    self.rejected
                        .insert((text.clone(), owner.clone(), "import".to_string(), why));
                } else if !dup {
                    out.entry(owner.clone())
                        .or_default()
                        .push((text.clone(), countries.clone()));
                }
            }
        }
        out
    }

    /// The candidates that pass the noise guard, per owner id and alias text; identity
    /// groups give suffixed names ("Hutu militia"), never the bare name.
    fn accept_candidates(&mut self) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
        let mut accepted: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
        let mut push = |owner: &str, a: Acc| {
            accepted
                .entry(owner.to_string())
                .or_default()
                .entry(a.text)
                .or_insert(a.countries);
        };
        let suffixes = &self.rules.rules.import.identity_suffixes;
        let (ctx, rejected) = (&self.ctx, &mut self.rejected);
        for imp in self.imps.iter().filter(|i| i.linkable) {
            for c in &imp.cands {
                if !imp.identity {
                    if let Some(a) = guard(ctx, rejected, &imp.id, imp.country.as_ref(), c) {
                        push(&imp.id, a);
                    }
                    continue;
                }
                let base = split_alias(&c.text).into_iter().next().unwrap_or_default();
                if ctx.is_generic(&base) || ctx.reject.contains(&words_key(&base)) {
                    rejected.insert((
                        c.text.clone(),
                        imp.id.clone(),
                        c.source.clone(),
                        "generic identity name".to_string(),
                    ));
                    continue;
                }
                for s in suffixes {
                    // Suffixed identity names are never single words: no country needed.
                    let text = format!("{base} {s}").trim().to_string();
                    if letters(&text) >= ctx.min_letters {
                        push(
                            &imp.id,
                            Acc {
                                text,
                                countries: Vec::new(),
                            },
                        );
                    }
                }
            }
        }
        for (cid, (cands, _, _)) in &self.extras {
            let country = self.curated.get(cid).and_then(|e| e.country.clone());
            for c in cands {
                if let Some(a) = guard(ctx, rejected, cid, country.as_ref(), c) {
                    push(cid, a);
                }
            }
        }
        accepted
    }

    /// `actors.toml`: the new actors (every UCDP actor, others only with an alias).
    fn actors_toml(&mut self, aliases: &Aliases) -> String {
        let mut new_actors: Vec<&Imp> = self
            .imps
            .iter()
            .filter(|i| i.ucdp_id.is_some() || aliases.get(&i.id).is_some_and(|v| !v.is_empty()))
            .collect();
        new_actors.sort_by(|a, b| a.id.cmp(&b.id));
        let ids: HashSet<&str> = new_actors.iter().map(|a| a.id.as_str()).collect();
        let mut toml_out = String::new();
        let _ = writeln!(
            toml_out,
            "# GENERATED by `build-actors` (crate sitrep-tools) from ../shared/actor-src: do not edit\n\
             # (edit the curated files or data/actors/import-config/ and rerun the import).\n\
             # Sources: UCDP Actor Dataset 22.1 (CC BY 4.0; Pettersson, Therese (2022) UCDP Actor\n\
             # Dataset Codebook v22.1); OFAC SDN list (US public domain); Phoenix/PETRARCH2\n\
             # MilNonState dictionary (MIT, Copyright (c) 2014 Open Event Data).\n\
             # Schema: see afghanistan-pakistan.toml; link_name = false: the name is not an alias."
        );
        let mut alias_count = 0;
        for imp in &new_actors {
            let own = aliases.get(&imp.id).map(Vec::as_slice).unwrap_or_default();
            let name_key = alias_keys(&imp.name);
            let is_name =
                |(t, c): &&(String, Vec<String>)| c.is_empty() && alias_keys(t) == name_key;
            let name_ok = imp.linkable && !imp.identity && own.iter().any(|a| is_name(&a));
            let _ = writeln!(toml_out, "\n[[actor]]");
            let _ = writeln!(toml_out, "id = {}", q(&imp.id));
            let _ = writeln!(toml_out, "name = {}", q(&imp.name));
            let _ = writeln!(toml_out, "type = {}", q(&imp.kind));
            if let Some(c) = &imp.country {
                let _ = writeln!(toml_out, "country = {}", q(c));
            }
            if !name_ok {
                let _ = writeln!(toml_out, "link_name = false");
            }
            let al: Vec<String> = own
                .iter()
                .filter(|a| !(name_ok && is_name(a)))
                .map(|(t, c)| alias_toml(t, c))
                .collect();
            alias_count += al.len() + usize::from(name_ok);
            if !al.is_empty() {
                let _ = writeln!(toml_out, "aliases = [{}]", al.join(", "));
            }
            let rels = self.relations_of(imp, &ids);
            if !rels.is_empty() {
                let v: Vec<String> = rels
                    .iter()
                    .map(|(k, t)| format!("{{ kind = {}, target = {} }}", q(k), q(t)))
                    .collect();
                let _ = writeln!(toml_out, "relations = [{}]", v.join(", "));
            }
            if let Some(u) = imp.ucdp_id {
                let _ = writeln!(toml_out, "ucdp_id = {u}");
            }
            let srcs: Vec<&str> = imp.sources.iter().map(String::as_str).collect();
            let _ = writeln!(toml_out, "source = {}", q(&srcs.join("; ")));
        }
        self.out.actor_aliases += alias_count;
        self.out.actors = new_actors.len();
        toml_out
    }

    /// An actor's UCDP relations, as (kind, final id) to curated or written actors.
    fn relations_of(&self, imp: &Imp, written: &HashSet<&str>) -> BTreeSet<(String, String)> {
        let dest_id = |d: &Dest| -> Option<String> {
            match d {
                Dest::Curated(c) => Some(c.clone()),
                Dest::New(i) => self.imps.get(*i).map(|x| x.id.clone()),
            }
        };
        let mut rels = BTreeSet::new();
        for (kind, t) in &imp.ucdp_relations {
            if let Some(tid) = self.ucdp_dest.get(t).and_then(dest_id) {
                let exists = tid != imp.id
                    && (self.curated.get(&tid).is_some() || written.contains(tid.as_str()));
                if exists {
                    rels.insert((kind.clone(), tid));
                }
            }
        }
        rels
    }

    /// `extra-aliases.toml`: aliases (and UCDP ids) the sources add to curated entries.
    fn extra_toml(&mut self, aliases: &Aliases) -> String {
        let mut extra_out = String::new();
        let _ = writeln!(
            extra_out,
            "# GENERATED by `build-actors` (crate sitrep-tools): aliases (and UCDP ids) that the\n\
             # sources add to curated entries, keyed by the curated id. Do not edit: curated files win."
        );
        for (cid, (_, ucdp_id, sources)) in &self.extras {
            let own = aliases.get(cid).map(Vec::as_slice).unwrap_or_default();
            let add_ucdp =
                ucdp_id.filter(|_| self.curated.get(cid).is_some_and(|e| e.ucdp_id.is_none()));
            if own.is_empty() && add_ucdp.is_none() {
                continue;
            }
            self.out.extra_entries += 1;
            self.out.extra_aliases += own.len();
            let _ = writeln!(extra_out, "\n[[extra]]");
            let _ = writeln!(extra_out, "id = {}", q(cid));
            if !own.is_empty() {
                let v: Vec<String> = own.iter().map(|(t, c)| alias_toml(t, c)).collect();
                let _ = writeln!(extra_out, "aliases = [{}]", v.join(", "));
            }
            if let Some(u) = add_ucdp {
                let _ = writeln!(extra_out, "ucdp_id = {u}");
            }
            let srcs: Vec<&str> = sources.iter().map(String::as_str).collect();
            let _ = writeln!(
                extra_out,
                "source = {}",
                q(&format!("imported: {}", srcs.join("; ")))
            );
        }
        extra_out
    }

    /// `rejected-aliases.tsv`: every refused alias with its reason.
    fn rejected_tsv(&mut self) -> String {
        let mut rej_out = String::from(
            "# GENERATED by `build-actors` (crate sitrep-tools): aliases refused by the noise guard, with the reason.\n\
             # alias\tactor\tsource\treason\n",
        );
        let clean = |x: &str| x.replace(['\t', '\n'], " ");
        for (a, o, s, why) in &self.rejected {
            let _ = writeln!(
                rej_out,
                "{}\t{}\t{}\t{}",
                clean(a),
                clean(o),
                clean(s),
                clean(why)
            );
        }
        self.out.rejected = self.rejected.len();
        rej_out
    }
}

/// The noise guard for one candidate of `owner`, the refusal recorded with its reason.
fn guard(
    ctx: &Ctx,
    rejected: &mut BTreeSet<Rejected>,
    owner: &str,
    country: Option<&String>,
    c: &Cand,
) -> Option<Acc> {
    match ctx.admit(country, c) {
        Ok(a) => Some(a),
        Err(why) => {
            rejected.insert((
                c.text.trim().to_string(),
                owner.to_string(),
                c.source.clone(),
                why.to_string(),
            ));
            None
        }
    }
}

/// The groups of the Phoenix dictionary: (head, code, `+` aliases). A head is
/// `NAME_ [CODE] # comment`; aliases follow it on `+` lines.
fn phoenix_groups(text: &str) -> Vec<(String, String, Vec<String>)> {
    let mut groups: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut in_group = false;
    for line in text.lines() {
        let l = line.trim_end();
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(alias) = l.strip_prefix('+') {
            if let Some(g) = groups.last_mut().filter(|_| in_group) {
                g.2.push(alias.split('#').next().unwrap_or("").trim().to_string());
            }
            continue;
        }
        let body = l.split('#').next().unwrap_or("");
        match (body.find('['), body.find(']')) {
            (Some(a), Some(b)) if b > a => {
                let name = body.get(..a).unwrap_or("").trim().to_string();
                let code = body.get(a + 1..b).unwrap_or("").trim().to_string();
                in_group = !name.is_empty();
                if in_group {
                    groups.push((name, code, Vec::new()));
                }
            }
            _ => in_group = false,
        }
    }
    groups
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(o, "\\u{:04X}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn alias_toml(text: &str, countries: &[String]) -> String {
    if countries.is_empty() {
        q(text)
    } else {
        let cs: Vec<String> = countries.iter().map(|c| q(c)).collect();
        format!("{{ text = {}, countries = [{}] }}", q(text), cs.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes() {
        let rows = parse_csv("a,\"b, c\",\"d \"\"e\"\"\"\n1,2,3\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], vec!["a", "b, c", "d \"e\""]);
    }

    #[test]
    fn splits_brackets() {
        assert_eq!(
            split_alias("TEHRIK-E TALIBAN PAKISTAN (TTP)"),
            vec!["TEHRIK-E TALIBAN PAKISTAN", "TTP"]
        );
        assert_eq!(split_alias("IZL [Etzel]"), vec!["IZL", "Etzel"]);
        assert!(split_alias("  ").is_empty());
    }

    #[test]
    fn titles() {
        let lower: HashSet<String> = ["al", "of"].iter().map(|w| w.to_string()).collect();
        let title_case = |s: &str| title_case(s, &lower);
        assert_eq!(title_case("AL-NUSRAH FRONT"), "al-Nusrah Front");
        assert_eq!(title_case("TTP"), "TTP");
        assert_eq!(title_case("TTP GROUND FORCES"), "TTP Ground Forces");
        assert_eq!(title_case("FRONT OF THE NORTH"), "Front of The North");
        assert_eq!(title_case("Karen National Union"), "Karen National Union");
    }

    #[test]
    fn toml_strings() {
        assert_eq!(q("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
