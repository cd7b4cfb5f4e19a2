/*!
Geoparsing evaluation on public gold corpora: LGL, GeoWebNews (GWN) and GeoVirus.

The corpora (Gritta et al.'s copies, see `../shared/geoparsing/README.md`) are
*evaluation input only*: nothing here ships their text or derives data from
them. This module reads their XML, runs [`Gazetteer::find_places`] on each
article, and scores the output against the gold toponyms:

* **recognition** — a predicted mention matches a gold toponym when their byte
  spans overlap (one-to-one, greedy by largest overlap); precision over the
  predictions, recall over the gold toponyms. Predictions overlapping an
  annotated span that is not scored (GWN's non-toponym types, gold without
  coordinates) count neither way.
* **resolution**, on the matched pairs (Gritta's convention: geocoding is
  scored on the toponyms both the gold and the system found) — *exact*: the
  same GeoNames id, over gold toponyms that carry one; *acc@161km*: the
  great-circle error is at most 161 km (100 miles), over gold toponyms with
  coordinates; mean and median error in km. When the ids agree the error is 0
  (for admin units and countries sitrep's point is a seat or capital, not
  GeoNames' centroid; the entry is the same).
* **end to end** — the same two accuracies over *all* scored gold toponyms,
  a toponym the system missed counting as wrong.

Formats (char offsets are converted to byte offsets; spans that do not point at
their name are realigned within a few characters, as GeoVirus' are off by one):

* LGL: `<article docid><text>…<toponyms><toponym><start><end><phrase>
  <gaztag geonameid><lat><lon>`;
* GWN: `<article><text>…<toponym><extractedName><type><start><end><geonamesID>
  <latitude><longitude>` — scored: the toponyms with coordinates (the
  geocoding gold of `gwn_full.txt`);
* GeoVirus: `<article><text><locations><location><name><start><end><lat><lon>`
  (no GeoNames ids: exact is not defined).
*/

use crate::error::GeoError;
use crate::gazetteer::Gazetteer;
use crate::GeoContext;
use sitrep_core::haversine_km;
use sitrep_core::{PlaceKind, PlaceMention, Span};
use std::path::Path;

/// A gold corpus format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorpusKind {
    Lgl,
    Gwn,
    GeoVirus,
}

impl CorpusKind {
    /// Short name (`lgl`, `gwn`, `geovirus`).
    pub fn name(self) -> &'static str {
        match self {
            CorpusKind::Lgl => "lgl",
            CorpusKind::Gwn => "gwn",
            CorpusKind::GeoVirus => "geovirus",
        }
    }

    /// The file name of the corpus in `../shared/geoparsing/`.
    pub fn file_name(self) -> &'static str {
        match self {
            CorpusKind::Lgl => "LGL_lgl.xml",
            CorpusKind::Gwn => "GeoWebNews_GWN.xml",
            CorpusKind::GeoVirus => "GeoVirus.xml",
        }
    }

    /// Every corpus kind.
    pub fn all() -> [CorpusKind; 3] {
        [CorpusKind::Lgl, CorpusKind::Gwn, CorpusKind::GeoVirus]
    }

    /// Parse a name as given on a command line.
    pub fn parse(s: &str) -> Option<CorpusKind> {
        match s.to_ascii_lowercase().as_str() {
            "lgl" => Some(CorpusKind::Lgl),
            "gwn" | "geowebnews" => Some(CorpusKind::Gwn),
            "geovirus" | "gv" => Some(CorpusKind::GeoVirus),
            _ => None,
        }
    }
}

/// One gold toponym.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    /// Byte span in the article text.
    pub span: Span,
    /// The name as annotated.
    pub name: String,
    pub geonames_id: Option<u64>,
    /// (lat, lon) in degrees.
    pub point: Option<(f64, f64)>,
    /// Scored (false: annotated but outside the scored set, e.g. GWN's
    /// `Non_Toponym` or a toponym without coordinates).
    pub scored: bool,
}

/// One gold article.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldArticle {
    pub id: String,
    pub text: String,
    pub toponyms: Vec<GoldToponym>,
}

/// A scoring outcome worth showing an analyst.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalCase {
    pub article: String,
    /// The gold name (or the predicted text, for a false positive).
    pub text: String,
    pub gold_id: Option<u64>,
    pub gold_point: Option<(f64, f64)>,
    /// The predicted place: name, GeoNames id, country, feature code.
    pub predicted: Option<(String, Option<u64>, String, String)>,
    pub error_km: Option<f64>,
}

