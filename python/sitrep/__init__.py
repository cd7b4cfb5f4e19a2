"""sitrep: news reports of armed conflict to structured, geocoded, source-linked events.

The engine is Rust (``sitrep._sitrep``, the knowledge compiled in); this module gives
it a Python face:

* :func:`extract` — the events of one report, as dicts: exactly the records
  ``sitrep extract`` writes as JSON Lines (schema ``sitrep.event/1``);
* :func:`extract_many` — many reports (dicts with ``text`` and optionally ``id``,
  ``url``, ``title``, ``published``) on every core, the GIL released; one list of
  records per report, in input order;
* :func:`extract_frame` — a pandas DataFrame of reports to a DataFrame of events, one
  row per event with the flat ACLED-style columns of the store's CSV export and the
  nested record in ``record``;
* :class:`Store` — the event store (SQLite file or ``postgres://`` URL): ingest,
  query, stats, as ``sitrep ingest`` / ``events`` / ``stats`` do;
* ``data_dir=`` everywhere: read an edited copy of the repository's ``data/``
  instead of the knowledge compiled in.

Bad input raises: ``TypeError`` (not a dict, ``text`` None or not a str, an ``id``
neither str nor int), ``ValueError`` (empty text, a ``published`` that is not a
date), :class:`SitrepError` (knowledge or store failures), never a crash. With
``errors="skip"`` a bad report gives no events and a bad date is dropped, as the
command skips or repairs a bad JSON Lines report.
"""

from __future__ import annotations

import datetime
import json
import os
import threading
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from . import _sitrep
from ._sitrep import SitrepError

__all__ = [
    "COLUMNS",
    "FRAME_COLUMNS",
    "SitrepError",
    "Store",
    "arrow_schema",
    "columns_frame",
    "extract",
    "extract_columns",
    "extract_frame",
    "extract_many",
    "extractor",
    "parse_date",
]

#: The flat columns of an event, as the store's CSV export names them: ACLED's
#: (event_date, event_type, sub_event_type, actor1, …, fatalities, notes, source)
#: then sitrep's (event_id, date_start, …, revision).
COLUMNS: Tuple[str, ...] = tuple(name for name, _ in _sitrep.columns())
_KINDS: Dict[str, str] = dict(_sitrep.columns())
#: The columns of :func:`extract_frame` and :func:`extract_columns`: the report's id,
#: the event's position in its report (0-based), the flat columns, the record.
FRAME_COLUMNS: Tuple[str, ...] = ("report_id", "event_index") + COLUMNS + ("record",)

_lock = threading.Lock()
_extractors: Dict[Tuple[Optional[str], Optional[str]], "_sitrep.Extractor"] = {}


def extractor(data_dir: Any = None, today: Any = None) -> "_sitrep.Extractor":
    """The extractor for ``data_dir`` (None: the knowledge compiled in), loaded once
    per process and shared by every call and thread."""
    key = (None if data_dir is None else os.fspath(data_dir), None if today is None else str(today))
    with _lock:
        ex = _extractors.get(key)
        if ex is None:
            ex = _sitrep.Extractor(key[0], today)
            _extractors[key] = ex
        return ex


def parse_date(value: Any) -> Optional[datetime.date]:
    """A publication date as extraction reads it (``YYYY-MM-DD``, an ISO date-time, a
    ``datetime.date``); None for none (None, NaN, NaT, ""). Raises ``ValueError``
    (``"published" is not a date (YYYY-MM-DD): …``) or ``TypeError``."""
    ymd = _sitrep.parse_date(value)
    return None if ymd is None else datetime.date(*ymd)


def _check_threads(threads: Any) -> Optional[int]:
    if threads is None:
        return None
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError(f"threads must be an int or None, not {type(threads).__name__}")
    if threads < 1:
        raise ValueError(f"threads must be at least 1, not {threads}")
    return threads


def _check_reports(reports: Any) -> Any:
    if isinstance(reports, (str, bytes, Mapping)):
        raise TypeError(
            f"reports must be an iterable of dicts, not one {type(reports).__name__}"
        )
    if _is_frame(reports):
        raise TypeError("reports is a DataFrame: use extract_frame(df, text=..., ...)")
    return reports


def _is_frame(x: Any) -> bool:
    return type(x).__name__ == "DataFrame" and hasattr(x, "columns")


def extract(
    text: str,
    published: Any = None,
    url: Optional[str] = None,
    id: Optional[str] = None,
    *,
    title: Optional[str] = None,
    data_dir: Any = None,
) -> List[Dict[str, Any]]:
    """The events of one report, as the command's records (dicts).

    ``published`` (``YYYY-MM-DD``, an ISO date-time, or a ``datetime.date``) resolves
    relative dates ("on Monday"); ``id`` is what ``sources[].doc`` shows (default
    ``report:1``)."""
    ex = extractor(data_dir)
    return [json.loads(r) for r in ex.extract_json(text, published, url, id, title)]


