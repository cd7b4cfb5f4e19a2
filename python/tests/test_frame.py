"""sitrep.extract_frame: one row per event, the store export's flat columns typed,
the record beside them."""

from __future__ import annotations

import json
import math

import pytest

import sitrep
from conftest import cli_lines, need

KANO = "Gunmen killed five police officers in Kano on Monday."


def test_frame_rows_are_the_records(reports):
    pd = need("pandas")
    reps = [r for r in reports if isinstance(r.get("text"), str) and r["text"].strip()]
    df = pd.DataFrame(reps)
    got = sitrep.extract_frame(df, errors="skip")
    many = sitrep.extract_many(reps, errors="skip")
    assert list(got.columns) == list(sitrep.FRAME_COLUMNS)
    assert len(got) == sum(len(r) for r in many) > 300
    flat = [(str(r.get("id")), i, ev) for r, evs in zip(reps, many) for i, ev in enumerate(evs)]
    assert list(got["report_id"]) == [f[0] for f in flat]
    assert list(got["event_index"]) == [f[1] for f in flat]
    assert list(got["record"]) == [f[2] for f in flat]
    # Typed columns, consistent with the record.
    assert str(got["fatalities"].dtype) == "Int64"
    assert got["latitude"].dtype == "float64"
    for _, row in got.iterrows():
        rec = row["record"]
        assert row["event_id"] == rec["id"]
        assert row["fatalities"] == (rec["fatalities"]["low"] or 0)
        lat = rec["location"].get("lat")
        assert (lat is None and math.isnan(row["latitude"])) or row["latitude"] == lat
        assert row["sitrep_event_type"] == rec["event_type"]


def test_frame_columns_are_the_csv_exports(tmp_path, sitrep_bin):
    db = tmp_path / "s.db"
    s = sitrep.Store(db)
    s.ingest([{"id": "k", "text": KANO, "published": "2024-01-10"}])
    header = cli_lines(sitrep_bin, "export", "-f", "csv", "--db", str(db))[0]
    assert tuple(header.split(",")) == sitrep.COLUMNS


def test_frame_column_names_dates_and_missing_values():
    pd = need("pandas")
    df = pd.DataFrame(
        {
            "body": [KANO, None, KANO, KANO],
            "when": [pd.Timestamp("2024-01-10"), pd.NaT, None, "2024-01-10"],
            "key": ["a", "b", "c", "d"],
        }
    )
    with pytest.raises(TypeError, match='report 2: report has no "text"'):
        sitrep.extract_frame(df, text="body", published="when", id="key")
    got = sitrep.extract_frame(df, text="body", published="when", id="key", errors="skip", record="json")
    assert list(got["report_id"]) == ["a", "c", "d"]
    assert list(got["event_date"]) == ["2024-01-08", None, "2024-01-08"]
    assert isinstance(got["record"][0], str) and json.loads(got["record"][0])["sources"][0]["doc"] == "a"
    dflt = sitrep.extract_frame(df.iloc[[2]], text="body", published="when", id="key", default_published="2024-01-10")
    assert list(dflt["event_date"]) == ["2024-01-08"]


def test_frame_bad_input():
    pd = need("pandas")
    with pytest.raises(ValueError, match="no column 'text'"):
        sitrep.extract_frame(pd.DataFrame({"body": [KANO]}))
    with pytest.raises(TypeError, match="expected a pandas DataFrame"):
        sitrep.extract_frame([{"text": KANO}])
    with pytest.raises(ValueError, match='record must be "dict" or "json"'):
        sitrep.extract_frame(pd.DataFrame({"text": [KANO]}), record="xml")
    with pytest.raises(ValueError, match="not a date"):
        sitrep.extract_frame(pd.DataFrame({"text": [KANO], "published": ["10/01/2024"]}))
    empty = sitrep.extract_frame(pd.DataFrame({"text": []}))
    assert len(empty) == 0 and list(empty.columns) == list(sitrep.FRAME_COLUMNS)


def test_columns_match_the_arrow_schema():
    need("pyarrow")
    schema = sitrep.arrow_schema()
    assert tuple(schema.names) == sitrep.FRAME_COLUMNS
    cols = sitrep.extract_columns([{"id": "k", "text": KANO, "published": "2024-01-10"}])
    import pyarrow as pa

    t = pa.Table.from_pydict(cols, schema=schema)
    assert t.num_rows == 1 and t.column("fatalities")[0].as_py() == 5


def test_pandas_missing_values_are_no_value():
    pd = need("pandas")
    need("pyarrow")
    df = pd.DataFrame(
        {
            "text": [KANO, KANO],
            "url": pd.array([pd.NA, "https://x.example/2"], dtype="string[pyarrow]"),
            "published": pd.array([None, pd.Timestamp("2024-01-10")], dtype="timestamp[s][pyarrow]"),
            "id": pd.array(["a", pd.NA], dtype="string"),
        }
    )
    got = sitrep.extract_frame(df, default_published="2024-01-10")
    assert list(got["report_id"]) == ["a", "report:2"]
    assert list(got["event_date"]) == ["2024-01-08", "2024-01-08"]
    assert [r["sources"][0]["url"] for r in got["record"]] == [None, "https://x.example/2"]
    # The same values in dicts.
    many = sitrep.extract_many([{"text": KANO, "url": pd.NA, "published": pd.NaT, "id": float("nan")}])
    assert many[0][0]["sources"][0]["doc"] == "report:1"
