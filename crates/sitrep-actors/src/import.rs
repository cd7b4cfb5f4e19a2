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

use crate::base::{alias_keys, TargetKind};
use crate::{ActorBase, ActorError};
use serde::Deserialize;
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

const LOWER_WORDS: &[&str] = &[
    "of", "the", "and", "in", "for", "al", "el", "e", "i", "ul", "wa", "wal", "de", "du", "des",
    "la", "le", "y", "bin", "ad", "ar", "as", "ash", "at", "az", "fi", "li",
];

/// Title-case an all-capitals name from OFAC or Phoenix ("AL-NUSRAH FRONT" →
/// "al-Nusrah Front"); short vowel-poor parts stay capitals ("TTP", "IRGC").
fn title_case(s: &str) -> String {
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
            if LOWER_WORDS.contains(&lower.as_str())
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

struct Ctx<'a> {
    rules: &'a ImportRules,
    /// Alias key → owner id in the curated base ("" for generic patterns/phrases).
    curated_keys: HashMap<String, String>,
    curated_ucdp: HashMap<u32, String>,
    generic: HashSet<String>,
    agents: HashSet<String>,
    stop: Vec<String>,
    reject: HashSet<String>,
    /// Words that make a Phoenix name an organisation.
    org: Vec<String>,
}

impl Ctx<'_> {
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

