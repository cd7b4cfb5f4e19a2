/*!
The language of a report (whatlang's trigram and script models).

sitrep's knowledge is English; a report in another language gives no events, and a
run must say so rather than look like a quiet day. [`detect`] names a report's
language only when the detector is sure enough that it is not English (a non-Latin
script, or a reliable verdict on enough text); short or mixed texts count as English.

Most reports are English, and the trigram detector costs as much as extraction itself
on a 4 KB sample, so a cheap test runs first: when at least [`ENGLISH_SHARE`] of the
first [`QUICK_WORDS`] words are in `data/web/english-words.tsv` (function words and day names no
other Latin-script language shares), the text is English and the detector is not run.
*/

/// Fewer letters than this are too few to judge.
const MIN_CHARS: usize = 40;
/// The most text looked at.
const MAX_BYTES: usize = 4000;
/// How many words the quick English test reads.
pub const QUICK_WORDS: usize = 120;
/// Fewer words than this are too few for the quick test, and too few for the
/// trigram detector to be sure of a Latin-script language: such a text is
/// judged by its script alone.
pub const MIN_WORDS: usize = 20;
/// A text this long or shorter may be a snippet of under [`MIN_WORDS`] words,
/// which [`ascii_word_count`] tells at once; a longer one is read word by word.
const SNIPPET_BYTES: usize = 512;
/// The share of those words that must be English function words. Running
/// English prose holds about one in four; a report opening with a headline and
/// a photo caption (names, places, dates) can fall to one in seven, while other
/// Latin-script languages share few of these words (Danish "at" and "for",
/// Tagalog "at": well under one in ten).
pub const ENGLISH_SHARE: f64 = 0.12;

const ENGLISH_WORDS: &str = include_str!("../../../data/web/english-words.tsv");

/// The words of `data/web/english-words.tsv`.
fn english_list() -> impl Iterator<Item = &'static str> {
    ENGLISH_WORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The English function words, read once per process: the [`key`] of each in
/// an open-addressed table (a key sits in the first free slot from the one
/// [`slot_of`] gives it; 0 is a free slot), so that a word is looked up with
/// no hashing of bytes and mostly one probe.
struct EnglishWords {
    slots: [u64; SLOTS],
}

/// Slots of [`EnglishWords::slots`]: a few times the number of listed words.
const SLOTS: usize = 256;

/// A word of ASCII letters as a number, five bits a letter (`a` or `A` is 1,
/// `z` or `Z` 26): two words have the same key exactly when they are the same
/// lower-cased. `None` for a word with any other byte, or of more than twelve
/// letters (longer than any listed word; a test checks).
fn key(w: &[u8]) -> Option<u64> {
    if w.len() > 12 {
        return None;
    }
    let mut k = 0u64;
    for &c in w {
        let l = (c | 0x20).wrapping_sub(b'a');
        if l >= 26 {
            return None;
        }
        k = k << 5 | u64::from(l + 1);
    }
    Some(k)
}

/// The slot a key is looked for from (Fibonacci hashing: the top bits of the
/// key times the golden ratio).
fn slot_of(k: u64) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % SLOTS
}

/// The list of `data/web/english-words.tsv`, read once per process.
fn english_words() -> &'static EnglishWords {
    static W: std::sync::OnceLock<EnglishWords> = std::sync::OnceLock::new();
    W.get_or_init(|| {
        let mut slots = [0u64; SLOTS];
        for k in english_list().filter_map(|w| key(w.as_bytes())) {
            let mut i = slot_of(k);
            while let Some(s) = slots.get_mut(i) {
                if *s == 0 || *s == k {
                    *s = k;
                    break;
                }
                i = (i + 1) % SLOTS;
            }
        }
        EnglishWords { slots }
    })
}

impl EnglishWords {
    /// Whether `w` (a word of letters) lower-cased is in the list. A word of
    /// ASCII letters is looked up by its [`key`] (the same as `to_lowercase`
    /// for it, at a fraction of its cost); a word with other letters is
    /// lower-cased by `to_lowercase` first (the Kelvin sign is a `k`).
    fn holds(&self, w: &str) -> bool {
        match key(w.as_bytes()) {
            Some(k) => self.has(k),
            None if w.is_ascii() => false,
            None => key(w.to_lowercase().as_bytes()).is_some_and(|k| self.has(k)),
        }
    }

