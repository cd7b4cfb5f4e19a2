/*!
The store's behaviour, run on every backend (SQLite, and PostgreSQL when
`SITREP_TEST_PG` is set; required under CI): migrations, idempotent ingest,
merging with reconciled tolls and revisions, look-alike events kept apart,
queries with each filter, statistics and exports.
*/

mod common;

use common::*;
use sitrep_store::export::{self, Format};
use sitrep_store::{EventQuery, StatsBy};

const TEXT_A: &str =
    "A car bomb exploded at the gate of a hotel in Mogadishu on Thursday, killing nine people.";
const TEXT_B: &str = "At least 15 people died when a car bomb blew up outside a hotel in Mogadishu on Thursday, officials said.";
const TEXT_C: &str =
    "Mortar shells struck the airport in Mogadishu on Thursday, wounding three people.";

/// A PostgreSQL store's mentions as they were before migration 23: a table
/// with a row per mention (the rows of the view), migration 23 not applied.
const MENTIONS_TABLE_PG: &str = "
    CREATE TABLE mentions_table AS SELECT * FROM mentions;
    DROP VIEW mentions;
    DROP TABLE mention_sets;
    ALTER TABLE mentions_table RENAME TO mentions;
    DELETE FROM schema_migrations WHERE version = 23;";

#[test]
fn migrations_are_applied_once() {
    for (name, mut s, _g) in backends("migrations") {
        assert_eq!(s.schema_version().unwrap(), 27, "{name}");
        let again = sitrep_store::schema::migrate(s.backend()).unwrap();
        assert!(again.is_empty(), "{name}: migrations re-applied: {again:?}");
    }
}

#[test]
fn migration_10_gives_stored_events_the_cells_ingest_gives() {
    use sitrep_core::GeoPrecision;
    use sitrep_store::{dedup, Value};
    for (name, mut s, _g) in backends("cells") {
        let far = Ev {
            place: KISMAYO,
            ..base("e2", "doc-k")
        };
        let docs = vec![
            report(&base("e1", "doc-a"), TEXT_A),
            report(
                &far,
                "A car bomb exploded in Kismayo on Thursday, killing nine people.",
            ),
        ];
        s.ingest_batch(&docs).unwrap();
        let db = s.backend();
        // One event south and west of zero (floors, not truncations), one no finer
        // than a province (no cell).
        db.execute(
            "UPDATE events SET lat = -33.45, lon = -70.66 WHERE event_id = ?",
            &["e1".into()],
        )
        .unwrap();
        db.execute(
            "UPDATE events SET geo_precision = 'admin1' WHERE event_id = ?",
            &["e2".into()],
        )
        .unwrap();
        // The store as it was before migration 10 (PostgreSQL: its mentions a
        // table again, as before migration 23).
        if name == "postgres" {
            db.execute_batch(MENTIONS_TABLE_PG).unwrap();
        }
        db.execute_batch(
            "DROP INDEX events_cell; ALTER TABLE events DROP COLUMN dedup_cell;
             DELETE FROM schema_migrations WHERE version = 10;
             ALTER TABLE mentions ADD COLUMN text TEXT;
             DELETE FROM schema_migrations WHERE version = 11",
        )
        .unwrap();
        let want = if name == "postgres" {
            vec![10, 11, 23]
        } else {
            vec![10, 11]
        };
        assert_eq!(sitrep_store::schema::migrate(db).unwrap(), want);
        let rows = db
            .query(
                "SELECT event_id, lat, lon, geo_precision, dedup_cell FROM events ORDER BY event_id",
                &[],
            )
            .unwrap();
        assert_eq!(rows.len(), 2, "{name}");
        for r in rows {
            let precision: GeoPrecision =
                serde_json::from_value(serde_json::json!(r[3].as_str().unwrap())).unwrap();
            let want = dedup::cell(r[1].as_f64(), r[2].as_f64(), precision);
            assert_eq!(r[4], Value::Int(want), "{name}: {r:?}");
        }
        assert_eq!(
            dedup::cell(Some(-33.45), Some(-70.66), GeoPrecision::Point),
            56 * 360 + 109
        );
    }
}

#[test]
fn ingest_is_idempotent() {
    for (name, mut s, _g) in backends("idempotent") {
        let docs = vec![
            report(&base("e1", "doc-a"), TEXT_A),
            report(&base("e2", "doc-b"), TEXT_B),
        ];
        let first = s.ingest_batch(&docs).unwrap();
        assert_eq!(first.docs_new, 2, "{name}");
        let before = s.counts().unwrap();
        let second = s.ingest_batch(&docs).unwrap();
        assert_eq!((second.docs_new, second.docs_skipped), (0, 2), "{name}");
        assert_eq!(s.counts().unwrap(), before, "{name}: counts changed");
        // The same document twice in one batch is stored once.
        let dup = vec![
            report(&base("e3", "doc-c"), TEXT_C),
            report(&base("e3", "doc-c"), TEXT_C),
        ];
        let r = s.ingest_batch(&dup).unwrap();
        assert_eq!((r.docs_new, r.docs_skipped), (1, 1), "{name}");
        let key = sitrep_store::document_key(&dup[0].doc).0;
        assert!(s.has_document(&key).unwrap());
        assert_eq!(s.document_text(&key).unwrap().as_deref(), Some(TEXT_C));
    }
}

#[test]
fn reports_of_one_event_merge_with_reconciled_tolls_and_revisions() {
    for (name, mut s, _g) in backends("merge") {
        let a = base("ev-a", "doc-a");
        let b = Ev {
            killed: Some(15),
            ..base("ev-b", "doc-b")
        };
        s.ingest_batch(&[report(&a, TEXT_A)]).unwrap();
        let sum = s.ingest_batch(&[report(&b, TEXT_B)]).unwrap();
        assert_eq!((sum.events_new, sum.events_merged), (0, 1), "{name}");
        let c = s.counts().unwrap();
        assert_eq!(
            (c.documents, c.events, c.event_sources),
            (2, 1, 2),
            "{name}"
        );
        // The id of the earliest stored event is kept.
        let ev = s
            .get_event("ev-a")
            .unwrap()
            .expect("merged event under the first id");
        assert_eq!(ev.n_sources, 2);
        assert_eq!(ev.revision, 2);
        assert_eq!(ev.event.sources.len(), 2);
        assert_eq!(
            ev.event.fatalities.low,
            Some(15),
            "{name}: toll = largest low"
        );
        assert_eq!(
            ev.event.casualty_claims.len(),
            2,
            "{name}: every claim kept"
        );
        let revs = s.revisions("ev-a").unwrap();
        assert_eq!(revs.len(), 2);
        assert_eq!(revs[0].action, "create");
        assert_eq!(revs[1].action, "merge");
        assert!(
            revs[1].score.unwrap_or(0.0) >= 0.45,
            "{name}: {:?}",
            revs[1]
        );
        assert!(
            revs[1].reason.contains("same perpetrator"),
            "{}",
            revs[1].reason
        );
        assert_eq!(revs[1].changes["fatalities"]["old"]["low"], 9);
        assert_eq!(revs[1].changes["fatalities"]["new"]["low"], 15);
        let map = s.source_event_map().unwrap();
        assert_eq!(map.len(), 2);
        assert!(map.values().all(|v| v == "ev-a"));
    }
}

#[test]
fn merges_keep_actor_rows_in_step_and_stored_ids_are_never_reused() {
    for (name, mut s, _g) in backends("ids") {
        let by_actor = |s: &mut sitrep_store::Store, actor: &str| {
            query_ids(
                s,
                &EventQuery {
                    actor: Some(actor.into()),
                    ..EventQuery::default()
                },
            )
        };
        let a = Ev {
            perpetrator: None,
            ..base("ev-a", "doc-a")
        };
        s.ingest_batch(&[report(&a, TEXT_A)]).unwrap();
        assert!(by_actor(&mut s, "al-shabaab").is_empty(), "{name}");
        // A merge that names the perpetrator writes the event's actor rows again;
        // one that changes no actor keeps them as they are.
        let b = base("ev-b", "doc-b");
        let c = base("ev-c", "doc-c");
        for (e, text) in [
            (&b, TEXT_B),
            (
                &c,
                "A car bomb went off at a hotel gate in Mogadishu on Thursday, killing nine.",
            ),
        ] {
            let sum = s.ingest_batch(&[report(e, text)]).unwrap();
            assert_eq!((sum.events_new, sum.events_merged), (0, 1), "{name}");
            assert_eq!(by_actor(&mut s, "al-shabaab"), ["ev-a"], "{name}");
            let ev = s.get_event("ev-a").unwrap().expect("merged event");
            assert_eq!(ev.event.actors.len(), 1, "{name}: {:?}", ev.event.actors);
        }
        // An event id already stored, or stored earlier in the same batch, is
        // never taken again: the event gets an id of its own.
        let far = |id: &'static str, doc: &'static str, date: &'static str, place| Ev {
            date,
            place,
            perpetrator: None,
            ..base(id, doc)
        };
        let x = far("ev-a", "doc-x", "2024-06-01", KISMAYO);
        let y = far("ev-n", "doc-y", "2024-09-01", KISMAYO);
        let z = far("ev-n", "doc-z", "2023-01-01", MOGADISHU);
        let sum = s
            .ingest_batch(&[
                report(&x, "Gunmen attacked Kismayo in June."),
                report(&y, "Gunmen attacked Kismayo in September."),
                report(&z, "Gunmen attacked Mogadishu in January."),
            ])
            .unwrap();
        assert_eq!(sum.events_new, 3, "{name}");
        assert_eq!(s.counts().unwrap().events, 4, "{name}");
        let place = |s: &mut sitrep_store::Store, id: &str| {
            s.get_event(id).unwrap().and_then(|e| e.event.location.name)
        };
        assert_eq!(
            place(&mut s, "ev-a").as_deref(),
            Some("Mogadishu"),
            "{name}"
        );
        assert_eq!(place(&mut s, "ev-n").as_deref(), Some("Kismayo"), "{name}");
        let map = s.source_event_map().unwrap();
        let ids: std::collections::HashSet<&String> = map.values().collect();
        assert_eq!(ids.len(), 4, "{name}: {map:?}");
    }
}

