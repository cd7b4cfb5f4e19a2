/*!
Walks `data/corpus/taxonomy.tsv`: sentences written for sitrep, at least 20 for each of
ACLED's 25 sub-event types (the rows of `data/lexicons/taxonomy.tsv` outside `statement`)
and at least 150 near-misses (crime, disasters, accidents, sport, diplomacy, courts,
anniversaries) that must give no violent event. The line format and checker are those of
`data/corpus/events.tsv` (`tests/common`). A line counts toward the sub-type of its first
`sub=` key; a line with none is a near-miss.

The expectations are what an ACLED coder would code, not what sitrep does today, so this
test measures: it prints the pass rate overall, per sub-type and for the near-misses, and
fails when a line is malformed, a sub-type has too few lines, or a rate falls below its
floor (a ratchet: raise the floors as extraction improves). See the figures with
`cargo test --release -p sitrep-extract --test taxonomy -- --nocapture`.
*/

mod common;

use common::{today, walk};
use sitrep_extract::Extractor;
use std::collections::BTreeMap;

const CORPUS: &str = include_str!("../../../data/corpus/taxonomy.tsv");
const TAXONOMY: &str = include_str!("../../../data/lexicons/taxonomy.tsv");

/// Pass-rate floors, equal to the rates measured when they were last raised
/// (2026-12-03, with the trigger and cue rows of issue 16 and 58 lines with tolls
/// added: overall 591/733 = 80.6%, near-misses 163/172 = 94.8%; the corpus as first
/// written, on the code and data before those rows: 321/675 = 47.6%, near-misses
/// 120/172 = 69.8%). The rows were written with this corpus in view, so its rate
/// overstates what unseen text will give. Raised on 2026-12-04 (branch
/// taxonomy: non-violent acts told with no toll, violent words that are only
/// what such an act is about, attributive participles; 22 lines added): 678/794
/// = 85.4%, near-misses 183/191 = 95.8% (the 772 lines before: 659/772); then
/// property destroyed by armed actors or crowds (10 lines added): 694/804 =
/// 86.3%, near-misses 186/194 = 95.9%; then takeovers told as peaceful (6 lines
/// added): 703/810 = 86.8%, near-misses 188/196 = 95.9%; then weapons
/// intercepted, downed or dismantled (6 lines added): 710/816 = 87.0%,
/// near-misses 190/198 = 96.0%. Lowered by one line on merging: a destruction
/// with no party named ("a fire destroyed a warehouse") is no event, and "The
/// militia pillaged a market" (an unresolved "the militia") went with it:
/// 709/816 = 86.9%. Raised on 2026-12-05 (branch taxonomy2: force used at
/// protests, territory by who took it, chemical agents told with their
/// carrier; 17 lines added, 13 of them for those classes and 4 that must stay
/// another type or none, all passing): 742/834 = 89.0%, near-misses 193/201
/// = 96.0% (the 817 lines before: 725/817 = 88.7%). Raised on 2026-12-06
/// (branch taxonomy3: a crowd's own verbs, clashes with a crowd's arms; 13
/// lines added, 4 of them near-misses): 760/847 = 89.7%, near-misses
/// 196/204 = 96.1% (the 834 lines before: 747/834 = 89.6%); then what a
/// word of taking takes, and captures of places the gazetteer does not know
/// (12 lines added, 6 of them near-misses): 774/859 = 90.1%, near-misses
/// 202/210 = 96.2% (the 847 lines before: 764/847 = 90.2%); then a strong
/// word under a weaker one, drones seen, aircraft crashed, acts ahead of an
/// offensive (7 lines added, 2 of them near-misses): 784/866 = 90.5%,
/// near-misses 204/212 = 96.2% (the 859 lines before: 778/859 = 90.6%); then
/// headline verbs that are also nouns, weapons from afar that "hit", killings
/// told with an abduction, crime told with a nightclub, quarrel, debt or
/// intruder (12 lines added, 4 of them near-misses): 811/878 = 92.4%,
/// near-misses 213/216 = 98.6% (the 866 lines before: 799/866 = 92.3%); then
/// people seized, a participle of taking before its noun, shells fired, a
/// riot or strike from afar told with its doer, a place and a day (6 lines
/// added, 1 of them a near-miss): 821/884 = 92.9%, near-misses 214/217 =
/// 98.6% (the 878 lines before: 815/878 = 92.8%); then places named by a
/// demonym, mines, accidents told as what an act followed (6 lines added, 1
/// of them a near-miss): 829/890 = 93.1%, near-misses 215/218 = 98.6% (the
/// 884 lines before: 823/884 = 93.1%); then places taken back told with a
/// verb that may take other things (4 lines added, 2 of them near-misses):
/// 834/894 = 93.3%, near-misses 217/220 = 98.6% (the 890 lines before:
/// 831/890 = 93.4%); then a clash in which a place was taken is the taking
/// (no lines added): 835/894 = 93.4%, near-misses 217/220 = 98.6%. Raised on
/// 2026-12-04 (branch taxonomy4: places in headlines in capitals, speakers'
/// places, vigilantes, protests told as a deed's purpose, goods and arms
/// taken, military aircraft lost, other developments, strikes, arrests
/// protested against, forces that down weapons, forced disappearances,
/// bases, crowds that smash, prisoners exchanged, mergers and suspended
/// operations, "not seen since", goods words before a person ("aid
/// workers"); 59 lines added, 9 of them near-misses, and one relabelled
/// other -> looting): 906/953 = 95.1%, near-misses 226/229 = 98.7% (the 894
/// lines before: 850/894 = 95.1%).
/// 2026-12-05 (branch taxonomy5: 43 lines of the session's classes, then its
/// blind set of 169 snippets written before the rules were read, kept as
/// written with the 10 it still fails): 1109/1165 = 95.2%, near-misses
/// 281/285 = 98.6% (the near-miss floor recalibrated from 0.986 to the
/// blind set's level; the 996 lines before the blind set: 950/996 = 95.4%,
/// near-misses 240/243 = 98.8%).
/// 2026-12-05 (branch acc7: games named by their ground or trophy, four
/// near-misses added): 1128/1180 = 95.6%, near-misses 287/289 = 99.3%.
/// 2026-12-05 (branch acc11: a mob as its act's subject, people taken away,
/// held or picked up, a group's merger or new chief with an armed actor, posts
/// overrun in the passive, courts as sites, killings in the family and
/// brawls; 91 lines added, 21 of them near-misses, all passing):
/// 1275/1319 = 96.7%, near-misses 322/324 = 99.4% (the 1228 lines before:
/// 1184/1228 = 96.4%; on the code before the branch 1181/1228).
/// 2026-12-06 (joined subjects, state forces fighting armed groups, "agreed …
/// to" an act of peace; one near-miss added): 1329/1370 = 97.0%, near-misses
/// 336/338 = 99.4%.
const FLOOR_OVERALL: f64 = 0.971;
const FLOOR_NEAR_MISS: f64 = 0.993;
/// Minimum lines per sub-type, and of near-misses.
const MIN_PER_SUB: usize = 20;
const MIN_NEAR_MISS: usize = 150;
const NEAR_MISS: &str = "near-miss";

