/*!
Unit tests of sitrep-geo's public behaviour: name folding tolerance, cues,
demonyms, non-places, dateline exclusion, unresolved names, helpers, loading
from a directory. (The builder's determinism is tested with the builder, in
`sitrep-tools`.)
*/

use sitrep_core::haversine_km;
use sitrep_core::{GeoPrecision, PlaceKind, Span};
use sitrep_geo::{Gazetteer, GeoContext};
use std::path::{Path, PathBuf};

fn gaz() -> &'static Gazetteer {
    match Gazetteer::shared() {
        Some(g) => g,
        None => panic!("embedded gazetteer failed to load"),
    }
}

fn find(text: &str) -> Vec<sitrep_core::PlaceMention> {
    gaz().find_places(text, &GeoContext::default())
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn folding_tolerates_spelling_variants() {
    for v in [
        "Mazar-e-Sharif",
        "Mazar-i-Sharif",
        "Mazār-e Sharīf",
        "MAZAR-I-SHARIF",
    ] {
        let ids = gaz().lookup(v);
        assert!(
            ids.iter()
                .any(|p| p.admin1_code.as_deref() == Some("AF.30") && p.feature_code == "PPLA"),
            "{v} did not find Mazar-e Sharif"
        );
    }
    for v in ["Lashkar Gah", "Lashkargah", "Lashkar-Gah"] {
        let ids = gaz().lookup(v);
        assert!(
            ids.iter()
                .any(|p| p.admin1_code.as_deref() == Some("AF.10")),
            "{v} did not find Lashkar Gah"
        );
    }
    let m = find("Shelling hit Mazar-i-Sharif and Lashkargah.");
    assert_eq!(m.len(), 2, "{m:?}");
}

#[test]
fn cues_choose_kind_and_precision() {
    let m = find("Fighting spread across Kandahar province.");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].place.kind, PlaceKind::Admin1);
    assert_eq!(m[0].precision, GeoPrecision::Admin1);
    assert_eq!(
        m[0].phrase
            .text("Fighting spread across Kandahar province."),
        "Kandahar province"
    );

    let t = "A blast hit a market in Kandahar.";
    let m = find(t);
    assert_eq!(m[0].place.kind, PlaceKind::Populated);
    assert_eq!(m[0].precision, GeoPrecision::Point);

    let t = "Militants attacked a post outside Kandahar.";
    let m = find(t);
    assert_eq!(m[0].precision, GeoPrecision::NearPoint);
    assert_eq!(m[0].phrase.text(t), "outside Kandahar");

    let t = "Taliban fighters overran the centre of Dehdadi district, Balkh province.";
    let m = find(t);
    let d = m.iter().find(|x| x.span.text(t) == "Dehdadi");
    assert!(d.is_some_and(|d| d.precision == GeoPrecision::Admin2
        && d.place.admin1.as_deref() == Some("Balkh")
        && d.place.admin1_code.as_deref() == Some("AF.30")));
}

#[test]
fn demonyms_name_countries_but_are_flagged() {
    let t = "Pakistani troops and Afghan border guards exchanged fire.";
    let m = find(t);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m
        .iter()
        .all(|x| x.demonym && x.precision == GeoPrecision::Country));
    assert_eq!(m[0].place.country, "PK");
    assert_eq!(m[1].place.country, "AF");
    let m = find("South Sudanese refugees arrived.");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].place.country, "SS");
}

#[test]
fn organisations_and_events_are_not_places() {
    assert!(find("The Paris Olympics opened on Friday.").is_empty());
    assert!(find("She read the Washington Post and the Kabul Times.").is_empty());
    assert!(find("Police said the army would march in May.").is_empty());
    // A person's name after a title.
    assert!(find("Mr Kabul said nothing.").is_empty());
}

#[test]
fn dateline_is_excluded() {
    let t = "KABUL, Afghanistan (AP) — A bomb exploded in Herat on Sunday.";
    let ctx = GeoContext {
        exclude: vec![Span::new(0, 19)],
        country_hint: None,
        filed_in: None,
    };
    let m = gaz().find_places(t, &ctx);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].span.text(t), "Herat");
}

#[test]
fn unknown_village_falls_back_to_its_container() {
    let t = "Gunmen raided Qala Dozakh village in Chahar Bolak district, Balkh province.";
    let m = find(t);
    let u = m
        .iter()
        .find(|x| x.unresolved_name.is_some())
        .unwrap_or_else(|| panic!("no unresolved mention in {m:?}"));
    assert_eq!(u.unresolved_name.as_deref(), Some("Qala Dozakh"));
    assert_eq!(u.place.admin1_code.as_deref(), Some("AF.30"));
    assert_eq!(u.precision, GeoPrecision::Admin2);
}

#[test]
fn country_hint_and_focus_disambiguate() {
    // Hyderabad is in India and in Pakistan.
    let t = "Police fired tear gas in Hyderabad.";
    let pk = gaz().find_places(
        t,
        &GeoContext {
            exclude: vec![],
            country_hint: Some("PK".into()),
            filed_in: None,
        },
    );
    assert_eq!(pk[0].place.country, "PK");
    let m = find("Protests spread from Karachi to Hyderabad.");
    let h = m.iter().find(|x| x.place.name.contains("Hyderabad"));
    assert!(h.is_some_and(|h| h.place.country == "PK"), "{m:?}");
}