/// More reports than one lookup statement takes (500 keys on SQLite; one
/// array on PostgreSQL): a batch stored again is skipped whole, and its event
/// ids, looked up once for the batch, are never taken again.
#[test]
fn a_large_batch_is_looked_up_whole() {
    const N: usize = 600;
    let day0 = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).expect("date");
    let owned = |n: usize, doc: &str, offset: i64| {
        let i = i64::try_from(n).expect("small");
        let date = (day0 + chrono::Duration::days(i * 100 + offset)).to_string();
        (format!("big-{n}"), format!("{doc}-{n}"), date)
    };
    let batch = |rows: &[(String, String, String)]| -> Vec<sitrep_store::IngestDoc> {
        rows.iter()
            .map(|(id, doc, date)| {
                let e = Ev {
                    date,
                    perpetrator: None,
                    ..base(id, doc)
                };
                report(&e, "Gunmen attacked a market in Mogadishu.")
            })
            .collect()
    };
    let first: Vec<_> = (0..N).map(|n| owned(n, "doc-p", 0)).collect();
    let second: Vec<_> = (0..N).map(|n| owned(n, "doc-q", 50)).collect();
    for (name, mut s, _g) in backends("large_batch") {
        let sum = s.ingest_batch(&batch(&first)).unwrap();
        assert_eq!((sum.docs_new, sum.events_new), (N, N), "{name}");
        // Ids not stored are kept.
        for n in [0, N - 1] {
            let id = format!("big-{n}");
            assert!(s.get_event(&id).unwrap().is_some(), "{name}: {id}");
        }
        let mut again = batch(&first);
        again.extend(batch(&second));
        let sum = s.ingest_batch(&again).unwrap();
        assert_eq!((sum.docs_skipped, sum.docs_new), (N, N), "{name}");
        assert_eq!((sum.events_new, sum.events_merged), (N, 0), "{name}");
        assert_eq!(s.counts().unwrap().events, 2 * N as u64, "{name}");
        let map = s.source_event_map().unwrap();
        let ids: std::collections::HashSet<&String> = map.values().collect();
        assert_eq!(ids.len(), 2 * N, "{name}");
    }
}

#[test]
fn look_alike_events_stay_apart() {
    for (name, mut s, _g) in backends("lookalike") {
        let a = base("ev-a", "doc-a");
        // Same town and day, another perpetrator: a different attack.
        let other_group = Ev {
            perpetrator: Some("is-somalia"),
            ..base("ev-o", "doc-o")
        };
        // Same town, day and group, but mortars on the airport, not a hotel bomb.
        let mortar = Ev {
            sub: Some("shelling_artillery_missile"),
            killed: None,
            ..base("ev-m", "doc-m")
        };
        // Same group and sub-type a week later.
        let later = Ev {
            date: "2024-03-21",
            ..base("ev-l", "doc-l")
        };
        // Same day and group, 400 km away.
        let far = Ev {
            place: KISMAYO,
            ..base("ev-k", "doc-k")
        };
        let docs = vec![
            report(&a, TEXT_A),
            report(&other_group, "A bomb went off in Mogadishu on Thursday."),
            report(&mortar, TEXT_C),
            report(&later, TEXT_A),
            report(
                &far,
                "A car bomb exploded in Kismayo on Thursday, killing nine people.",
            ),
        ];
        let sum = s.ingest_batch(&docs).unwrap();
        assert_eq!((sum.events_new, sum.events_merged), (5, 0), "{name}");
    }
}

#[test]
fn a_report_bridging_two_stored_events_merges_them() {
    for (name, mut s, _g) in backends("bridge") {
        // The group named but no toll; a toll but no group: too little in common.
        let a = Ev {
            killed: None,
            ..base("ev-a", "doc-a")
        };
        let b = Ev {
            perpetrator: None,
            sub: None,
            ..base("ev-b", "doc-b")
        };
        s.ingest_batch(&[report(&a, "Militants claimed an explosion.")])
            .unwrap();
        s.ingest_batch(&[report(&b, "Nine people died, medics said.")])
            .unwrap();
        assert_eq!(s.counts().unwrap().events, 2, "{name}: a and b stay apart");
        // A third report gives the group, the means and the toll: one event.
        let c = base("ev-c", "doc-c");
        let sum = s
            .ingest_batch(&[report(&c, "Al-Shabaab bomb kills nine in Mogadishu.")])
            .unwrap();
        assert_eq!((sum.events_merged, sum.events_bridged), (1, 1), "{name}");
        let counts = s.counts().unwrap();
        assert_eq!((counts.events, counts.event_sources), (1, 3), "{name}");
        let ev = s.get_event("ev-a").unwrap().expect("the first id is kept");
        assert_eq!(ev.n_sources, 3, "{name}");
        assert_eq!(ev.event.fatalities.low, Some(9), "{name}");
        let revs = s.revisions("ev-a").unwrap();
        let last = revs.last().expect("revisions");
        assert_eq!(last.action, "absorb", "{name}");
        assert_eq!(last.changes["sources"]["absorbed"], "ev-b", "{name}");
        let gone = s.revisions("ev-b").unwrap();
        assert_eq!(gone.last().map(|r| r.action.as_str()), Some("merged_into"));
        assert!(s.get_event("ev-b").unwrap().is_none(), "{name}");
        assert!(s.source_event_map().unwrap().values().all(|v| v == "ev-a"));
    }
}

#[test]
fn two_events_of_one_report_never_merge() {
    for (name, mut s, _g) in backends("samedoc") {
        let mut d = report(&base("ev-1", "doc-1"), TEXT_A);
        let mut second = d.events[0].clone();
        second.id = "ev-2".into();
        d.events.push(second);
        let sum = s.ingest_batch(&[d]).unwrap();
        assert_eq!(sum.events_new, 2, "{name}");
    }
}

/// The ids of the events a query finds, in its order.
fn query_ids(s: &mut sitrep_store::Store, q: &EventQuery) -> Vec<String> {
    s.query(q)
        .unwrap()
        .into_iter()
        .map(|e| e.event.id)
        .collect()
}

/// The ids of the events a text search finds, in the query's order.
fn text_ids(s: &mut sitrep_store::Store, text: &str, limit: Option<usize>) -> Vec<String> {
    let q = EventQuery {
        text: Some(text.into()),
        limit,
        ..EventQuery::default()
    };
    query_ids(s, &q)
}

fn load_query_fixture(s: &mut sitrep_store::Store) {
    let docs = vec![
        report(&base("q1", "d1"), TEXT_A),
        report(
            &Ev {
                event_type: "battles",
                sub: Some("armed_clash"),
                place: KISMAYO,
                killed: Some(10),
                date: "2024-04-02",
                ..base("q2", "d2")
            },
            "Jubaland forces and al-Shabaab clashed near Kismayo, leaving ten fighters dead.",
        ),
        report(
            &Ev {
                perpetrator: Some("is-somalia"),
                killed: Some(2),
                date: "2024-05-01",
                ..base("q3", "d3")
            },
            "A grenade thrown at a market in Mogadishu killed two traders.",
        ),
    ];
    s.ingest_batch(&docs).unwrap();
}

#[test]
fn queries_filter_on_every_field() {
    for (name, mut s, _g) in backends("query") {
        load_query_fixture(&mut s);
        let ids = |s: &mut sitrep_store::Store, q: EventQuery| -> Vec<String> {
            s.query(&q)
                .unwrap()
                .into_iter()
                .map(|e| e.event.id)
                .collect()
        };
        assert_eq!(
            ids(&mut s, EventQuery::default()),
            ["q3", "q2", "q1"],
            "{name}"
        );
        let q = EventQuery {
            date_from: "2024-04-01".parse().ok(),
            date_to: "2024-04-30".parse().ok(),
            ..EventQuery::default()
        };
        assert_eq!(ids(&mut s, q), ["q2"], "{name}: dates");
        let q = EventQuery {
            country: Some("so".into()),
            admin1: Some("Banaadir".into()),
            ..EventQuery::default()
        };
        assert_eq!(ids(&mut s, q), ["q3", "q1"], "{name}: admin1");
        let q = EventQuery {
            bbox: Some([42.0, -1.0, 43.0, 0.0]),
            ..EventQuery::default()
        };
        assert_eq!(ids(&mut s, q), ["q2"], "{name}: bbox");
        let q = EventQuery {
            actor: Some("is-somalia".into()),
            role: Some("perpetrator".into()),
            ..EventQuery::default()
        };
        assert_eq!(ids(&mut s, q), ["q3"], "{name}: actor");
        let q = EventQuery {
            event_type: Some("battles".into()),
            ..EventQuery::default()
        };
        assert_eq!(ids(&mut s, q), ["q2"], "{name}: type");
        let q = EventQuery {
            min_fatalities: Some(9),
            ..EventQuery::default()
        };
        assert_eq!(ids(&mut s, q), ["q2", "q1"], "{name}: fatalities");
        let q = EventQuery {
            text: Some("GRENADE".into()),
            ..EventQuery::default()
        };
        assert_eq!(ids(&mut s, q), ["q3"], "{name}: text");
        let q = EventQuery {
            limit: Some(1),
            ..EventQuery::default()
        };
        assert_eq!(ids(&mut s, q.clone()), ["q3"], "{name}: limit");
        assert_eq!(s.count(&q).unwrap(), 3);
    }
}

#[test]
fn stats_group_counts_and_tolls() {
    for (name, mut s, _g) in backends("stats") {
        load_query_fixture(&mut s);
        let by_month = s.stats(&EventQuery::default(), StatsBy::Month).unwrap();
        let keys: Vec<(&str, u64, u64)> = by_month
            .iter()
            .map(|r| (r.key.as_str(), r.events, r.fatalities))
            .collect();
        assert_eq!(
            keys,
            [("2024-03", 1, 9), ("2024-04", 1, 10), ("2024-05", 1, 2)],
            "{name}"
        );
        let by_actor = s.stats(&EventQuery::default(), StatsBy::Actor).unwrap();
        assert_eq!(by_actor[0].key, "al-shabaab");
        assert_eq!(by_actor[0].events, 2);
        let by_week = s.stats(&EventQuery::default(), StatsBy::Week).unwrap();
        assert_eq!(by_week[0].key, "2024-W11");
        let by_type = s.stats(&EventQuery::default(), StatsBy::Type).unwrap();
        assert_eq!(by_type.len(), 2);
        let by_admin1 = s.stats(&EventQuery::default(), StatsBy::Admin1).unwrap();
        assert_eq!(by_admin1[0].key, "Banaadir");
    }
}

