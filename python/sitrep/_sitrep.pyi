"""Type stubs of the native module (crates/sitrep-py)."""

import datetime
import os
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

_Date = Union[str, datetime.date, None]
_Path = Union[str, os.PathLike[str], None]
_Cell = Union[str, int, float, None]

class SitrepError(Exception):
    """A failure of sitrep itself: knowledge that cannot be loaded, a store that
    cannot be opened or written."""

def parse_date(value: Any) -> Optional[Tuple[int, int, int]]: ...
def columns() -> List[Tuple[str, str]]:
    """The flat columns with their kinds ("str", "int", "float"), in row order."""

class Extractor:
    def __init__(self, data_dir: _Path = None, today: _Date = None) -> None: ...
    def extract_json(
        self,
        text: Optional[str],
        published: _Date = None,
        url: Optional[str] = None,
        id: Union[str, int, None] = None,
        title: Optional[str] = None,
    ) -> List[str]: ...
    def extract_many_json(
        self,
        reports: Iterable[Mapping[str, Any]],
        threads: Optional[int] = None,
        published: _Date = None,
        errors: str = "raise",
    ) -> str:
        """One JSON array: for each report in order, the array of its records."""
    def extract_rows(
        self,
        reports: Iterable[Mapping[str, Any]],
        threads: Optional[int] = None,
        published: _Date = None,
        errors: str = "raise",
    ) -> List[Tuple[Optional[str], List[Tuple[Tuple[_Cell, ...], str]]]]:
        """For each report in order: its id and (flat row, JSON record) per event."""

class Store:
    def __init__(self, target: str, data_dir: _Path = None) -> None: ...
    def ingest(
        self,
        reports: Iterable[Mapping[str, Any]],
        extractor: Extractor,
        published: _Date = None,
        batch: int = 500,
        threads: Optional[int] = None,
        errors: str = "raise",
    ) -> Tuple[int, int, int, int]: ...
    def events(
        self,
        country: Optional[str] = None,
        since: _Date = None,
        until: _Date = None,
        event_type: Optional[str] = None,
        admin1: Optional[str] = None,
        actor: Optional[str] = None,
        role: Optional[str] = None,
        min_fatalities: Optional[int] = None,
        text: Optional[str] = None,
        bbox: Optional[Sequence[float]] = None,
        limit: Optional[int] = None,
    ) -> List[Tuple[Tuple[_Cell, ...], str]]: ...
    def stats(
        self,
        by: str = "month",
        country: Optional[str] = None,
        since: _Date = None,
        until: _Date = None,
        event_type: Optional[str] = None,
        admin1: Optional[str] = None,
        actor: Optional[str] = None,
        role: Optional[str] = None,
        min_fatalities: Optional[int] = None,
        text: Optional[str] = None,
        bbox: Optional[Sequence[float]] = None,
    ) -> List[Tuple[str, int, int, int]]: ...
    def counts(self) -> List[Tuple[str, int]]: ...
