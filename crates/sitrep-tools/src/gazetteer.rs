/*!
The gazetteer builder: GeoNames dump files + curated extras → `places.tsv` and
`names.tsv`.

Inputs (`src`): `countryInfo.txt`, `admin1CodesASCII.txt`, `admin2Codes.txt`,
`cities500.txt.gz` (GeoNames, CC BY 4.0). Inputs kept in the output directory
(`out`, hand-curated): `places-extra.tsv` (sites news names that cities500 lacks),
`aliases-extra.tsv` (extra names of existing entries), `admin-suffixes.txt`
(words stripped from admin names to make aliases: `Benue State` → `Benue`).

`places.tsv`: one `#` header line with the attribution and one with the column
names ([`PLACES_COLUMNS`]), then one place per line; record index = data line
number. A blank `asciiname` means "same as `name`"; a blank `source` means
"GeoNames" (the row of the GeoNames file named by `kind`); a blank `point_source`
means GeoNames' own coordinates. `names` holds the useful Latin-script alternate
names (ASCII-folded, one per distinct key), `|`-separated.

`names.tsv`: `key<TAB>idx,idx…` sorted by key (bytes), where key is
[`sitrep_geo::key::name_key`] of a name and idx a record index; `~idx` marks a key
that comes only from an alternate name of that record (a weaker match).

Output is deterministic: records are written in a fixed order (countries by ISO
code, admin1 by code, admin2 by code, populated places by GeoNames id, extras in
file order), names are sorted, nothing depends on hash order or the clock, so a
rerun gives byte-identical files.

Points: admin units have no coordinates in GeoNames' admin tables, so each gets
the point of its seat: an admin2 the most populous PPLC/PPLA/PPLA2 town with its
codes (else PPLA3, else its largest place, else its admin1's seat); an admin1 its
PPLA/PPLC (else its largest place); a country its PPLC (else its largest place).
The rule used is written in the `point_source` column.
*/

use sitrep_geo::key::{key_variants, name_key, same_word};
use sitrep_geo::GeoError;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::{BufReader, Read};
use std::path::Path;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Attribution line written at the head of every generated file.
pub const ATTRIBUTION: &str = "Contains data from GeoNames (geonames.org), CC BY 4.0";

/// Column names of `places.tsv`, in order.
pub const PLACES_COLUMNS: [&str; 14] = [
    "geonames_id",
    "name",
    "asciiname",
    "kind",
    "feature_code",
    "country",
    "admin1_code",
    "admin2_code",
    "lat",
    "lon",
    "population",
    "point_source",
    "names",
    "source",
];

/// What a build produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    pub countries: usize,
    pub admin1: usize,
    pub admin2: usize,
    pub populated: usize,
    pub extras: usize,
    /// Distinct name keys in `names.tsv`.
    pub keys: usize,
    pub places_bytes: usize,
    pub names_bytes: usize,
    /// How admin2 points were found: `point_source` → count.
    pub admin2_point_sources: BTreeMap<String, usize>,
}

/// One output record.
#[derive(Debug, Clone, Default)]
struct Rec {
    gid: Option<u64>,
    name: String,
    ascii: String,
    kind: &'static str,
    fcode: String,
    cc: String,
    a1: String,
    a2: String,
    lat: f64,
    lon: f64,
    pop: u64,
    point_source: String,
    /// Readable alternate names (ASCII), one per distinct key, each with
    /// `true` when it is a GeoNames alternate name (a weaker match) rather
    /// than a curated or derived name.
    alts: Vec<(String, bool)>,
    source: String,
}

/// A cities500 row, as far as the builder needs it.
#[derive(Debug, Clone)]
struct City {
    gid: u64,
    name: String,
    ascii: String,
    alts: String,
    lat: f64,
    lon: f64,
    fcode: String,
    cc: String,
    a1: String,
    a2: String,
    pop: u64,
}

fn read_text(path: &Path) -> Result<String, GeoError> {
    if !path.exists() {
        return Err(GeoError::Missing(path.to_path_buf()));
    }
    fs::read_to_string(path).map_err(|e| GeoError::io(path, e))
}

