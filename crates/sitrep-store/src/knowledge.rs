/*!
What the store knows, read from the plain files in `data/store/`.

Compiled into the binary ([`StoreKnowledge::embedded`]) and replaceable at run time
from a directory laid out like `data/` ([`StoreKnowledge::load_dir`]), so an
analyst changes which types may merge, which actors are generic, the stopwords of
the wording comparison or the ACLED names without recompiling.
*/

use crate::StoreError;
use sitrep_data::{lines, rows, Data, DataError, Embedded};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The store's knowledge files compiled into the binary, named as in `data/store/`.
const EMBEDDED: Embedded = &[
    (
        "compatible-types.tsv",
        include_str!("../../../data/store/compatible-types.tsv"),
    ),
    (
        "generic-actors.txt",
        include_str!("../../../data/store/generic-actors.txt"),
    ),
    (
        "stopwords.txt",
        include_str!("../../../data/store/stopwords.txt"),
    ),
    (
        "acled-sub-event-types.tsv",
        include_str!("../../../data/store/acled-sub-event-types.tsv"),
    ),
    (
        "acled-actor-codes.tsv",
        include_str!("../../../data/store/acled-actor-codes.tsv"),
    ),
    (
        "target-nouns.txt",
        include_str!("../../../data/store/target-nouns.txt"),
    ),
    (
        "country-names.tsv",
        include_str!("../../../data/store/country-names.tsv"),
    ),
    (
        "country-codes.tsv",
        include_str!("../../../data/store/country-codes.tsv"),
    ),
    (
        "acled-disorder-types.tsv",
        include_str!("../../../data/store/acled-disorder-types.tsv"),
    ),
    (
        "ucdp-actor-sides.tsv",
        include_str!("../../../data/store/ucdp-actor-sides.tsv"),
    ),
];

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
    /// Actor type → `state`, `organized`, `civilians` or `none` (UCDP export).
    pub ucdp_sides: HashMap<String, String>,
}

impl From<DataError> for StoreError {
    fn from(e: DataError) -> StoreError {
        StoreError::Invalid(e.to_string())
    }
}

/// The first two columns of a row, both required.
fn pair<'a>(row: &sitrep_data::Row<'a>, what: &str) -> Result<(&'a str, &'a str), DataError> {
    match (row.get(0), row.get(1)) {
        ("", _) | (_, "") => Err(row.error(format!("expected {what}"))),
        (a, b) => Ok((a, b)),
    }
}

impl StoreKnowledge {
    /// The copy compiled into the binary (an error, not empty knowledge, if
    /// a file were malformed: a test guards against it).
    pub fn embedded() -> Result<StoreKnowledge, StoreError> {
        StoreKnowledge::load(&Data::embedded(EMBEDDED))
    }

    /// Read `DIR/store/*` (DIR laid out like the repository's `data/`).
    pub fn load_dir(dir: &Path) -> Result<StoreKnowledge, StoreError> {
        StoreKnowledge::load(&Data::dir(dir.join("store")))
    }

    /// Read the files of `data/store/` from a knowledge source (embedded or a
    /// directory: the same reader).
    pub fn load(data: &Data) -> Result<StoreKnowledge, StoreError> {
        let mut k = StoreKnowledge::parse(
            &data.text("compatible-types.tsv")?,
            &data.text("generic-actors.txt")?,
            &data.text("stopwords.txt")?,
            &data.text("acled-sub-event-types.tsv")?,
            &data.text("acled-actor-codes.tsv")?,
            &data.text("country-names.tsv")?,
        )?;
        k.add_targets(&data.text("target-nouns.txt")?);
        k.add_acled(
            &data.text("country-codes.tsv")?,
            &data.text("acled-disorder-types.tsv")?,
        )?;
        for row in rows("ucdp-actor-sides.tsv", &data.text("ucdp-actor-sides.tsv")?) {
            let (t, side) = pair(&row, "an actor type and its side")?;
            if !["state", "organized", "civilians", "none"].contains(&side) {
                return Err(row
                    .error("the side must be state, organized, civilians or none")
                    .into());
            }
            k.ucdp_sides.insert(t.to_string(), side.to_string());
        }
        Ok(k)
    }

    /// Country codes and disorder types for the ACLED-style export; a malformed
    /// line is an error naming its file and line.
    fn add_acled(&mut self, codes: &str, disorder: &str) -> Result<(), StoreError> {
        for l in lines("country-codes.tsv", codes) {
            let mut it = l.text.split('\t').map(str::trim);
            match (it.next(), it.next(), it.next().map(str::parse::<u16>)) {
                (Some(a2), Some(a3), Some(Ok(n))) => {
                    self.country_codes
                        .insert(a2.to_string(), (a3.to_string(), n));
                }
                _ => return Err(l.error("expected ISO2, ISO3 and a numeric code").into()),
            }
        }
        for l in lines("acled-disorder-types.tsv", disorder) {
            let Some((t, d)) = l.text.split_once('\t') else {
                return Err(l
                    .error("expected an event type and its disorder type")
                    .into());
            };
            self.disorder_types
                .insert(t.trim().to_string(), d.trim().to_string());
        }
        Ok(())
    }

    fn add_targets(&mut self, text: &str) {
        for (i, l) in lines("target-nouns.txt", text).enumerate() {
            for w in l.text.split_whitespace() {
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
    ) -> Result<StoreKnowledge, DataError> {
        let mut k = StoreKnowledge::default();
        for row in rows("compatible-types.tsv", compatible) {
            let (a, b) = pair(&row, "two columns")?;
            k.compatible.insert((a.to_string(), b.to_string()));
            k.compatible.insert((b.to_string(), a.to_string()));
        }
        k.generic_actors = lines("generic-actors.txt", generic)
            .map(|l| l.text.to_string())
            .collect();
        k.stopwords = lines("stopwords.txt", stopwords)
            .flat_map(|l| l.text.split_whitespace())
            .map(sitrep_text::fold::fold_str)
            .collect();
        for row in rows("acled-sub-event-types.tsv", acled_sub) {
            let (code, name) = pair(&row, "two columns")?;
            k.acled_sub_event_types
                .insert(code.to_string(), name.to_string());
        }
        for row in rows("acled-actor-codes.tsv", acled_codes) {
            let (t, c) = pair(&row, "`type<TAB>digit`")?;
            let c = c
                .parse::<u8>()
                .map_err(|_| row.error("expected `type<TAB>digit`"))?;
            k.acled_actor_codes.insert(t.to_string(), c);
        }
        for row in rows("country-names.tsv", countries) {
            let (code, name) = pair(&row, "`ISO2<TAB>name`")?;
            k.country_names.insert(code.to_string(), name.to_string());
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
        let k = StoreKnowledge::embedded().unwrap();
        assert_eq!(
            k.country_names.get("SO").map(String::as_str),
            Some("Somalia")
        );
        let e = &k;
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

    #[test]
    fn a_malformed_row_or_a_missing_file_is_an_error() {
        let e = StoreKnowledge::parse("battles\tprotests\n# c\nbattles\n", "", "", "", "", "")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "compatible-types.tsv:3: expected two columns"
        );
        let e = StoreKnowledge::parse("", "", "", "", "civilians\tseven\n", "").unwrap_err();
        assert!(
            e.to_string().starts_with("acled-actor-codes.tsv:1: "),
            "{e}"
        );
        let e = StoreKnowledge::load_dir(Path::new("/nonexistent/data")).unwrap_err();
        assert!(e.to_string().contains("compatible-types.tsv"), "{e}");
    }
}