#[test]
fn exports_follow_acled_columns_geojson_and_the_contract() {
    for (name, mut s, _g) in backends("export") {
        load_query_fixture(&mut s);
        let events = s.query(&EventQuery::default()).unwrap();
        let k = s.knowledge().clone();
        let mut csv = Vec::new();
        export::write(Format::Csv, &events, &k, &mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        let mut lines = csv.lines();
        let header = lines.next().unwrap();
        assert!(header.starts_with(
            "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp,event_id"
        ), "{name}");
        let q1 = lines.find(|l| l.contains(",q1,")).expect("q1 row");
        assert!(q1.starts_with("SOMq1,2024-03-14,2024,1,Political violence,Explosions/Remote violence,Remote explosive/landmine/IED,al-shabaab,,2,,,,20,,706,,Somalia,Banaadir,,,Mogadishu,"), "{q1}");

        let mut gj = Vec::new();
        export::write(Format::Geojson, &events, &k, &mut gj).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&gj).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        assert_eq!(v["features"].as_array().map(Vec::len), Some(3));
        assert_eq!(v["features"][2]["geometry"]["coordinates"][0], 45.34375);

        let mut jl = Vec::new();
        export::write(Format::Jsonl, &events, &k, &mut jl).unwrap();
        for line in String::from_utf8(jl).unwrap().lines() {
            let ev: sitrep_core::Event = serde_json::from_str(line).unwrap();
            assert_eq!(ev.schema, "sitrep.event/1");
        }
        let mut table = Vec::new();
        export::write(Format::Table, &events, &k, &mut table).unwrap();
        assert_eq!(String::from_utf8(table).unwrap().lines().count(), 4);
    }
}

#[test]
fn read_only_open_never_creates_and_never_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.db");
    let p = path.to_str().unwrap();
    let err = sitrep_store::Store::open_read_only(p, 1000)
        .err()
        .expect("a missing store is an error");
    assert!(err.to_string().contains("no store at"), "{err}");
    assert!(!path.exists(), "no empty database was created");
    for bad in ["", ":memory:"] {
        assert!(sitrep_store::Store::open_read_only(bad, 1000).is_err());
    }
    {
        let mut s = sitrep_store::Store::open(p).unwrap();
        s.ingest_batch(&[report(&base("ev-a", "doc-a"), TEXT_A)])
            .unwrap();
    }
    let mut r = sitrep_store::Store::open_read_only(p, 1000).unwrap();
    assert_eq!(r.counts().unwrap().events, 1);
    let more = report(&base("ev-b", "doc-b"), TEXT_B);
    assert!(
        r.ingest_batch(&[more]).is_err(),
        "a read-only store refuses writes"
    );
    assert_eq!(r.counts().unwrap().events, 1);
}

#[test]
fn stats_by_year_and_country() {
    for (name, mut s, _g) in backends("statsyc") {
        load_query_fixture(&mut s);
        let q = sitrep_store::EventQuery::default();
        let total = s.count(&q).unwrap();
        for by in ["year", "country"] {
            let rows = s
                .stats(&q, sitrep_store::StatsBy::parse(by).unwrap())
                .unwrap();
            assert!(!rows.is_empty(), "{name} {by}");
            assert_eq!(
                rows.iter().map(|r| r.events).sum::<u64>(),
                total,
                "{name} {by}"
            );
        }
        let years = s.stats(&q, sitrep_store::StatsBy::Year).unwrap();
        assert!(
            years
                .iter()
                .all(|r| r.key.len() == 4 || r.key.starts_with('(')),
            "{years:?}"
        );
    }
}

#[test]
fn passwords_are_redacted() {
    assert_eq!(
        sitrep_store::redact_url("postgres://ana:s3cret@db.example:5432/events"),
        "postgres://ana:***@db.example:5432/events"
    );
    assert_eq!(sitrep_store::redact_url("store.db"), "store.db");
    assert_eq!(
        sitrep_store::redact_url("postgresql://ana@db/events"),
        "postgresql://ana@db/events"
    );
}

#[test]
fn two_processes_migrate_an_empty_postgres_database_at_once() {
    let Some(url) = common::pg_url() else {
        return;
    };
    let schema = "t_migrate_race";
    let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    c.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
    ))
    .expect("fresh schema");
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                sitrep_store::Store::open_postgres(&url, Some(schema))
                    .map(|mut s| s.schema_version())
            })
        })
        .collect();
    for h in handles {
        let v = h.join().expect("thread").expect("open").expect("version");
        assert_eq!(v, sitrep_store::schema::MIGRATIONS.len() as i64);
    }
}

#[test]
fn one_refused_report_does_not_roll_back_its_batch() {
    for (name, mut s, _g) in backends("refused") {
        let good = report(&base("ev-a", "doc-a"), TEXT_A);
        let mut nul = report(&base("ev-n", "doc-n"), TEXT_B);
        nul.doc.text = format!("{}\u{0}", nul.doc.text);
        // 10,000 characters that do not compress (PostgreSQL compresses a long
        // run of one letter under its index-row limit).
        let mut x: u64 = 12345;
        let long_id: String = (0..10_000)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                char::from(b'a' + ((x >> 33) % 26) as u8)
            })
            .collect();
        let mut long = report(&base("ev-l", "doc-l"), TEXT_C);
        long.doc.id = long_id;
        let later = report(
            &Ev {
                place: KISMAYO,
                ..base("ev-k", "doc-k")
            },
            "A car bomb exploded in Kismayo on Thursday, killing nine people.",
        );
        let sum = s.ingest_batch(&[good, nul, long, later]).unwrap();
        let failures = s.take_failures();
        assert_eq!(sum.docs_new + sum.docs_failed, 4, "{name}: {failures:?}");
        assert_eq!(failures.len(), sum.docs_failed, "{name}");
        assert!(
            failures.iter().all(|f| f.index == 1 || f.index == 2),
            "{name}: {failures:?}"
        );
        if name == "postgres" {
            assert_eq!(sum.docs_failed, 2, "{name}: {failures:?}");
        }
        // The reports before and after the refused ones are stored.
        assert!(s.get_event("ev-a").unwrap().is_some(), "{name}");
        assert!(s.get_event("ev-k").unwrap().is_some(), "{name}");
    }
}

/// An ingest writes an actor or a place once per transaction; when a report is
/// refused after its event wrote them (PostgreSQL: a NUL byte in an actor's
/// name), a later report of the batch with that actor and place writes them.
#[test]
fn a_refused_report_leaves_its_actor_and_place_to_the_next() {
    for (name, mut s, _g) in backends("refused_actor") {
        let isis = Ev {
            place: KISMAYO,
            perpetrator: Some("isis-somalia"),
            ..base("ev-r", "doc-r")
        };
        let mut refused = report(&isis, TEXT_B);
        refused.events[0].actors[0].name = "ISIS\u{0}Somalia".into();
        let later = report(
            &Ev {
                id: "ev-k",
                doc: "doc-k",
                ..isis.clone()
            },
            "A car bomb exploded in Kismayo on Thursday, killing nine people.",
        );
        let sum = s.ingest_batch(&[refused, later]).unwrap();
        let failures = s.take_failures();
        if name == "postgres" {
            assert_eq!(sum.docs_failed, 1, "{name}: {failures:?}");
        }
        // SQLite stores the NUL: the later report merges into the first.
        assert_eq!(s.counts().unwrap().events, 1, "{name}");
        for (sql, what) in [
            (
                "SELECT COUNT(*) FROM actors WHERE actor_id = 'isis-somalia'",
                "actor",
            ),
            (
                "SELECT COUNT(*) FROM places WHERE name = 'Kismayo'",
                "place",
            ),
        ] {
            let rows = s.backend().query(sql, &[]).unwrap();
            assert_eq!(rows[0][0].as_i64(), Some(1), "{name}: {what} stored");
        }
    }
}

#[test]
fn corrected_metadata_of_a_stored_report_is_a_revision() {
    for (name, mut s, _g) in backends("corrected") {
        let first = report(&base("ev-a", "doc-a"), TEXT_A);
        s.ingest_batch(std::slice::from_ref(&first)).unwrap();
        let mut again = first.clone();
        again.doc.published = "2024-03-16".parse().ok();
        again.doc.title = Some("Corrected title".into());
        let sum = s.ingest_batch(&[again.clone()]).unwrap();
        assert_eq!((sum.docs_skipped, sum.docs_revised), (1, 1), "{name}");
        let revs = s.revisions("ev-a").unwrap();
        let last = revs.last().expect("revisions");
        assert_eq!(last.action, "document", "{name}");
        assert_eq!(last.changes["published"]["new"], "2024-03-16", "{name}");
        assert_eq!(last.changes["title"]["new"], "Corrected title", "{name}");
        // The same metadata again changes nothing.
        let sum = s.ingest_batch(&[again]).unwrap();
        assert_eq!(sum.docs_revised, 0, "{name}");
        assert_eq!(s.revisions("ev-a").unwrap().len(), revs.len(), "{name}");
    }
}

/// A batch that corrects a stored report and merges a new one into its event:
/// the merge follows the correction's revision (on PostgreSQL a merge into an
/// event the batch has not written takes the event as the batch's prefetch
/// read it, which the correction has made out of date).
#[test]
fn a_merge_after_a_correction_in_one_batch_follows_its_revision() {
    for (name, mut s, _g) in backends("correct_then_merge") {
        let first = report(&base("ev-a", "doc-a"), TEXT_A);
        s.ingest_batch(std::slice::from_ref(&first)).unwrap();
        let mut again = first.clone();
        again.doc.title = Some("Corrected title".into());
        let b = Ev {
            killed: Some(15),
            ..base("ev-b", "doc-b")
        };
        let sum = s.ingest_batch(&[again, report(&b, TEXT_B)]).unwrap();
        assert_eq!(
            (sum.docs_revised, sum.events_merged, sum.docs_failed),
            (1, 1, 0),
            "{name}"
        );
        let actions: Vec<(i64, String)> = s
            .revisions("ev-a")
            .unwrap()
            .into_iter()
            .map(|r| (r.revision, r.action))
            .collect();
        let want = [(1, "create"), (2, "document"), (3, "merge")]
            .map(|(n, a)| (n, a.to_string()))
            .to_vec();
        assert_eq!(actions, want, "{name}");
        let ev = s.get_event("ev-a").unwrap().expect("the merged event");
        assert_eq!((ev.revision, ev.n_sources), (3, 2), "{name}");
        assert_eq!(ev.event.fatalities.low, Some(15), "{name}");
    }
}