#[test]
fn helpers() {
    let g = gaz();
    if let Err(e) = g.validate() {
        panic!("embedded gazetteer is malformed: {e}");
    }
    assert!(g.len() > 250_000);
    assert_eq!(
        g.country("AF").map(|p| p.name.as_str()),
        Some("Afghanistan")
    );
    assert_eq!(
        g.admin1_by_code("AF.30").map(|p| p.name.as_str()),
        Some("Balkh")
    );
    assert!(g.admin2_by_code("AF.30.1612").is_some());
    assert!(g.country("ZZ").is_none());
    // Every admin1 has coordinates from its seat.
    let a1 = g.admin1_by_code("SD.55");
    assert!(a1.is_some_and(|p| p.lat > 10.0 && p.lon > 20.0));
    let d = haversine_km((34.5281, 69.1723), (36.7090, 67.1109));
    assert!((d - 301.0).abs() < 10.0, "{d}");
    assert!(g.lookup("no such place anywhere").is_empty());
}

#[test]
fn odd_input_does_not_panic() {
    for t in [
        "",
        " ",
        "’s",
        "\u{0301}",
        "Al-",
        "al-",
        "A.",
        "Kabul's",
        "-Kabul-",
        "ÉÉÉ Ünïcödé",
    ] {
        let _ = find(t);
    }
    let ctx = GeoContext {
        exclude: vec![Span::new(500, 900)],
        country_hint: Some("??".into()),
        filed_in: None,
    };
    let _ = gaz().find_places("Kabul", &ctx);
}

#[test]
fn load_dir_reads_the_same_data() {
    let root = repo_root().join("data");
    let g = match Gazetteer::load_dir(&root.join("gazetteer"), &root.join("lexicons")) {
        Ok(g) => g,
        Err(e) => panic!("load_dir: {e}"),
    };
    assert_eq!(g.len(), gaz().len());
    assert_eq!(g.key_count(), gaz().key_count());
}

#[test]
fn mentions_share_the_gazetteer_record() {
    // Two mentions of one place hand out the gazetteer's shared record.
    let m = find("Shelling hit Kandahar city. In Kandahar city, shops closed.");
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(std::sync::Arc::ptr_eq(&m[0].place, &m[1].place));
}

#[test]
fn a_small_town_name_opening_a_sentence_is_a_word() {
    // Marks and Bells are small towns of the report's country; opening a
    // sentence with no cue they are capitalised words.
    let t = "Gunmen fired on a church in Mississippi on Sunday. Marks of bullets covered the walls. Bells rang in Tennessee.";
    let names: Vec<String> = find(t).iter().map(|m| m.span.text(t).to_string()).collect();
    assert_eq!(names, ["Mississippi", "Tennessee"]);
    // With a cue it is the town.
    let t = "Gunmen fired on a church in Mississippi on Sunday. The town of Marks mourned.";
    assert!(
        find(t).iter().any(|m| m.span.text(t) == "Marks"),
        "{:?}",
        find(t)
    );
}

