"""sitrep.Store: ingest as `sitrep ingest`, queries and stats as DataFrames, the
command's error messages."""

from __future__ import annotations

import json

import pytest

import sitrep
from conftest import cli_lines, need


def test_store_ingest_equals_the_commands(tmp_path, reports, reports_jsonl, sitrep_bin):
    pd = need("pandas")
    cli_db = tmp_path / "cli.db"
    r = cli_lines(sitrep_bin, "ingest", "-q", "--db", str(cli_db), str(reports_jsonl))
    assert r == []
    want = [json.loads(l) for l in cli_lines(sitrep_bin, "export", "-f", "jsonl", "--db", str(cli_db))]

    s = sitrep.Store(tmp_path / "py.db")
    n = s.ingest(reports, errors="skip", batch=64)
    assert n["docs_new"] == len([x for x in reports if isinstance(x.get("text"), str) and x["text"].strip()])
    assert n["events_new"] > 200
    again = s.ingest(reports, errors="skip")
    assert again == {"docs_new": 0, "docs_skipped": n["docs_new"], "events_new": 0, "events_merged": 0}

    ev = s.events()
    assert isinstance(ev, pd.DataFrame)
    assert list(ev.columns) == list(sitrep.COLUMNS) + ["record"]
    # The export writes the record through serde_json::Value, which widens the f32
    # confidence (0.84000003 -> 0.8400000333786011): compare it rounded.
    def norm(d):
        return {k: round(v, 6) if k == "confidence" else v for k, v in d.items() if k not in ("revision", "n_sources")}

    got = {e["id"]: norm(e) for e in ev["record"]}
    assert got == {w["id"]: norm(w) for w in want}
    books = {w["id"]: (w["revision"], w["n_sources"]) for w in want}
    assert {e: (r, n) for e, r, n in zip(ev["event_id"], ev["revision"], ev["n_sources"])} == books
    assert s.counts()["events"] == len(want)


def test_store_queries_and_stats(tmp_path, reports):
    need("pandas")
    s = sitrep.Store(str(tmp_path / "q.db"))
    s.ingest(reports, errors="skip")
    af = s.events(country="AF")
    assert len(af) > 0 and set(af["country"]) == {"Afghanistan"}
    since = s.events(since="2025-01-01")
    assert len(since) > 0 and (since["event_date"] >= "2025-01-01").all()
    assert len(s.events(type="battles", limit=3)) == 3
    assert (s.events(min_fatalities=10)["fatalities"] >= 10).all()
    by_type = s.stats(by="type")
    assert list(by_type.columns) == ["type", "events", "fatalities", "fatalities_high"]
    assert by_type["events"].sum() == s.counts()["events"]
    by_month = s.stats(by="month", country="AF")
    assert by_month["events"].sum() == len(af)


def test_store_ingests_a_frame(tmp_path):
    pd = need("pandas")
    s = sitrep.Store(":memory:")
    df = pd.DataFrame({"id": ["a", "b"], "text": ["Gunmen killed five police officers in Kano on Monday."] * 2, "published": ["2024-01-10", "2024-01-10"]})
    n = s.ingest(df)
    assert n["docs_new"] == 2 and n["events_new"] + n["events_merged"] == 2
    ev = s.events()
    assert len(ev) == 1 and ev["n_sources"][0] == 2


def test_store_errors(tmp_path):
    s = sitrep.Store(":memory:")
    with pytest.raises(ValueError, match=r'unknown grouping "weekly" \(day, week, month, type, actor, admin1\)'):
        s.stats(by="weekly")
    with pytest.raises(TypeError, match="unknown filters: colour"):
        s.stats(colour="red")
    with pytest.raises(ValueError, match="not a date"):
        s.events(since="yesterday")
    with pytest.raises(TypeError, match="path_or_url must be a str"):
        sitrep.Store(42)
    with pytest.raises(sitrep.SitrepError, match="opening the store /nonexistent/dir/x.db"):
        sitrep.Store("/nonexistent/dir/x.db")
    with pytest.raises(TypeError, match="report 1: expected a dict"):
        s.ingest(["text"])
    with pytest.raises(ValueError, match="batch"):
        s.ingest([], batch=0)
    with pytest.raises(sitrep.SitrepError, match="loading store knowledge from"):
        sitrep.Store(":memory:", data_dir=tmp_path / "nowhere")
    assert s.counts()["documents"] == 0
