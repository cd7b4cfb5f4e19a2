/*!
Unit tests of the actor base and linker: folding variants, case of short aliases,
acronym definitions, coreference, provisional actors, time-bound relations,
context rules, loading from a directory, and odd input.
*/

use chrono::NaiveDate;
use sitrep_actors::{ActorBase, LinkContext, RelationKind};
use sitrep_core::{ActorType, LinkKind};

fn base() -> ActorBase {
    ActorBase::embedded().expect("embedded base loads")
}

fn ids(b: &ActorBase, text: &str, ctx: &LinkContext) -> Vec<String> {
    b.link(text, ctx)
        .into_iter()
        .map(|m| m.actor.id.clone())
        .collect()
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[test]
fn embedded_base_is_sane() {
    let b = base();
    assert!(b.len() > 200, "entries: {}", b.len());
    let isk = b.get("is-k").expect("is-k");
    assert_eq!(isk.parent.as_deref(), Some("is"));
    assert_eq!(isk.ucdp_id, Some(234));
    assert!(isk
        .relations
        .iter()
        .any(|r| r.kind == RelationKind::AffiliateOf && r.target == "is"));
    assert_eq!(
        b.get("taliban").map(|e| e.kind),
        Some(ActorType::RebelGroup)
    );
    assert_eq!(
        b.forces_of("af").map(|e| e.id.as_str()),
        Some("state-forces-AF")
    );
    assert_eq!(b.police_of("PK").map(|e| e.id.as_str()), Some("police-PK"));
    let named = b.entries().filter(|e| !e.generic).count();
    assert!(named > 150);
}

#[test]
fn hyphen_space_and_joined_variants() {
    let b = base();
    let ctx = LinkContext::default();
    for t in [
        "IS-K",
        "IS K",
        "ISK",
        "ISIS-K",
        "ISIS K",
        "ISISK",
        "IS-KP",
        "IS KP",
        "ISKP",
        "ISIL‑K",
        "Islamic State–Khorasan Province",
        "islamic state khorasan",
        "Islamic State Khorasan",
        "ISIS–K",
    ] {
        let text = format!("Yesterday {t} attacked.");
        assert_eq!(ids(&b, &text, &ctx), vec!["is-k"], "{t}");
    }
    // Apostrophes and diacritics.
    assert_eq!(ids(&b, "Kurdistan Workers Party", &ctx), vec!["pkk"]);
    assert_eq!(ids(&b, "Kurdistan Workers’ Party", &ctx), vec!["pkk"]);
    assert_eq!(
        ids(&b, "Jamaat Nusrat al-Islam wal-Muslimin", &ctx),
        vec!["jnim"]
    );
    assert_eq!(
        ids(&b, "Ejército de Liberación Nacional", &ctx),
        vec!["eln"]
    );
}

#[test]
fn lowercase_is_is_not_islamic_state() {
    let b = base();
    let ctx = LinkContext::new(None, Some("SY"));
    assert!(ids(&b, "It is what it is, and this is it.", &ctx).is_empty());
    assert_eq!(ids(&b, "IS claimed it.", &ctx), vec!["is"]);
    assert!(ids(&b, "the isis flower", &ctx).is_empty());
    // Shouting headline: "IS" between capitalised words is the verb.
    assert_eq!(
        ids(&b, "WHY THE ARMY IS WINNING", &ctx),
        vec!["state-forces-SY"]
    );
    // Country-restricted short alias.
    assert!(ids(
        &b,
        "The AA meeting was held.",
        &LinkContext::new(None, Some("US"))
    )
    .is_empty());
    assert_eq!(
        ids(
            &b,
            "The AA took the town.",
            &LinkContext::new(None, Some("MM"))
        ),
        vec!["arakan-army"]
    );
}

#[test]
fn acronym_definition_holds_for_the_document() {
    let b = base();
    let ctx = LinkContext::default();
    let t = "The Sindhudesh Revolutionary Army (SRA) bombed a railway line. Later the SRA warned again.";
    let m = b.link(t, &ctx);
    let got: Vec<(&str, LinkKind)> = m.iter().map(|x| (x.span.text(t), x.link)).collect();
    assert_eq!(
        got,
        vec![
            ("Sindhudesh Revolutionary Army", LinkKind::Provisional),
            ("SRA", LinkKind::Acronym),
            ("SRA", LinkKind::Acronym),
        ]
    );
    assert!(m
        .iter()
        .all(|x| x.actor.id == "provisional:sindhudesh-revolutionary-army"));
    assert!(m.iter().all(|x| x.actor.provisional));
    // Before the definition the acronym is nothing.
    assert!(ids(&b, "SRA men came. Then (no definition).", &ctx).is_empty());
    // An agency tag is not a definition.
    assert_eq!(ids(&b, "Taliban (AFP) said", &ctx), vec!["taliban"]);
}

#[test]
fn coreference_to_salient_group() {
    let b = base();
    let ctx = LinkContext::new(day("2019-01-01"), Some("NG"));
    let t = "Boko Haram attacked Chibok.\n\nThe group later released a video.";
    let m = b.link(t, &ctx);
    assert_eq!(m.len(), 2);
    assert_eq!(m[1].link, LinkKind::Coreference);
    assert_eq!(m[1].actor.id, "boko-haram");
    assert_eq!(m[1].span.text(t), "The group");
    // Nothing salient: dropped. State forces are not an antecedent.
    assert!(ids(&b, "The group said nothing.", &ctx).is_empty());
    assert_eq!(
        ids(&b, "Nigerian troops arrived. The group fled.", &ctx),
        vec!["state-forces-NG"]
    );
}

#[test]
fn taliban_are_state_forces_after_august_2021() {
    let b = base();
    let before = LinkContext::new(day("2021-08-14"), Some("AF"));
    let after = LinkContext::new(day("2021-08-15"), Some("AF"));
    let m = b.link("The Taliban attacked.", &before);
    assert_eq!(m[0].actor.kind, ActorType::RebelGroup);
    let m = b.link("The Taliban attacked.", &after);
    assert_eq!(m[0].actor.kind, ActorType::StateForces);
    let m = b.link("Afghan security forces arrested him.", &after);
    assert_eq!(m[0].actor.id, "taliban");
    let m = b.link("Afghan security forces arrested him.", &before);
    assert_eq!(m[0].actor.id, "state-forces-AF");
    for a in [
        "Taliban security command",
        "Taliban regime",
        "the Kabul regime",
        "Taliban authorities",
    ] {
        assert_eq!(ids(&b, a, &after), vec!["taliban"], "{a}");
    }
}

#[test]
fn is_versus_is_k_by_context() {
    let b = base();
    assert_eq!(
        ids(&b, "ISIS claimed it.", &LinkContext::new(None, Some("IQ"))),
        vec!["is"]
    );
    assert_eq!(
        ids(&b, "ISIS claimed it.", &LinkContext::new(None, Some("PK"))),
        vec!["is-k"]
    );
    assert_eq!(
        ids(
            &b,
            "IS-KP struck again. Daesh said so.",
            &LinkContext::default()
        ),
        vec!["is-k", "is-k"]
    );
    assert_eq!(
        ids(
            &b,
            "Daesh struck in the Khorasan region.",
            &LinkContext::default()
        ),
        vec!["is-k"]
    );
}

#[test]
fn a_region_recalled_in_a_report_placed_elsewhere_names_no_branch() {
    let b = base();
    let recalled =
        "Islamic State gunmen attacked a theatre. In 2015 the group downed a plane over Sinai.";
    // The report's country is Turkey: Sinai is a place recalled, IS stays IS.
    assert_eq!(
        ids(&b, recalled, &LinkContext::new(None, Some("TR"))),
        vec!["is", "is"]
    );
    // With no country known, the term still speaks for the branch.
    assert_eq!(
        ids(&b, recalled, &LinkContext::default()),
        vec!["is-sinai", "is-sinai"]
    );
    // In the branch's own country the country decides.
    assert_eq!(
        ids(
            &b,
            "Islamic State gunmen attacked a checkpoint.",
            &LinkContext::new(None, Some("EG"))
        ),
        vec!["is-sinai"]
    );
}

#[test]
fn generic_actors_by_country() {
    let b = base();
    let m = b.link(
        "Gunmen killed two policemen.",
        &LinkContext::new(None, Some("NG")),
    );
    let got: Vec<(&str, LinkKind)> = m.iter().map(|x| (x.actor.id.as_str(), x.link)).collect();
    assert_eq!(
        got,
        vec![
            ("unidentified-armed-group", LinkKind::Generic),
            ("police-NG", LinkKind::Generic)
        ]
    );
    assert_eq!(
        ids(&b, "Troops fired on worshippers.", &LinkContext::default()),
        vec!["state-forces", "civilians"]
    );
}

#[test]
fn provisional_names_and_institutions() {
    let b = base();
    let ctx = LinkContext::default();
    let m = b.link("The Ituri Patriotic Resistance Front looted shops.", &ctx);
    assert_eq!(m.len(), 1);
    assert_eq!(
        m[0].actor.id,
        "provisional:ituri-patriotic-resistance-front"
    );
    assert_eq!(m[0].actor.kind, ActorType::RebelGroup);
    let m = b.link("The Kebbi State Vigilante Militia patrols.", &ctx);
    assert_eq!(m[0].actor.kind, ActorType::PoliticalMilitia);
    for t in [
        "The Ministry of Defence Forces Day parade.",
        "The European Union and the Security Council met.",
        "Kandahar University Students Council elections.",
    ] {
        assert!(
            b.link(t, &ctx).iter().all(|x| !x.actor.provisional),
            "{t}: {:?}",
            ids(&b, t, &ctx)
        );
    }
}

#[test]
fn spans_point_into_the_original_text() {
    let b = base();
    let t = "Ötztal: Straße — the Ḥayʼat Taḥrīr al-Shām fighters, then ISIS‑K.";
    for m in b.link(t, &LinkContext::default()) {
        let s = m.span.text(t);
        assert!(!s.is_empty(), "{m:?}");
    }
    let m = b.link(t, &LinkContext::default());
    assert_eq!(m[0].actor.id, "hts");
    assert_eq!(m.last().map(|x| x.span.text(t)), Some("ISIS‑K"));
}

#[test]
fn odd_input_does_not_panic() {
    let b = base();
    let ctx = LinkContext::new(day("2024-01-01"), Some("zz"));
    for t in [
        "",
        " ",
        "\n\n\n",
        "(",
        "()",
        "(IS)",
        "IS(",
        "ISIS-",
        "-ISIS",
        "the group",
        "The (ABC",
        "A (B) C (DE) (FG)",
        "\u{0301}\u{0301}IS",
        "ǅǄ ǆ",
        "ß".repeat(50).as_str(),
        "Front Front Front Front Front Front Front",
        "X Army (XA",
        "'''---'''",
        "Ω Ω Ω Army",
        "al- al- Front",
        "\t\tIS\t",
        "🔥 ISIS 🔥 (ISK) 🔥",
    ] {
        let _ = b.link(t, &ctx);
    }
    let big = "IS-K ".repeat(10_000);
    assert_eq!(b.link(&big, &ctx).len(), 10_000);
}

#[test]
fn load_dir_matches_embedded() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/actors");
    let a = ActorBase::load_dir(dir).expect("load_dir");
    let b = base();
    assert_eq!(a.len(), b.len());
    assert_eq!(a.pattern_count(), b.pattern_count());
    assert!(ActorBase::load_dir("/nonexistent/dir").is_err());
}