def extract_many(
    reports: Iterable[Mapping[str, Any]],
    threads: Optional[int] = None,
    *,
    published: Any = None,
    errors: str = "raise",
    data_dir: Any = None,
) -> List[List[Dict[str, Any]]]:
    """The events of many reports on ``threads`` threads (default: every core), with
    the GIL released: one list of records per report, in input order.

    Each report is a dict like a line of the command's JSON Lines input: ``text``
    (required), ``id`` (default ``report:N``, N its 1-based position), ``url``,
    ``title``, ``published``. ``published=`` is the date of reports without one."""
    ex = extractor(data_dir)
    out = ex.extract_many_json(_check_reports(reports), _check_threads(threads), published, errors)
    result: List[List[Dict[str, Any]]] = json.loads(out)
    return result


def extract_columns(
    reports: Iterable[Mapping[str, Any]],
    threads: Optional[int] = None,
    *,
    published: Any = None,
    errors: str = "raise",
    data_dir: Any = None,
) -> Dict[str, List[Any]]:
    """:func:`extract_many` as columns (:data:`FRAME_COLUMNS`), one entry per event:
    typed flat values (str, int, float or None) and ``record``, the record as its
    JSON Lines string. What a Spark or Arrow job writes."""
    ex = extractor(data_dir)
    out = ex.extract_rows(_check_reports(reports), _check_threads(threads), published, errors)
    ids: List[Any] = []
    idx: List[int] = []
    rows: List[Tuple[Any, ...]] = []
    records: List[str] = []
    for rid, evs in out:
        for i, (row, rec) in enumerate(evs):
            ids.append(rid)
            idx.append(i)
            rows.append(row)
            records.append(rec)
    cols: Dict[str, List[Any]] = {"report_id": ids, "event_index": idx}
    flat = list(zip(*rows)) if rows else [() for _ in COLUMNS]
    for name, values in zip(COLUMNS, flat):
        cols[name] = list(values)
    cols["record"] = records
    return cols


def _frame_reports(
    df: Any, text: str, published: Optional[str], id: Optional[str], url: Optional[str], title: Optional[str]
) -> List[Dict[str, Any]]:
    if not _is_frame(df):
        raise TypeError(f"expected a pandas DataFrame, not {type(df).__name__}")
    if text not in df.columns:
        raise ValueError(f"no column {text!r} (the report text) in the DataFrame")
    picks = [("text", text)]
    for field, col in (("published", published), ("id", id), ("url", url), ("title", title)):
        if col is not None and col in df.columns:
            picks.append((field, col))
    fields = [f for f, _ in picks]
    series = []
    for _, c in picks:
        # pandas' missing values (NaN, None, NA, NaT) all become None.
        col = df[c]
        series.append([None if m else v for v, m in zip(col.tolist(), col.isna().tolist())])
    return [dict(zip(fields, values)) for values in zip(*series)]


def columns_frame(cols: Dict[str, List[Any]], record: str = "dict") -> Any:
    """The columns of :func:`extract_columns` as :func:`extract_frame`'s DataFrame."""
    if record not in ("dict", "json"):
        raise ValueError(f'record must be "dict" or "json", not {record!r}')
    return _to_frame(cols, record)


def _to_frame(cols: Dict[str, List[Any]], record: str, names: Tuple[str, ...] = FRAME_COLUMNS) -> Any:
    import pandas as pd

    data: Dict[str, Any] = {}
    for name in names:
        values = cols[name]
        kind = _KINDS.get(name, "str")
        if name == "event_index":
            data[name] = pd.Series(values, dtype="int64")
        elif name == "record":
            if record == "dict":
                values = [json.loads(v) for v in values]
            data[name] = pd.Series(values, dtype=object)
        elif kind == "int":
            data[name] = pd.Series(values, dtype="Int64")
        elif kind == "float":
            data[name] = pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
        else:
            data[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=list(names))


def extract_frame(
    df: Any,
    text: str = "text",
    published: Optional[str] = "published",
    id: Optional[str] = "id",
    *,
    url: Optional[str] = "url",
    title: Optional[str] = "title",
    threads: Optional[int] = None,
    errors: str = "raise",
    record: str = "dict",
    default_published: Any = None,
    data_dir: Any = None,
) -> Any:
    """A DataFrame of reports to a DataFrame of events (pandas).

    ``text``, ``published``, ``id``, ``url``, ``title`` name the report columns (the
    optional ones may be absent). One row per event, columns :data:`FRAME_COLUMNS`:
    ``report_id``, ``event_index``, the flat ACLED-style columns (integers as
    nullable ``Int64``, coordinates as floats) and ``record``, the nested record as a
    dict (``record="json"``: its JSON string). ``default_published``: the date of
    reports without one."""
    if record not in ("dict", "json"):
        raise ValueError(f'record must be "dict" or "json", not {record!r}')
    reports = _frame_reports(df, text, published, id, url, title)
    cols = extract_columns(
        reports, threads, published=default_published, errors=errors, data_dir=data_dir
    )
    return columns_frame(cols, record)


