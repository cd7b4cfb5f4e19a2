/*!
The gazetteer's prepared image: every index the look-ups need over `places.tsv`
and `names.tsv`, worked out once and written as one flat byte string.

The build script (`crates/sitrep-geo/build.rs`, which includes this file with
`#[path]`, so it depends on `std` and `memchr` only) writes the image of the
embedded data to `OUT_DIR`; the binary embeds it and reads it in place, so
start-up parses nothing. A gazetteer read from a directory at run time gets its
image from the same [`build`], so both paths give one structure (a test checks
that the embedded image is what [`build`] makes of the embedded files).

Layout: every number is little-endian (read byte-wise: no alignment, the same
image on every host). A header of [`HEADER_WORDS`] `u32`s (magic, version, the
counts), then, in this order:

* `lines`: per record, the byte offset of its line in `places.tsv`;
* `rows`: per record, the record indices of its country, admin1 and admin2
  rows (`u32::MAX` when none), as the code maps of the text give them;
* `name_lines`: per index line of `names.tsv` (sorted by key), the byte
  offset of the line and the length of its key;
* `name_heads`: per index line, the first 8 bytes of its key as a big-endian
  number, zero-padded (a `u64`, stored little-endian) — see [`head`];
* `tops`: the head of every [`TOP_STEP`]th index line (lines 0, 64, …): a
  table of 64 kB, which stays in cache, that narrows a search to one block of
  64 heads before the heads themselves (4 MB) are read;
* `prefix`: 65,537 `u32`s, or none when the keys are not in byte order — see
  [`prefix_table`];
* three code tables (country, admin1, admin2), each sorted by code: per code,
  its offset and length in the arena and its row;
* the arena: the codes' bytes.
*/

use std::collections::HashMap;

/// First word of an image: `SRGZ`.
pub(crate) const MAGIC: u32 = u32::from_le_bytes(*b"SRGZ");
/// Image format version (bump on any layout change).
pub(crate) const VERSION: u32 = 2;
/// Header words: magic, version, then the seven counts of [`Layout`].
pub(crate) const HEADER_WORDS: usize = 9;
/// Entries of a prefix table: one per two-byte prefix, plus the end.
pub(crate) const PREFIX_LEN: usize = 256 * 256 + 1;
/// No such row.
pub(crate) const NONE: u32 = u32::MAX;
/// Index lines per entry of the `tops` section (see the module docs).
pub(crate) const TOP_STEP: usize = 64;

/// A malformed line met while preparing (`file`, 1-based `line`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PrepError {
    pub(crate) file: &'static str,
    pub(crate) line: usize,
    pub(crate) msg: &'static str,
}

/// The kind column of `places.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Country,
    Admin1,
    Admin2,
    Populated,
    Site,
}

impl Kind {
    pub(crate) fn parse(s: &str) -> Option<Kind> {
        match s {
            "country" => Some(Kind::Country),
            "admin1" => Some(Kind::Admin1),
            "admin2" => Some(Kind::Admin2),
            "populated" => Some(Kind::Populated),
            "site" => Some(Kind::Site),
            _ => None,
        }
    }
}

/// The first 11 fields of a `places.tsv` line.
pub(crate) struct Fields<'a> {
    pub(crate) gid: &'a str,
    pub(crate) name: &'a str,
    pub(crate) kind: &'a str,
    pub(crate) fcode: &'a str,
    pub(crate) cc: &'a str,
    pub(crate) a1: &'a str,
    pub(crate) a2: &'a str,
    pub(crate) lat: &'a str,
    pub(crate) lon: &'a str,
    pub(crate) pop: &'a str,
}

/// Field `n` (from 0) of a tab-separated line, "" when the line is shorter: the
/// same as `line.split('\t').nth(n)`, its tabs found by `memchr`.
pub(crate) fn field(line: &str, n: usize) -> &str {
    let mut start = 0;
    let mut k = 0;
    for i in memchr::memchr_iter(b'\t', line.as_bytes()) {
        if k == n {
            return line.get(start..i).unwrap_or("");
        }
        k += 1;
        start = i + 1;
    }
    if k == n {
        line.get(start..).unwrap_or("")
    } else {
        ""
    }
}