#[test]
fn full_text_search_finds_words_of_reports_and_notes() {
    for (name, mut s, _g) in backends("search") {
        load_query_fixture(&mut s);
        // A report whose event rests on its first sentence only: the rest of the
        // text is searched through the report, not the notes.
        let first = "Gunmen opened fire on a minibus near Afgooye on Friday, killing six.";
        let text = format!(
            "{first} Later the district commissioner visited survivors at Medina hospital."
        );
        let e = Ev {
            event_type: "violence_against_civilians",
            sub: Some("attack"),
            date: "2024-06-07",
            killed: Some(6),
            sentence_end: first.len(),
            ..base("q4", "d4")
        };
        s.ingest_batch(&[sitrep_store::IngestDoc {
            doc: doc("d4", "2024-06-07", &text),
            events: vec![event(&e)],
        }])
        .unwrap();
        let notes = s.get_event("q4").unwrap().unwrap().notes;
        assert!(!notes.contains("Medina"), "{name}: {notes}");
        let found = |s: &mut sitrep_store::Store, t: &str| text_ids(s, t, None);
        assert_eq!(
            found(&mut s, "medina HOSPITAL"),
            ["q4"],
            "{name}: report text"
        );
        assert_eq!(found(&mut s, "hosp"), ["q4"], "{name}: a word begun");
        assert_eq!(found(&mut s, "market grenade"), ["q3"], "{name}: any order");
        assert!(
            found(&mut s, "grenade kismayo").is_empty(),
            "{name}: all words"
        );
        assert_eq!(found(&mut s, "Kismayo"), ["q2"], "{name}: notes or place");
        assert_eq!(
            s.count(&EventQuery {
                text: Some("minibus".into()),
                ..EventQuery::default()
            })
            .unwrap(),
            1,
            "{name}"
        );
    }
}

/// A later report recalling an attack by its year alone: merged with the one
/// stored attack of that place and year that fits it, kept apart when two do.
#[test]
fn a_recalled_year_dated_attack_merges_only_when_one_stored_event_fits() {
    let recalled = || {
        let text =
            "Families of the nine people killed by a bomb in Mogadishu in 2024 ask for help.";
        let mut r = report(
            &Ev {
                date: "2024-11-20",
                ..base("ev-r", "doc-r")
            },
            text,
        );
        let d = &mut r.events[0].date;
        d.start = "2024-01-01".parse().ok();
        d.end = "2024-12-31".parse().ok();
        d.precision = sitrep_core::DatePrecision::Year;
        r
    };
    let first = report(
        &Ev {
            date: "2024-03-14",
            ..base("ev-1", "doc-1")
        },
        TEXT_A,
    );
    // Another bombing there months later that nothing tells apart from it.
    let second = report(
        &Ev {
            date: "2024-07-02",
            killed: Some(8),
            ..base("ev-2", "doc-2")
        },
        "A bomb killed eight people near a Mogadishu market on Tuesday.",
    );
    for (name, mut s, _g) in backends("recalled_fit") {
        s.ingest_batch(&[first.clone(), recalled()]).unwrap();
        assert_eq!(s.counts().unwrap().events, 1, "{name}: one fit, merged");
    }
    for (name, mut s, _g) in backends("recalled_ambiguous") {
        s.ingest_batch(&[first.clone(), second.clone(), recalled()])
            .unwrap();
        assert_eq!(s.counts().unwrap().events, 3, "{name}: two fit, apart");
    }
}

/// The search index follows what changes events: the words of a merged report
/// find the event it joined, an event whose date an analyst corrects is found
/// once and in its new place in date order, a deleted event is found no more;
/// and a search with a limit gives the first events of the search without one
/// (newest first, the events of one day in id order).
#[test]
fn search_follows_merges_edits_and_deletes_newest_first() {
    const KABUL: (&str, &str, &str, f64, f64, u64) =
        ("Kabul", "Kabul", "AF", 34.52813, 69.17233, 1138958);
    const MAIDUGURI: (&str, &str, &str, f64, f64, u64) =
        ("Maiduguri", "Borno", "NG", 11.84692, 13.15712, 2331447);
    const MOSUL: (&str, &str, &str, f64, f64, u64) =
        ("Mosul", "Nineveh", "IQ", 36.335, 43.11889, 99072);
    for (name, mut s, _g) in backends("search_follow") {
        let ev = |id: &'static str, doc: &'static str, place, date: &'static str| Ev {
            place,
            date,
            ..base(id, doc)
        };
        let said = "A bomb went off at a checkpoint, killing nine people.";
        // Three events of one day in three countries (never merged), two others.
        let docs = vec![
            report(&ev("t3", "c3", MOSUL, "2024-05-01"), said),
            report(&ev("t1", "c1", KABUL, "2024-05-01"), said),
            report(&ev("t2", "c2", MAIDUGURI, "2024-05-01"), said),
            report(&ev("t4", "c4", MOGADISHU, "2024-03-14"), said),
            report(&ev("t5", "c5", KISMAYO, "2024-06-10"), said),
        ];
        s.ingest_batch(&docs).unwrap();
        assert!(s.take_failures().is_empty(), "{name}");
        let found = text_ids;
        let all = found(&mut s, "checkpoint", None);
        assert_eq!(all, ["t5", "t1", "t2", "t3", "t4"], "{name}");
        for k in 1..=6 {
            let want: Vec<String> = all.iter().take(k).cloned().collect();
            assert_eq!(
                found(&mut s, "checkpoint", Some(k)),
                want,
                "{name}: limit {k}"
            );
        }
        let q = EventQuery {
            text: Some("checkpoint".into()),
            date_to: "2024-05-01".parse().ok(),
            country: Some("IQ".into()),
            limit: Some(10),
            ..EventQuery::default()
        };
        let got: Vec<String> = s
            .query(&q)
            .unwrap()
            .into_iter()
            .map(|e| e.event.id)
            .collect();
        assert_eq!(got, ["t3"], "{name}: with other filters");

        // A second report of t4 merges into it: its own words find t4.
        s.ingest_batch(&[report(
            &ev("t4b", "c4b", MOGADISHU, "2024-03-14"),
            "Nine people died when a car bomb hit a checkpoint near the zebrafish market.",
        )])
        .unwrap();
        assert_eq!(s.counts().unwrap().events, 5, "{name}: merged");
        assert!(s.take_failures().is_empty(), "{name}");
        assert_eq!(found(&mut s, "zebrafish", Some(10)), ["t4"], "{name}");
        assert_eq!(found(&mut s, "zebrafish", None), ["t4"], "{name}");

        // A corrected date moves t4 to the front, found once.
        let set = vec![
            ("date.start".to_string(), serde_json::json!("2024-07-01")),
            ("date.end".to_string(), serde_json::json!("2024-07-01")),
        ];
        s.edit_event("t4", &set, "ana", "the army's statement")
            .unwrap();
        assert_eq!(
            found(&mut s, "checkpoint", Some(10)),
            ["t4", "t5", "t1", "t2", "t3"],
            "{name}: new date"
        );
        s.delete_event("t5", "ana", "not an attack").unwrap();
        assert_eq!(
            found(&mut s, "checkpoint", Some(10)),
            ["t4", "t1", "t2", "t3"],
            "{name}: deleted"
        );
        assert_eq!(
            found(&mut s, "checkpoint", None),
            ["t4", "t1", "t2", "t3"],
            "{name}"
        );

        // An event stored and merged twice in one batch, its date made precise
        // by the second report: every report stored.
        let mut week = report(&ev("u1", "e1", KISMAYO, "2024-08-02"), said);
        let d = &mut week.events[0].date;
        (d.start, d.end) = ("2024-07-29".parse().ok(), "2024-08-04".parse().ok());
        d.precision = sitrep_core::DatePrecision::Week;
        let sum = s
            .ingest_batch(&[
                week,
                report(
                    &ev("u2", "e2", KISMAYO, "2024-08-02"),
                    "A checkpoint bomb killed nine.",
                ),
                report(
                    &ev("u3", "e3", KISMAYO, "2024-08-02"),
                    "Nine killed at a checkpoint.",
                ),
            ])
            .unwrap();
        assert_eq!(
            (sum.docs_new, sum.events_new, sum.events_merged),
            (3, 1, 2),
            "{name}"
        );
        assert!(s.take_failures().is_empty(), "{name}");
        let u1 = s.get_event("u1").unwrap().unwrap().event;
        assert_eq!(u1.date.start, "2024-08-02".parse().ok(), "{name}: the day");
        assert_eq!(found(&mut s, "checkpoint", Some(1)), ["u1"], "{name}");
        if name == "sqlite" {
            let db = s.backend();
            db.execute_batch("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
                .unwrap();
            let left = db
                .query(
                    "SELECT (SELECT COUNT(*) FROM search_stale) + (SELECT COUNT(*) FROM search_dirty)",
                    &[],
                )
                .unwrap();
            assert_eq!(
                left[0][0],
                sitrep_store::Value::Int(0),
                "{name}: queues emptied"
            );
        }
    }
}

/// A store of before migration 12 (SQLite: report and event FTS5 tables kept
/// by triggers) is brought to the one search index, built from its events.
#[test]
fn migration_12_builds_the_search_index_of_an_older_store() {
    use sitrep_store::schema::MIGRATIONS;
    for (name, mut s, _g) in backends("search_upgrade") {
        load_query_fixture(&mut s);
        let db = s.backend();
        if name == "sqlite" {
            let old = |v: i64| MIGRATIONS.iter().find(|m| m.0 == v).unwrap().2;
            db.execute_batch(
                "DROP TRIGGER search_events_ai; DROP TRIGGER search_events_au;
                 DROP TRIGGER search_events_ad; DROP TRIGGER search_sources_ai;
                 DROP TRIGGER search_sources_au; DROP TRIGGER search_sources_ad;
                 DROP TABLE search_fts; DROP TABLE search_stale; DROP TABLE search_dirty;",
            )
            .unwrap();
            db.execute_batch(old(5)).unwrap();
            db.execute_batch(old(8)).unwrap();
        }
        db.execute_batch("DELETE FROM schema_migrations WHERE version = 12")
            .unwrap();
        assert_eq!(
            sitrep_store::schema::migrate(db).unwrap(),
            vec![12],
            "{name}"
        );
        if name == "sqlite" {
            let rows = db
                .query(
                    "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('doc_fts', 'event_fts')
                     OR name LIKE '%_fts_a_'",
                    &[],
                )
                .unwrap();
            assert_eq!(
                rows[0][0],
                sitrep_store::Value::Int(0),
                "old tables and triggers"
            );
        }
        let found = |s: &mut sitrep_store::Store, t: &str| text_ids(s, t, Some(10));
        assert_eq!(found(&mut s, "grenade"), ["q3"], "{name}: report text");
        assert_eq!(found(&mut s, "kismayo"), ["q2"], "{name}: place");
        assert_eq!(found(&mut s, "mogadishu"), ["q3", "q1"], "{name}");
    }
}

