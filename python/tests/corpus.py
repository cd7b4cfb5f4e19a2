"""Reports for the tests and the benchmark: the repository's sample reports
(examples/reports) and generated ones, written for these tests from the phrase
lists below (places, attackers, victims, times, figures, sources), deterministic
for a seed. A few odd lines (a number as id, a bad date, no text) check that the
jobs repair and skip as the command does."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "reports"

PLACES = [
    "Maiduguri", "Kandahar", "Goma", "Mosul", "Timbuktu", "Kismayo", "Bamenda",
    "Sittwe", "Kharkiv", "Idlib", "Quetta", "Jos", "Bunia", "Gao", "Beledweyne",
]
ATTACKERS = [
    "Gunmen", "Suspected militants", "Unidentified attackers", "Armed men on motorcycles",
    "Bandits", "Rebel fighters", "Suspected jihadists", "Masked assailants",
]
VICTIMS = [
    "villagers", "police officers", "soldiers", "farmers", "civilians", "traders",
    "worshippers", "miners", "passengers",
]
FIGURES = ["two", "three", "five", "seven", "11", "14", "at least 20", "nine"]
WHEN = ["on Monday", "on Tuesday", "late on Friday", "on Sunday night", "early on Wednesday", "on Saturday"]
ACTS = [
    "{a} killed {n} {v} in {p} {w}",
    "{a} shot dead {n} {v} near {p} {w}",
    "{a} stormed a market in {p} {w}, killing {n} {v}",
    "{a} ambushed a convoy outside {p} {w}, killing {n} {v}",
    "A roadside bomb killed {n} {v} in {p} {w}",
    "{a} abducted {n} {v} from a village near {p} {w}",
]
SOURCES = [", police said.", ", a local official said.", ", residents told reporters.", "."]
AFTER = [
    "The army said it had sent reinforcements to the area.",
    "No group has claimed responsibility for the attack.",
    "The governor condemned the killings and promised an inquiry.",
    "Schools in the district stayed closed for a second day.",
    "",
]
CALM = [
    "Officials met in {p} on Thursday to discuss the budget for road repairs.",
    "Farmers near {p} said the harvest was better than last year.",
]


def generated(n: int, seed: int = 7) -> List[Dict[str, object]]:
    """n generated reports with ids gen-0001…, most with a publication date."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        p = rng.choice(PLACES)
        if rng.random() < 0.08:
            text = rng.choice(CALM).format(p=p)
        else:
            act = rng.choice(ACTS).format(
                a=rng.choice(ATTACKERS), n=rng.choice(FIGURES), v=rng.choice(VICTIMS),
                p=p, w=rng.choice(WHEN),
            )
            text = act + rng.choice(SOURCES) + " " + rng.choice(AFTER)
        rep: Dict[str, object] = {"id": f"gen-{i + 1:04d}", "text": text.strip()}
        if rng.random() < 0.85:
            rep["published"] = f"20{rng.randint(22, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.3:
            rep["url"] = f"https://news.example.org/{i + 1}"
        out.append(rep)
    return out


def examples() -> List[Dict[str, object]]:
    """The sample reports: the .txt files (id = file stem) and wire.jsonl."""
    out: List[Dict[str, object]] = []
    for f in sorted(EXAMPLES.glob("*.txt")):
        out.append({"id": f.stem, "text": f.read_text(encoding="utf-8")})
    for line in (EXAMPLES / "wire.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(json.loads(line))
    return out


def odd() -> List[Dict[str, object]]:
    """Reports the command repairs or skips."""
    return [
        {"id": 4242, "text": "Gunmen killed three farmers in Jos on Monday.", "published": "2024-05-08"},
        {"id": "odd-date", "text": "Bandits killed two traders near Gao on Tuesday.", "published": "2024-13-45"},
        {"id": "odd-empty", "text": "   "},
        {"id": "odd-none", "url": "https://news.example.org/none"},
    ]


def reports(n_generated: int = 300, seed: int = 7) -> List[Dict[str, object]]:
    """Samples, generated reports and the odd ones, in a fixed order."""
    return examples() + generated(n_generated, seed) + odd()


def write_jsonl(path: Path, reps: List[Dict[str, object]]) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for r in reps:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path