/// The same as taking the first 11 items of `line.split('\t')` ("" for
/// missing ones), its tabs found by one `memchr` scan.
pub(crate) fn fields(line: &str) -> Fields<'_> {
    let mut cols = [""; 11];
    let mut k = 0;
    let mut start = 0;
    for i in memchr::memchr_iter(b'\t', line.as_bytes()) {
        if let Some(c) = cols.get_mut(k) {
            *c = line.get(start..i).unwrap_or("");
        }
        k += 1;
        start = i + 1;
        if k == cols.len() {
            break;
        }
    }
    if let Some(c) = cols.get_mut(k) {
        *c = line.get(start..).unwrap_or("");
    }
    let [gid, name, _ascii, kind, fcode, cc, a1, a2, lat, lon, pop] = cols;
    Fields {
        gid,
        name,
        kind,
        fcode,
        cc,
        a1,
        a2,
        lat,
        lon,
        pop,
    }
}

/// The lines of `text` with their byte offsets, each with its `\n` (the last
/// without one when the text does not end in a newline), as
/// `str::split_inclusive('\n')` gives them; the newlines are found by one
/// vectorised scan of the whole text.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
    let ends = ends.chain((!text.is_empty() && !text.ends_with('\n')).then_some(text.len()));
    let mut start = 0usize;
    ends.map(move |end| {
        let line = (start, text.get(start..end).unwrap_or(""));
        start = end;
        line
    })
}

/// True when the line is only white space (`trim().is_empty()`, with a quick
/// answer for the usual line that opens with a letter or digit).
pub(crate) fn blank(line: &str) -> bool {
    !line
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
        && line.trim().is_empty()
}

/// The first 8 bytes of `key` as a big-endian number, zero-padded. When two heads
/// differ they order as the keys do: a difference at some byte is either a real
/// difference or a real byte (never below zero) against the padding of a shorter key.
pub(crate) fn head(key: &[u8]) -> u64 {
    let mut h = [0u8; 8];
    for (d, s) in h.iter_mut().zip(key) {
        *d = *s;
    }
    u64::from_be_bytes(h)
}

/// The two-byte prefix table of a sorted name index: for each prefix
/// `256 * a + b`, the first index line whose key is at or above it, then the
/// number of lines; empty when the keys are not in byte order.
pub(crate) fn prefix_table(names: &str, name_lines: &[(u32, u32)]) -> Vec<u32> {
    let key = |&(start, len): &(u32, u32)| -> &[u8] {
        names
            .as_bytes()
            .get(start as usize..start as usize + len as usize)
            .unwrap_or(&[])
    };
    let sorted = name_lines.windows(2).all(|w| match w {
        [x, y] => key(x) <= key(y),
        _ => true,
    });
    if !sorted {
        return Vec::new();
    }
    let mut table = Vec::with_capacity(PREFIX_LEN);
    let mut line = 0usize;
    for p in 0..256 * 256usize {
        let prefix = [(p / 256) as u8, (p % 256) as u8];
        while name_lines.get(line).is_some_and(|l| key(l) < &prefix[..]) {
            line += 1;
        }
        table.push(line as u32);
    }
    table.push(name_lines.len() as u32);
    table
}

/// Where each section of an image starts (byte offsets) and how many items
/// it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) records: usize,
    pub(crate) keys: usize,
    pub(crate) prefix_len: usize,
    /// Entries of the country, admin1 and admin2 code tables.
    pub(crate) codes: [usize; 3],
    pub(crate) arena_len: usize,
    pub(crate) lines: usize,
    pub(crate) rows: usize,
    pub(crate) name_lines: usize,
    pub(crate) heads: usize,
    /// The `tops` section: `keys.div_ceil(TOP_STEP)` heads.
    pub(crate) tops: usize,
    pub(crate) prefix: usize,
    /// Starts of the country, admin1 and admin2 code tables.
    pub(crate) tables: [usize; 3],
    pub(crate) arena: usize,
    pub(crate) end: usize,
}

impl Layout {
    /// The layout of an image with these counts (records, keys, prefix
    /// entries, country/admin1/admin2 codes, arena bytes).
    fn new(counts: [usize; 7]) -> Layout {
        let [records, keys, prefix_len, c0, c1, c2, arena_len] = counts;
        let lines = 4 * HEADER_WORDS;
        let rows = lines + 4 * records;
        let name_lines = rows + 12 * records;
        let heads = name_lines + 8 * keys;
        let tops = heads + 8 * keys;
        let prefix = tops + 8 * keys.div_ceil(TOP_STEP);
        let t0 = prefix + 4 * prefix_len;
        let t1 = t0 + 12 * c0;
        let t2 = t1 + 12 * c1;
        let arena = t2 + 12 * c2;
        Layout {
            records,
            keys,
            prefix_len,
            codes: [c0, c1, c2],
            arena_len,
            lines,
            rows,
            name_lines,
            heads,
            tops,
            prefix,
            tables: [t0, t1, t2],
            arena,
            end: arena + arena_len,
        }
    }