/// A PostgreSQL store of before migration 22 (text vectors computed by two
/// expression indexes, of reports and of notes) gets a stored search vector
/// for each of its events when it is next opened, and finds what it found.
#[test]
fn migration_22_gives_every_stored_event_its_search_vector() {
    let Some(url) = pg_url() else {
        return;
    };
    let schema = "t_search_vector_upgrade";
    let mut s = fresh_postgres(&url, schema);
    load_query_fixture(&mut s);
    s.backend()
        .execute_batch(
            "DROP INDEX events_search; DROP INDEX events_search_stale;
             ALTER TABLE events DROP COLUMN search;
             DELETE FROM schema_migrations WHERE version = 22;",
        )
        .unwrap();
    for v in [5, 8] {
        let old = match v {
            5 => sitrep_store::schema::V5_PG,
            _ => sitrep_store::schema::V8_PG,
        };
        s.backend().execute_batch(old).unwrap();
    }
    drop(s);
    let mut s = sitrep_store::Store::open_postgres(&url, Some(schema)).expect("reopen");
    assert_eq!(s.schema_version().unwrap(), 27);
    let rows = s
        .backend()
        .query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM events WHERE search IS NULL",
            &[],
        )
        .unwrap();
    assert_eq!(rows[0][0], sitrep_store::Value::Int(0), "vectors made");
    let rows = s
        .backend()
        .query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM pg_indexes WHERE schemaname = current_schema()
             AND indexname IN ('events_text_fts', 'documents_fts')",
            &[],
        )
        .unwrap();
    assert_eq!(rows[0][0], sitrep_store::Value::Int(0), "old indexes gone");
    let found = |s: &mut sitrep_store::Store, t: &str| text_ids(s, t, Some(10));
    assert_eq!(found(&mut s, "grenade"), ["q3"], "report text");
    assert_eq!(found(&mut s, "kismayo"), ["q2"], "place");
    assert_eq!(found(&mut s, "mogadishu"), ["q3", "q1"]);
    assert_eq!(
        found(&mut s, "MOGADISH traders"),
        ["q3"],
        "prefix, all words"
    );
}

/// A PostgreSQL store of before migration 27 (newest-first indexes that end
/// with the event id) gets the indexes without it, and its filters answer
/// as before, ties of a day in id order.
#[test]
fn migration_27_keeps_the_answers_of_newest_first_filters() {
    let Some(url) = pg_url() else {
        return;
    };
    let schema = "t_newest_upgrade";
    let mut s = fresh_postgres(&url, schema);
    load_query_fixture(&mut s);
    // Two more events of q2's day (in other countries: none merges), stored
    // in the reverse of their ids' order.
    let places = [
        ("Kano", "Kano", "NG", 12.0, 8.5, 1),
        ("Herat", "Herat", "AF", 34.3, 62.2, 2),
    ];
    let docs: Vec<_> = [("q5", "d5"), ("q4", "d4")]
        .iter()
        .zip(places)
        .map(|((id, doc), place)| {
            report(
                &Ev {
                    place,
                    date: "2024-04-02",
                    ..base(id, doc)
                },
                "Gunmen attacked a camp.",
            )
        })
        .collect();
    s.ingest_batch(&docs).unwrap();
    let queries = [
        EventQuery::default(),
        EventQuery {
            country: Some("so".into()),
            date_from: "2024-04-01".parse().ok(),
            ..EventQuery::default()
        },
        EventQuery {
            admin1: Some("Banaadir".into()),
            ..EventQuery::default()
        },
        EventQuery {
            event_type: Some("violence_against_civilians".into()),
            limit: Some(2),
            ..EventQuery::default()
        },
        EventQuery {
            limit: Some(2),
            ..EventQuery::default()
        },
    ];
    let before: Vec<Vec<String>> = queries.iter().map(|q| query_ids(&mut s, q)).collect();
    assert!(before[0].len() >= 4, "{before:?}");
    let rows = s.backend();
    rows.execute_batch(
        "DROP INDEX events_date_newest; DROP INDEX events_country_newest;
         DROP INDEX events_admin1_newest; DROP INDEX events_type_newest;
         DELETE FROM schema_migrations WHERE version = 27;",
    )
    .unwrap();
    rows.execute_batch(
        "CREATE INDEX events_date_desc ON events (date_start DESC NULLS LAST, event_id);
         CREATE INDEX events_country_date_desc
           ON events (country, date_start DESC NULLS LAST, event_id);
         CREATE INDEX events_admin1_date_desc
           ON events (admin1, date_start DESC NULLS LAST, event_id);
         CREATE INDEX events_type_date_desc
           ON events (event_type, date_start DESC NULLS LAST, event_id);",
    )
    .unwrap();
    drop(s);
    let mut s = sitrep_store::Store::open_postgres(&url, Some(schema)).expect("reopen");
    assert_eq!(s.schema_version().unwrap(), 27);
    let names = s
        .backend()
        .query(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
             AND (indexname LIKE '%date_desc' OR indexname LIKE '%newest') ORDER BY 1",
            &[],
        )
        .unwrap();
    let names: Vec<String> = names
        .into_iter()
        .filter_map(|r| {
            r.into_iter()
                .next()
                .and_then(sitrep_store::Value::into_string)
        })
        .collect();
    assert_eq!(
        names,
        [
            "events_admin1_newest",
            "events_country_newest",
            "events_date_newest",
            "events_type_newest"
        ]
    );
    let after: Vec<Vec<String>> = queries.iter().map(|q| query_ids(&mut s, q)).collect();
    assert_eq!(after, before);
}

/// A store of before migration 14 (SQLite: mentions in a rowid table beside an
/// index of their key) keeps every mention when it is upgraded, in a table
/// without rowid, and ingests on after it.
#[test]
fn migration_14_keeps_every_mention() {
    use sitrep_store::Value;
    for (name, mut s, _g) in backends("mentions_upgrade") {
        load_query_fixture(&mut s);
        let all = "SELECT doc_key, seq, source_event_id, kind, span_start, span_end, value
                   FROM mentions ORDER BY doc_key, seq";
        let db = s.backend();
        let before = db.query(all, &[]).unwrap();
        assert!(before.len() > 3, "{name}: mentions stored");
        if name == "sqlite" {
            db.execute_batch(
                "CREATE TABLE mentions_old (
                    doc_key TEXT NOT NULL, seq BIGINT NOT NULL, source_event_id TEXT NOT NULL,
                    kind TEXT NOT NULL, span_start BIGINT NOT NULL, span_end BIGINT NOT NULL,
                    value TEXT, PRIMARY KEY (doc_key, seq));
                 INSERT INTO mentions_old SELECT * FROM mentions;
                 DROP TABLE mentions;
                 ALTER TABLE mentions_old RENAME TO mentions;",
            )
            .unwrap();
            assert!(db.query("SELECT rowid FROM mentions", &[]).is_ok());
        }
        db.execute_batch("DELETE FROM schema_migrations WHERE version = 14")
            .unwrap();
        assert_eq!(
            sitrep_store::schema::migrate(db).unwrap(),
            vec![14],
            "{name}"
        );
        assert_eq!(db.query(all, &[]).unwrap(), before, "{name}: mentions kept");
        if name == "sqlite" {
            assert!(
                db.query("SELECT rowid FROM mentions", &[]).is_err(),
                "a table without rowid"
            );
            let idx = db
                .query(
                    "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'mentions' AND type = 'index'",
                    &[],
                )
                .unwrap();
            assert_eq!(idx[0][0], Value::Int(0), "no index beside the table");
        }
        let n = before.len();
        s.ingest_batch(&[report(&base("m1", "doc-m"), TEXT_C)])
            .unwrap();
        let after = s.backend().query(all, &[]).unwrap();
        assert!(after.len() > n, "{name}: mentions of a new report stored");
    }
}

/// A store of before migration 20 (its index of grid cells without the
/// coordinates) keeps every event when it is upgraded, the index then holds
/// them, and a report of a stored event merges into it after.
#[test]
fn migration_20_keeps_every_event_and_merges_on() {
    for (name, mut s, _g) in backends("cell_upgrade") {
        let a = base("ev-a", "doc-a");
        let b = Ev {
            killed: Some(15),
            ..base("ev-b", "doc-b")
        };
        s.ingest_batch(&[report(&a, TEXT_A)]).unwrap();
        let all = "SELECT event_id, event_type, date_start, lat, lon, dedup_cell, block_start,
                   block_end, n_sources FROM events ORDER BY event_id";
        let db = s.backend();
        let before = db.query(all, &[]).unwrap();
        assert_eq!(before.len(), 1, "{name}: the event stored");
        db.execute_batch(
            "DROP INDEX events_cell;
             CREATE INDEX events_cell ON events (country, dedup_cell, block_start, block_end);
             DELETE FROM schema_migrations WHERE version = 20",
        )
        .unwrap();
        assert_eq!(
            sitrep_store::schema::migrate(db).unwrap(),
            vec![20],
            "{name}"
        );
        assert_eq!(db.query(all, &[]).unwrap(), before, "{name}: events kept");
        let def = if name == "sqlite" {
            "SELECT group_concat(name, ' ') FROM pragma_index_info('events_cell')"
        } else {
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
             AND indexname = 'events_cell'"
        };
        let def = db.query(def, &[]).unwrap();
        let def = def[0][0].as_str().unwrap_or_default().to_string();
        assert!(def.contains("lat") && def.contains("lon"), "{name}: {def}");
        let sum = s.ingest_batch(&[report(&b, TEXT_B)]).unwrap();
        assert_eq!((sum.events_new, sum.events_merged), (0, 1), "{name}");
    }
}

