/*!
What the store knows, read from the plain files in `data/store/`.

Compiled into the binary ([`StoreKnowledge::embedded`]) and replaceable at run time
from a directory laid out like `data/` ([`StoreKnowledge::load_dir`]), so an
analyst changes which types may merge, which actors are generic, the stopwords of
the wording comparison or the ACLED names without recompiling.
*/

use crate::StoreError;
use std::collections::{HashMap, HashSet};
use std::path::Path;

const COMPATIBLE: &str = include_str!("../../../data/store/compatible-types.tsv");
const GENERIC: &str = include_str!("../../../data/store/generic-actors.txt");
const STOPWORDS: &str = include_str!("../../../data/store/stopwords.txt");
const ACLED_SUB: &str = include_str!("../../../data/store/acled-sub-event-types.tsv");
const ACLED_CODES: &str = include_str!("../../../data/store/acled-actor-codes.tsv");
const TARGETS: &str = include_str!("../../../data/store/target-nouns.txt");
const COUNTRIES: &str = include_str!("../../../data/store/country-names.tsv");
const CODES: &str = include_str!("../../../data/store/country-codes.tsv");
const DISORDER: &str = include_str!("../../../data/store/acled-disorder-types.tsv");

/// The store's knowledge.
#[derive(Debug, Clone, Default)]
pub struct StoreKnowledge {
    /// Unordered pairs of compatible event types (both orders stored).
    pub compatible: HashSet<(String, String)>,
    pub generic_actors: HashSet<String>,
    pub stopwords: HashSet<String>,
    pub acled_sub_event_types: HashMap<String, String>,
    pub acled_actor_codes: HashMap<String, u8>,
    /// Word naming what was hit → its class (line number in target-nouns.txt).
    pub target_classes: HashMap<String, usize>,
    /// ISO 3166-1 alpha-2 → country name.
    pub country_names: HashMap<String, String>,
    /// ISO 3166-1 alpha-2 → (alpha-3, numeric code).
    pub country_codes: HashMap<String, (String, u16)>,
    /// sitrep event type → ACLED `disorder_type`.
    pub disorder_types: HashMap<String, String>,
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl StoreKnowledge {
    /// The copy compiled into the binary.
    pub fn embedded() -> StoreKnowledge {
        // The embedded files are part of the build and tested; a malformed line is
        // skipped rather than panicking.
        StoreKnowledge::parse(
            COMPATIBLE,
            GENERIC,
            STOPWORDS,
            ACLED_SUB,
            ACLED_CODES,
            COUNTRIES,
        )
        .map(|mut k| {
            k.add_targets(TARGETS);
            k.add_acled(CODES, DISORDER);
            k
        })
        .unwrap_or_default()
    }

    /// Read `DIR/store/*` (DIR laid out like the repository's `data/`).
    pub fn load_dir(dir: &Path) -> Result<StoreKnowledge, StoreError> {
        let d = dir.join("store");
        let read = |name: &str| {
            let p = d.join(name);
            std::fs::read_to_string(&p)
                .map_err(|e| StoreError::Invalid(format!("cannot read {}: {e}", p.display())))
        };
        let mut k = StoreKnowledge::parse(
            &read("compatible-types.tsv")?,
            &read("generic-actors.txt")?,
            &read("stopwords.txt")?,
            &read("acled-sub-event-types.tsv")?,
            &read("acled-actor-codes.tsv")?,
            &read("country-names.tsv")?,
        )?;
        k.add_targets(&read("target-nouns.txt")?);
        k.add_acled(
            &read("country-codes.tsv")?,
            &read("acled-disorder-types.tsv")?,
        );
        Ok(k)
    }

    /// Country codes and disorder types for the ACLED-style export (a malformed
    /// line is left out: the export then leaves that cell empty).
    fn add_acled(&mut self, codes: &str, disorder: &str) {
        for l in lines(codes) {
            let mut it = l.split('\t').map(str::trim);
            if let (Some(a2), Some(a3), Some(n)) = (it.next(), it.next(), it.next()) {
                if let Ok(n) = n.parse::<u16>() {
                    self.country_codes
                        .insert(a2.to_string(), (a3.to_string(), n));
                }
            }
        }
        for l in lines(disorder) {
            if let Some((t, d)) = l.split_once('\t') {
                self.disorder_types
                    .insert(t.trim().to_string(), d.trim().to_string());
            }
        }
    }

    fn add_targets(&mut self, text: &str) {
        for (i, l) in lines(text).enumerate() {
            for w in l.split_whitespace() {
                self.target_classes
                    .insert(sitrep_text::fold::fold_str(w), i);
            }
        }
    }

    /// The classes of what was hit named among some words.
    pub fn target_classes_of<'a>(
        &self,
        words: impl IntoIterator<Item = &'a String>,
    ) -> std::collections::BTreeSet<usize> {
        words
            .into_iter()
            .filter_map(|w| self.target_classes.get(w).copied())
            .collect()
    }