    /// The layout an image's header describes; `None` when the bytes are not
    /// an image of this version or are too short for what the header says.
    pub(crate) fn read(image: &[u8]) -> Option<Layout> {
        let mut words = [0usize; HEADER_WORDS];
        for (k, w) in words.iter_mut().enumerate() {
            *w = u32_at(image, 4 * k)? as usize;
        }
        let [magic, version, counts @ ..] = words;
        if magic != MAGIC as usize || version != VERSION as usize {
            return None;
        }
        let layout = Layout::new(counts);
        let prefix_ok = layout.prefix_len == 0 || layout.prefix_len == PREFIX_LEN;
        (prefix_ok && layout.end == image.len()).then_some(layout)
    }
}

/// The little-endian `u32` at byte `at`.
pub(crate) fn u32_at(image: &[u8], at: usize) -> Option<u32> {
    let b = image.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(b.try_into().ok()?))
}

/// The little-endian `u64` at byte `at`.
pub(crate) fn u64_at(image: &[u8], at: usize) -> Option<u64> {
    let b = image.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(b.try_into().ok()?))
}

/// The record line offsets and the country, admin1 and admin2 code maps of
/// `places.tsv` (a later row of a code replaces an earlier one).
type PlaceScan<'a> = (Vec<u32>, [HashMap<&'a str, u32>; 3]);

/// Find the records of `places.tsv` and read its country and admin rows.
fn scan_places(places: &str) -> Result<PlaceScan<'_>, PrepError> {
    let bad = |line, msg| PrepError {
        file: "places.tsv",
        line,
        msg,
    };
    if places.len() > u32::MAX as usize {
        return Err(bad(0, "file too large"));
    }
    let mut lines = Vec::with_capacity(places.len() / 90);
    let mut maps: [HashMap<&str, u32>; 3] = Default::default();
    // The kinds whose rows need no code map (searchers built once: a
    // `str::contains` per line would build its searcher 250,000 times).
    let populated = memchr::memmem::Finder::new(b"\tpopulated\t");
    let site = memchr::memmem::Finder::new(b"\tsite\t");
    for (n, (start, line)) in split_lines(places).enumerate() {
        if line.starts_with('#') || blank(line) {
            continue;
        }
        let idx = lines.len() as u32;
        lines.push(start as u32);
        let head = line.as_bytes().get(..line.len().min(64)).unwrap_or(&[]);
        if populated.find(head).is_some() || site.find(head).is_some() {
            continue;
        }
        let f = fields(line.trim_end_matches('\n'));
        let (slot, code) = match Kind::parse(f.kind) {
            Some(Kind::Country) => (0, f.cc),
            Some(Kind::Admin1) => (1, f.a1),
            Some(Kind::Admin2) => (2, f.a2),
            Some(_) => continue,
            None => return Err(bad(n + 1, "bad kind")),
        };
        if let Some(m) = maps.get_mut(slot) {
            m.insert(code, idx);
        }
    }
    Ok((lines, maps))
}

/// Byte offset and key length of each line of `names.tsv`.
fn scan_names(names: &str) -> Result<Vec<(u32, u32)>, PrepError> {
    if names.len() > u32::MAX as usize {
        return Err(PrepError {
            file: "names.tsv",
            line: 0,
            msg: "file too large",
        });
    }
    let mut name_lines = Vec::with_capacity(names.len() / 18);
    for (pos, line) in split_lines(names) {
        if !blank(line) {
            let klen = memchr::memchr(b'\t', line.as_bytes()).unwrap_or(line.trim_end().len());
            name_lines.push((pos as u32, klen as u32));
        }
    }
    Ok(name_lines)
}

