"""Code a news archive with sitrep on Dask: reports in, events out (Parquet).

    python examples/dask/code_news.py REPORTS OUTPUT [--format jsonl|parquet]
           [--published YYYY-MM-DD] [--data-dir DIR] [--scheduler ADDRESS]
           [--blocksize 64MB]

The same job as ``examples/spark/code_news.py`` (same input, same output columns:
``report_id``, ``event_index``, the flat ACLED-style columns, ``record`` as the JSON
line ``sitrep extract`` writes), with Dask: JSON Lines are read in blocks of lines (``dask.bag.read_text``) straight
into dicts, Parquet through ``dask.dataframe.read_parquet`` and ``map_partitions``. The
knowledge is loaded once per worker process and shared by its threads; extraction
releases the GIL, so Dask's threads use every core. ``--scheduler`` names a
``dask.distributed`` scheduler (``tcp://host:8786``) to run on a cluster, where every
worker needs ``pip install ./python``.
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional

FIELDS = ("id", "url", "title", "published", "text")


def code_partition(pdf, published: Optional[str] = None, data_dir: Optional[str] = None):
    """One partition of reports (pandas, from Parquet) to its events (pandas)."""
    import sitrep

    return sitrep.extract_frame(
        pdf,
        threads=1,
        errors="skip",
        record="json",
        default_published=published,
        data_dir=data_dir,
    )


def code_lines(lines, published: Optional[str] = None, data_dir: Optional[str] = None):
    """One block of JSON Lines to its events (pandas). Each line is read as the
    command reads it (a line that is not a JSON object is skipped), straight into
    dicts: no column types to guess, so ids, dates and missing fields pass as
    written."""
    import json

    import sitrep

    reports = []
    for line in lines:
        if not line.strip():
            continue
        try:
            rep = json.loads(line)
        except ValueError:
            continue
        if isinstance(rep, dict):
            reports.append(rep)
    cols = sitrep.extract_columns(reports, 1, published=published, errors="skip", data_dir=data_dir)
    return sitrep.columns_frame(cols, record="json")


def meta():
    """An empty frame with the output's columns and types."""
    import pandas as pd
    import sitrep

    return sitrep.extract_frame(pd.DataFrame({"text": pd.Series([], dtype=object)}), record="json")


def code(path: str, fmt: str, blocksize: Optional[str], published: Optional[str],
         data_dir: Optional[str]):
    """The events of the reports, as a lazy Dask DataFrame."""
    import dask
    import dask.bag as db
    import dask.dataframe as dd

    if fmt == "auto":
        fmt = "parquet" if path.rstrip("/").endswith(".parquet") else "jsonl"
    if fmt == "parquet":
        df = dd.read_parquet(path)
        if "text" not in df.columns:
            raise SystemExit(f"{path}: the reports have no 'text' column")
        df = df[[f for f in FIELDS if f in df.columns]]
        return df.map_partitions(code_partition, published, data_dir, meta=meta())
    if fmt == "jsonl":
        blocks = db.read_text(path, blocksize=blocksize).to_delayed()
        parts = [dask.delayed(code_lines)(b, published, data_dir) for b in blocks]
        return dd.from_delayed(parts, meta=meta())
    raise SystemExit(f"unknown input format {fmt!r} (jsonl, parquet)")


def run(reports: str, output: str, fmt: str = "auto", published: Optional[str] = None,
        data_dir: Optional[str] = None, blocksize: Optional[str] = "64MB") -> None:
    """Read the reports, code them, write the events to Parquet (overwriting)."""
    import sitrep

    if published is not None:
        sitrep.parse_date(published)  # a bad date fails here, once
    events = code(reports, fmt, blocksize, published, data_dir)
    events.to_parquet(output, write_index=False, overwrite=True, schema=sitrep.arrow_schema())


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("reports", help="JSON Lines or Parquet reports (file, directory or glob)")
    p.add_argument("output", help="Parquet directory for the events (overwritten)")
    p.add_argument("--format", default="auto", choices=["auto", "jsonl", "parquet"])
    p.add_argument("--published", help="date of reports that carry none (YYYY-MM-DD)")
    p.add_argument("--data-dir", help="an edited copy of sitrep's data/ (on every worker)")
    p.add_argument("--blocksize", default="64MB", help="bytes of JSON Lines per partition")
    p.add_argument("--scheduler", help="dask.distributed scheduler address (default: local threads)")
    a = p.parse_args(argv)
    client = None
    if a.scheduler:
        from dask.distributed import Client

        client = Client(a.scheduler)
    try:
        run(a.reports, a.output, a.format, a.published, a.data_dir, a.blocksize)
    finally:
        if client is not None:
            client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