/// A store of before migration 15 (with the index `events_place`) loses that
/// index when it is upgraded, keeps its events, and still merges a report of
/// an event it holds and stores one of a new event.
#[test]
fn migration_15_drops_the_place_index() {
    for (name, mut s, _g) in backends("place_index_upgrade") {
        s.ingest_batch(&[report(&base("p1", "doc-p1"), TEXT_A)])
            .unwrap();
        let index_sql = if name == "sqlite" {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'events_place'"
        } else {
            "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()
             AND indexname = 'events_place'"
        };
        let n_index = |s: &mut sitrep_store::Store| {
            let rows = s.backend().query(index_sql, &[]).unwrap();
            rows[0][0].as_i64()
        };
        let db = s.backend();
        db.execute_batch(
            "CREATE INDEX events_place ON events (country, place_key);
             DELETE FROM schema_migrations WHERE version = 15",
        )
        .unwrap();
        assert_eq!(n_index(&mut s), Some(1), "{name}: the old index");
        let before = s.counts().unwrap();
        assert_eq!(
            sitrep_store::schema::migrate(s.backend()).unwrap(),
            vec![15],
            "{name}"
        );
        assert_eq!(n_index(&mut s), Some(0), "{name}: index dropped");
        assert_eq!(s.counts().unwrap(), before, "{name}: rows kept");
        let b = Ev {
            killed: Some(15),
            ..base("p2", "doc-p2")
        };
        let c = Ev {
            event_type: "battles",
            sub: None,
            place: KISMAYO,
            ..base("p3", "doc-p3")
        };
        let sum = s
            .ingest_batch(&[report(&b, TEXT_B), report(&c, TEXT_C)])
            .unwrap();
        assert_eq!(
            (sum.events_merged, sum.events_new),
            (1, 1),
            "{name}: the car bomb merged, the battle in Kismayo new"
        );
        let rows = s
            .backend()
            .query("SELECT COUNT(*) FROM events", &[])
            .unwrap();
        assert_eq!(rows[0][0].as_i64(), Some(2), "{name}");
    }
}

/// A store of before migration 17 (SQLite: two indexes of an actor's rows) has
/// one index of an actor's rows after the upgrade, and its queries by actor,
/// role and box give what they gave before it.
#[test]
fn migration_17_keeps_the_answers_of_actor_and_box_queries() {
    for (name, mut s, _g) in backends("actor_index_upgrade") {
        load_query_fixture(&mut s);
        let db = s.backend();
        if name == "sqlite" {
            db.execute_batch(
                "DROP INDEX event_actors_actor;
                 CREATE INDEX event_actors_role_date ON event_actors (actor_id, role, date_start);
                 CREATE INDEX event_actors_date ON event_actors (actor_id, date_start);",
            )
            .unwrap();
        }
        db.execute_batch("DELETE FROM schema_migrations WHERE version = 17")
            .unwrap();
        let queries = [
            EventQuery {
                actor: Some("is-somalia".into()),
                role: Some("perpetrator".into()),
                ..EventQuery::default()
            },
            EventQuery {
                actor: Some("al-shabaab".into()),
                limit: Some(10),
                ..EventQuery::default()
            },
            EventQuery {
                actor: Some("al-shabaab".into()),
                role: Some("victim".into()),
                ..EventQuery::default()
            },
            EventQuery {
                bbox: Some([42.0, -1.0, 46.0, 3.0]),
                limit: Some(2),
                ..EventQuery::default()
            },
        ];
        let answers = |s: &mut sitrep_store::Store| -> Vec<Vec<String>> {
            queries
                .iter()
                .map(|q| {
                    s.query(q)
                        .unwrap()
                        .into_iter()
                        .map(|e| e.event.id)
                        .collect()
                })
                .collect()
        };
        let before = answers(&mut s);
        assert_eq!(before[0], ["q3"], "{name}: actor and role");
        assert_eq!(before[1], ["q2", "q1"], "{name}: actor, newest first");
        assert!(before[2].is_empty(), "{name}: a role the actor never had");
        assert_eq!(before[3], ["q3", "q2"], "{name}: box, newest first");
        assert_eq!(
            sitrep_store::schema::migrate(s.backend()).unwrap(),
            vec![17],
            "{name}"
        );
        if name == "sqlite" {
            let rows = s
                .backend()
                .query(
                    "SELECT name FROM sqlite_master WHERE type = 'index'
                     AND (tbl_name = 'event_actors' OR name = 'events_latlon') ORDER BY name",
                    &[],
                )
                .unwrap();
            let names: Vec<&str> = rows.iter().filter_map(|r| r[0].as_str()).collect();
            assert_eq!(
                names,
                [
                    "event_actors_actor",
                    "events_latlon",
                    "sqlite_autoindex_event_actors_1"
                ],
                "{name}"
            );
        }
        assert_eq!(answers(&mut s), before, "{name}: answers kept");
    }
}

/// A PostgreSQL store of before migration 21 (two indexes of actor rows, a
/// key of mentions) answers actor queries as before after the upgrade, keeps
/// every mention, has one index of actor rows and none of mentions, and
/// stores the mentions of a new report; SQLite's migration changes nothing.
#[test]
fn migration_21_keeps_actor_answers_and_every_mention() {
    for (name, mut s, _g) in backends("index_21_upgrade") {
        load_query_fixture(&mut s);
        let db = s.backend();
        if name == "postgres" {
            db.execute_batch(MENTIONS_TABLE_PG).unwrap();
            db.execute_batch(
                "DROP INDEX event_actors_actor_desc;
                 CREATE INDEX event_actors_role_date_desc ON event_actors
                   (actor_id, role, date_start DESC NULLS LAST, event_id);
                 CREATE INDEX event_actors_date_desc ON event_actors
                   (actor_id, date_start DESC NULLS LAST, event_id);
                 ALTER TABLE mentions ADD PRIMARY KEY (doc_key, seq);",
            )
            .unwrap();
        }
        db.execute_batch("DELETE FROM schema_migrations WHERE version = 21")
            .unwrap();
        let all = "SELECT doc_key, seq, source_event_id, kind, span_start, span_end, value
                   FROM mentions ORDER BY doc_key, seq";
        let mentions = db.query(all, &[]).unwrap();
        assert!(mentions.len() > 3, "{name}: mentions stored");
        let queries = [
            ("is-somalia", Some("perpetrator")),
            ("al-shabaab", None),
            ("al-shabaab", Some("victim")),
        ];
        let answers = |s: &mut sitrep_store::Store| -> Vec<Vec<String>> {
            queries
                .iter()
                .map(|(a, r)| {
                    let q = EventQuery {
                        actor: Some((*a).into()),
                        role: r.map(str::to_string),
                        limit: Some(10),
                        ..EventQuery::default()
                    };
                    s.query(&q)
                        .unwrap()
                        .into_iter()
                        .map(|e| e.event.id)
                        .collect()
                })
                .collect()
        };
        let before = answers(&mut s);
        assert_eq!(before[0], ["q3"], "{name}: actor and role");
        assert_eq!(before[1], ["q2", "q1"], "{name}: actor, newest first");
        assert!(before[2].is_empty(), "{name}: a role the actor never had");
        // PostgreSQL: the mentions' table of before migration 23 becomes its
        // rows again, each mention kept.
        let want = if name == "postgres" {
            vec![21, 23]
        } else {
            vec![21]
        };
        assert_eq!(
            sitrep_store::schema::migrate(s.backend()).unwrap(),
            want,
            "{name}"
        );
        assert_eq!(answers(&mut s), before, "{name}: answers kept");
        assert_eq!(s.backend().query(all, &[]).unwrap(), mentions, "{name}");
        if name == "postgres" {
            let rows = s
                .backend()
                .query(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
                     AND tablename IN ('event_actors', 'mentions') ORDER BY indexname",
                    &[],
                )
                .unwrap();
            let names: Vec<&str> = rows.iter().filter_map(|r| r[0].as_str()).collect();
            assert_eq!(names, ["event_actors_actor_desc", "event_actors_event"]);
        }
        let n = mentions.len();
        s.ingest_batch(&[report(&base("m21", "doc-m21"), TEXT_C)])
            .unwrap();
        let after = s.backend().query(all, &[]).unwrap();
        assert!(after.len() > n, "{name}: mentions of a new report stored");
    }
}

/// A store of before migration 18 (SQLite: search triggers of sources that
/// note the key of the event, by `julianday`) has triggers that call no
/// function after the upgrade, and a report merged into a stored event is
/// found by its words, the event once, as the date it had.
#[test]
fn migration_18_keeps_search_in_step_with_merged_reports() {
    for (name, mut s, _g) in backends("search_trigger_upgrade") {
        load_query_fixture(&mut s);
        let db = s.backend();
        let with_function =
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'event_sources'
             AND sql LIKE '%julianday%'";
        if name == "sqlite" {
            db.execute_batch(
                "DROP TRIGGER search_sources_ai;
                 CREATE TRIGGER search_sources_ai AFTER INSERT ON event_sources BEGIN
                   INSERT INTO search_stale SELECT
                     ((COALESCE(CAST(julianday(e.date_start) AS INTEGER), 0) << 32) + e.rowid)
                     FROM events e WHERE e.event_id = new.event_id;
                   INSERT INTO search_dirty SELECT e.rowid FROM events e
                     WHERE e.event_id = new.event_id;
                 END;",
            )
            .unwrap();
            assert_eq!(
                db.query(with_function, &[]).unwrap()[0][0].as_i64(),
                Some(1)
            );
        }
        db.execute_batch("DELETE FROM schema_migrations WHERE version = 18")
            .unwrap();
        assert_eq!(
            sitrep_store::schema::migrate(s.backend()).unwrap(),
            vec![18],
            "{name}"
        );
        if name == "sqlite" {
            let rows = s.backend().query(with_function, &[]).unwrap();
            assert_eq!(rows[0][0].as_i64(), Some(0), "no julianday in the triggers");
        }
        merge_second_report_of_q1(&mut s, &name);
        assert_eq!(text_ids(&mut s, "axolotl", None), ["q1"], "{name}");
        assert_eq!(
            text_ids(&mut s, "mogadishu", Some(10)),
            ["q3", "q1"],
            "{name}: each event once, newest first"
        );
    }
}

/// A store of before migration 16 (records as text: `z1:`, the JSON deflated
/// and in base64; PostgreSQL: a `TEXT` column) reads its records after the
/// upgrade, merges a new report into one, and writes that record as bytes.
#[test]
fn migration_16_reads_the_records_of_an_older_store() {
    use base64::Engine;
    use std::io::Write;
    for (name, mut s, _g) in backends("record_bytes_upgrade") {
        s.ingest_batch(&[report(&base("r1", "doc-r1"), TEXT_A)])
            .unwrap();
        let before = s.get_event("r1").unwrap().expect("stored").event;
        let json = serde_json::to_string(&before).unwrap();
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
        z.write_all(json.as_bytes()).unwrap();
        let z1 = format!(
            "z1:{}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(z.finish().unwrap())
        );
        let db = s.backend();
        if name != "sqlite" {
            db.execute_batch("ALTER TABLE event_records ALTER COLUMN record TYPE TEXT USING ''")
                .unwrap();
        }
        db.execute(
            "UPDATE event_records SET record = ? WHERE event_id = 'r1'",
            &[z1.as_str().into()],
        )
        .unwrap();
        db.execute_batch("DELETE FROM schema_migrations WHERE version = 16")
            .unwrap();
        assert_eq!(
            sitrep_store::schema::migrate(s.backend()).unwrap(),
            vec![16],
            "{name}"
        );
        old_record_read_and_rewritten(&name, &mut s, &before, b"z1:");
    }
}