/// The image of a gazetteer: `places.tsv` and `names.tsv` as text.
pub(crate) fn build(places: &str, names: &str) -> Result<Vec<u8>, PrepError> {
    let (lines, maps) = scan_places(places)?;
    let name_lines = scan_names(names)?;
    let prefix = prefix_table(names, &name_lines);
    let [countries, admin1, admin2] = &maps;
    let row = |m: &HashMap<&str, u32>, code: &str| m.get(code).copied().unwrap_or(NONE);
    let mut rows = Vec::with_capacity(3 * lines.len());
    for &start in &lines {
        let line = places.get(start as usize..).unwrap_or("");
        let f = fields(line.split('\n').next().unwrap_or(""));
        let coded = |m, code: &str| if code.is_empty() { NONE } else { row(m, code) };
        rows.extend([
            row(countries, f.cc),
            coded(admin1, f.a1),
            coded(admin2, f.a2),
        ]);
    }
    let mut tables: Vec<Vec<(&str, u32)>> = maps
        .iter()
        .map(|m| m.iter().map(|(&c, &r)| (c, r)).collect())
        .collect();
    for t in &mut tables {
        t.sort_unstable();
    }
    let arena_len: usize = tables.iter().flatten().map(|(c, _)| c.len()).sum();
    let count = |k: usize| tables.get(k).map_or(0, Vec::len);
    let layout = Layout::new([
        lines.len(),
        name_lines.len(),
        prefix.len(),
        count(0),
        count(1),
        count(2),
        arena_len,
    ]);
    let mut out = Vec::with_capacity(layout.end);
    let mut put = |w: usize| out.extend_from_slice(&(w as u32).to_le_bytes());
    for w in [
        MAGIC as usize,
        VERSION as usize,
        lines.len(),
        name_lines.len(),
    ] {
        put(w);
    }
    for w in [prefix.len(), count(0), count(1), count(2), arena_len] {
        put(w);
    }
    let words = lines.iter().chain(&rows);
    let words = words.chain(name_lines.iter().flat_map(|(s, l)| [s, l]));
    out.extend(words.flat_map(|w| w.to_le_bytes()));
    let key = |&(s, l): &(u32, u32)| names.as_bytes().get(s as usize..s as usize + l as usize);
    let heads = name_lines.iter().map(|k| head(key(k).unwrap_or(&[])));
    out.extend(heads.flat_map(u64::to_le_bytes));
    let tops = name_lines.iter().step_by(TOP_STEP);
    let tops = tops.map(|k| head(key(k).unwrap_or(&[])));
    out.extend(tops.flat_map(u64::to_le_bytes));
    out.extend(prefix.iter().flat_map(|w| w.to_le_bytes()));
    let mut at = 0u32;
    for (code, row) in tables.iter().flatten() {
        out.extend(
            [at, code.len() as u32, *row]
                .iter()
                .flat_map(|w| w.to_le_bytes()),
        );
        at += code.len() as u32;
    }
    out.extend(tables.iter().flatten().flat_map(|(c, _)| c.bytes()));
    debug_assert_eq!(out.len(), layout.end);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `split_lines` cuts lines as `split_inclusive` does.
    #[test]
    fn split_lines_agrees_with_split_inclusive() {
        for text in [
            "", "a", "a\n", "\n", "\n\n", "ab\ncd", "ab\ncd\n", "é\n\nü", "x\r\ny\n",
        ] {
            let mut pos = 0;
            let want: Vec<(usize, &str)> = text
                .split_inclusive('\n')
                .map(|l| {
                    pos += l.len();
                    (pos - l.len(), l)
                })
                .collect();
            assert_eq!(split_lines(text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }

    /// `fields` reads the columns `split('\t')` gives.
    #[test]
    fn fields_agree_with_split() {
        for line in [
            "",
            "a",
            "1\tKabul\tKabul\tpopulated\tPPLC\tAF\tAF.13\t\t34.5\t69.2\t4434550",
            "1\tx\t\t\t\t\t\t\t\t\t5\textra\tmore",
            "\t\t\t",
            "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t",
        ] {
            let f = fields(line);
            let mut c = line.split('\t');
            let mut col = || c.next().unwrap_or("");
            let want: Vec<&str> = (0..11).map(|_| col()).collect();
            let got = vec![
                f.gid, f.name, want[2], f.kind, f.fcode, f.cc, f.a1, f.a2, f.lat, f.lon, f.pop,
            ];
            assert_eq!(got, want, "{line:?}");
        }
    }

    /// `field(line, n)` is `line.split('\t').nth(n)` ("" past the last), on
    /// short lines and on lines longer than a vector of `memchr`'s.
    #[test]
    fn field_agrees_with_split() {
        let long = format!("{}\t\t{}\tz", "a".repeat(70), "é".repeat(40));
        for line in [
            "",
            "a",
            "\t",
            "\t\t\t",
            "1\tKabul\tKabul\tpopulated\tPPLC\tAF\tAF.13\t\t34.5\t69.2\t4434550",
            "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t",
            long.as_str(),
        ] {
            for n in 0..14 {
                let want = line.split('\t').nth(n).unwrap_or("");
                assert_eq!(field(line, n), want, "{line:?} {n}");
            }
        }
    }
}
