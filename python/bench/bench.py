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
    p.add_argument("--spark", action="store_true", help="also time the Spark job")
    p.add_argument("--spark-master", default="local-cluster[2,1,1024]",
                   help="default: two executors of one core each, on this machine")
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
        # In this process: one session, a warm-up run (starts the executors and their
        # Python workers, loads the knowledge), then the timed run.
        sys.path.insert(0, str(ROOT / "examples" / "spark"))
        os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "examples" / "spark"), os.environ.get("PYTHONPATH", "")])
        os.environ["PYSPARK_PYTHON"] = sys.executable
        import code_news
        from pyspark.sql import SparkSession

        t0 = time.perf_counter()
        spark = (SparkSession.builder.master(a.spark_master).appName("sitrep-bench")
                 .config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false")
                 # Split the one input file so that every executor gets a share.
                 .config("spark.sql.files.maxPartitionBytes", str(max(1, int(mb * 1e6 / 8))))
                 .getOrCreate())
        code_news.run(spark, str(one), str(tmp / "warm"))
        warm = time.perf_counter() - t0
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            code_news.run(spark, str(path), str(tmp / "out"))
            times.append(time.perf_counter() - t0)
        w = min(times)
        spark.stop()
        print(f"Spark job {a.spark_master}: {n / w:8.0f} reports/s (best of 2: {w:.1f} s for {n} reports, first {times[0]:.1f} s; "
              f"session start and a 1-report warm-up took {warm:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