#[test]
fn the_words_around_a_name_come_from_place_words_tsv() {
    // The repository's lexicons, and a copy whose place-words.tsv has no word.
    let root = repo_root().join("data");
    let dir = std::env::temp_dir().join(format!("sitrep-geo-place-words-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for f in ["place-cues.tsv", "demonyms.tsv"] {
        std::fs::copy(root.join("lexicons").join(f), dir.join(f)).expect("copy lexicon");
    }
    std::fs::write(dir.join("place-words.tsv"), "# no word\n").expect("write");
    let bare = Gazetteer::load_dir(&root.join("gazetteer"), &dir);
    let _ = std::fs::remove_dir_all(&dir);
    let bare = bare.expect("load with an empty place-words.tsv");
    let names = |g: &Gazetteer, text: &str| -> Vec<String> {
        g.find_places(text, &GeoContext::default())
            .iter()
            .map(|m| m.span.text(text).to_string())
            .collect()
    };
    for (text, name) in [
        // name_article: "al" opens the name.
        (
            "Strikes hit tents in al-Mawasi, west of Khan Younis.",
            "al-Mawasi",
        ),
        // no_name_start: "A" starts no name ("A U.S" would key as "Aus").
        ("A U.S. drone strike hit a car.", "U.S"),
        // link_first + a side word: "Barga in northern Burkina Faso" is a
        // place the gazetteer lacks (its Barga is in Italy), in Burkina Faso.
        ("Fighters attacked Barga in northern Burkina Faso.", "Barga"),
    ] {
        assert!(names(gaz(), text).iter().any(|n| n == name), "{text}");
        assert!(!names(&bare, text).iter().any(|n| n == name), "{text}");
    }
}

#[test]
fn a_nickname_in_quotes_and_the_first_name_before_it_are_no_places() {
    // "El Chapo" and "Joaquin" are both names of places in Mexico.
    for text in [
        "Cartel gunmen fought in Culiacan, Mexico. The fighters were loyal to Joaquin \"El Chapo\" Guzman.",
        "Cartel gunmen fought in Culiacan, Mexico. The fighters were loyal to Joaquin \u{201c}El Chapo\u{201d} Guzman.",
    ] {
        let m = find(text);
        let names: Vec<&str> = m.iter().map(|p| p.span.text(text)).collect();
        assert_eq!(names, ["Culiacan", "Mexico"], "{text}");
    }
    // A place in quotes that no capitalised words enclose is still read.
    let text = "Cartel gunmen fought in \"Culiacan\" on Monday.";
    assert!(find(text).iter().any(|p| p.span.text(text) == "Culiacan"));
}

/// The places of `t` in a report filed in country `filed_in` (its dateline's).
fn filed_from(t: &str, filed_in: Option<&str>) -> Vec<sitrep_core::PlaceMention> {
    gaz().find_places(
        t,
        &GeoContext {
            exclude: vec![],
            country_hint: None,
            filed_in: filed_in.map(str::to_string),
        },
    )
}

#[test]
fn where_the_report_was_filed_counts_for_its_country() {
    // "KARACHI (Reuters) -": Hyderabad is the Pakistani city, not the Indian one.
    let t = "Gunmen killed four policemen in Hyderabad on Monday.";
    let read = |filed_in: Option<&str>| filed_from(t, filed_in);
    let pk = read(Some("PK"));
    assert_eq!(pk.len(), 1, "{pk:?}");
    assert_eq!(pk[0].place.country, "PK", "{pk:?}");
    let none = read(None);
    assert_eq!(none.len(), 1, "{none:?}");
    assert_eq!(none[0].place.country, "IN", "{none:?}");
}

#[test]
fn a_homonym_abroad_does_not_vouch_for_itself_against_the_dateline() {
    // "BAMAKO, Mali (AP) —": the dateline's place is excluded, its country is
    // where the report was filed. "Nara" is the Malian town, not the Japanese
    // prefecture and city whose own weight would otherwise carry it.
    let t = "Jihadists attacked an army post near Nara on Tuesday, the army said in Mali.";
    let read = |filed_in: Option<&str>| filed_from(t, filed_in);
    let ml = read(Some("ML"));
    let nara = ml.iter().find(|p| p.span.text(t) == "Nara");
    assert_eq!(nara.map(|p| p.place.country.as_str()), Some("ML"), "{ml:?}");
}

/// The country of the first mention written `name` in `t`.
fn country_of(t: &str, name: &str) -> Option<String> {
    find(t)
        .iter()
        .find(|m| m.span.text(t) == name)
        .map(|m| m.place.country.clone())
}

#[test]
fn a_demonym_of_a_place_names_the_country_of_a_homonym_abroad() {
    // "the Burkinabe village of X": the demonym says where the village lies,
    // so an X the gazetteer knows only in Italy is a place it lacks in
    // Burkina Faso (as "X in northern Burkina Faso" would be).
    let t = "Gunmen killed five herders in the Burkinabe village of Barga on Sunday.";
    assert_eq!(
        country_of(t, "Barga").as_deref(),
        Some("BF"),
        "{:?}",
        find(t)
    );
    // A demonym of an actor ("Russian drones") does not move a place out of
    // its own country.
    let t = "Russian drones struck the village of Kozacha Lopan on Sunday.";
    assert_eq!(
        country_of(t, "Kozacha Lopan").as_deref(),
        Some("UA"),
        "{:?}",
        find(t)
    );
}

#[test]
fn a_modest_town_far_from_every_place_of_the_report_is_a_place_the_gazetteer_lacks() {
    // Dara is an Afghan district and village name; the gazetteer's Dara is
    // Syria's Daraa (an admin seat under 100,000): with Baghlan the only
    // other place of the report, 2,500 km away, Dara is a place in
    // Afghanistan, never the Syrian city.
    let t =
        "Taliban gunmen killed three teachers in Dara on Sunday, the Baghlan police chief said.";
    assert_eq!(
        country_of(t, "Dara").as_deref(),
        Some("AF"),
        "{:?}",
        find(t)
    );
    // A town across a border stays where it is: Tillaberi (Niger) in a
    // report from Bamako (Mali) is near enough to be the Nigerien town.
    let t = "Fighters attacked an army post near Tillaberi on Sunday, officials in Bamako said.";
    assert_eq!(
        country_of(t, "Tillaberi").as_deref(),
        Some("NE"),
        "{:?}",
        find(t)
    );
}

/// Issue 17: a city of 100,000 or more named like its own district ("Beni",
/// North Kivu, and Beni territory) is read before a first-level unit of
/// another country that has the bare name ("Beni Department", Bolivia).
#[test]
fn city_named_like_its_district_over_a_unit_abroad() {
    for text in [
        "Gunmen killed 12 civilians in Beni on Monday.",
        "Two soldiers were killed in an ambush near Beni.",
    ] {
        let m = find(text);
        assert_eq!(m.len(), 1, "{text}: {m:?}");
        assert_eq!(m[0].place.country, "CD", "{text}: {m:?}");
    }
}