#[test]
fn bad_data_is_an_error_not_a_panic() {
    let bad = [
        "[[actor]]\nid = \"x\"\nname = \"X\"\ntype = \"wizard\"\n",
        "[[actor]]\nid = \"x\"\nname = \"X\"\ntype = \"rebel_group\"\nparent = \"nobody\"\n",
        "[[actor]]\nid = \"x\"\nname = \"X\"\ntype = \"rebel_group\"\nrelations = [{ kind = \"loves\", target = \"x\" }]\n",
        "[[actor]]\nid = \"x\"\nname = \"X\"\ntype = \"rebel_group\"\nrelations = [{ kind = \"governs\", target = \"x\", from = \"2021-13-45\" }]\n",
        "[[actor]]\nid = \"x\"\nname = \"X\"\ntype = \"rebel_group\"\n[[actor]]\nid = \"x\"\nname = \"Y\"\ntype = \"rebel_group\"\n",
        "this is not toml = = =",
        "[[actor]]\nid = \"x\"\nname = \"X\"\ntype = \"rebel_group\"\ncolour = \"red\"\n",
    ];
    for t in bad {
        assert!(
            ActorBase::from_files([("t.toml".to_string(), t.to_string())]).is_err(),
            "{t}"
        );
    }
    let ok = ActorBase::from_files([(
        "t.toml".to_string(),
        "[[actor]]\nid = \"x\"\nname = \"Xylo Front\"\ntype = \"rebel_group\"\naliases = [\"XF\"]\n".to_string(),
    )])
    .expect("minimal base");
    assert_eq!(
        ok.link("The XF and the Xylo Front.", &LinkContext::default())
            .len(),
        2
    );
}

#[test]
fn mentions_share_the_base_record() {
    // Two mentions of one actor (and a later link call) hand out the same
    // shared record: no strings are copied per mention.
    let b = base();
    let ctx = LinkContext::default();
    let first = b.link("IS-K fighters attacked; later ISKP claimed it.", &ctx);
    let again = b.link("ISKP said so.", &ctx);
    let (Some(x), Some(y), Some(z)) = (first.first(), first.get(1), again.first()) else {
        panic!("expected three mentions: {first:?} {again:?}");
    };
    assert_eq!(x.actor.id, "is-k");
    assert!(std::sync::Arc::ptr_eq(&x.actor, &y.actor));
    assert!(std::sync::Arc::ptr_eq(&x.actor, &z.actor));
}
