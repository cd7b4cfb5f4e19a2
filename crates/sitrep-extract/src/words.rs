/*!
Single words that decide how sentence analysis reads a sentence, from
`data/lexicons/sentence-words.tsv` (one `word<TAB>class` row each; the file's
header says what each class does). An unknown class is an error with its
`file:line`.
*/

use crate::lexicon::{col, err, rows, LexiconError};

/// The words of `sentence-words.tsv`, by class (a handful each, in a
/// [`WordList`]; the long lists of words of games, crime and disasters are
/// also kept in one set, read for every word of a sentence).
#[derive(Debug, Clone, Default)]
pub struct SentenceWords {
    pub claim_verbs: WordList,
    pub claim_statements: WordList,
    pub own_pronouns: WordList,
    pub not_victim_words: WordList,
    pub infinitives: WordList,
    pub modal_auxes: WordList,
    pub flight: WordList,
    pub flight_links: WordList,
    pub act_sites: WordList,
    pub conflicts: WordList,
    pub perfect_aux: WordList,
    pub toll_links: WordList,
    pub counterfactuals: WordList,
    pub sport_words: WordList,
    pub private_crime_words: WordList,
    pub comparisons: WordList,
    pub similar: WordList,
    pub not_site_lists: WordList,
    pub disaster_words: WordList,
    pub claim_negators: WordList,
    pub passives: WordList,
    pub topics: WordList,
    pub attributives: WordList,
    pub participle_suffixes: WordList,
    pub previous: WordList,
    pub distinct: WordList,
    pub grievances: WordList,
    pub doer_suffixes: WordList,
    pub articles: WordList,
    pub relative_pronouns: WordList,
    pub list_joins: WordList,
    pub name_particles: WordList,
    pub governing: WordList,
    pub knowing: WordList,
    pub content_clauses: WordList,
    pub postmodifiers: WordList,
    pub captives: WordList,
    pub not_territory: WordList,
    pub territory: WordList,
    pub object_ends: WordList,
    pub expel_from: WordList,
    pub expel_of: WordList,
    pub place_nouns: WordList,
    pub protest_deeds: WordList,
    pub goods: WordList,
    pub arms: WordList,
    pub business: WordList,
    pub theft: WordList,
    pub bases: WordList,
    pub accused_nouns: WordList,
    pub act_nouns: WordList,
    pub act_noun_suffixes: WordList,
    pub agent_noun_suffixes: WordList,
    pub accused_marks: WordList,
    pub accusations: WordList,
    pub accusation_links: WordList,
    pub forces_moved: WordList,
    pub swapped: WordList,
    pub pacts: WordList,
    pub agreed_acts: WordList,
    pub guard_sites: WordList,
    pub owned: WordList,
    pub sites: WordList,
    pub site_links: WordList,
    pub be_aux: WordList,
    pub armed_group_words: WordList,
    pub preambles: WordList,
    pub serious: WordList,
    pub wilful: WordList,
    /// The `sport`, `private_crime` and `disaster` words together.
    pub not_political: sitrep_text::WordSet,
}

/// Whether `w` is one of `list`.
pub fn is(list: &WordList, w: &str) -> bool {
    list.contains(w)
}

/// Whether `w` ends with one of the endings of `list` and keeps at least
/// three letters before it ("detained" with "ed"; not "red").
pub fn ends_with_one(list: &WordList, w: &str) -> bool {
    list.iter()
        .any(|x| w.len() >= x.len() + 3 && w.ends_with(x.as_str()))
}

/// The words of one class, in file order, with a 256-bit filter on each
/// word's length and first and last bytes: most words of a text are in no
/// list, and the filter answers them without comparing any string (rules ask
/// several lists about every word of a sentence).
#[derive(Debug, Clone, Default)]
pub struct WordList {
    words: Vec<String>,
    filter: [u64; 4],
}