    /// Whether the key is in the table: probed from its slot to a free one.
    fn has(&self, k: u64) -> bool {
        let mut i = slot_of(k);
        while let Some(&s) = self.slots.get(i) {
            if s == k {
                return true;
            }
            if s == 0 {
                return false;
            }
            i = (i + 1) % SLOTS;
        }
        false
    }
}

/// The char at byte `i` of `text` when it starts there and is a letter.
fn letter_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next().filter(|c| c.is_alphabetic())
}

/// The words of `text` (runs of letters, as `split` on every char that is no
/// letter gives them), read byte by byte: an ASCII byte is a letter or not by
/// itself, and only the bytes of other chars are decoded.
fn words_of(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// The iterator of [`words_of`]: the text and the byte it has read to.
struct Words<'a> {
    text: &'a str,
    at: usize,
}

/// The first byte from `i` on that is not ASCII with `letters` saying whether
/// it is a letter: past a run of ASCII letters (`true`) or of other ASCII
/// bytes (`false`).
fn skip_ascii(b: &[u8], mut i: usize, letters: bool) -> usize {
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii() && c.is_ascii_alphabetic() == letters)
    {
        i += 1;
    }
    i
}

impl<'a> Words<'a> {
    /// The next word from byte `i` on (a char boundary), any char decoded.
    fn next_from(&mut self, mut i: usize) -> Option<&'a str> {
        let (text, b) = (self.text, self.text.as_bytes());
        // Skip to the first letter.
        loop {
            i = skip_ascii(b, i, false);
            let &c = b.get(i)?;
            if c.is_ascii() {
                break;
            }
            match text.get(i..).and_then(|t| t.chars().next()) {
                Some(ch) if ch.is_alphabetic() => break,
                Some(ch) => i += ch.len_utf8(),
                None => i += 1,
            }
        }
        let start = i;
        loop {
            i = skip_ascii(b, i, true);
            match b.get(i).filter(|c| !c.is_ascii()).and(letter_at(text, i)) {
                Some(ch) => i += ch.len_utf8(),
                None => break,
            }
        }
        self.at = i;
        text.get(start..i)
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    /// The next word: read here when it and the gap before it are ASCII
    /// (small enough to be inlined where words are read), else by
    /// [`Words::next_from`] from the start of the gap's other char or of the
    /// word.
    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let b = self.text.as_bytes();
        let start = skip_ascii(b, self.at, false);
        let end = skip_ascii(b, start, true);
        let &first = b.get(start)?;
        if !first.is_ascii() || b.get(end).is_some_and(|c| !c.is_ascii()) {
            return self.next_from(start);
        }
        self.at = end;
        self.text.get(start..end)
    }
}

/// Whether the text's first words are plainly English (see the module doc), and
/// how many words were read. It stops as soon as the verdict is sure: once
/// [`ENGLISH_SHARE`] of [`QUICK_WORDS`] words (and at least [`MIN_WORDS`]
/// words) are English, no later word can turn it, so most English reports are
/// judged on their first few dozen words; otherwise it reads up to
/// [`QUICK_WORDS`] words (a count under [`MIN_WORDS`] is the whole text). The
/// first [`MIN_WORDS`] words are only looked up once there are that many: a
/// shorter text is not English by this test whatever its words.
fn quick_english(text: &str) -> (bool, usize) {
    let list = english_words();
    // The least English count that passes whatever follows (15 of 120).
    let sure = (ENGLISH_SHARE * QUICK_WORDS as f64).ceil() as usize;
    let mut words = words_of(text).take(QUICK_WORDS);
    let mut first = [""; MIN_WORDS];
    for (n, slot) in first.iter_mut().enumerate() {
        match words.next() {
            Some(w) => *slot = w,
            None => return (false, n),
        }
    }
    let mut english = first.iter().filter(|w| list.holds(w)).count();
    let mut seen = MIN_WORDS;
    for w in words {
        if english >= sure {
            break;
        }
        seen += 1;
        if list.holds(w) {
            english += 1;
        }
    }
    if english >= sure {
        return (true, seen);
    }
    (english as f64 >= ENGLISH_SHARE * seen as f64, seen)
}