/// The sub-event types of ACLED's six event types, from `taxonomy.tsv`.
fn sub_types() -> Vec<&'static str> {
    TAXONOMY
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut c = l.split('\t');
            let sub = c.next()?;
            let event_type = c.next()?;
            (sub != "-" && event_type != "statement").then_some(sub)
        })
        .collect()
}

/// The class a line counts toward: its first `sub=` value, else a near-miss.
fn class_of(expected: &str) -> &str {
    expected
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("sub="))
        .unwrap_or(NEAR_MISS)
}

#[test]
fn taxonomy_corpus() {
    let ex = Extractor::embedded(today()).expect("embedded knowledge loads");
    // class → (lines, passed)
    let mut by_class: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut malformed = Vec::new();
    for (i, line) in CORPUS.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let class = class_of(line.rsplit('\t').next().unwrap_or(""));
        let o = walk(&format!("taxonomy.tsv line {}", i + 1), line, &ex);
        malformed.extend(o.malformed);
        for f in &o.failures {
            println!("[{class}] {f}");
        }
        let e = by_class.entry(class).or_default();
        e.0 += o.total;
        e.1 += o.total - o.failures.len();
    }
    let rate = |(n, p): (usize, usize)| p as f64 / n.max(1) as f64;
    println!("taxonomy corpus by class:");
    for (class, &(n, p)) in &by_class {
        println!("  {class:<38} {p:>3}/{n:<3} {:>5.1}%", 100.0 * rate((n, p)));
    }
    let all = by_class
        .values()
        .fold((0, 0), |(n, p), &(a, b)| (n + a, p + b));
    let near = by_class.get(NEAR_MISS).copied().unwrap_or_default();
    println!(
        "taxonomy corpus: {}/{} pass ({:.1}%); near-misses {}/{} ({:.1}%)",
        all.1,
        all.0,
        100.0 * rate(all),
        near.1,
        near.0,
        100.0 * rate(near)
    );

    assert!(malformed.is_empty(), "malformed lines: {malformed:#?}");
    let subs = sub_types();
    assert_eq!(
        subs.len(),
        25,
        "taxonomy.tsv should hold ACLED's 25 sub-types"
    );
    for s in &subs {
        let n = by_class.get(s).map_or(0, |c| c.0);
        assert!(n >= MIN_PER_SUB, "{s}: {n} lines, want >= {MIN_PER_SUB}");
    }
    for class in by_class.keys() {
        assert!(
            *class == NEAR_MISS || subs.contains(class),
            "lines for {class:?}, which is not a sub-type of taxonomy.tsv"
        );
    }
    assert!(
        near.0 >= MIN_NEAR_MISS,
        "{} near-misses, want >= {MIN_NEAR_MISS}",
        near.0
    );
    assert!(
        rate(all) >= FLOOR_OVERALL,
        "pass rate {:.3} fell below the floor {FLOOR_OVERALL}",
        rate(all)
    );
    assert!(
        rate(near) >= FLOOR_NEAR_MISS,
        "near-miss pass rate {:.3} fell below the floor {FLOOR_NEAR_MISS}",
        rate(near)
    );
}