/// Fold to ASCII keeping case; `None` when a letter is not Latin.
pub fn ascii_fold_keep_case(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("Ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'đ' | 'ð' => out.push('d'),
            'Đ' | 'Ð' => out.push('D'),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            'ı' => out.push('i'),
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02BB}' | '\u{02BF}' | '\u{02BE}' | '`'
            | '\u{00B4}' => out.push('\''),
            '\u{2010}'..='\u{2015}' => out.push('-'),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut ok = true;
                decompose_canonical(c, |d| {
                    if d.is_ascii() {
                        out.push(d);
                    } else if !is_combining_mark(d) {
                        ok = false;
                    }
                });
                if !ok {
                    return None;
                }
            }
        }
    }
    Some(out)
}

/// Whether an alternate name is worth keeping (Latin script, not a code/URL).
fn useful_alt(alt: &str) -> Option<String> {
    let alt = alt.trim();
    if alt.chars().count() < 3 || alt.len() > 80 {
        return None;
    }
    if alt.contains("http") || alt.contains('/') || alt.contains('@') || alt.contains('(') {
        return None;
    }
    if alt.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    // Codes: short all-capitals strings ("KBL", "AFG").
    if alt.chars().count() <= 5 && alt.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let a = ascii_fold_keep_case(alt)?;
    if !a.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(a)
}

/// Add alternates (readable) to a record, one per key not yet present.
fn add_alts<'a>(rec: &mut Rec, alts: impl Iterator<Item = &'a str>, weak: bool) {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    seen.insert(name_key(&rec.name));
    seen.insert(name_key(&rec.ascii));
    for (a, _) in &rec.alts {
        seen.insert(name_key(a));
    }
    for alt in alts {
        if let Some(a) = useful_alt(alt) {
            let k = name_key(&a);
            if k.len() >= 3 && seen.insert(k) {
                rec.alts.push((a, weak));
            }
        }
    }
}

fn parse_f64(s: &str, file: &str, line: usize) -> Result<f64, GeoError> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| GeoError::format(file, line, format!("bad number {s:?}")))
}

fn read_cities(path: &Path) -> Result<Vec<City>, GeoError> {
    let f = fs::File::open(path).map_err(|e| GeoError::io(path, e))?;
    let mut gz = flate2::read::GzDecoder::new(BufReader::new(f));
    let mut text = String::new();
    gz.read_to_string(&mut text)
        .map_err(|e| GeoError::io(path, e))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 15 {
            continue;
        }
        let col = |i: usize| c.get(i).copied().unwrap_or("");
        let Ok(gid) = col(0).parse::<u64>() else {
            continue;
        };
        out.push(City {
            gid,
            name: col(1).to_string(),
            ascii: col(2).to_string(),
            alts: col(3).to_string(),
            lat: parse_f64(col(4), "cities500.txt", n + 1)?,
            lon: parse_f64(col(5), "cities500.txt", n + 1)?,
            fcode: col(7).to_string(),
            cc: col(8).to_string(),
            a1: col(10).to_string(),
            a2: col(11).to_string(),
            pop: col(14).parse().unwrap_or(0),
        });
    }
    out.sort_by_key(|c| c.gid);
    Ok(out)
}

/// Rank of a candidate admin2 seat: (feature rank, name differs, inverted
/// population, city index); the smallest wins.
type SeatRank = (u8, bool, u64, usize);

/// Seat preference of a feature code for an admin2 point (lower is better).
fn seat_rank(fcode: &str) -> u8 {
    match fcode {
        "PPLC" | "PPLA" | "PPLA2" => 0,
        "PPLA3" => 1,
        _ => 2,
    }
}

/// Strip one admin suffix/prefix word to make an alias.
fn admin_aliases(name: &str, suffixes: &[String], prefixes: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let lower = name.to_lowercase();
    for s in suffixes {
        let pat = format!(" {s}");
        if lower.ends_with(&pat) && lower.len() > pat.len() {
            if let Some(head) = name.get(..name.len() - pat.len()) {
                out.push(head.trim().to_string());
            }
        }
    }
    for p in prefixes {
        let pat = format!("{p} ");
        if lower.starts_with(&pat) && lower.len() > pat.len() {
            if let Some(tail) = name.get(pat.len()..) {
                out.push(tail.trim().to_string());
            }
        }
    }
    out
}

fn fmt_coord(x: f64) -> String {
    let s = format!("{x:.5}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

fn clean_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r', '|'], " ")
}

/// Build the gazetteer from GeoNames files in `src` and curated files in `out`,
/// writing `out/places.tsv` and `out/names.tsv`.
pub fn build(src: &Path, out: &Path) -> Result<BuildReport, GeoError> {
    let mut report = BuildReport::default();
    let affixes = affixes(&read_text(&out.join("admin-suffixes.txt"))?);
    let cities = read_cities(&src.join("cities500.txt.gz"))?;
    let admin2_text = read_text(&src.join("admin2Codes.txt"))?;
    let seats = seats(&cities, &admin2_text);

    let mut recs: Vec<Rec> = Vec::new();
    let countries = countries(&read_text(&src.join("countryInfo.txt"))?, &seats, &cities);
    report.countries = countries.len();
    recs.extend(countries);
    let (a1s, a1_point) = admin1s(
        &read_text(&src.join("admin1CodesASCII.txt"))?,
        &seats,
        &cities,
        &affixes,
    );
    report.admin1 = a1s.len();
    recs.extend(a1s);
    let a2s = admin2s(
        &admin2_text,
        &seats,
        &cities,
        &a1_point,
        &affixes,
        &mut report,
    );
    report.admin2 = a2s.len();
    recs.extend(a2s);
    recs.extend(populated(&cities));
    report.populated = cities.len();

    // Curated extras.
    let extras = read_extras(&out.join("places-extra.tsv"))?;
    report.extras = extras.len();
    recs.extend(extras);

    // Curated aliases of existing entries.
    apply_aliases(&out.join("aliases-extra.tsv"), &mut recs)?;

    // Write places.tsv.
    let mut places = String::with_capacity(recs.len() * 120);
    places.push_str("# sitrep gazetteer places. ");
    places.push_str(ATTRIBUTION);
    places.push_str(". Generated by build-gazetteer; do not edit (edit places-extra.tsv).\n#");
    places.push_str(&PLACES_COLUMNS.join("\t"));
    places.push('\n');
    let mut keys: BTreeMap<String, Vec<(u32, bool)>> = BTreeMap::new();
    for (idx, r) in recs.iter().enumerate() {
        places.push_str(&place_line(r));
        places.push('\n');
        let idx = idx as u32;
        let (primary, alt) = rec_keys(r);
        for k in primary {
            if !k.is_empty() {
                keys.entry(k).or_default().push((idx, false));
            }
        }
        for k in alt {
            if !k.is_empty() {
                keys.entry(k).or_default().push((idx, true));
            }
        }
    }
    let names = names_text(&keys);
    report.keys = keys.len();
    report.places_bytes = places.len();
    report.names_bytes = names.len();
    fs::create_dir_all(out).map_err(|e| GeoError::io(out, e))?;
    let pp = out.join("places.tsv");
    fs::write(&pp, places).map_err(|e| GeoError::io(&pp, e))?;
    let np = out.join("names.tsv");
    fs::write(&np, names).map_err(|e| GeoError::io(&np, e))?;
    Ok(report)
}

/// The words stripped from admin names to make aliases (`admin-suffixes.txt`:
/// `Benue State` → `Benue`): suffixes, and prefixes (lines ending in ` *`).
struct Affixes {
    suffixes: Vec<String>,
    prefixes: Vec<String>,
}

fn affixes(suffix_text: &str) -> Affixes {
    let mut suffixes = Vec::new();
    let mut prefixes = Vec::new();
    for line in suffix_text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(p) = line.strip_suffix(" *") {
            prefixes.push(p.to_lowercase());
        } else {
            suffixes.push(line.trim_start_matches("* ").to_lowercase());
        }
    }
    Affixes { suffixes, prefixes }
}

/// The seat (or largest place) of every admin2, admin1 and country, as
/// ranks of `cities` rows.
struct Seats {
    a2: HashMap<(String, String, String), SeatRank>,
    a1: HashMap<(String, String), (u8, u64, usize)>,
    cc: HashMap<String, (u8, u64, usize)>,
}

/// Rank every city as a seat of its admin2, admin1 and country.
fn seats(cities: &[City], admin2_text: &str) -> Seats {
    let mut best_a2: HashMap<(String, String, String), SeatRank> = HashMap::new();
    let mut best_a1: HashMap<(String, String), (u8, u64, usize)> = HashMap::new();
    let mut best_cc: HashMap<String, (u8, u64, usize)> = HashMap::new();
    let mut a2_names: HashMap<String, String> = HashMap::new();
    for line in admin2_text.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if let (Some(code), Some(ascii)) = (c.first(), c.get(2)) {
            a2_names.insert(code.to_string(), name_key(ascii));
        }
    }
    for (i, c) in cities.iter().enumerate() {
        if !c.a2.is_empty() {
            let code = format!("{}.{}.{}", c.cc, c.a1, c.a2);
            let same = a2_names
                .get(&code)
                .is_some_and(|k| *k == name_key(&c.ascii));
            let cand = (seat_rank(&c.fcode), !same, u64::MAX - c.pop, i);
            let e = best_a2
                .entry((c.cc.clone(), c.a1.clone(), c.a2.clone()))
                .or_insert(cand);
            if cand < *e {
                *e = cand;
            }
        }
        let r1 = match c.fcode.as_str() {
            "PPLA" => 0,
            "PPLC" => 1,
            _ => 2,
        };
        let cand = (r1, u64::MAX - c.pop, i);
        let e = best_a1.entry((c.cc.clone(), c.a1.clone())).or_insert(cand);
        if cand < *e {
            *e = cand;
        }
        let rc = if c.fcode == "PPLC" { 0 } else { 1 };
        let cand = (rc, u64::MAX - c.pop, i);
        let e = best_cc.entry(c.cc.clone()).or_insert(cand);
        if cand < *e {
            *e = cand;
        }
    }
    Seats {
        a2: best_a2,
        a1: best_a1,
        cc: best_cc,
    }
}

/// The country rows of `countryInfo.txt`, by ISO code, each at its capital
/// (else its largest place).
fn countries(ci: &str, seats: &Seats, cities: &[City]) -> Vec<Rec> {
    let mut countries: Vec<Rec> = Vec::new();
    for line in ci.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        let col = |i: usize| c.get(i).copied().unwrap_or("");
        let iso = col(0).to_string();
        if iso.len() != 2 {
            continue;
        }
        let mut r = Rec {
            gid: col(16).parse().ok(),
            name: col(4).to_string(),
            ascii: ascii_fold_keep_case(col(4)).unwrap_or_else(|| col(4).to_string()),
            kind: "country",
            fcode: "PCLI".into(),
            cc: iso.clone(),
            pop: col(7).parse().unwrap_or(0),

            ..Rec::default()
        };
        if let Some(&(rank, _, i)) = seats.cc.get(&iso) {
            if let Some(city) = cities.get(i) {
                r.lat = city.lat;
                r.lon = city.lon;
                r.point_source = if rank == 0 {
                    "capital"
                } else {
                    "largest_place"
                }
                .into();
            }
        } else {
            r.point_source = "none".into();
        }
        countries.push(r);
    }
    countries.sort_by(|a, b| a.cc.cmp(&b.cc));
    countries
}

/// The admin1 rows of `admin1CodesASCII.txt`, by code, each at its seat, and
/// those points by admin1 code (for admin2 units without a seat).
fn admin1s(
    a1_text: &str,
    seats: &Seats,
    cities: &[City],
    affixes: &Affixes,
) -> (Vec<Rec>, HashMap<String, (f64, f64)>) {
    let mut a1s: Vec<Rec> = Vec::new();
    let mut a1_point: HashMap<String, (f64, f64)> = HashMap::new();
    for line in a1_text.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        let col = |i: usize| c.get(i).copied().unwrap_or("");
        let code = col(0);
        let Some((cc, a1)) = code.split_once('.') else {
            continue;
        };
        let mut r = Rec {
            gid: col(3).parse().ok(),
            name: col(1).to_string(),
            ascii: col(2).to_string(),
            kind: "admin1",
            fcode: "ADM1".into(),
            cc: cc.to_string(),
            a1: code.to_string(),

            ..Rec::default()
        };
        if let Some(&(rank, _, i)) = seats.a1.get(&(cc.to_string(), a1.to_string())) {
            if let Some(city) = cities.get(i) {
                r.lat = city.lat;
                r.lon = city.lon;
                r.point_source = if rank <= 1 {
                    "admin1_seat"
                } else {
                    "admin1_largest"
                }
                .into();
                a1_point.insert(code.to_string(), (r.lat, r.lon));
            }
        } else {
            r.point_source = "none".into();
        }
        let al = admin_aliases(&r.ascii, &affixes.suffixes, &affixes.prefixes);
        add_alts(&mut r, al.iter().map(String::as_str), false);
        a1s.push(r);
    }
    a1s.sort_by(|a, b| a.a1.cmp(&b.a1));
    (a1s, a1_point)
}

/// The admin2 rows of `admin2Codes.txt`, by code, each at its seat (else its
/// admin1's), counting the rules used in `report`.
fn admin2s(
    admin2_text: &str,
    seats: &Seats,
    cities: &[City],
    a1_point: &HashMap<String, (f64, f64)>,
    affixes: &Affixes,
    report: &mut BuildReport,
) -> Vec<Rec> {
    let mut a2s: Vec<Rec> = Vec::new();
    for line in admin2_text.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        let col = |i: usize| c.get(i).copied().unwrap_or("");
        let code = col(0);
        let mut parts = code.splitn(3, '.');
        let (Some(cc), Some(a1), Some(a2)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let a1code = format!("{cc}.{a1}");
        let mut r = Rec {
            gid: col(3).parse().ok(),
            name: col(1).to_string(),
            ascii: col(2).to_string(),
            kind: "admin2",
            fcode: "ADM2".into(),
            cc: cc.to_string(),
            a1: a1code.clone(),
            a2: code.to_string(),

            ..Rec::default()
        };
        let key = (cc.to_string(), a1.to_string(), a2.to_string());
        if let Some(&(rank, _, _, i)) = seats.a2.get(&key) {
            if let Some(city) = cities.get(i) {
                r.lat = city.lat;
                r.lon = city.lon;
                r.point_source = match rank {
                    0 => "admin2_seat",
                    1 => "admin3_seat",
                    _ => "admin2_largest",
                }
                .into();
            }
        } else if let Some(&(lat, lon)) = a1_point.get(&a1code) {
            r.lat = lat;
            r.lon = lon;
            r.point_source = "admin1_seat".into();
        } else {
            r.point_source = "none".into();
        }
        *report
            .admin2_point_sources
            .entry(r.point_source.clone())
            .or_insert(0) += 1;
        let al = admin_aliases(&r.ascii, &affixes.suffixes, &affixes.prefixes);
        add_alts(&mut r, al.iter().map(String::as_str), false);
        a2s.push(r);
    }
    a2s.sort_by(|a, b| a.a2.cmp(&b.a2));
    a2s
}

/// The populated places of `cities500`, in file order.
fn populated(cities: &[City]) -> Vec<Rec> {
    let mut recs = Vec::with_capacity(cities.len());
    for c in cities {
        let mut r = Rec {
            gid: Some(c.gid),
            name: c.name.clone(),
            ascii: c.ascii.clone(),
            kind: "populated",
            fcode: c.fcode.clone(),
            cc: c.cc.clone(),
            a1: if c.a1.is_empty() {
                String::new()
            } else {
                format!("{}.{}", c.cc, c.a1)
            },
            a2: if c.a2.is_empty() || c.a1.is_empty() {
                String::new()
            } else {
                format!("{}.{}.{}", c.cc, c.a1, c.a2)
            },
            lat: c.lat,
            lon: c.lon,
            pop: c.pop,
            // Blank point_source and source mean "GeoNames' own point and row".
            ..Rec::default()
        };
        add_alts(&mut r, c.alts.split(','), true);
        recs.push(r);
    }
    recs
}

/// The `places.tsv` line of a record (without its newline).
fn place_line(r: &Rec) -> String {
    let gid = r.gid.map(|g| g.to_string()).unwrap_or_default();
    let fields = [
        gid,
        clean_field(&r.name),
        if r.ascii == r.name {
            String::new()
        } else {
            clean_field(&r.ascii)
        },
        r.kind.to_string(),
        r.fcode.clone(),
        r.cc.clone(),
        r.a1.clone(),
        r.a2.clone(),
        fmt_coord(r.lat),
        fmt_coord(r.lon),
        r.pop.to_string(),
        r.point_source.clone(),
        r.alts
            .iter()
            .map(|(a, _)| clean_field(a))
            .collect::<Vec<_>>()
            .join("|"),
        clean_field(&r.source),
    ];
    fields.join("\t")
}

/// The name keys of a record: (primary, alternate-only), each key once.
fn rec_keys(r: &Rec) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut primary: BTreeSet<String> = BTreeSet::new();
    let mut alt: BTreeSet<String> = BTreeSet::new();
    let own = [name_key(&r.name), name_key(&r.ascii)];
    primary.extend(own.iter().cloned());
    for (a, weak) in &r.alts {
        if !weak {
            primary.insert(name_key(a));
        }
    }
    for (a, _) in &r.alts {
        alt.insert(name_key(a));
    }
    // Transliteration variants of every name (article dropped, final -ah).
    let mut names_all: Vec<&str> = vec![r.name.as_str(), r.ascii.as_str()];
    names_all.extend(r.alts.iter().map(|(a, _)| a.as_str()));
    for n in names_all {
        for v in key_variants(n) {
            alt.insert(v);
        }
    }
    alt.retain(|k| !primary.contains(k) && k.len() >= 3);
    // An alternate that only spells the place's own name another way
    // ("Vinnytsia" for "Vinnytsya", "Mykolaiv" for "Mykolayiv": the same
    // consonants in the same order, and the same first and last letter)
    // is as good as the name itself; a different name ("Francisco" for
    // "Amancio", "Samar" for "Samara") stays a weaker match.
    let ends = |a: &str, b: &str| {
        a.bytes().next() == b.bytes().next() && a.bytes().last() == b.bytes().last()
    };
    let spelled: Vec<String> = alt
        .iter()
        .filter(|k| {
            k.len() >= 5
                && own
                    .iter()
                    .any(|o| o.len() >= 5 && ends(o, k) && same_word(o, k))
        })
        .cloned()
        .collect();
    for k in spelled {
        alt.remove(&k);
        primary.insert(k);
    }
    (primary, alt)
}

/// `names.tsv`: `key<TAB>idx,idx…` sorted by key, `~` before an alternate-only index.
fn names_text(keys: &BTreeMap<String, Vec<(u32, bool)>>) -> String {
    let mut names = String::with_capacity(keys.len() * 20);
    for (k, ids) in keys {
        names.push_str(k);
        names.push('\t');
        for (j, (id, alt)) in ids.iter().enumerate() {
            if j > 0 {
                names.push(',');
            }
            if *alt {
                names.push('~');
            }
            names.push_str(&id.to_string());
        }
        names.push('\n');
    }
    names
}

/// Read `places-extra.tsv`: columns as `places.tsv` (without `point_source`),
/// `names` separated by `|`, last column `source`. `#` lines are comments.
fn read_extras(path: &Path) -> Result<Vec<Rec>, GeoError> {
    let text = read_text(path)?;
    let file = "places-extra.tsv";
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = line.split('\t').map(str::trim).collect();
        if c.len() != 12 {
            return Err(GeoError::format(
                file,
                n + 1,
                format!("expected 12 columns, found {}", c.len()),
            ));
        }
        let col = |i: usize| c.get(i).copied().unwrap_or("");
        let kind: &'static str = match col(3) {
            "populated" => "populated",
            "site" => "site",
            "admin1" => "admin1",
            "admin2" => "admin2",
            k => return Err(GeoError::format(file, n + 1, format!("bad kind {k:?}"))),
        };
        if col(5).len() != 2 {
            return Err(GeoError::format(file, n + 1, "country must be ISO alpha-2"));
        }
        if col(11).is_empty() {
            return Err(GeoError::format(file, n + 1, "source is required"));
        }
        let mut r = Rec {
            gid: col(0).parse().ok(),
            name: col(1).to_string(),
            ascii: ascii_fold_keep_case(col(1)).unwrap_or_else(|| col(1).to_string()),
            kind,
            fcode: col(4).to_string(),
            cc: col(5).to_string(),
            a1: col(6).to_string(),
            a2: col(7).to_string(),
            lat: parse_f64(col(8), file, n + 1)?,
            lon: parse_f64(col(9), file, n + 1)?,
            pop: col(10).parse().unwrap_or(0),
            point_source: "curated".into(),
            source: col(11).to_string(),
            ..Rec::default()
        };
        let alts = col(2);
        add_alts(&mut r, alts.split('|'), false);
        out.push(r);
    }
    Ok(out)
}