/// The record of event `r1` as stored, bytes.
fn stored_record(s: &mut sitrep_store::Store) -> Vec<u8> {
    let rows = s
        .backend()
        .query(
            "SELECT record FROM event_records WHERE event_id = 'r1'",
            &[],
        )
        .unwrap();
    rows[0][0].as_bytes().unwrap_or_default().to_vec()
}

/// Event `r1`, stored in an older form starting with `old`, reads as
/// `before`; a merge of a second report rewrites it as an LZ4 block.
fn old_record_read_and_rewritten(
    name: &str,
    s: &mut sitrep_store::Store,
    before: &sitrep_core::Event,
    old: &[u8],
) {
    assert!(stored_record(s).starts_with(old), "{name}: old record kept");
    assert_eq!(
        &s.get_event("r1").unwrap().expect("stored").event,
        before,
        "{name}: old record read"
    );
    let b = Ev {
        killed: Some(15),
        ..base("r2", "doc-r2")
    };
    let sum = s.ingest_batch(&[report(&b, TEXT_B)]).unwrap();
    assert_eq!((sum.events_new, sum.events_merged), (0, 1), "{name}");
    let merged = s.get_event("r1").unwrap().expect("merged").event;
    assert_eq!(merged.sources.len(), 2, "{name}");
    assert_eq!(merged.fatalities.low, Some(15), "{name}");
    assert!(stored_record(s).starts_with(b"l4:"), "{name}: rewritten");
}

/// A store written before LZ4 records holds `z2:` records (deflated bytes):
/// they are read as they are, and a merge rewrites one as an LZ4 block.
#[test]
fn lz4_records_read_the_deflated_records_of_an_older_store() {
    use std::io::Write;
    for (name, mut s, _g) in backends("record_lz4_upgrade") {
        s.ingest_batch(&[report(&base("r1", "doc-r1"), TEXT_A)])
            .unwrap();
        let before = s.get_event("r1").unwrap().expect("stored").event;
        let mut z =
            flate2::write::DeflateEncoder::new(b"z2:".to_vec(), flate2::Compression::new(1));
        z.write_all(serde_json::to_string(&before).unwrap().as_bytes())
            .unwrap();
        s.backend()
            .execute(
                "UPDATE event_records SET record = ? WHERE event_id = 'r1'",
                &[z.finish().unwrap().into()],
            )
            .unwrap();
        old_record_read_and_rewritten(&name, &mut s, &before, b"z2:");
    }
}

/// `event_sources` and `casualty_claims` as migrations 1 and 4 made them
/// (keys that begin with the event's id), their rows kept, and on SQLite the
/// search triggers of migration 18 on the sources.
const SOURCES_AND_CLAIMS_BEFORE_19: &str = "
CREATE TABLE event_sources_old (
    event_id TEXT NOT NULL, doc_key TEXT NOT NULL, source_event_id TEXT NOT NULL,
    doc_name TEXT NOT NULL, url TEXT, published TEXT, sentences TEXT NOT NULL,
    merge_score DOUBLE PRECISION, merge_reason TEXT NOT NULL, added_at TEXT NOT NULL,
    PRIMARY KEY (event_id, doc_key, source_event_id));
ALTER TABLE event_sources_old ADD COLUMN first_event_id TEXT;
INSERT INTO event_sources_old SELECT event_id, doc_key, source_event_id, doc_name, url,
    published, sentences, merge_score, merge_reason, added_at, first_event_id FROM event_sources;
DROP TABLE event_sources;
ALTER TABLE event_sources_old RENAME TO event_sources;
CREATE INDEX event_sources_doc ON event_sources (doc_key);
CREATE TABLE casualty_claims_old (
    event_id TEXT NOT NULL, doc_key TEXT NOT NULL, seq BIGINT NOT NULL, kind TEXT NOT NULL,
    low BIGINT, high BIGINT, claimed_by TEXT NOT NULL, span_start BIGINT NOT NULL,
    span_end BIGINT NOT NULL, PRIMARY KEY (event_id, doc_key, seq));
INSERT INTO casualty_claims_old SELECT event_id, doc_key, seq, kind, low, high, claimed_by,
    span_start, span_end FROM casualty_claims;
DROP TABLE casualty_claims;
ALTER TABLE casualty_claims_old RENAME TO casualty_claims;
";

/// Migration 18's search triggers on `event_sources` (SQLite), as the schema
/// module ships them (its DROP lines are harmless on a store of before 19).
fn source_triggers_18() -> &'static str {
    sitrep_store::schema::MIGRATIONS
        .iter()
        .find(|(version, _, _)| *version == 18)
        .map(|(_, _, sql)| *sql)
        .expect("migration 18 ships")
}

/// A second report of the query fixture's `q1` (a car bomb at a hotel gate)
/// merges into it, and its own word ("axolotl") finds `q1`.
fn merge_second_report_of_q1(s: &mut sitrep_store::Store, name: &str) {
    let sum = s
        .ingest_batch(&[report(
            &base("q1b", "d1b"),
            "Nine people died when a car bomb hit the gate of a hotel near the axolotl pond.",
        )])
        .unwrap();
    assert_eq!(sum.events_merged, 1, "{name}: merged into q1");
    assert_eq!(text_ids(s, "axolotl", Some(10)), ["q1"], "{name}");
}

/// Every source and casualty claim row, in a fixed order, as text.
fn source_and_claim_rows(s: &mut sitrep_store::Store) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT event_id, doc_key, source_event_id, doc_name, url, published, sentences,
         merge_score, merge_reason, added_at, first_event_id FROM event_sources
         ORDER BY doc_key, source_event_id, event_id",
        "SELECT event_id, doc_key, seq, kind, low, high, claimed_by, span_start, span_end
         FROM casualty_claims ORDER BY doc_key, event_id, seq",
    ] {
        for r in s.backend().query(sql, &[]).unwrap() {
            out.push(format!("{r:?}"));
        }
    }
    out
}

/// A store of before migration 19 (sources and casualty claims keyed by the
/// event's id first) keeps every source and claim row after the upgrade, under
/// keys that begin with the report's; its text search and source map answer as
/// before, and a report merged after it adds its source and claim and is found.
#[test]
fn migration_19_keeps_every_source_and_claim() {
    for (name, mut s, _g) in backends("report_order_upgrade") {
        load_query_fixture(&mut s);
        let db = s.backend();
        db.execute_batch(SOURCES_AND_CLAIMS_BEFORE_19).unwrap();
        if name == "sqlite" {
            db.execute_batch(source_triggers_18()).unwrap();
        }
        db.execute_batch("DELETE FROM schema_migrations WHERE version = 19")
            .unwrap();
        let rows = source_and_claim_rows(&mut s);
        assert_eq!(rows.len(), 6, "{name}: three sources, three claims");
        let map = s.source_event_map().unwrap();
        let found = text_ids(&mut s, "mogadishu", Some(10));
        assert_eq!(found, ["q3", "q1"], "{name}");
        assert_eq!(
            sitrep_store::schema::migrate(s.backend()).unwrap(),
            vec![19],
            "{name}"
        );
        assert_eq!(source_and_claim_rows(&mut s), rows, "{name}: rows kept");
        assert_eq!(s.source_event_map().unwrap(), map, "{name}");
        assert_eq!(text_ids(&mut s, "mogadishu", Some(10)), found, "{name}");
        if name == "sqlite" {
            let rows = s
                .backend()
                .query(
                    "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')
                     AND tbl_name IN ('event_sources', 'casualty_claims') ORDER BY type, name",
                    &[],
                )
                .unwrap();
            let names: Vec<&str> = rows.iter().filter_map(|r| r[1].as_str()).collect();
            assert_eq!(
                names,
                [
                    "casualty_claims_event",
                    "casualty_claims_key",
                    "event_sources_event",
                    "event_sources_key",
                    "search_sources_ad",
                    "search_sources_ai",
                    "search_sources_au"
                ],
                "{name}: keys by report, an index by event, the search triggers"
            );
        }
        merge_second_report_of_q1(&mut s, &name);
        assert_eq!(source_and_claim_rows(&mut s).len(), 8, "{name}");
        assert_eq!(s.get_event("q1").unwrap().map(|e| e.n_sources), Some(2));
    }
}

/// A search with a limit over more events than PostgreSQL tests first (the
/// newest 2,000, then as many as their matches suggest) gives the first
/// events of the same search without a limit: a word in one event in fifty
/// (found among the newest, too few there), and a word only in the oldest
/// events (none among the newest: the whole query).
#[test]
fn a_search_with_a_limit_is_the_start_of_the_search_without() {
    for (name, mut s, _g) in backends("search_window") {
        let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
        let ids: Vec<String> = (0..2600).map(|i| format!("w{i:04}")).collect();
        let dates: Vec<String> = (0..2600)
            .map(|i| (start + chrono::Duration::days(i)).to_string())
            .collect();
        let events: Vec<sitrep_core::Event> = (0..2600)
            .map(|i| {
                let place = match i {
                    i if i % 50 == 7 => "Alphaville",
                    0..=2 => "Omegatown",
                    _ => "Mogadishu",
                };
                event(&Ev {
                    place: (place, "Banaadir", "SO", 2.03711, 45.34375, 53654),
                    date: &dates[i],
                    ..base(&ids[i], "doc-w")
                })
            })
            .collect();
        s.bulk_load_events(&events, 1000).unwrap();
        for (word, limit) in [("alphaville", 45), ("alpha", 10), ("omegatown", 2)] {
            let all = text_ids(&mut s, word, None);
            let first = text_ids(&mut s, word, Some(limit));
            assert_eq!(first, all[..limit.min(all.len())], "{name}: {word} {limit}");
        }
        assert_eq!(text_ids(&mut s, "alphaville", None).len(), 52, "{name}");
        assert_eq!(
            text_ids(&mut s, "omegatown", Some(10)),
            ["w0002", "w0001", "w0000"],
            "{name}"
        );
    }
}