impl WordList {
    /// The filter bit of a word.
    fn bit(w: &str) -> usize {
        let b = w.as_bytes();
        let (first, last) = (
            b.first().copied().unwrap_or(0),
            b.last().copied().unwrap_or(0),
        );
        (usize::from(first) ^ usize::from(last).rotate_left(3) ^ b.len().wrapping_mul(29)) & 255
    }

    /// Add a word.
    pub fn push(&mut self, w: String) {
        let k = WordList::bit(&w);
        self.filter[k / 64] |= 1 << (k % 64);
        self.words.push(w);
    }

    /// Whether `w` is in the list.
    pub fn contains(&self, w: &str) -> bool {
        let k = WordList::bit(w);
        self.filter[k / 64] >> (k % 64) & 1 == 1
            && self
                .words
                .iter()
                .any(|x| sitrep_text::lexicon::same_word(x.as_bytes(), w.as_bytes()))
    }
}

impl std::ops::Deref for WordList {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.words
    }
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
                "modal_aux" => &mut w.modal_auxes,
                "flight" => &mut w.flight,
                "flight_link" => &mut w.flight_links,
                "act_site" => &mut w.act_sites,
                "conflict" => &mut w.conflicts,
                "perfect_aux" => &mut w.perfect_aux,
                "toll_link" => &mut w.toll_links,
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
                "distinct" => &mut w.distinct,
                "grievance" => &mut w.grievances,
                "doer_suffix" => &mut w.doer_suffixes,
                "article" => &mut w.articles,
                "relative_pronoun" => &mut w.relative_pronouns,
                "list_join" => &mut w.list_joins,
                "name_particle" => &mut w.name_particles,
                "governing" => &mut w.governing,
                "knowing" => &mut w.knowing,
                "content_clause" => &mut w.content_clauses,
                "postmodifier" => &mut w.postmodifiers,
                "captive" => &mut w.captives,
                "not_territory" => &mut w.not_territory,
                "territory" => &mut w.territory,
                "object_end" => &mut w.object_ends,
                "expel_from" => &mut w.expel_from,
                "expel_of" => &mut w.expel_of,
                "place_noun" => &mut w.place_nouns,
                "protest_deed" => &mut w.protest_deeds,
                "goods" => &mut w.goods,
                "arms" => &mut w.arms,
                "business" => &mut w.business,
                "theft" => &mut w.theft,
                "base" => &mut w.bases,
                "accused_noun" => &mut w.accused_nouns,
                "act_noun" => &mut w.act_nouns,
                "act_noun_suffix" => &mut w.act_noun_suffixes,
                "agent_noun_suffix" => &mut w.agent_noun_suffixes,
                "accused_mark" => &mut w.accused_marks,
                "accusation" => &mut w.accusations,
                "accusation_link" => &mut w.accusation_links,
                "forces_moved" => &mut w.forces_moved,
                "swapped" => &mut w.swapped,
                "pact" => &mut w.pacts,
                "agreed_act" => &mut w.agreed_acts,
                "guard_site" => &mut w.guard_sites,
                "owned" => &mut w.owned,
                "site" => &mut w.sites,
                "site_link" => &mut w.site_links,
                "be_aux" => &mut w.be_aux,
                "armed_group" => &mut w.armed_group_words,
                "preamble" => &mut w.preambles,
                "serious" => &mut w.serious,
                "wilful" => &mut w.wilful,
                k => return Err(err(f, line, format!("unknown class {k:?}"))),
            };
            list.push(word);
        }
        w.not_political = w
            .sport_words
            .iter()
            .chain(w.private_crime_words.iter())
            .chain(w.disaster_words.iter())
            .cloned()
            .collect();
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_list_answers_as_a_scan() {
        let mut l = WordList::default();
        let words = ["of", "the", "a", "claimed", "ö", "x'y", ""];
        for w in &words[..5] {
            l.push(w.to_string());
        }
        for w in words
            .iter()
            .chain(&["fo", "eht", "claimer", "o", "th", "aa"])
        {
            assert_eq!(l.contains(w), words[..5].contains(w), "{w:?}");
        }
        assert_eq!(l.len(), 5);
    }

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
