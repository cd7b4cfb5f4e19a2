"""Code a news archive with sitrep on Spark: reports in, events out (Parquet).

    spark-submit examples/spark/code_news.py REPORTS OUTPUT [--format jsonl|parquet]
                 [--published YYYY-MM-DD] [--data-dir DIR] [--threads N]

REPORTS is JSON Lines (one ``{"id","url","title","published","text"}`` per line, as
``sitrep extract`` reads) or Parquet with those columns (``text`` required; a
``published`` date, timestamp or string). OUTPUT is a Parquet directory with one
row per event: ``report_id``, ``event_index`` (the event's place in its report),
the flat ACLED-style columns of the store's CSV export (event_date, event_type,
sub_event_type, actor1, …, country, admin1, admin2, location, latitude, longitude,
fatalities, …) and ``record``, the full ``sitrep.event/1`` record as the JSON line
``sitrep extract`` writes for it.

Each batch goes through ``mapInArrow`` to ``sitrep.extract_columns``: the knowledge
is loaded once per executor Python process (Spark reuses its Python workers) and
shared by all its batches. A report without text is skipped and a bad ``published``
is dropped, as the command does; give every report an ``id`` (without one it is
named by its position in its batch). To have one extractor per executor instead of
one per core, run one task per executor on every core:
``--conf spark.task.cpus=N --threads N`` with N the executor's cores.

Every executor needs the package: ``pip install ./python`` on each node (or ship
the wheel from ``maturin build --release`` with ``--py-files``/a packed venv).
"""

from __future__ import annotations

import argparse
import sys
from typing import Iterator, List, Optional

FIELDS = ("id", "url", "title", "published", "text")


def code_batches(
    batches: Iterator["pyarrow.RecordBatch"],
    published: Optional[str] = None,
    data_dir: Optional[str] = None,
    threads: int = 1,
) -> Iterator["pyarrow.RecordBatch"]:
    """mapInArrow's function: report batches to event batches."""
    import pyarrow as pa
    import sitrep

    schema = sitrep.arrow_schema()
    for batch in batches:
        cols = sitrep.extract_columns(
            batch.to_pylist(),
            threads,
            published=published,
            errors="skip",
            data_dir=data_dir,
        )
        yield pa.RecordBatch.from_pydict(cols, schema=schema)


def spark_schema():
    """The Spark schema of the output (sitrep.FRAME_COLUMNS)."""
    import sitrep
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(sitrep.arrow_schema())


def read_reports(spark, path: str, fmt: str):
    """The reports as a DataFrame of FIELDS (strings), whatever the input types."""
    from pyspark.sql import functions as F

    if fmt == "auto":
        fmt = "parquet" if path.rstrip("/").endswith(".parquet") else "jsonl"
    if fmt == "parquet":
        df = spark.read.parquet(path)
    elif fmt == "jsonl":
        # Strings stay strings: no timestamp inference on "published".
        df = spark.read.option("inferTimestamp", "false").json(path)
    else:
        raise SystemExit(f"unknown input format {fmt!r} (jsonl, parquet)")
    if "text" not in df.columns:
        raise SystemExit(f"{path}: the reports have no 'text' column")
    cols = []
    for f in FIELDS:
        if f not in df.columns:
            continue
        c = F.col(f)
        if f == "published":
            # Dates and timestamps as ISO text; sitrep reads the first ten characters.
            c = F.date_format(c, "yyyy-MM-dd") if dict(df.dtypes)[f] in ("date", "timestamp") else c.cast("string")
        else:
            c = c.cast("string")
        cols.append(c.alias(f))
    return df.select(*cols)


def run(spark, reports: str, output: str, fmt: str = "auto", published: Optional[str] = None,
        data_dir: Optional[str] = None, threads: int = 1) -> None:
    """Read the reports, code them, write the events to Parquet (overwriting)."""
    import sitrep

    if published is not None:
        # Checked here, on the driver: a bad date fails before any task runs.
        sitrep.parse_date(published)
    df = read_reports(spark, reports, fmt)

    def fn(batches):
        return code_batches(batches, published, data_dir, threads)

    df.mapInArrow(fn, spark_schema()).write.mode("overwrite").parquet(output)


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("reports", help="JSON Lines or Parquet reports (file or directory)")
    p.add_argument("output", help="Parquet directory for the events (overwritten)")
    p.add_argument("--format", default="auto", choices=["auto", "jsonl", "parquet"])
    p.add_argument("--published", help="date of reports that carry none (YYYY-MM-DD)")
    p.add_argument("--data-dir", help="an edited copy of sitrep's data/ (on every node)")
    p.add_argument("--threads", type=int, default=1, help="threads per task (with spark.task.cpus)")
    p.add_argument("--master", help="Spark master when not run by spark-submit (e.g. local[2])")
    a = p.parse_args(argv)
    import sitrep

    if a.published is not None:
        # A bad date fails here, before Spark starts.
        sitrep.parse_date(a.published)
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName("sitrep-code-news")
    if a.master:
        b = b.master(a.master)
    spark = b.getOrCreate()
    try:
        run(spark, a.reports, a.output, a.format, a.published, a.data_dir, a.threads)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