/// Run the import: read the sources in `src`, merge onto `curated` (a base loaded
/// without `imported/`), apply `rules`, and return the files of `data/actors/imported/`.
pub fn import_sources(
    src: impl AsRef<Path>,
    curated: &ActorBase,
    rules: &ImportRules,
) -> Result<ImportOutput, ActorError> {
    let src = src.as_ref();
    let r = &rules.rules;
    let min_letters = r.import.min_letters.unwrap_or(3);
    let short_max = r.import.short_max_letters.unwrap_or(4);

    // Curated knowledge.
    let mut curated_keys = HashMap::new();
    for (k, ts) in curated.keys.iter().zip(curated.targets.iter()) {
        let owner = match ts.first().map(|t| &t.kind) {
            Some(TargetKind::Entry(i)) => curated
                .entries
                .get(*i)
                .filter(|e| !e.generic)
                .map(|e| e.id.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        curated_keys.insert(k.clone(), owner);
    }
    let mut curated_ucdp = HashMap::new();
    for e in &curated.entries {
        if let Some(u) = e.ucdp_id {
            curated_ucdp.entry(u).or_insert_with(|| e.id.clone());
        }
    }
    let fold_all = |v: &[String]| -> HashSet<String> { v.iter().map(|w| words_key(w)).collect() };
    let mut generic = fold_all(&r.words.generic_words);
    let st = &curated.settings;
    for set in [
        &st.group_nouns,
        &st.provisional_common_words,
        &st.name_connectors,
        &st.name_determiners,
    ] {
        generic.extend(set.iter().map(|w| words_key(w)));
    }
    generic.extend(curated.country_words.iter().map(|w| words_key(w)));
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
    let ctx = Ctx {
        rules,
        curated_keys,
        curated_ucdp,
        generic,
        agents,
        stop: r.words.stop_words.iter().map(|w| words_key(w)).collect(),
        reject: r
            .words
            .reject_aliases
            .iter()
            .map(|w| words_key(w))
            .collect(),
        org: r
            .words
            .org_words
            .iter()
            .chain(r.words.ofac_armed_words.iter())
            .map(|w| words_key(w))
            .chain(st.group_nouns.iter().map(|w| words_key(w)))
            .collect(),
    };

    let mut imps: Vec<Imp> = Vec::new();
    // Curated id → candidates added to it.
    let mut extras: Extras = BTreeMap::new();
    // Strong key → destination, for cross-source merging.
    let mut merge_keys: HashMap<String, Dest> = HashMap::new();
    let mut ucdp_dest: HashMap<u32, Dest> = HashMap::new();
    let mut out = ImportOutput::default();

    // ---- UCDP ----
    let ucdp = read_src(src, UCDP_FILE)?;
    let rows = parse_csv(&ucdp);
    let header: Vec<String> = rows.first().cloned().unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let get = |row: &Vec<String>, name: &str| -> String {
        col(name)
            .and_then(|i| row.get(i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let ids = |s: String| -> Vec<u32> {
        s.split(',')
            .filter_map(|x| x.trim().parse::<u32>().ok())
            .collect()
    };
    for row in rows.iter().skip(1) {
        let Ok(aid) = get(row, "ActorId").parse::<u32>() else {
            continue;
        };
        out.ucdp_read += 1;
        let org = get(row, "Org");
        let kind = r
            .ucdp_types
            .get(&org)
            .cloned()
            .unwrap_or_else(|| "rebel_group".to_string());
        let name_data = get(row, "NameData");
        let full_eng = get(row, "NameOrigFullEng");
        let useful = |s: &str| !s.is_empty() && !s.eq_ignore_ascii_case("n/a");
        let mut names: Vec<String> = Vec::new();
        for c in [
            "NameOrigFullEng",
            "NameData",
            "NameOrig",
            "NameOrigFull",
            "NewNameFullEng",
            "NewName",
            "NewNameFullMotherTongue",
        ] {
            let v = get(row, c);
            if useful(&v) && !names.contains(&v) {
                names.push(v);
            }
        }
        let display = if useful(&full_eng) {
            full_eng.clone()
        } else {
            name_data.clone()
        };
        let display = split_alias(&display)
            .into_iter()
            .next()
            .unwrap_or(display.clone());
        // Country: every GW code mapping to one ISO2.
        let ccs: BTreeSet<String> = get(row, "GWNOLoc")
            .split(',')
            .filter_map(|g| rules.gw.get(g.trim()).cloned())
            .collect();
        let mut country = if ccs.len() == 1 {
            ccs.into_iter().next()
        } else {
            None
        };
        let source = format!("UCDP 221 actor {aid}");
        if org == "4" {
            // A government: its own country from its name.
            let n = words_key(name_data.trim_start_matches("Government of "));
            let n0 = words_key(
                &split_alias(name_data.trim_start_matches("Government of "))
                    .into_iter()
                    .next()
                    .unwrap_or_default(),
            );
            country = rules
                .country_names
                .get(&n)
                .or_else(|| rules.country_names.get(&n0))
                .cloned()
                .or(country);
        }
        // Destination: curated by UCDP id, curated forces of the country (governments),
        // curated by a strong full name, else new.
        let mut dest = ctx.curated_ucdp.get(&aid).map(|c| Dest::Curated(c.clone()));
        if dest.is_none() && org == "4" {
            if let Some(f) = country.as_ref().and_then(|c| curated.forces_of(c)) {
                // Only when the curated state has no UCDP id of its own.
                if f.ucdp_id.is_none() && display.starts_with("Government of ") {
                    dest = Some(Dest::Curated(f.id.clone()));
                }
            }
        }
        if dest.is_none() && org != "4" && org != "2" {
            for n in &names {
                for part in split_alias(n) {
                    for k in ctx.strong_keys(&part) {
                        if let Some(owner) = ctx.curated_keys.get(&k).filter(|o| !o.is_empty()) {
                            dest = Some(Dest::Curated(owner.clone()));
                        }
                    }
                }
                if dest.is_some() {
                    break;
                }
            }
        }
        let linkable = org != "4" && org != "2";
        let identity = org == "3";
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
        if get(row, "Splinter") == "1" {
            for t in ids(get(row, "ActorIdPrev")) {
                rels.insert(("split_from".to_string(), t));
            }
        }
        if get(row, "Alliance") == "1" {
            for t in ids(get(row, "ActorIdAlliance")) {
                rels.insert(("allied_with".to_string(), t));
            }
        }
        if get(row, "JoinGroup") == "1" {
            for t in ids(get(row, "ActorIdGroup")) {
                rels.insert(("affiliate_of".to_string(), t));
            }
        }
        rels.retain(|(_, t)| *t != aid);
        match dest {
            Some(Dest::Curated(c)) => {
                let x = extras.entry(c.clone()).or_default();
                x.0.extend(cands);
                if x.1.is_none() {
                    x.1 = Some(aid);
                }
                x.2.insert(source);
                ucdp_dest.insert(aid, Dest::Curated(c));
            }
            _ => {
                let i = imps.len();
                for c in &cands {
                    for k in ctx.strong_keys(&c.text) {
                        merge_keys.entry(k).or_insert(Dest::New(i));
                    }
                }
                imps.push(Imp {
                    id: format!("ucdp-{aid}"),
                    name: display,
                    kind,
                    country,
                    ucdp_id: Some(aid),
                    sources: BTreeSet::from([source]),
                    linkable,
                    identity,
                    cands,
                    ucdp_relations: rels,
                });
                ucdp_dest.insert(aid, Dest::New(i));
            }
        }
    }

    // ---- OFAC ----
    let ofac = read_src(src, OFAC_FILE)?;
    let mut ents: BTreeMap<u64, Vec<(String, String, String)>> = BTreeMap::new();
    let mut order: Vec<u64> = Vec::new();
    for line in ofac.lines().skip(1) {
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
    let armed: Vec<String> = r
        .words
        .ofac_armed_words
        .iter()
        .map(|w| words_key(w))
        .collect();
    for n in order {
        let Some(rows) = ents.get(&n) else { continue };
        out.ofac_read += 1;
        let Some(primary) = rows.iter().find(|x| x.0 == "primary").or(rows.first()) else {
            continue;
        };
        let progs: Vec<&str> = primary.2.split(';').map(str::trim).collect();
        let pkey = words_key(&primary.1);
        if ctx.has_stop(&primary.1) {
            continue;
        }
        let keep_prog = progs
            .iter()
            .any(|p| r.import.ofac_keep_programs.iter().any(|k| k == p));
        if !keep_prog && !armed.iter().any(|a| contains_phrase(&pkey, a)) {
            continue;
        }
        out.ofac_kept += 1;
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
                    text: title_case(&part),
                    source: format!("{source} {k}"),
                    ofac: true,
                });
            }
        }
        let display = cands
            .first()
            .map(|c| c.text.clone())
            .unwrap_or_else(|| title_case(&primary.1));
        merge_or_new(
            &ctx,
            &mut imps,
            &mut extras,
            &mut merge_keys,
            Imp {
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
            },
        );
    }

    // ---- Phoenix MilNonState ----
    let phx = read_src(src, PHOENIX_FILE)?;
    let mut groups: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut in_group = false;
    for line in phx.lines() {
        let l = line.trim_end();
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(alias) = l.strip_prefix('+') {
            if in_group {
                if let Some(g) = groups.last_mut() {
                    let a = alias.split('#').next().unwrap_or("").trim();
                    g.2.push(a.to_string());
                }
            }
            continue;
        }
        // A head: NAME_ [CODE] # comment
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
    let mut phx_ids: HashSet<String> = HashSet::new();
    for (head, code, aliases) in groups {
        out.phoenix_read += 1;
        let country = code.get(..3).and_then(|c| rules.iso3.get(c)).cloned();
        let clean = |s: &str| s.replace('_', " ").trim().to_string();
        let source = format!("Phoenix MilNonState {head}");
        let mut cands = Vec::new();
        for a in std::iter::once(&head).chain(aliases.iter()) {
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
                    text: title_case(&part),
                    source: source.clone(),
                    ofac: false,
                });
            }
        }
        let display = cands
            .first()
            .map(|c| c.text.clone())
            .unwrap_or_else(|| clean(&head));
        let mut id = format!(
            "phoenix-{}",
            words_key(&clean(&head)).replace([' ', '\''], "-")
        );
        id = id.replace("--", "-");
        let base_id = id.clone();
        let mut k = 2;
        while !phx_ids.insert(id.clone()) {
            id = format!("{base_id}-{k}");
            k += 1;
        }
        merge_or_new(
            &ctx,
            &mut imps,
            &mut extras,
            &mut merge_keys,
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
            },
        );
    }

    // ---- Alias admission ----
    let suffixes = &r.import.identity_suffixes;
    let mut rejected: BTreeSet<Rejected> = BTreeSet::new();
    // Per destination: accepted (alias text, countries).
    struct Acc {
        text: String,
        countries: Vec<String>,
    }
    let admit = |owner: &str,
                 country: Option<&String>,
                 identity: bool,
                 c: &Cand,
                 rejected: &mut BTreeSet<Rejected>|
     -> Option<Acc> {
        let text = c.text.trim().to_string();
        let mut rej = |why: &str| {
            rejected.insert((
                text.clone(),
                owner.to_string(),
                c.source.clone(),
                why.to_string(),
            ));
            None
        };
        if text.is_empty() || text.contains(['+', '#']) {
            return rej("malformed");
        }
        if letters(&text) < min_letters {
            return rej("too short");
        }
        if ctx.reject.contains(&words_key(&text)) {
            return rej("listed in reject_aliases");
        }
        if c.ofac && ctx.has_stop(&text) {
            return rej("front-company or institution word");
        }
        if text.contains(',') {
            return rej("a list of names");
        }
        let acronym = !text.contains(' ')
            && text
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase());
        if c.is_phoenix()
            && !acronym
            && !ctx
                .org
                .iter()
                .any(|w| contains_phrase(&words_key(&text), w))
        {
            return rej("no organisation word (Phoenix heads include people)");
        }
        if ctx.is_generic(&text) {
            return rej("generic words only");
        }
        let single = !text.contains([' ', '-']);
        let mut countries = Vec::new();
        if single && letters(&text) <= short_max {
            if !text
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase())
            {
                return rej("short word, not an acronym");
            }
            match country {
                Some(cc) => countries.push(cc.clone()),
                None => return rej("short acronym without a country"),
            }
        } else if single {
            match country {
                Some(cc) => countries.push(cc.clone()),
                None => return rej("single word without a country"),
            }
        }
        let _ = identity;
        Some(Acc { text, countries })
    };
    // Accepted aliases per owner id, keyed by text.
    let mut accepted: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let push_acc =
        |owner: &str, a: Acc, acc: &mut BTreeMap<String, BTreeMap<String, Vec<String>>>| {
            acc.entry(owner.to_string())
                .or_default()
                .entry(a.text)
                .or_insert(a.countries);
        };
    for imp in &imps {
        if !imp.linkable {
            continue;
        }
        for c in &imp.cands {
            if imp.identity {
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
                    let cand = Cand {
                        text: format!("{base} {s}"),
                        source: c.source.clone(),
                        ofac: false,
                    };
                    // Suffixed identity names are never single words: no country needed.
                    let t = cand.text.trim().to_string();
                    if letters(&t) >= min_letters {
                        push_acc(
                            &imp.id,
                            Acc {
                                text: t,
                                countries: Vec::new(),
                            },
                            &mut accepted,
                        );
                    }
                }
                continue;
            }
            if let Some(a) = admit(&imp.id, imp.country.as_ref(), false, c, &mut rejected) {
                push_acc(&imp.id, a, &mut accepted);
            }
        }
    }
    for (cid, (cands, _, _)) in &extras {
        let country = curated.get(cid).and_then(|e| e.country.clone());
        for c in cands {
            if let Some(a) = admit(cid, country.as_ref(), false, c, &mut rejected) {
                push_acc(cid, a, &mut accepted);
            }
        }
    }
    // Conflicts: with curated keys of another entry, and between owners.
    let mut key_owners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (owner, al) in &accepted {
        for text in al.keys() {
            for k in alias_keys(text) {
                key_owners.entry(k).or_default().insert(owner.clone());
            }
        }
    }
    let mut final_aliases: BTreeMap<String, Vec<(String, Vec<String>)>> = BTreeMap::new();
    for (owner, al) in &accepted {
        for (text, countries) in al {
            let mut reason: Option<String> = None;
            let mut dup = false;
            for k in alias_keys(text) {
                if let Some(o) = ctx.curated_keys.get(&k) {
                    if o == owner {
                        dup = true;
                    } else if o.is_empty() {
                        reason = Some("a generic pattern or coreference phrase".to_string());
                    } else {
                        reason = Some(format!("curated alias of {o}"));
                    }
                }
                if let Some(os) = key_owners.get(&k) {
                    if os.len() > 1 {
                        let list: Vec<&str> = os.iter().map(String::as_str).collect();
                        reason = Some(format!("ambiguous: {}", list.join(" ")));
                    }
                }
            }
            if let Some(why) = reason {
                rejected.insert((text.clone(), owner.clone(), "import".to_string(), why));
                continue;
            }
            if dup {
                continue;
            }
            final_aliases
                .entry(owner.clone())
                .or_default()
                .push((text.clone(), countries.clone()));
        }
    }

    // ---- Relations (UCDP ids → final ids) ----
    let dest_id = |d: &Dest| -> Option<String> {
        match d {
            Dest::Curated(c) => Some(c.clone()),
            Dest::New(i) => imps.get(*i).map(|x| x.id.clone()),
        }
    };

    // ---- Write actors.toml ----
    let mut new_actors: Vec<&Imp> = imps
        .iter()
        .filter(|i| {
            // UCDP actors are all kept (ids, relations); others only with an alias.
            i.ucdp_id.is_some() || final_aliases.get(&i.id).is_some_and(|v| !v.is_empty())
        })
        .collect();
    new_actors.sort_by(|a, b| a.id.cmp(&b.id));
    let mut toml_out = String::new();
    let _ = writeln!(
        toml_out,
        "# GENERATED by `sitrep actors import` from ../shared/actor-src: do not edit (edit the\n\
         # curated files or data/actors/import-config/ and rerun the import).\n\
         # Sources: UCDP Actor Dataset 22.1 (CC BY 4.0; Pettersson, Therese (2022) UCDP Actor\n\
         # Dataset Codebook v22.1); OFAC SDN list (US public domain); Phoenix/PETRARCH2\n\
         # MilNonState dictionary (MIT, Copyright (c) 2014 Open Event Data).\n\
         # Schema: see afghanistan-pakistan.toml; link_name = false: the name is not an alias."
    );
    for imp in &new_actors {
        let aliases = final_aliases.get(&imp.id).cloned().unwrap_or_default();
        let name_key = alias_keys(&imp.name);
        let name_ok = imp.linkable
            && !imp.identity
            && aliases
                .iter()
                .any(|(t, c)| c.is_empty() && alias_keys(t) == name_key);
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
        let al: Vec<String> = aliases
            .iter()
            .filter(|(t, c)| !(name_ok && c.is_empty() && alias_keys(t) == name_key))
            .map(|(t, c)| alias_toml(t, c))
            .collect();
        out.actor_aliases += al.len() + usize::from(name_ok);
        if !al.is_empty() {
            let _ = writeln!(toml_out, "aliases = [{}]", al.join(", "));
        }
        let mut rels: BTreeSet<(String, String)> = BTreeSet::new();
        for (kind, t) in &imp.ucdp_relations {
            if let Some(tid) = ucdp_dest.get(t).and_then(dest_id) {
                let exists = tid != imp.id
                    && (curated.get(&tid).is_some() || new_actors.iter().any(|a| a.id == tid));
                if exists {
                    rels.insert((kind.clone(), tid));
                }
            }
        }
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
    out.actors = new_actors.len();

    // ---- Write extra-aliases.toml ----
    let mut extra_out = String::new();
    let _ = writeln!(
        extra_out,
        "# GENERATED by `sitrep actors import`: aliases (and UCDP ids) that the sources add to\n\
         # curated entries, keyed by the curated id. Do not edit: curated files win."
    );
    for (cid, (_, ucdp_id, sources)) in &extras {
        let aliases = final_aliases.get(cid).cloned().unwrap_or_default();
        let add_ucdp = ucdp_id.filter(|_| curated.get(cid).is_some_and(|e| e.ucdp_id.is_none()));
        if aliases.is_empty() && add_ucdp.is_none() {
            continue;
        }
        out.extra_entries += 1;
        out.extra_aliases += aliases.len();
        let _ = writeln!(extra_out, "\n[[extra]]");
        let _ = writeln!(extra_out, "id = {}", q(cid));
        if !aliases.is_empty() {
            let v: Vec<String> = aliases.iter().map(|(t, c)| alias_toml(t, c)).collect();
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

    // ---- Write rejected-aliases.tsv ----
    let mut rej_out = String::from(
        "# GENERATED by `sitrep actors import`: aliases refused by the noise guard, with the reason.\n\
         # alias\tactor\tsource\treason\n",
    );
    for (a, o, s, why) in &rejected {
        let clean = |x: &str| x.replace(['\t', '\n'], " ");
        let _ = writeln!(
            rej_out,
            "{}\t{}\t{}\t{}",
            clean(a),
            clean(o),
            clean(s),
            clean(why)
        );
    }
    out.rejected = rejected.len();
    out.files = vec![
        ("actors.toml".to_string(), toml_out),
        ("extra-aliases.toml".to_string(), extra_out),
        ("rejected-aliases.tsv".to_string(), rej_out),
    ];
    Ok(out)
}

/// Merge a source actor onto a curated or earlier imported one sharing a strong full
/// name; otherwise add it as new.
fn merge_or_new(
    ctx: &Ctx,
    imps: &mut Vec<Imp>,
    extras: &mut Extras,
    merge_keys: &mut HashMap<String, Dest>,
    imp: Imp,
) {
    let mut dest: Option<Dest> = None;
    'outer: for c in &imp.cands {
        for k in ctx.strong_keys(&c.text) {
            if let Some(owner) = ctx.curated_keys.get(&k).filter(|o| !o.is_empty()) {
                dest = Some(Dest::Curated(owner.clone()));
                break 'outer;
            }
            if let Some(d) = merge_keys.get(&k) {
                dest = Some(d.clone());
                break 'outer;
            }
        }
    }
    match dest {
        Some(Dest::Curated(c)) => {
            let x = extras.entry(c).or_default();
            x.0.extend(imp.cands);
            x.2.extend(imp.sources);
        }
        Some(Dest::New(i)) => {
            if let Some(t) = imps.get_mut(i) {
                for c in &imp.cands {
                    for k in ctx.strong_keys(&c.text) {
                        merge_keys.entry(k).or_insert(Dest::New(i));
                    }
                }
                t.cands.extend(imp.cands);
                t.sources.extend(imp.sources);
                if t.country.is_none() {
                    t.country = imp.country;
                }
            }
        }
        None => {
            let i = imps.len();
            for c in &imp.cands {
                for k in ctx.strong_keys(&c.text) {
                    merge_keys.entry(k).or_insert(Dest::New(i));
                }
            }
            imps.push(imp);
        }
    }
    let _ = ctx.rules;
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
        assert_eq!(title_case("AL-NUSRAH FRONT"), "al-Nusrah Front");
        assert_eq!(title_case("TTP"), "TTP");
        assert_eq!(title_case("TTP GROUND FORCES"), "TTP Ground Forces");
        assert_eq!(title_case("Karen National Union"), "Karen National Union");
    }

    #[test]
    fn toml_strings() {
        assert_eq!(q("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