/// Scores of one corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    pub corpus: String,
    pub articles: usize,
    /// Bytes of article text.
    pub bytes: usize,
    /// Scored gold toponyms.
    pub gold: usize,
    /// Predicted mentions that were scored (not overlapping an unscored span).
    pub predicted: usize,
    /// Gold toponyms matched by a prediction.
    pub matched: usize,
    /// Matched gold toponyms carrying a GeoNames id / coordinates.
    pub matched_with_id: usize,
    pub matched_with_point: usize,
    /// Scored gold toponyms carrying a GeoNames id / coordinates.
    pub gold_with_id: usize,
    pub gold_with_point: usize,
    /// Matched toponyms resolved to the gold id / within 161 km.
    pub exact: usize,
    pub within_161: usize,
    /// Error in km of every matched toponym with gold coordinates.
    pub errors_km: Vec<f64>,
    /// Matched toponyms with gold coordinates that sitrep resolved to a
    /// populated place or site (not a country or admin unit, whose point is a
    /// capital or seat), and those of them within 161 km.
    pub point_matched: usize,
    pub point_within_161: usize,
    /// Gold toponyms whose span did not point at their name and were realigned
    /// or left as given.
    pub realigned: usize,
    /// Wrongly resolved matched toponyms (error > 161 km or a different id).
    pub wrong: Vec<EvalCase>,
    /// Gold toponyms no prediction matched.
    pub missed: Vec<EvalCase>,
    /// Predictions matching no gold toponym.
    pub spurious: Vec<EvalCase>,
    /// Wall time of `find_places` over the corpus, seconds.
    pub seconds: f64,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl EvalReport {
    /// Recognition precision.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    /// Recognition recall.
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Exact (same GeoNames id) among matched toponyms with a gold id.
    pub fn exact_rate(&self) -> Option<f64> {
        (self.matched_with_id > 0).then(|| ratio(self.exact, self.matched_with_id))
    }
    /// Within 161 km among matched toponyms with gold coordinates.
    pub fn acc161(&self) -> Option<f64> {
        (self.matched_with_point > 0).then(|| ratio(self.within_161, self.matched_with_point))
    }
    /// Within 161 km among matched toponyms resolved to a populated place or site.
    pub fn acc161_points(&self) -> Option<f64> {
        (self.point_matched > 0).then(|| ratio(self.point_within_161, self.point_matched))
    }
    /// Exact over every scored gold toponym with an id (misses are wrong).
    pub fn exact_end_to_end(&self) -> Option<f64> {
        (self.gold_with_id > 0).then(|| ratio(self.exact, self.gold_with_id))
    }
    /// Within 161 km over every scored gold toponym with coordinates.
    pub fn acc161_end_to_end(&self) -> Option<f64> {
        (self.gold_with_point > 0).then(|| ratio(self.within_161, self.gold_with_point))
    }
    pub fn mean_error_km(&self) -> Option<f64> {
        (!self.errors_km.is_empty())
            .then(|| self.errors_km.iter().sum::<f64>() / self.errors_km.len() as f64)
    }
    pub fn median_error_km(&self) -> Option<f64> {
        let mut v = self.errors_km.clone();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n == 0 {
            None
        } else if n % 2 == 1 {
            v.get(n / 2).copied()
        } else {
            Some(
                (v.get(n / 2 - 1).copied().unwrap_or(0.0) + v.get(n / 2).copied().unwrap_or(0.0))
                    / 2.0,
            )
        }
    }
    /// Throughput of `find_places`, MB (10^6 bytes) per second.
    pub fn mb_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

/// Read a corpus file of the given kind.
pub fn read_corpus(kind: CorpusKind, path: &Path) -> Result<Vec<GoldArticle>, GeoError> {
    let xml = std::fs::read_to_string(path).map_err(|e| GeoError::io(path, e))?;
    Ok(parse_corpus(kind, &xml))
}

/// Parse corpus XML (lenient: malformed articles or toponyms are skipped).
pub fn parse_corpus(kind: CorpusKind, xml: &str) -> Vec<GoldArticle> {
    let mut out = Vec::new();
    for (n, art) in blocks(xml, "article").enumerate() {
        let Some(text) = field(art, "text") else {
            continue;
        };
        let id = match kind {
            CorpusKind::Lgl => open_attr(xml_open_tag(art), "docid"),
            _ => None,
        }
        .unwrap_or_else(|| n.to_string());
        let offsets = char_to_byte(&text);
        let mut toponyms = Vec::new();
        let items: Vec<&str> = match kind {
            CorpusKind::GeoVirus => blocks(art, "location").collect(),
            _ => blocks(art, "toponym").collect(),
        };
        for t in items {
            let num = |tag: &str| field(t, tag).and_then(|v| v.trim().parse::<usize>().ok());
            let (Some(s), Some(e)) = (num("start"), num("end")) else {
                continue;
            };
            let float = |tag: &str| field(t, tag).and_then(|v| v.trim().parse::<f64>().ok());
            let (name, gid, lat, lon, scored_type) = match kind {
                CorpusKind::Lgl => (
                    field(t, "phrase").unwrap_or_default(),
                    attr_of(t, "gaztag", "geonameid").and_then(|v| v.parse().ok()),
                    float("lat"),
                    float("lon"),
                    true,
                ),
                CorpusKind::Gwn => (
                    field(t, "extractedName").unwrap_or_default(),
                    field(t, "geonamesID").and_then(|v| v.trim().parse().ok()),
                    float("latitude"),
                    float("longitude"),
                    true,
                ),
                CorpusKind::GeoVirus => (
                    field(t, "name").unwrap_or_default(),
                    None,
                    float("lat"),
                    float("lon"),
                    true,
                ),
            };
            let point = lat.zip(lon);
            // GWN annotates non-toponyms too; its geocoding gold is the set
            // with coordinates.
            let scored = scored_type && (kind != CorpusKind::Gwn || point.is_some());
            let (span, _) = align(&text, &offsets, s, e, &name);
            toponyms.push(GoldToponym {
                span,
                name,
                geonames_id: gid,
                point,
                scored,
            });
        }
        out.push(GoldArticle { id, text, toponyms });
    }
    out
}

/// Run `find_places` on every article and score it.
pub fn evaluate(gaz: &Gazetteer, corpus: &str, articles: &[GoldArticle]) -> EvalReport {
    let mut rep = EvalReport {
        corpus: corpus.to_string(),
        ..EvalReport::default()
    };
    let ctx = GeoContext::default();
    for a in articles {
        rep.articles += 1;
        rep.bytes += a.text.len();
        let t = std::time::Instant::now();
        let preds = gaz.find_places(&a.text, &ctx);
        rep.seconds += t.elapsed().as_secs_f64();
        score_article(a, &preds, &mut rep);
    }
    rep
}

fn point_of(m: &PlaceMention) -> (f64, f64) {
    (m.place.lat, m.place.lon)
}

fn score_article(a: &GoldArticle, preds: &[PlaceMention], rep: &mut EvalReport) {
    let scored: Vec<&GoldToponym> = a.toponyms.iter().filter(|g| g.scored).collect();
    // Predictions overlapping only unscored annotations are left out.
    let counted: Vec<&PlaceMention> = preds
        .iter()
        .filter(|m| {
            scored.iter().any(|g| g.span.overlaps(m.span))
                || !a
                    .toponyms
                    .iter()
                    .any(|g| !g.scored && g.span.overlaps(m.span))
        })
        .collect();
    rep.predicted += counted.len();
    rep.gold += scored.len();
    let mut used = vec![false; counted.len()];
    for g in &scored {
        if g.geonames_id.is_some() {
            rep.gold_with_id += 1;
        }
        if g.point.is_some() {
            rep.gold_with_point += 1;
        }
        let overlap = |m: &PlaceMention| {
            let s = g.span.start.max(m.span.start);
            let e = g.span.end.min(m.span.end);
            e.saturating_sub(s)
        };
        let best = counted
            .iter()
            .enumerate()
            .filter(|(k, m)| !used.get(*k).copied().unwrap_or(true) && g.span.overlaps(m.span))
            .max_by_key(|(k, m)| (overlap(m), std::cmp::Reverse(*k)))
            .map(|(k, m)| (k, *m));
        let Some((k, m)) = best else {
            rep.missed.push(EvalCase {
                article: a.id.clone(),
                text: g.name.clone(),
                gold_id: g.geonames_id,
                gold_point: g.point,
                predicted: None,
                error_km: None,
            });
            continue;
        };
        if let Some(u) = used.get_mut(k) {
            *u = true;
        }
        rep.matched += 1;
        let same_id = g.geonames_id.is_some() && g.geonames_id == m.place.geonames_id;
        let mut ok = true;
        if g.geonames_id.is_some() {
            rep.matched_with_id += 1;
            if same_id {
                rep.exact += 1;
            } else {
                ok = false;
            }
        }
        let mut err = None;
        if let Some(gp) = g.point {
            rep.matched_with_point += 1;
            let d = if same_id {
                0.0
            } else {
                haversine_km(gp, point_of(m))
            };
            err = Some(d);
            rep.errors_km.push(d);
            let pointlike = matches!(m.place.kind, PlaceKind::Populated | PlaceKind::Site);
            if pointlike {
                rep.point_matched += 1;
                if d <= 161.0 {
                    rep.point_within_161 += 1;
                }
            }
            if d <= 161.0 {
                rep.within_161 += 1;
            } else {
                ok = false;
            }
        }
        if !ok {
            rep.wrong.push(EvalCase {
                article: a.id.clone(),
                text: g.name.clone(),
                gold_id: g.geonames_id,
                gold_point: g.point,
                predicted: Some(describe(m)),
                error_km: err,
            });
        }
    }
    for (k, m) in counted.iter().enumerate() {
        if !used.get(k).copied().unwrap_or(true) {
            rep.spurious.push(EvalCase {
                article: a.id.clone(),
                text: m.span.text(&a.text).to_string(),
                gold_id: None,
                gold_point: None,
                predicted: Some(describe(m)),
                error_km: None,
            });
        }
    }
}

fn describe(m: &PlaceMention) -> (String, Option<u64>, String, String) {
    (
        m.place.name.clone(),
        m.place.geonames_id,
        format!(
            "{}{}",
            m.place.country,
            m.place
                .admin1
                .as_deref()
                .map(|a| format!("/{a}"))
                .unwrap_or_default()
        ),
        m.place.feature_code.clone(),
    )
}

/// Byte offset of every char boundary (index = char offset; one extra at the end).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// Byte span of a gold toponym from char offsets, realigned to the name when
/// the offsets are off by a few characters. Returns the span and whether it
/// had to be moved.
fn align(text: &str, offsets: &[usize], s: usize, e: usize, name: &str) -> (Span, bool) {
    let at = |cs: usize, ce: usize| -> Option<Span> {
        let (bs, be) = (*offsets.get(cs)?, *offsets.get(ce)?);
        (bs <= be).then_some(Span::new(bs, be))
    };
    let fits = |sp: Span| {
        text.get(sp.range())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case(name.trim()))
    };
    if let Some(sp) = at(s, e) {
        if fits(sp) || name.is_empty() {
            return (sp, false);
        }
    }
    let len = e.saturating_sub(s);
    for d in 1..=8usize {
        for cs in [s.checked_sub(d), Some(s + d)].into_iter().flatten() {
            if let Some(sp) = at(cs, cs + len) {
                if fits(sp) {
                    return (sp, true);
                }
            }
        }
    }
    let last = offsets.last().copied().unwrap_or(0);
    let clamp = |c: usize| offsets.get(c).copied().unwrap_or(last);
    (Span::new(clamp(s), clamp(e).max(clamp(s))), true)
}