def arrow_schema() -> Any:
    """The pyarrow schema of :data:`FRAME_COLUMNS` (record as a JSON string)."""
    import pyarrow as pa

    kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
    fields = [pa.field("report_id", pa.string()), pa.field("event_index", pa.int64())]
    fields += [pa.field(c, kinds[_KINDS[c]]) for c in COLUMNS]
    fields.append(pa.field("record", pa.string()))
    return pa.schema(fields)


_STAT_COLUMNS = ("events", "fatalities", "fatalities_high")


class Store:
    """The event store: a SQLite file (created when missing), ``":memory:"``, or a
    ``postgres://`` URL, as ``sitrep ingest --db`` takes it.

    ``data_dir``: an edited copy of ``data/`` for extraction and the store's
    knowledge."""

    def __init__(self, path_or_url: Any = "sitrep.db", *, data_dir: Any = None) -> None:
        if isinstance(path_or_url, os.PathLike):
            path_or_url = os.fspath(path_or_url)
        if not isinstance(path_or_url, str):
            raise TypeError(
                f"path_or_url must be a str or a path, not {type(path_or_url).__name__}"
            )
        self._data_dir = data_dir
        self._native = _sitrep.Store(
            path_or_url, None if data_dir is None else os.fspath(data_dir)
        )

    def ingest(
        self,
        reports: Any,
        *,
        published: Any = None,
        batch: int = 500,
        threads: Optional[int] = None,
        errors: str = "raise",
        text: str = "text",
    ) -> Dict[str, int]:
        """Extract and store reports (dicts, or a DataFrame with a ``text`` column),
        merging reports of one event, as ``sitrep ingest`` does: documents already
        stored are skipped, each batch is one transaction. Returns the counts."""
        if _is_frame(reports):
            reports = _frame_reports(reports, text, "published", "id", "url", "title")
        else:
            reports = _check_reports(reports)
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise ValueError(f"batch must be a positive int, not {batch!r}")
        ex = extractor(self._data_dir)
        new, skipped, ev_new, ev_merged = self._native.ingest(
            reports, ex, published, batch, _check_threads(threads), errors
        )
        return {
            "docs_new": new,
            "docs_skipped": skipped,
            "events_new": ev_new,
            "events_merged": ev_merged,
        }

    def events(
        self,
        *,
        country: Optional[str] = None,
        since: Any = None,
        until: Any = None,
        type: Optional[str] = None,
        admin1: Optional[str] = None,
        actor: Optional[str] = None,
        role: Optional[str] = None,
        min_fatalities: Optional[int] = None,
        text: Optional[str] = None,
        bbox: Optional[Tuple[float, float, float, float]] = None,
        limit: Optional[int] = None,
    ) -> Any:
        """Stored events matching the filters, newest first, as a DataFrame: the flat
        columns (:data:`COLUMNS`) and ``record``, the merged record (dict)."""
        rows = self._native.events(
            country, since, until, type, admin1, actor, role, min_fatalities, text, bbox, limit
        )
        names = COLUMNS + ("record",)
        cols: Dict[str, List[Any]] = {c: [] for c in names}
        for row, rec in rows:
            for c, v in zip(COLUMNS, row):
                cols[c].append(v)
            cols["record"].append(rec)
        return _to_frame(cols, "dict", names)

    def stats(self, by: str = "month", **filters: Any) -> Any:
        """Counts and tolls by ``day``, ``week``, ``month``, ``type``, ``actor`` or
        ``admin1`` (filters as :meth:`events`), as a DataFrame."""
        import pandas as pd

        unknown = set(filters) - {
            "country", "since", "until", "type", "admin1", "actor", "role",
            "min_fatalities", "text", "bbox",
        }
        if unknown:
            raise TypeError(f"stats() got unknown filters: {', '.join(sorted(unknown))}")
        f = dict(filters)
        rows = self._native.stats(
            by, f.get("country"), f.get("since"), f.get("until"), f.get("type"),
            f.get("admin1"), f.get("actor"), f.get("role"), f.get("min_fatalities"),
            f.get("text"), f.get("bbox"),
        )
        return pd.DataFrame(rows, columns=[by, *_STAT_COLUMNS]).astype(
            {c: "int64" for c in _STAT_COLUMNS}
        )

    def counts(self) -> Dict[str, int]:
        """Rows of the main tables (documents, events, event_sources, mentions, revisions)."""
        return dict(self._native.counts())