/// The number of words (runs of ASCII letters) of an ASCII text, as
/// [`words_of`] would count them, read eight bytes at a time: a byte is a
/// letter when its lower case is `a`..=`z` (the high bit of each byte of
/// `letters` below), and a word starts at a letter after a non-letter.
fn ascii_word_count(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte that is an ASCII letter (bytes under 0x80:
    // no sum below carries into the next byte).
    let letters = |w: u64| {
        let low = w | (ONES * 0x20);
        let from_a = low + ONES * (0x80 - 0x61);
        let past_z = low + ONES * (0x80 - 0x7b);
        from_a & !past_z & (ONES * 0x80)
    };
    let (mut count, mut before) = (0usize, 0u64);
    let mut add = |w: u64| {
        let m = letters(w);
        // (Little-endian: the byte before byte k is byte k - 1, and before
        // byte 0 the last byte of the chunk before.)
        count += (m & !((m << 8) | before)).count_ones() as usize;
        before = m >> 56;
    };
    let mut chunks = b.chunks_exact(8);
    for c in chunks.by_ref() {
        add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
    }
    let mut last = [0u8; 8];
    for (d, s) in last.iter_mut().zip(chunks.remainder()) {
        *d = *s;
    }
    add(u64::from_le_bytes(last));
    count
}

/// True when every letter of `text` is of the Latin script (Basic Latin, the
/// Latin-1 and Extended-A/B letters, Latin Extended Additional).
fn latin_letters(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    text.chars().filter(|c| !c.is_ascii()).all(|c| {
        !c.is_alphabetic()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    })
}

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
    // Every test below that fails gives `None`, so they are read cheapest first.
    // A snippet in ASCII (so in Latin script) of under MIN_WORDS words is not
    // judged (as below), told without reading its words one by one.
    if sample.len() <= SNIPPET_BYTES
        && sample.is_ascii()
        && ascii_word_count(sample.as_bytes()) < MIN_WORDS
    {
        return None;
    }
    let (english, words) = quick_english(sample);
    if english {
        return None;
    }
    // A short Latin-script text (a headline, a one-line snippet) is too short
    // to tell from English with trigrams, which cost as much on it as coding
    // the report: only its script is read.
    if words < MIN_WORDS && latin_letters(sample) {
        return None;
    }
    // At least MIN_CHARS letters (counting stops at the MIN_CHARS-th).
    sample
        .chars()
        .filter(|c| c.is_alphabetic())
        .nth(MIN_CHARS - 1)?;
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

/// Reports not in English, counted by language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub by_language: std::collections::BTreeMap<&'static str, usize>,
    pub total: usize,
}

impl Tally {
    /// Count one report; returns its language when it is not English.
    pub fn add(&mut self, text: &str) -> Option<Language> {
        let l = detect(text)?;
        self.record(l);
        Some(l)
    }

    /// Count one report whose language [`detect`] gave (on another thread).
    pub fn record(&mut self, l: Language) {
        *self.by_language.entry(l.name).or_insert(0) += 1;
        self.total += 1;
    }