/// Inner text of every `<tag …>…</tag>` element (not nested in itself).
fn blocks<'a>(s: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut pos = 0usize;
    std::iter::from_fn(move || loop {
        let rest = s.get(pos..)?;
        let open = format!("<{tag}");
        let i = rest.find(&open)?;
        let after = rest.get(i + open.len()..)?;
        let next = after.chars().next()?;
        if next != '>' && next != ' ' && next != '/' {
            pos += i + open.len();
            continue;
        }
        let gt = after.find('>')?;
        let start = pos + i; // keep the opening tag for attributes
        if after.get(..gt).is_some_and(|h| h.ends_with('/')) {
            pos = start + open.len() + gt + 1;
            return s.get(start..pos);
        }
        let close = format!("</{tag}>");
        let j = after.find(&close)?;
        let end = pos + i + open.len() + j;
        pos = end + close.len();
        return s.get(start..end);
    })
}

/// The opening tag at the start of a block (`<article docid="1">`).
fn xml_open_tag(block: &str) -> &str {
    block.find('>').and_then(|i| block.get(..=i)).unwrap_or("")
}

fn open_attr(open_tag: &str, attr: &str) -> Option<String> {
    let pat = format!("{attr}=\"");
    let i = open_tag.find(&pat)?;
    let rest = open_tag.get(i + pat.len()..)?;
    let j = rest.find('"')?;
    rest.get(..j).map(unescape)
}

