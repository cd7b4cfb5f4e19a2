/*!
Single words that decide how sentence analysis reads a sentence, from
`data/lexicons/sentence-words.tsv` (one `word<TAB>class` row each; the file's
header says what each class does). An unknown class is an error with its
`file:line`.
*/

use crate::lexicon::{col, err, rows, LexiconError};

/// The words of `sentence-words.tsv`, by class (a handful each: a scan of a
/// short list is as fast as a set; the long lists of words of games, crime
/// and disasters are also kept in one set, read for every word of a sentence).
#[derive(Debug, Clone, Default)]
pub struct SentenceWords {
    pub claim_verbs: Vec<String>,
    pub claim_statements: Vec<String>,
    pub own_pronouns: Vec<String>,
    pub not_victim_words: Vec<String>,
    pub infinitives: Vec<String>,
    pub counterfactuals: Vec<String>,
    pub sport_words: Vec<String>,
    pub private_crime_words: Vec<String>,
    pub comparisons: Vec<String>,
    pub similar: Vec<String>,
    pub not_site_lists: Vec<String>,
    pub disaster_words: Vec<String>,
    pub claim_negators: Vec<String>,
    pub passives: Vec<String>,
    pub topics: Vec<String>,
    pub attributives: Vec<String>,
    pub participle_suffixes: Vec<String>,
    pub previous: Vec<String>,
    pub articles: Vec<String>,
    pub relative_pronouns: Vec<String>,
    pub list_joins: Vec<String>,
    pub name_particles: Vec<String>,
    pub governing: Vec<String>,
    pub knowing: Vec<String>,
    pub postmodifiers: Vec<String>,
    pub captives: Vec<String>,
    pub not_territory: Vec<String>,
    pub territory: Vec<String>,
    pub object_ends: Vec<String>,
    pub place_nouns: Vec<String>,
    pub protest_deeds: Vec<String>,
    pub goods: Vec<String>,
    pub arms: Vec<String>,
    pub business: Vec<String>,
    pub theft: Vec<String>,
    pub bases: Vec<String>,
    pub swapped: Vec<String>,
    pub pacts: Vec<String>,
    /// The `sport`, `private_crime` and `disaster` words together.
    pub not_political: rustc_hash::FxHashSet<String>,
}

/// Whether `w` is one of `list`.
pub fn is(list: &[String], w: &str) -> bool {
    list.iter().any(|x| x == w)
}

impl SentenceWords {
    pub const FILE: &'static str = "sentence-words.tsv";

    /// Parse the file's text.
    pub fn parse(src: &str) -> Result<SentenceWords, LexiconError> {
        let f = SentenceWords::FILE;
        let mut w = SentenceWords::default();
        for (line, c) in rows(src) {
            let word = col(f, line, &c, 0)?.to_lowercase();
            let list = match col(f, line, &c, 1)? {
                "claim_verb" => &mut w.claim_verbs,
                "claim_statement" => &mut w.claim_statements,
                "own_pronoun" => &mut w.own_pronouns,
                "not_victim_word" => &mut w.not_victim_words,
                "infinitive" => &mut w.infinitives,
                "counterfactual" => &mut w.counterfactuals,
                "sport" => &mut w.sport_words,
                "private_crime" => &mut w.private_crime_words,
                "comparison" => &mut w.comparisons,
                "similar" => &mut w.similar,
                "not_site_list" => &mut w.not_site_lists,
                "disaster" => &mut w.disaster_words,
                "claim_negator" => &mut w.claim_negators,
                "passive" => &mut w.passives,
                "topic" => &mut w.topics,
                "attributive" => &mut w.attributives,
                "participle_suffix" => &mut w.participle_suffixes,
                "previous" => &mut w.previous,
                "article" => &mut w.articles,
                "relative_pronoun" => &mut w.relative_pronouns,
                "list_join" => &mut w.list_joins,
                "name_particle" => &mut w.name_particles,
                "governing" => &mut w.governing,
                "knowing" => &mut w.knowing,
                "postmodifier" => &mut w.postmodifiers,
                "captive" => &mut w.captives,
                "not_territory" => &mut w.not_territory,
                "territory" => &mut w.territory,
                "object_end" => &mut w.object_ends,
                "place_noun" => &mut w.place_nouns,
                "protest_deed" => &mut w.protest_deeds,
                "goods" => &mut w.goods,
                "arms" => &mut w.arms,
                "business" => &mut w.business,
                "theft" => &mut w.theft,
                "base" => &mut w.bases,
                "swapped" => &mut w.swapped,
                "pact" => &mut w.pacts,
                k => return Err(err(f, line, format!("unknown class {k:?}"))),
            };
            list.push(word);
        }
        w.not_political = w
            .sport_words
            .iter()
            .chain(&w.private_crime_words)
            .chain(&w.disaster_words)
            .cloned()
            .collect();
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_bad_rows() {
        let w = SentenceWords::parse("# c\nclaimed\tclaim_verb\nTo\tinfinitive\n").expect("parses");
        assert!(is(&w.claim_verbs, "claimed"));
        assert!(is(&w.infinitives, "to"));
        assert!(!is(&w.own_pronouns, "it"));
        let w = SentenceWords::parse("derby\tsport\nrobbers\tprivate_crime\nquake\tdisaster\n")
            .expect("parses");
        assert!(is(&w.sport_words, "derby"));
        assert!(is(&w.private_crime_words, "robbers"));
        assert!(is(&w.disaster_words, "quake"));
        assert!(!is(&w.sport_words, "robbers"));
        let e = SentenceWords::parse("a\tclaim_verb\nb\tnoclass\n").expect_err("unknown class");
        assert!(e.to_string().contains("sentence-words.tsv"), "{e}");
        assert!(e.to_string().contains('2'), "{e}");
    }
}
