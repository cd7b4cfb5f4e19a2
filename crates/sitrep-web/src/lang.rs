/*!
The language of a report (whatlang's trigram and script models).

sitrep's knowledge is English; a report in another language gives no events, and a
run must say so rather than look like a quiet day. [`detect`] names a report's
language only when the detector is sure enough that it is not English (a non-Latin
script, or a reliable verdict on enough text); short or mixed texts count as English.
*/

/// Fewer letters than this are too few to judge.
const MIN_CHARS: usize = 40;
/// The most text looked at.
const MAX_BYTES: usize = 4000;

/// A detected language other than English: its ISO 639-3 code and English name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language {
    pub code: &'static str,
    pub name: &'static str,
}

/// `None` when the text is English or too short or unclear to tell; the language
/// otherwise.
pub fn detect(text: &str) -> Option<Language> {
    let mut end = text.len().min(MAX_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_CHARS {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if info.lang() == whatlang::Lang::Eng {
        return None;
    }
    let latin = info.script() == whatlang::Script::Latin;
    if latin && (!info.is_reliable() || info.confidence() < 0.5) {
        return None;
    }
    Some(Language {
        code: info.lang().code(),
        name: info.lang().eng_name(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_none_others_are_named() {
        assert_eq!(
            detect("Gunmen attacked a police checkpoint outside the town on Monday night, killing four officers, the provincial governor said."),
            None
        );
        let fr = detect("Des hommes armés ont attaqué un poste de police à la sortie de la ville lundi soir, tuant quatre agents, selon le gouverneur de la province.");
        assert_eq!(fr.map(|l| l.code), Some("fra"));
        let ar = detect("هاجم مسلحون نقطة تفتيش للشرطة خارج المدينة ليلة الاثنين وقتلوا أربعة من عناصرها، بحسب ما قال المحافظ");
        assert_eq!(ar.map(|l| l.code), Some("ara"));
    }

    #[test]
    fn short_or_empty_text_is_not_judged() {
        assert_eq!(detect(""), None);
        assert_eq!(detect("Attaque à Goma."), None);
    }
}