/// An attribute of the first `<tag>` in `s`.
fn attr_of(s: &str, tag: &str, attr: &str) -> Option<String> {
    let b = blocks(s, tag).next()?;
    open_attr(xml_open_tag(b), attr)
}

/// Text of the first `<tag>` element in `s` (CDATA kept raw, entities decoded).
fn field(s: &str, tag: &str) -> Option<String> {
    let b = blocks(s, tag).next()?;
    let head = xml_open_tag(b);
    if head.ends_with("/>") {
        return Some(String::new());
    }
    let inner = b.get(head.len()..)?;
    let t = inner.trim_start();
    if let Some(c) = t.strip_prefix("<![CDATA[") {
        let end = c.find("]]>").unwrap_or(c.len());
        return c.get(..end).map(str::to_string);
    }
    Some(unescape(inner))
}

/// Decode the XML entities (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#N;` `&#xN;`).
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        let semi = tail.find(';').filter(|&j| j <= 10);
        let ent = semi.and_then(|j| tail.get(1..j));
        let ch = match ent {
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("apos") => Some('\''),
            Some(e) if e.starts_with("#x") || e.starts_with("#X") => e
                .get(2..)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32),
            Some(e) if e.starts_with('#') => e
                .get(1..)
                .and_then(|d| d.parse::<u32>().ok())
                .and_then(char::from_u32),
            _ => None,
        };
        match (ch, semi) {
            (Some(c), Some(j)) => {
                out.push(c);
                rest = tail.get(j + 1..).unwrap_or("");
            }
            _ => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_formats() {
        let lgl = r#"<articles><article docid="7"><title>x</title><text><![CDATA[Rain in Café Town & Paris.]]></text>
<toponyms><toponym><start>8</start><end>17</end><phrase>Café Town</phrase></toponym>
<toponym><start>20</start><end>25</end><phrase>Paris</phrase><gaztag geonameid="2988507"><name>Paris</name><lat>48.85</lat><lon>2.35</lon></gaztag></toponym></toponyms></article></articles>"#;
        let a = parse_corpus(CorpusKind::Lgl, lgl);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].id, "7");
        let t = &a[0].toponyms;
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].span.text(&a[0].text), "Café Town");
        assert_eq!(t[1].span.text(&a[0].text), "Paris");
        assert_eq!(t[1].geonames_id, Some(2988507));
        assert_eq!(t[1].point, Some((48.85, 2.35)));

        let gwn = r#"<articles><article file="0"><text>The French &amp; Paris.</text><toponyms>
