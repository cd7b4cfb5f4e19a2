"""Shared fixtures: the `sitrep` command (to compare with), the reports, and the
optional dependencies, which fail rather than skip under CI (CI=true)."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

ROOT = corpus.ROOT


def need(module: str):
    """Import a module the test needs; without it, skip (fail under CI)."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{module} is required under CI: {e}")
        pytest.skip(f"{module} is not installed")


@pytest.fixture(scope="session")
def sitrep_bin() -> Path:
    p = Path(os.environ.get("SITREP_BIN", ROOT / "target" / "release" / "sitrep"))
    if not p.exists():
        pytest.fail(f"{p} is missing: cargo build --release -p sitrep-cli (or set SITREP_BIN)")
    return p


def cli_lines(sitrep_bin: Path, *args: str) -> List[str]:
    """What the command prints (exit 0, or 2 when it skipped or repaired inputs)."""
    r = subprocess.run([str(sitrep_bin), *args], capture_output=True, text=True)
    assert r.returncode in (0, 2), r.stderr
    return [l for l in r.stdout.splitlines() if l.strip()]


@pytest.fixture(scope="session")
def reports():
    return corpus.reports()


@pytest.fixture(scope="session")
def reports_jsonl(tmp_path_factory, reports) -> Path:
    return corpus.write_jsonl(tmp_path_factory.mktemp("reports") / "reports.jsonl", reports)


@pytest.fixture(scope="session")
def cli_records(sitrep_bin, reports_jsonl) -> List[str]:
    """The command's JSON Lines for the test reports."""
    return cli_lines(sitrep_bin, "extract", "-q", str(reports_jsonl))


def by_report(lines: List[str]):
    """The command's records grouped by report id (sources[0].doc), in order."""
    out = {}
    for l in lines:
        out.setdefault(json.loads(l)["sources"][0]["doc"], []).append(l)
    return out