/// Apply `aliases-extra.tsv`: `target<TAB>alias|alias<TAB>source`, where target
/// is an ISO country code (`US`), an admin code (`SD.55`, `AF.30.1612`) or a
/// GeoNames id of a populated place.
fn apply_aliases(path: &Path, recs: &mut [Rec]) -> Result<(), GeoError> {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(GeoError::Missing(_)) => return Ok(()),
        Err(e) => return Err(e),
    };
    let file = "aliases-extra.tsv";
    let mut by_target: HashMap<String, usize> = HashMap::new();
    for (i, r) in recs.iter().enumerate() {
        let t = match r.kind {
            "country" => r.cc.clone(),
            "admin1" => r.a1.clone(),
            "admin2" => r.a2.clone(),
            _ => match r.gid {
                Some(g) => g.to_string(),
                None => continue,
            },
        };
        by_target.entry(t).or_insert(i);
    }
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = line.split('\t').map(str::trim).collect();
        if c.len() != 3 || c.get(2).is_none_or(|s| s.is_empty()) {
            return Err(GeoError::format(
                file,
                n + 1,
                "expected target<TAB>aliases<TAB>source",
            ));
        }
        let target = c.first().copied().unwrap_or("");
        let Some(&i) = by_target.get(target) else {
            return Err(GeoError::format(
                file,
                n + 1,
                format!("unknown target {target:?}"),
            ));
        };
        if let Some(r) = recs.get_mut(i) {
            // Curated aliases are kept even when short ("US", "DRC").
            let mut seen: BTreeSet<String> = BTreeSet::new();
            seen.insert(name_key(&r.name));
            seen.insert(name_key(&r.ascii));
            for (a, _) in &r.alts {
                seen.insert(name_key(a));
            }
            for alias in c.get(1).copied().unwrap_or("").split('|') {
                let alias = alias.trim();
                let k = name_key(alias);
                if !k.is_empty() && seen.insert(k.clone()) {
                    let a = ascii_fold_keep_case(alias).unwrap_or_else(|| alias.into());
                    r.alts.push((a, false));
                } else if let Some(slot) = r.alts.iter_mut().find(|(a, _)| name_key(a) == k) {
                    // A curated alias makes a weak GeoNames alternate strong.
                    slot.1 = false;
                }
            }
        }
    }
    Ok(())
}
