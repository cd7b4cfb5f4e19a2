/*!
The ACLED-style and UCDP GED-style CSVs as users script against them: pandas
loads each export and a small analysis written for ACLED's (UCDP's) own columns
(names, codes, types) runs unchanged. Needs `python3` with pandas: skipped with a message when pandas is
missing, except under `CI=true` (where `.ci/run` installs it), where it fails.
*/

mod common;

use common::*;
use sitrep_store::export::{self, Format};
use sitrep_store::EventQuery;
use std::process::Command;

/// A script written against ACLED's export, not against sitrep.
const ACLED_SCRIPT: &str = r#"
import sys
import pandas as pd
df = pd.read_csv(sys.argv[1])
need = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
        "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
        "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
        "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
        "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
        "timestamp"]
missing = [c for c in need if c not in df.columns]
assert not missing, missing
df["event_date"] = pd.to_datetime(df["event_date"])
assert df["year"].dropna().astype(int).between(1990, 2100).all()
assert df["time_precision"].dropna().isin([1, 2, 3]).all()
assert df["geo_precision"].dropna().isin([1, 2, 3]).all()
pv = df[df["disorder_type"] == "Political violence"]
per_country = pv.groupby(["country", "year"])["fatalities"].sum()
state = df[(df["inter1"] == 1) | (df["inter2"] == 1)]
civ = df[df["civilian_targeting"] == "Civilian targeting"]
print(len(df), int(per_country.sum()), len(state), len(civ),
      int(df["iso"].dropna().astype(int).iloc[0]), df["event_id_cnty"].iloc[0][:3])
"#;

/// A script written against UCDP's GED CSV, not against sitrep.
const UCDP_SCRIPT: &str = r#"
import sys
import pandas as pd
ged = pd.read_csv(sys.argv[1])
need = ["id", "relid", "year", "active_year", "code_status", "type_of_violence",
        "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id",
        "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a",
        "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
        "source_article", "source_office", "source_date", "source_headline",
        "source_original", "where_prec", "where_coordinates", "where_description",
        "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid",
        "country", "country_id", "region", "event_clarity", "date_prec",
        "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
        "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob"]
missing = [c for c in need if c not in ged.columns]
assert not missing, missing
ged["date_start"] = pd.to_datetime(ged["date_start"])
assert ged["where_prec"].dropna().isin([1, 2, 3, 4, 5, 6, 7]).all()
assert ged["date_prec"].dropna().isin([1, 2, 3, 4, 5]).all()
assert (ged["low"] <= ged["best"]).all() and (ged["best"] <= ged["high"]).all()
one_sided = ged[ged["type_of_violence"] == 3]
by_year = ged.groupby(["country", "year"])["best"].sum()
cells = ged["priogrid_gid"].dropna().astype(int)
print(len(ged), int(by_year.sum()), len(one_sided), cells.nunique(),
      ged["geom_wkt"].iloc[0].split(" (")[0])
"#;

/// The first python3 that has pandas (Debian's python3-pandas serves
/// /usr/bin/python3, which another python3 on PATH may hide); None (after saying
/// so) when there is none, except under CI.
fn python_with_pandas() -> Option<&'static str> {
    let python = ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import pandas"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    });
    if python.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI=true but python3 with pandas is missing (.ci/run installs python3-pandas)");
        }
        println!("skipped: python3 with pandas not installed (apt install python3-pandas)");
    }
    python
}

/// Two stored events: a bombing in Mogadishu (9 killed, civilians hit) and one in
/// Kismayo (4 killed).
fn two_events(s: &mut sitrep_store::Store) -> Vec<sitrep_store::StoredEvent> {
    let mut victims = report(
        &base("ev-a", "doc-a"),
        "A bomb exploded at a hotel in Mogadishu on Thursday, killing nine people.",
    );
    let civ: sitrep_core::ActorRef = serde_json::from_value(serde_json::json!({
        "role": "victim", "id": "civilians", "name": "Civilians", "type": "civilians",
        "text": "people", "span": [0, 1]}))
    .unwrap();
    victims.events[0].actors.push(civ);
    let docs = vec![
        victims,
        report(
            &Ev {
                place: KISMAYO,
                killed: Some(4),
                ..base("ev-k", "doc-k")
            },
            "A car bomb exploded in Kismayo on Thursday, killing four people.",
        ),
    ];
    s.ingest_batch(&docs).unwrap();
    s.query(&EventQuery::default()).unwrap()
}

#[test]
fn pandas_runs_a_ucdp_script_on_the_ucdp_export() {
    let Some(python) = python_with_pandas() else {
        return;
    };
    let (_, mut s, _g) = backends("pandas_ucdp").remove(0);
    let events = two_events(&mut s);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ged.csv");
    let mut out = std::fs::File::create(&csv).unwrap();
    export::write(Format::Ucdp, &events, s.knowledge(), &mut out).unwrap();
    let run = Command::new(python)
        .args(["-c", UCDP_SCRIPT])
        .arg(&csv)
        .output()
        .expect("run python3");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // 2 events, 13 killed, one one-sided (al-Shabaab against civilians), two
    // grid cells, WKT points.
    assert_eq!(
        stdout.split_whitespace().collect::<Vec<_>>(),
        ["2", "13", "1", "2", "POINT"],
        "{stdout}"
    );
}

#[test]
fn pandas_runs_an_acled_script_on_the_export() {
    let Some(python) = python_with_pandas() else {
        return;
    };
    let (_, mut s, _g) = backends("pandas").remove(0);
    let docs = vec![
        report(
            &base("ev-a", "doc-a"),
            "A bomb exploded at a hotel in Mogadishu on Thursday, killing nine people.",
        ),
        report(
            &Ev {
                place: KISMAYO,
                killed: Some(4),
                ..base("ev-k", "doc-k")
            },
            "A car bomb exploded in Kismayo on Thursday, killing four people.",
        ),
    ];
    s.ingest_batch(&docs).unwrap();
    let events = s.query(&EventQuery::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("acled.csv");
    let mut out = std::fs::File::create(&csv).unwrap();
    export::write(Format::Csv, &events, s.knowledge(), &mut out).unwrap();
    let run = Command::new(python)
        .args(["-c", ACLED_SCRIPT])
        .arg(&csv)
        .output()
        .expect("run python3");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // 2 events, 13 killed in political violence, Somalia's numeric code 706, SOM ids.
    assert_eq!(
        stdout.split_whitespace().collect::<Vec<_>>()[..2],
        ["2", "13"],
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with("706 SOM"), "{stdout}");
}
