"""Code a news archive with sitrep on Dask: reports in, events out (Parquet).

    python examples/dask/code_news.py REPORTS OUTPUT [--format jsonl|parquet]
           [--published YYYY-MM-DD] [--data-dir DIR] [--scheduler ADDRESS]
           [--blocksize 64MB]

The same job as ``examples/spark/code_news.py`` (same input, same output columns:
``report_id``, ``event_index``, the flat ACLED-style columns, ``record`` as the JSON
line ``sitrep extract`` writes), with ``map_partitions`` over a Dask DataFrame. The
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
    """One partition of reports (pandas) to its events (pandas)."""
    import sitrep

    return sitrep.extract_frame(
        pdf,
        threads=1,
        errors="skip",
        record="json",
        default_published=published,
        data_dir=data_dir,
    )


def meta():
    """An empty frame with the output's columns and types."""
    import pandas as pd
    import sitrep

    return sitrep.extract_frame(pd.DataFrame({"text": pd.Series([], dtype=object)}), record="json")


def read_reports(path: str, fmt: str, blocksize: Optional[str]):
    import dask.dataframe as dd

    if fmt == "auto":
        fmt = "parquet" if path.rstrip("/").endswith(".parquet") else "jsonl"
    if fmt == "parquet":
        df = dd.read_parquet(path)
    elif fmt == "jsonl":
        # Values as written: no dtype guessing, no date conversion.
        df = dd.read_json(path, lines=True, blocksize=blocksize, dtype=False, convert_dates=False)
    else:
        raise SystemExit(f"unknown input format {fmt!r} (jsonl, parquet)")
    if "text" not in df.columns:
        raise SystemExit(f"{path}: the reports have no 'text' column")
    return df[[f for f in FIELDS if f in df.columns]]


def run(reports: str, output: str, fmt: str = "auto", published: Optional[str] = None,
        data_dir: Optional[str] = None, blocksize: Optional[str] = "64MB") -> None:
    """Read the reports, code them, write the events to Parquet (overwriting)."""
    import sitrep

    if published is not None:
        sitrep.extract("x", published=published)  # a bad date fails here, once
    df = read_reports(reports, fmt, blocksize)
    events = df.map_partitions(code_partition, published, data_dir, meta=meta())
    events.to_parquet(output, write_index=False, overwrite=True)


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