/// A bounding box or a minimum toll with a limit gives the first events of
/// the same query without a limit, over more events than a first look at
/// the newest would read (2,600): a box holding one event in 25, a toll
/// only the oldest events reach, a toll with a country, and several events
/// of one day (in id order).
#[test]
fn a_range_query_with_a_limit_is_the_start_of_the_query_without() {
    for (name, mut s, _g) in backends("range_window") {
        let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
        let ids: Vec<String> = (0..2600).map(|i| format!("r{i:04}")).collect();
        // Events 2000 to 2599 two a day: ties broken by id.
        let dates: Vec<String> = (0..2600)
            .map(|i| {
                (start + chrono::Duration::days(i.min(2000 + (i - i.min(2000)) / 2))).to_string()
            })
            .collect();
        let events: Vec<sitrep_core::Event> = (0..2600)
            .map(|i| {
                let (place, lat, lon) = match i {
                    i if i % 50 == 7 || i % 50 == 8 => ("Baidoa", 3.11383, 43.6498),
                    _ => ("Mogadishu", 2.03711, 45.34375),
                };
                event(&Ev {
                    place: (place, "Banaadir", "SO", lat, lon, 53654),
                    date: &dates[i as usize],
                    killed: Some(if i < 3 { 90 } else { (i % 7) as u32 }),
                    ..base(&ids[i as usize], "doc-r")
                })
            })
            .collect();
        s.bulk_load_events(&events, 1000).unwrap();
        let boxed = |q: &mut EventQuery| q.bbox = Some([43.0, 3.0, 44.0, 3.5]);
        let toll = |q: &mut EventQuery| q.min_fatalities = Some(50);
        let few = |q: &mut EventQuery| q.min_fatalities = Some(6);
        let country = |q: &mut EventQuery| {
            q.country = Some("SO".into());
            q.min_fatalities = Some(6);
        };
        type Filter = fn(&mut EventQuery);
        let cases: [(&str, Filter, usize); 6] = [
            ("box", boxed, 100),
            ("box", boxed, 45),
            ("box", boxed, 10),
            ("toll", toll, 2),
            ("few", few, 100),
            ("country", country, 100),
        ];
        for (label, f, limit) in cases {
            let mut q = EventQuery::default();
            f(&mut q);
            let all = query_ids(&mut s, &q);
            q.limit = Some(limit);
            let first = query_ids(&mut s, &q);
            assert_eq!(
                first,
                all[..limit.min(all.len())],
                "{name}: {label} {limit}"
            );
        }
        let mut q = EventQuery::default();
        boxed(&mut q);
        assert_eq!(query_ids(&mut s, &q).len(), 104, "{name}");
        q = EventQuery {
            min_fatalities: Some(50),
            limit: Some(10),
            ..EventQuery::default()
        };
        assert_eq!(query_ids(&mut s, &q), ["r0002", "r0001", "r0000"], "{name}");
    }
}

/// Full-text search answers alike on both backends (SQLite's FTS5 index,
/// PostgreSQL's stored vectors): whole words in any case, words begun,
/// two words (in either order, both needed, each whole or begun), no match
/// (an empty answer, never another event), and words with diacritics as
/// FTS5 folds them ("segou" finds "Ségou", "łódź" and "łodz" find "Łódź";
/// "lodz" does not: "ł" is a letter of its own, no "l" with a diacritic).
/// The words of a report merged later into an event (on PostgreSQL added
/// to its stored vector) find it, and the vector is the one a remake gives.
#[test]
fn search_answers_alike_on_both_backends() {
    let place = |name, admin1, country, lat, lon, gid| (name, admin1, country, lat, lon, gid);
    let evs = [
        (
            Ev {
                date: "2021-02-01",
                place: place("Ségou", "Ségou", "ML", 13.431, -6.2157, 2451185),
                ..base("s1", "d1")
            },
            "Gunmen attacked the Ségou market on Monday and fled on motorbikes.",
        ),
        (
            Ev {
                date: "2022-05-05",
                event_type: "battles",
                sub: Some("armed_clash"),
                place: place("Mopti", "Mopti", "ML", 14.4843, -4.1830, 2453348),
                perpetrator: None,
                ..base("s2", "d2")
            },
            "A drone strike hit a convoy near Segou airport, killing 4 soldiers.",
        ),
        (
            Ev {
                date: "2023-07-07",
                event_type: "protests",
                sub: Some("peaceful_protest"),
                place: place("Kabul", "Kabul", "AF", 34.5281, 69.1723, 1138958),
                perpetrator: None,
                killed: None,
                ..base("s3", "d3")
            },
            "Protesters marched in Kabul against the market closures.",
        ),
        (
            Ev {
                date: "2024-01-01",
                event_type: "explosions_remote_violence",
                place: place("Kharkiv", "Kharkiv", "UA", 49.9808, 36.2527, 706483),
                perpetrator: None,
                killed: Some(12),
                ..base("s4", "d4")
            },
            "Shelling of Kharkiv killed 12 civilians near the station on Łódź street.",
        ),
    ];
    let cases: [(&str, &[&str]); 18] = [
        ("market", &["s3", "s1"]),
        ("MARKET", &["s3", "s1"]),
        ("mark", &["s3", "s1"]),
        ("marc", &["s3"]),
        ("kabul market", &["s3"]),
        ("market kabul", &["s3"]),
        ("kab mark", &["s3"]),
        ("market kharkiv", &[]),
        ("zzzz", &[]),
        ("segou", &["s2", "s1"]),
        ("Ségou", &["s2", "s1"]),
        ("ség", &["s2", "s1"]),
        ("łodz", &["s4"]),
        ("łódź", &["s4"]),
        ("lodz", &[]),
        ("12 civilians", &["s4"]),
        ("ambulance", &["s1"]),
        ("ambulance segou", &["s1"]),
    ];
    let mut answers: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for (name, mut s, _g) in backends("search_alike") {
        let docs: Vec<_> = evs.iter().map(|(e, t)| report(e, t)).collect();
        s.ingest_batch(&docs).unwrap();
        assert_eq!(s.counts().unwrap().events, 4, "{name}");
        // A second report of s1, merged into it in a batch of its own.
        let more = report(
            &Ev {
                date: "2021-02-01",
                place: place("Ségou", "Ségou", "ML", 13.431, -6.2157, 2451185),
                ..base("s1b", "d5")
            },
            "An ambulance reached the Ségou market after gunmen attacked it on Monday.",
        );
        let sum = s.ingest_batch(&[more]).unwrap();
        assert_eq!((sum.events_new, sum.events_merged), (0, 1), "{name}");
        let mut got = Vec::new();
        for (text, want) in cases {
            let all = text_ids(&mut s, text, None);
            assert_eq!(all, want, "{name}: {text:?}");
            assert_eq!(
                text_ids(&mut s, text, Some(1)),
                want[..want.len().min(1)],
                "{name}: {text:?} limit 1"
            );
            let n = s
                .count(&EventQuery {
                    text: Some(text.into()),
                    ..EventQuery::default()
                })
                .unwrap();
            assert_eq!(n as usize, want.len(), "{name}: {text:?} count");
            got.push(all);
        }
        if name == "postgres" {
            // The vector a light merge made by adding words is the one a
            // remake from all the texts gives.
            let vector = |s: &mut sitrep_store::Store| {
                s.backend()
                    .query(
                        "SELECT CAST(search AS TEXT) FROM events WHERE event_id = 's1'",
                        &[],
                    )
                    .unwrap()
                    .into_iter()
                    .next()
                    .and_then(|r| r.into_iter().next())
                    .and_then(sitrep_store::Value::into_string)
            };
            let merged = vector(&mut s);
            assert!(
                merged.as_deref().is_some_and(|v| v.contains("'ambulance'")),
                "{merged:?}"
            );
            s.backend()
                .execute("UPDATE events SET search = NULL WHERE event_id = 's1'", &[])
                .unwrap();
            let url = pg_url().unwrap();
            let mut again =
                sitrep_store::Store::open_postgres(&url, Some("t_search_alike")).unwrap();
            assert_eq!(vector(&mut again), merged, "{name}: remade");
        }
        answers.push((name, got));
    }
    if let [(a, x), (b, y)] = answers.as_slice() {
        assert_eq!(x, y, "{a} and {b} answer alike");
    }
}

/// Migration 26 (PostgreSQL): a vector stored before it with a word that
/// is not all ASCII, lowercased but not folded, is made again folded, so
/// that the word without its diacritic finds the event; a vector of ASCII
/// words only is left as it is.
#[test]
fn migration_26_folds_the_stored_search_words() {
    let Some(url) = pg_url() else {
        return;
    };
    let schema = "t_fold_upgrade";
    let mut s = fresh_postgres(&url, schema);
    let segou = ("Ségou", "Ségou", "ML", 13.431, -6.2157, 2451185);
    s.ingest_batch(&[
        report(
            &Ev {
                place: segou,
                ..base("f1", "d1")
            },
            "Gunmen attacked the Ségou market.",
        ),
        report(
            &Ev {
                date: "2023-01-01",
                ..base("f2", "d2")
            },
            "A car bomb exploded in Mogadishu.",
        ),
    ])
    .unwrap();
    // As migration 22 to 25 stored them: lowercased words, not folded.
    s.backend()
        .execute_batch(
            "UPDATE events SET search = CAST(REPLACE(CAST(search AS TEXT), 'segou', 'ségou') AS tsvector)
               WHERE event_id = 'f1';
             DELETE FROM schema_migrations WHERE version = 26;",
        )
        .unwrap();
    let vector = |s: &mut sitrep_store::Store, id: &str| {
        s.backend()
            .query(
                "SELECT CAST(search AS TEXT) FROM events WHERE event_id = ?",
                &[id.into()],
            )
            .unwrap()
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next())
            .and_then(sitrep_store::Value::into_string)
            .unwrap_or_default()
    };
    assert!(vector(&mut s, "f1").contains("'ségou'"));
    assert!(text_ids(&mut s, "segou", None).is_empty(), "not folded yet");
    let ascii = vector(&mut s, "f2");
    drop(s);
    let mut s = sitrep_store::Store::open_postgres(&url, Some(schema)).expect("reopen");
    assert_eq!(s.schema_version().unwrap(), 27);
    assert!(
        !vector(&mut s, "f1").contains("ségou"),
        "{}",
        vector(&mut s, "f1")
    );
    assert_eq!(vector(&mut s, "f2"), ascii);
    assert_eq!(text_ids(&mut s, "segou", None), ["f1"]);
    assert_eq!(text_ids(&mut s, "Ségou", None), ["f1"]);
}
