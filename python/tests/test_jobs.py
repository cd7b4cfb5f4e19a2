"""The Spark and Dask jobs of examples/: run on the test reports (local mode, two
cores), their Parquet output equals the command's JSON Lines on the same input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import sitrep
from conftest import ROOT, by_report, need

SPARK_JOB = ROOT / "examples" / "spark" / "code_news.py"
DASK_JOB = ROOT / "examples" / "dask" / "code_news.py"


def job_env():
    env = dict(os.environ)
    # Spark's Python workers: this interpreter (the one with sitrep installed).
    env["PYSPARK_PYTHON"] = sys.executable
    env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    return env


def check_output(out_dir, reports, cli_records):
    """The job's events, in report order, are the command's records."""
    pq = need("pyarrow.parquet")
    t = pq.read_table(str(out_dir)).to_pylist()
    assert t, "the job wrote no events"
    order = {str(r.get("id")): i for i, r in enumerate(reports)}
    t.sort(key=lambda r: (order[r["report_id"]], r["event_index"]))
    want = by_report(cli_records)
    want_lines = [l for r in reports for l in want.get(str(r.get("id")), [])]
    assert [r["record"] for r in t] == want_lines
    assert set(t[0]) == set(sitrep.FRAME_COLUMNS)
    for r in t:
        rec = json.loads(r["record"])
        assert r["event_id"] == rec["id"]
        assert r["fatalities"] == (rec["fatalities"]["low"] or 0)
        assert r["report_id"] == rec["sources"][0]["doc"]


@pytest.fixture
def reports_parquet(tmp_path, reports):
    """The test reports with text as Parquet: string ids, a date column."""
    pa = need("pyarrow")
    pq = need("pyarrow.parquet")
    import datetime as dt

    def day(s):
        try:
            return dt.date.fromisoformat(str(s)[:10])
        except ValueError:
            return None

    good = [r for r in reports if isinstance(r.get("text"), str)]
    rows = {
        "id": [str(r["id"]) for r in good],
        "text": [r["text"] for r in good],
        "url": [r.get("url") for r in good],
        "title": [r.get("title") for r in good],
        "published": [day(r.get("published")) for r in good],
    }
    src = tmp_path / "reports.parquet"
    pq.write_table(pa.table(rows), str(src))
    return src, good


SPARK_DRIVER = """
import sys
import code_news
from pyspark.sql import SparkSession

jsonl, parquet, out_jsonl, out_parquet = sys.argv[1:5]
spark = (SparkSession.builder.master("local[2]").appName("sitrep-test")
         .config("spark.ui.enabled", "false").getOrCreate())
try:
    code_news.run(spark, jsonl, out_jsonl)
    code_news.run(spark, parquet, out_parquet, fmt="parquet")
finally:
    spark.stop()
"""


@pytest.fixture
def spark_outputs(tmp_path, reports_jsonl, reports_parquet):
    """Both inputs through the Spark job, in one local[2] session (one JVM start)."""
    need("pyspark")
    out_j, out_p = tmp_path / "events-jsonl", tmp_path / "events-parquet"
    env = job_env()
    # The job's module, importable by the driver and the Python workers.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SPARK_JOB.parent), env.get("PYTHONPATH")]))
    r = subprocess.run(
        [sys.executable, "-c", SPARK_DRIVER, str(reports_jsonl), str(reports_parquet[0]), str(out_j), str(out_p)],
        env=env, capture_output=True, text=True, timeout=900,
    )
    assert r.returncode == 0, r.stderr[-4000:]
    return out_j, out_p


def test_spark_job_equals_the_command(spark_outputs, reports, reports_parquet, cli_records):
    out_j, out_p = spark_outputs
    # JSON Lines: every report, odd ones included (a number as id, a bad date, no text).
    check_output(out_j, reports, cli_records)
    # Parquet: string ids, a date column.
    check_output(out_p, reports_parquet[1], cli_records)


def test_spark_job_checks_its_arguments_before_starting_spark(tmp_path):
    need("pyspark")
    bad = subprocess.run(
        [sys.executable, str(SPARK_JOB), str(tmp_path / "in.jsonl"), str(tmp_path / "out"), "--published", "soon"],
        env=job_env(), capture_output=True, text=True, timeout=120,
    )
    assert bad.returncode != 0
    assert '"published" is not a date (YYYY-MM-DD): "soon"' in bad.stderr


def test_dask_job_reads_parquet(tmp_path, reports_parquet, cli_records):
    need("dask.dataframe")
    src, good = reports_parquet
    out = tmp_path / "events-dask"
    r = subprocess.run(
        [sys.executable, str(DASK_JOB), str(src), str(out)],
        env=job_env(), capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stderr[-4000:]
    check_output(out, good, cli_records)


def test_dask_job_equals_the_command(tmp_path, reports, reports_jsonl, cli_records):
    need("dask.dataframe")
    out = tmp_path / "events-dask"
    r = subprocess.run(
        # Small blocks: several partitions, run on Dask's threads.
        [sys.executable, str(DASK_JOB), str(reports_jsonl), str(out), "--blocksize", "40kB"],
        env=job_env(), capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stderr[-4000:]
    files = list(out.glob("*.parquet"))
    assert len(files) > 1, files
    check_output(out, reports, cli_records)
