/*!
One sentence rule for every component: places (sitrep-geo) read the sentences
of the report's `Doc`, so a title's stop ("Mr.", "Gen.") no longer opens a
sentence for them, and a stop with no space after it ("people.The") ends one.
*/

mod common;

use chrono::NaiveDate;
use common::today;
use sitrep_core::Event;
use sitrep_extract::Extractor;

fn events(ex: &Extractor, text: &str) -> Vec<Event> {
    let published = NaiveDate::from_ymd_opt(2024, 3, 6);
    ex.extract(&ex.prepare("d", "d.txt", None, None, published, text))
}

/// (type, place name, fatalities, date) of each event.
fn summary(evs: &[Event]) -> Vec<String> {
    evs.iter()
        .map(|e| {
            format!(
                "{:?} {:?} {:?} {:?}",
                e.event_type, e.location.name, e.fatalities.low, e.date.start
            )
        })
        .collect()
}

#[test]
fn a_title_with_or_without_its_stop_reads_the_same() {
    let ex = Extractor::embedded(today()).expect("embedded knowledge loads");
    for (a, b) in [
        (
            "Mr. Gardez said gunmen killed two people on Monday.",
            "Mr Gardez said gunmen killed two people on Monday.",
        ),
        (
            "Gen. Khost told reporters that gunmen killed two people on Monday.",
            "Gen Khost told reporters that gunmen killed two people on Monday.",
        ),
        (
            "Gunmen killed 12 people in a village.The attack happened in Gardez on Monday.",
            "Gunmen killed 12 people in a village. The attack happened in Gardez on Monday.",
        ),
    ] {
        let (ea, eb) = (events(&ex, a), events(&ex, b));
        assert!(!ea.is_empty(), "{a}");
        assert_eq!(summary(&ea), summary(&eb), "{a} / {b}");
    }
    // The surname is no place: the event has none.
    let e = events(&ex, "Mr. Gardez said gunmen killed two people on Monday.");
    assert_eq!(e.first().and_then(|e| e.location.name.clone()), None);
}