    /// "3 reports not in English (French 2, Arabic 1): …", or `None` when every
    /// report was English.
    pub fn summary(&self) -> Option<String> {
        if self.total == 0 {
            return None;
        }
        let mut parts: Vec<(&str, usize)> =
            self.by_language.iter().map(|(k, v)| (*k, *v)).collect();
        parts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = parts.iter().map(|(l, n)| format!("{l} {n}")).collect();
        Some(format!(
            "{} report{} not in English ({}): sitrep reads English only, so they give few or no events",
            self.total,
            if self.total == 1 { "" } else { "s" },
            list.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plainly_english(text: &str) -> bool {
        quick_english(text).0
    }

    /// The verdict of reading all [`QUICK_WORDS`] words, as before the early exit.
    fn plainly_english_full(text: &str) -> bool {
        let list: Vec<&str> = english_list().collect();
        let ws: Vec<String> = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .take(QUICK_WORDS)
            .map(str::to_lowercase)
            .collect();
        let english = ws.iter().filter(|w| list.contains(&w.as_str())).count();
        ws.len() >= MIN_WORDS && english as f64 >= ENGLISH_SHARE * ws.len() as f64
    }

    #[test]
    fn words_are_the_runs_of_letters_split_gives() {
        for t in [
            "",
            "  ,. ",
            "Gunmen killed 5 in Gao-Nord on Monday.",
            "Des hommes armés ont attaqué lundi l'école; «Élan» 3e",
            "Боевики убили пятерых солдат, 12 раненых",
            "mixed\u{212A}ILLED and İstanbul’s ﬁre 😀 emoji ß",
            "trailing letters at the endé",
        ] {
            let want: Vec<&str> = t
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words_of(t).collect::<Vec<_>>(), want, "{t}");
        }
    }

    #[test]
    fn ascii_words_are_counted_as_words_of_counts_them() {
        let mut seed = 11u64;
        for n in 0..300usize {
            let t: String = (0..n % 40)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // Letters, the bytes around them, digits, spaces, DEL.
                    let set = b"aAzZ`{@[09 -.\x7f\x00";
                    set.get((seed >> 33) as usize % set.len())
                        .map_or(' ', |&c| char::from(c))
                })
                .collect();
            assert_eq!(
                ascii_word_count(t.as_bytes()),
                words_of(&t).count(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn a_word_is_looked_up_lower_cased() {
        let w = english_words();
        assert!(w.holds("The") && w.holds("MONDAY") && w.holds("said"));
        assert!(!w.holds("Gao") && !w.holds("thereafterwardsandsoonandsoforth"));
        // Every listed word is found, in any case.
        for l in english_list() {
            let mut title = l.to_string();
            title.get_mut(..1).map(str::make_ascii_uppercase);
            assert!(
                w.holds(l) && w.holds(&l.to_uppercase()) && w.holds(&title),
                "{l}"
            );
        }
        // A word with other letters is lower-cased by `to_lowercase`.
        assert!(!w.holds("Thé") && !w.holds("Été"));
        assert!(w.holds("\u{212A}ILLED") && !w.holds("\u{212A}ILLEDS"));
        // Words one letter off a listed one are not in the list.
        for l in english_list() {
            let longer = format!("{l}s");
            assert!(
                english_list().any(|x| x == longer) || !w.holds(&longer),
                "{longer}"
            );
            assert!(
                !w.holds(&l[1..]) || english_list().any(|x| x == &l[1..]),
                "{l}"
            );
        }
    }

    #[test]
    fn early_exit_gives_the_full_verdict() {
        // Texts of 0..200 words, English function words at every share and place.
        let mut seed = 7u64;
        for n in 0..400usize {
            let mut t = String::new();
            for _ in 0..(n % 200) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let w = match (seed >> 33) % 11 {
                    0 => "the",
                    1 => "and",
                    2 => "which",
                    _ if (seed >> 40) % 7 < (n % 7) as u64 => "were",
                    _ => "Kalashnikovs",
                };
                t.push_str(w);
                t.push(' ');
            }
            assert_eq!(plainly_english(&t), plainly_english_full(&t), "{t}");
        }
    }

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
    fn tally_names_languages_with_counts() {
        let mut t = Tally::default();
        assert_eq!(t.summary(), None);
        t.add("Des hommes armés ont attaqué un poste de police à la sortie de la ville lundi soir, tuant quatre agents.");
        t.add("Soldiers and rebels clashed near the river crossing on Monday, officials said, and two people were hurt.");
        let s = t.summary().unwrap();
        assert!(s.starts_with("1 report not in English (French 1)"), "{s}");
    }

    #[test]
    fn the_quick_test_passes_english_and_no_other_latin_language() {
        let en = "Soldiers and rebels clashed near the river crossing on Monday, officials said, and two people were hurt when a shell hit the market of the town, which had been quiet for a month.";
        assert!(plainly_english(en));
        for other in [
            "Des hommes armés ont attaqué un poste de police à la sortie de la ville lundi soir, tuant quatre agents, selon le gouverneur de la province, qui a demandé des renforts.",
            "Hombres armados atacaron un puesto de policía a la salida de la ciudad el lunes por la noche y mataron a cuatro agentes, según dijo el gobernador de la provincia.",
            "Bewaffnete Männer haben am Montagabend einen Polizeiposten am Stadtrand angegriffen und vier Beamte getötet, wie der Gouverneur der Provinz mitteilte, der Verstärkung anforderte.",
            "Homens armados atacaram um posto policial na saída da cidade na noite de segunda-feira e mataram quatro agentes, segundo o governador da província, que pediu reforços.",
            "Uomini armati hanno attaccato un posto di polizia alla periferia della città lunedì sera, uccidendo quattro agenti, secondo il governatore della provincia.",
            "Watu wenye silaha walishambulia kituo cha polisi nje ya mji usiku wa Jumatatu na kuwaua maafisa wanne, gavana wa mkoa alisema, akiomba msaada zaidi.",
        ] {
            assert!(!plainly_english(other), "{other}");
            assert!(detect(other).is_some(), "{other}");
        }
        // Languages that share a few of the words ("at", "for"): still far
        // below the share (the detector may or may not be sure of them).
        for other in [
            "Bevæbnede mænd angreb en politipost i udkanten af byen mandag aften og dræbte fire betjente, oplyser provinsens guvernør, som har bedt om forstærkning for at holde området.",
            "Sinalakay ng mga armadong lalaki ang isang himpilan ng pulisya sa labas ng bayan noong Lunes ng gabi at pinatay ang apat na pulis, ayon sa gobernador ng lalawigan at sa mga saksi.",
        ] {
            assert!(!plainly_english(other), "{other}");
        }
    }

    #[test]
    fn a_headline_and_caption_opening_is_english_at_once() {
        // Headline, photo caption, related links and byline before the
        // prose: 17 of the first 120 words are English function words.
        let t = "Car bomb kills nine near market in northern Mosul\n\n\
            Iraqi Army soldiers stand guard near Bab al-Tob square in Mosul, Nineveh province, \
            Iraq March 3, 2025. REUTERS/Khalid al-Mousily/File Photo\n\
            Related: Kirkuk checkpoint attack; Anbar desert sweep; Sinjar talks stall\n\
            By Ahmed Rasheed and Timour Azhari\n\n\
            MOSUL, Iraq, March 4 (Reuters) - A car bomb exploded near a crowded vegetable market \
            in northern Mosul on Tuesday, killing nine people and wounding 23, police and \
            medical sources said. Security forces sealed off the area and ambulances rushed \
            the wounded to Al-Jumhuri hospital. No group immediately claimed responsibility \
            for the blast, which came days after officials warned of sleeper cells in villages \
            west of the city. Local residents described scenes of panic as smoke rose above \
            shops and stalls near the square.";
        assert!(plainly_english(t));
        assert_eq!(detect(t), None);
    }

    #[test]
    fn a_terse_wire_sentence_is_english_by_its_weekday_and_linking_words() {
        // 21 words, none of them in the list before the weekdays and linking words were.
        let t = "More than 20 people hurt when a truck bomb went off beside a fuel depot \
            outside Berbera port on Thursday, police say.";
        assert!(plainly_english(t));
        assert_eq!(detect(t), None);
        // The same in French is not English by its words.
        assert!(!plainly_english(
            "Plus de 20 personnes ont été blessées jeudi lorsqu'un camion piégé a explosé \
            près d'un dépôt à la sortie du port de Berbera, selon la police locale."
        ));
    }

    #[test]
    fn a_terse_report_is_english_by_its_words_of_harm() {
        // 21 words, one of them (the weekday) a function word or day name.
        let t = "Shelling killed two farmers near Lysychansk on Friday; hours later a drone \
            hit a bus in Toretsk, wounding six people.";
        assert!(plainly_english(t));
        assert_eq!(detect(t), None);
        // The same in Spanish and Italian holds none of them.
        for other in [
            "Los bombardeos mataron a dos campesinos cerca de Lysychansk el viernes; horas \
            después un dron alcanzó un autobús en Toretsk e hirió a seis personas.",
            "I bombardamenti hanno ucciso due contadini vicino a Lysychansk venerdì; ore \
            dopo un drone ha colpito un autobus a Toretsk, ferendo sei persone.",
        ] {
            assert!(!plainly_english(other), "{other}");
        }
    }

    #[test]
    fn short_or_empty_text_is_not_judged() {
        assert_eq!(detect(""), None);
        assert_eq!(detect("Attaque à Goma."), None);
        // Under twenty words of Latin script: not judged (too short for the
        // trigrams to be sure, and as costly as coding the snippet).
        assert_eq!(
            detect("Gunmen killed five soldiers near Gao on Monday"),
            None
        );
        assert_eq!(
            detect("Des hommes armés ont tué cinq soldats près de Gao lundi soir"),
            None
        );
        // Another script is named whatever the length.
        let ru = detect("Боевики убили пятерых солдат недалеко от Гао в понедельник вечером");
        assert_eq!(ru.map(|l| l.code), Some("rus"));
    }
}
