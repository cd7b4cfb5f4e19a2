"""sitrep.extract and extract_many: the command's records, in order, on any
number of threads; bad input raises Python errors."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

import sitrep
from conftest import ROOT, by_report

KANO = "Gunmen killed five police officers in Kano on Monday."


def test_one_sentence_gives_one_event():
    evs = sitrep.extract(KANO, published="2024-01-10")
    assert len(evs) == 1
    ev = evs[0]
    assert ev["schema"] == "sitrep.event/1"
    assert ev["location"]["name"] == "Kano"
    assert ev["date"]["start"] == "2024-01-08"
    assert ev["fatalities"]["low"] == 5
    assert ev["sources"][0]["doc"] == "report:1"


def test_records_are_the_commands_lines(reports, cli_records):
    got = sitrep.extract_many(reports, errors="skip")
    want = by_report(cli_records)
    assert len(got) == len(reports)
    n = 0
    for rep, recs in zip(reports, got):
        lines = want.get(str(rep.get("id")), [])
        # Same records, same key order, same numbers.
        assert [json.dumps(r) for r in recs] == [json.dumps(json.loads(l)) for l in lines], rep["id"]
        n += len(recs)
    assert n == len(cli_records) > 300


def test_threads_do_not_change_output(reports):
    one = sitrep.extract_many(reports, threads=1, errors="skip")
    two = sitrep.extract_many(reports, threads=2, errors="skip")
    many = sitrep.extract_many(iter(reports), threads=7, errors="skip")
    assert one == two == many


def test_single_and_many_agree_and_fields_pass_through():
    ev = sitrep.extract(KANO, published=dt.date(2024, 1, 10), url="https://x.example/1", id="k1", title="Kano")
    many = sitrep.extract_many([{"text": KANO, "id": "k1", "url": "https://x.example/1", "title": "Kano", "published": "2024-01-10T08:00:00Z"}])
    assert many == [ev]
    assert ev[0]["sources"][0] == {**ev[0]["sources"][0], "doc": "k1", "url": "https://x.example/1", "published": "2024-01-10"}
    # Default date for reports without one; a report's own date wins.
    d = sitrep.extract_many([{"text": KANO}, {"text": KANO, "published": "2023-03-01"}], published="2024-01-10")
    assert d[0][0]["date"]["start"] == "2024-01-08"
    assert d[1][0]["date"]["start"] == "2023-02-27"
    assert [r[0]["sources"][0]["doc"] for r in d] == ["report:1", "report:2"]
    assert sitrep.extract_many([{"text": KANO, "id": 17}])[0][0]["sources"][0]["doc"] == "17"
    assert sitrep.extract_many([]) == []


@pytest.mark.parametrize(
    "call, exc, msg",
    [
        (lambda: sitrep.extract(None), TypeError, 'no "text"'),
        (lambda: sitrep.extract(42), TypeError, '"text" must be a str, not int'),
        (lambda: sitrep.extract("  "), ValueError, 'no "text"'),
        (lambda: sitrep.extract(KANO, published="2024-13-01"), ValueError, 'not a date (YYYY-MM-DD): "2024-13-01"'),
        (lambda: sitrep.extract(KANO, published="last week"), ValueError, "not a date"),
        (lambda: sitrep.extract(KANO, published=20240110), TypeError, '"published" must be a str'),
        (lambda: sitrep.extract(KANO, id=3.5), TypeError, '"id" must be a str or an int'),
        (lambda: sitrep.extract(KANO, url=5), TypeError, '"url" must be a str'),
        (lambda: sitrep.extract_many([1]), TypeError, "report 1: expected a dict"),
        (lambda: sitrep.extract_many([{"text": KANO}, {"text": None}]), TypeError, 'report 2: report has no "text"'),
        (lambda: sitrep.extract_many([{"text": KANO, "published": "May"}]), ValueError, "report 1: "),
        (lambda: sitrep.extract_many(KANO), TypeError, "iterable of dicts"),
        (lambda: sitrep.extract_many(5), TypeError, "iterable of dicts"),
        (lambda: sitrep.extract_many([], threads=0), ValueError, "threads"),
        (lambda: sitrep.extract_many([], threads="2"), TypeError, "threads"),
        (lambda: sitrep.extract_many([], errors="ignore"), ValueError, 'errors must be "raise" or "skip"'),
        (lambda: sitrep.extract("x\udc80y"), UnicodeEncodeError, ""),
    ],
)
def test_bad_input_raises(call, exc, msg):
    with pytest.raises(exc) as e:
        call()
    assert msg in str(e.value)


def test_skip_drops_bad_reports_and_dates():
    got = sitrep.extract_many(
        [{"text": None}, 7, {"text": KANO, "published": "2024-99-99"}, {"text": KANO, "published": float("nan")}],
        errors="skip",
    )
    assert got[0] == [] and got[1] == []
    assert got[2][0]["sources"][0]["published"] is None
    assert got[3] == got[2] or got[3][0]["sources"][0]["doc"] == "report:4"


def test_data_dir_reads_an_edited_copy(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = "Raiders zorblasted a checkpoint in Kandahar on Monday, police said."
    assert sitrep.extract(text, published="2024-06-12") == []
    with open(data / "lexicons" / "triggers.tsv", "a", encoding="utf-8") as f:
        f.write("zorblast*\texplosions_remote_violence\tremote_explosive\t95\tstrong\n")
    evs = sitrep.extract(text, published="2024-06-12", data_dir=data)
    assert [e["event_type"] for e in evs] == ["explosions_remote_violence"]
    assert evs[0]["location"]["country"] == "AF"
    # The unedited copy knows what the compiled-in knowledge knows.
    plain = "Raiders killed four soldiers in Kandahar on Monday, police said."
    assert sitrep.extract(plain, data_dir=ROOT / "data") == sitrep.extract(plain)
    with pytest.raises(sitrep.SitrepError, match="loading knowledge from"):
        sitrep.extract(text, data_dir=tmp_path / "nowhere")


def test_parse_date():
    assert sitrep.parse_date("2024-03-05T10:00:00Z") == dt.date(2024, 3, 5)
    assert sitrep.parse_date(dt.datetime(2024, 3, 5, 23, 59)) == dt.date(2024, 3, 5)
    assert sitrep.parse_date(None) is None and sitrep.parse_date("") is None
    with pytest.raises(ValueError, match='"published" is not a date'):
        sitrep.parse_date("5 March")
    with pytest.raises(TypeError):
        sitrep.parse_date([2024, 3, 5])
