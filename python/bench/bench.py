"""Reports per second: sitrep.extract_many on 1 and 2 threads against the command
(`sitrep extract -q`) on the same JSON Lines, and the Spark job in local mode.

    target/venv/bin/python python/bench/bench.py [--reports 4000] [--spark]

The input: the sample reports (examples/reports) repeated under new ids, and
generated ones (python/tests/corpus.py), half each. Each figure is the best of
three runs (wall clock) with the knowledge already loaded for extract_many; the
command's figure includes its start-up (loading the knowledge), reported
separately. CPU seconds per 1000 reports are given too: the machine may be shared,
CPU time is the fairer per-core comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
import corpus  # noqa: E402

ROOT = corpus.ROOT


def inputs(n: int):
    ex = corpus.examples()
    reps = []
    i = 0
    while len(reps) < n // 2:
        r = dict(ex[i % len(ex)])
        r["id"] = f"{r['id']}-{i}"
        reps.append(r)
        i += 1
    reps += corpus.generated(n - len(reps), seed=11)
    return reps


def children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_cli(bin_: Path, path: Path):
    c0, t0 = children_cpu(), time.perf_counter()
    subprocess.run([str(bin_), "extract", "-q", str(path)], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0, children_cpu() - c0


def best(f, k=3):
    runs = [f() for _ in range(k)]
    return min(runs, key=lambda r: r[0])


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--reports", type=int, default=4000)
    p.add_argument("--spark", action="store_true", help="also time the Spark job (local[2])")
    a = p.parse_args()
    import sitrep

    bin_ = Path(os.environ.get("SITREP_BIN", ROOT / "target" / "release" / "sitrep"))
    reps = inputs(a.reports)
    n = len(reps)
    mb = sum(len(r["text"].encode()) for r in reps) / 1e6
    tmp = Path(tempfile.mkdtemp())
    path = corpus.write_jsonl(tmp / "bench.jsonl", reps)
    one = corpus.write_jsonl(tmp / "one.jsonl", reps[:1])
    print(f"input: {n} reports, {mb:.2f} MB of text ({path})")

    start, start_cpu = best(lambda: run_cli(bin_, one))
    wall, cpu = best(lambda: run_cli(bin_, path))
    print(f"CLI  sitrep extract -q: {n / wall:8.0f} reports/s wall ({wall:.2f} s, of which start-up {start:.2f} s); "
          f"{n / (wall - start):8.0f} reports/s without start-up; CPU {1000 * (cpu - start_cpu) / n:.3f} s/1000 reports "
          f"without start-up")

    t0 = time.perf_counter()
    sitrep.extractor()
    print(f"Python: knowledge loaded in {time.perf_counter() - t0:.2f} s")

    def py(threads: int, fn):
        c0, t0 = time.process_time(), time.perf_counter()
        fn(reps, threads)
        return time.perf_counter() - t0, time.process_time() - c0

    raw = sitrep.extractor().extract_many_json
    for threads in (1, 2):
        w, c = best(lambda: py(threads, lambda r, t: sitrep.extract_many(r, t)))
        wj, cj = best(lambda: py(threads, lambda r, t: raw(r, t)))
        print(f"extract_many threads={threads}: {n / w:8.0f} reports/s (dicts; CPU {1000 * c / n:.3f} s/1000), "
              f"{n / wj:8.0f} reports/s (JSON strings; CPU {1000 * cj / n:.3f} s/1000)")

    if a.spark:
        job = ROOT / "examples" / "spark" / "code_news.py"
        env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)

        def spark(src: Path):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, str(job), str(src), str(tmp / "out"), "--master", "local[2]"],
                           env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return time.perf_counter() - t0

        small = spark(one)
        big = spark(path)
        print(f"Spark job local[2]: {n / big:8.0f} reports/s end to end ({big:.1f} s); "
              f"a 1-report run takes {small:.1f} s, so {n / max(big - small, 1e-9):8.0f} reports/s beyond start-up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