<toponym><extractedName>French</extractedName><type>Non_Literal_Modifier</type><start>4</start><end>10</end><geonamesID>3017382</geonamesID><latitude>46</latitude><longitude>2</longitude></toponym>
<toponym><extractedName>lot</extractedName><type>Literal_Expression</type><start>0</start><end>3</end></toponym>
</toponyms></article></articles>"#;
        let a = parse_corpus(CorpusKind::Gwn, gwn);
        assert_eq!(a[0].text, "The French & Paris.");
        assert_eq!(a[0].toponyms.len(), 2);
        assert!(a[0].toponyms[0].scored);
        assert!(!a[0].toponyms[1].scored);

        // GeoVirus offsets are off by one: realigned.
        let gv = r#"<articles><article><source>x</source><text>Cases in Lima rose.</text><locations>
<location><name>Lima</name><start>10</start><end>14</end><lat>-12.04</lat><lon>-77.03</lon></location></locations></article></articles>"#;
        let a = parse_corpus(CorpusKind::GeoVirus, gv);
        assert_eq!(a[0].toponyms[0].span.text(&a[0].text), "Lima");
    }

    #[test]
    fn malformed_input_does_not_panic() {
        for x in [
            "",
            "<article>",
            "<article><text>é</text><toponym><start>99</start><end>1</end></toponym></article>",
            "&#xZZ; &",
        ] {
            let _ = parse_corpus(CorpusKind::Lgl, x);
            let _ = parse_corpus(CorpusKind::Gwn, x);
            let _ = parse_corpus(CorpusKind::GeoVirus, x);
            let _ = unescape(x);
        }
    }
}
