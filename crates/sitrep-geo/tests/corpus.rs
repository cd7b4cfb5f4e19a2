/*!
Walks `data/corpus/places.tsv` (sentence → expected place, country, admin1 code,
precision): adding a case is adding one line. Reports every failing line.
*/

use sitrep_core::GeoPrecision;
use sitrep_geo::{Gazetteer, GeoContext};
use sitrep_text::fold_str;

fn precision_name(p: GeoPrecision) -> &'static str {
    match p {
        GeoPrecision::Point => "point",
        GeoPrecision::NearPoint => "near_point",
        GeoPrecision::Admin2 => "admin2",
        GeoPrecision::Admin1 => "admin1",
        GeoPrecision::Country => "country",
        GeoPrecision::Unknown => "unknown",
    }
}

#[test]
fn place_corpus() {
    let Some(gaz) = Gazetteer::shared() else {
        panic!("embedded gazetteer failed to load");
    };
    let corpus = include_str!("../../../data/corpus/places.tsv");
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut countries = std::collections::BTreeSet::new();
    for (n, line) in corpus.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        assert_eq!(c.len(), 5, "line {}: expected 5 columns", n + 1);
        let (sentence, name, cc, a1, prec) = (c[0], c[1], c[2], c[3], c[4]);
        cases += 1;
        let found = gaz.find_places(sentence, &GeoContext::default());
        if name == "-" {
            let places: Vec<_> = found.iter().filter(|m| !m.demonym).collect();
            if !places.is_empty() {
                failures.push(format!(
                    "line {}: {sentence:?}: expected no place, got {:?}",
                    n + 1,
                    places
                        .iter()
                        .map(|m| format!("{} ({})", m.span.text(sentence), m.place.name))
                        .collect::<Vec<_>>()
                ));
            }
            continue;
        }
        countries.insert(cc.to_string());
        let want = fold_str(name);
        let hit = found.iter().find(|m| {
            fold_str(m.span.text(sentence)) == want
                || m.unresolved_name.as_deref().map(fold_str) == Some(want.clone())
        });
        let Some(m) = hit else {
            failures.push(format!(
                "line {}: {sentence:?}: {name:?} not found; got {:?}",
                n + 1,
                found
                    .iter()
                    .map(|m| m.span.text(sentence).to_string())
                    .collect::<Vec<_>>()
            ));
            continue;
        };
        let got_a1 = m.place.admin1_code.as_deref().unwrap_or("-");
        let got_prec = precision_name(m.precision);
        if m.place.country != cc || got_a1 != a1 || got_prec != prec {
            failures.push(format!(
                "line {}: {name:?}: want {cc} {a1} {prec}, got {} {} {} ({} {})",
                n + 1,
                m.place.country,
                got_a1,
                got_prec,
                m.place.name,
                m.place.feature_code
            ));
        }
    }
    assert!(cases >= 100, "corpus has only {cases} cases");
    assert!(
        countries.len() >= 20,
        "corpus covers only {} countries",
        countries.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} place corpus cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