    fn parse(
        compatible: &str,
        generic: &str,
        stopwords: &str,
        acled_sub: &str,
        acled_codes: &str,
        countries: &str,
    ) -> Result<StoreKnowledge, StoreError> {
        let mut k = StoreKnowledge::default();
        for l in lines(compatible) {
            let mut it = l.split('\t').map(str::trim);
            match (it.next(), it.next()) {
                (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
                    k.compatible.insert((a.to_string(), b.to_string()));
                    k.compatible.insert((b.to_string(), a.to_string()));
                }
                _ => {
                    return Err(StoreError::Invalid(format!(
                        "compatible-types.tsv: expected two columns in {l:?}"
                    )))
                }
            }
        }
        k.generic_actors = lines(generic).map(str::to_string).collect();
        k.stopwords = lines(stopwords)
            .flat_map(str::split_whitespace)
            .map(sitrep_text::fold::fold_str)
            .collect();
        for l in lines(acled_sub) {
            if let Some((code, name)) = l.split_once('\t') {
                k.acled_sub_event_types
                    .insert(code.trim().to_string(), name.trim().to_string());
            } else {
                return Err(StoreError::Invalid(format!(
                    "acled-sub-event-types.tsv: expected two columns in {l:?}"
                )));
            }
        }
        for l in lines(acled_codes) {
            let parsed = l
                .split_once('\t')
                .and_then(|(t, c)| c.trim().parse::<u8>().ok().map(|c| (t.trim(), c)));
            match parsed {
                Some((t, c)) => {
                    k.acled_actor_codes.insert(t.to_string(), c);
                }
                None => {
                    return Err(StoreError::Invalid(format!(
                        "acled-actor-codes.tsv: expected `type<TAB>digit` in {l:?}"
                    )))
                }
            }
        }
        for l in lines(countries) {
            if let Some((code, name)) = l.split_once('\t') {
                k.country_names
                    .insert(code.trim().to_string(), name.trim().to_string());
            }
        }
        Ok(k)
    }

    /// Same type, or a listed alternative.
    pub fn types_compatible(&self, a: &str, b: &str) -> bool {
        a == b || self.compatible.contains(&(a.to_string(), b.to_string()))
    }

    pub fn is_generic_actor(&self, id: &str) -> bool {
        self.generic_actors.contains(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let k = StoreKnowledge::parse(
            COMPATIBLE,
            GENERIC,
            STOPWORDS,
            ACLED_SUB,
            ACLED_CODES,
            COUNTRIES,
        )
        .unwrap();
        assert_eq!(
            k.country_names.get("SO").map(String::as_str),
            Some("Somalia")
        );
        let e = StoreKnowledge::embedded();
        assert_eq!(e.target_classes.get("minibus"), e.target_classes.get("bus"));
        assert_ne!(
            e.target_classes.get("hotel"),
            e.target_classes.get("airport")
        );
        assert!(k.types_compatible("battles", "violence_against_civilians"));
        assert!(k.types_compatible("violence_against_civilians", "battles"));
        assert!(!k.types_compatible("battles", "protests"));
        assert!(k.is_generic_actor("unidentified-armed-group"));
        assert!(k.stopwords.contains("according"));
        assert_eq!(
            k.acled_sub_event_types
                .get("remote_explosive")
                .map(String::as_str),
            Some("Remote explosive/landmine/IED")
        );
        assert_eq!(k.acled_actor_codes.get("civilians"), Some(&7));
        assert_eq!(e.country_codes.get("AF"), Some(&("AFG".to_string(), 4)));
        assert_eq!(
            e.disorder_types.get("protests").map(String::as_str),
            Some("Demonstrations")
        );
    }

    #[test]
    fn load_dir_reads_the_repository_copy() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let k = StoreKnowledge::load_dir(&dir).unwrap();
        assert!(k.is_generic_actor("police"));
    }
}
