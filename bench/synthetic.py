"""A synthetic corpus of N plans the size of the seed, made only of the seed's own parts.

    .venv/bin/python bench/synthetic.py 10 /tmp/corpus      # writes plan-01.txt … plan-10.txt

Each plan is the seed (corpus/xilinhot-2022-government-services.txt) with:

* a new jurisdiction — one of the Xilingol League's other banners, counties and
  cities, written in the seed's traditional script — in the header, the notice
  and the title, and a new index number (so a new plan id);
* its 47 tasks shuffled over the seed's own section skeleton and renumbered;
* the named departments of the responsibility annotations permuted among
  themselves (collective units stay where they are), so lead loads differ
  from plan to plan.

Nothing is invented: every sentence, heading and department name is the
seed's. The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "corpus" / "xilinhot-2022-government-services.txt"
SEED_PLACE = "錫林浩特市"
SEED_INDEX = "01166760-1/2022-00759"
# the other banners, counties and cities of Xilingol League (traditional script, as the seed writes)
PLACES = [
    "二連浩特市", "阿巴嘎旗", "蘇尼特左旗", "蘇尼特右旗", "東烏珠穆沁旗", "西烏珠穆沁旗",
    "太僕寺旗", "鑲黃旗", "正鑲白旗", "正藍旗", "多倫縣",
]


def generate(count: int, out: Path, seed: int = 2022) -> list[Path]:
    """Write ``count`` plans into ``out``; returns their paths."""
    from kg.text.parse import extract

    text = SEED.read_text(encoding="utf-8")
    plan = extract(SEED)
    tasks = sorted(plan.tasks, key=lambda task: task.span[0])
    named = sorted({unit.name for task in tasks for unit in task.units if not unit.collective})
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(1, count + 1):
        place = PLACES[(k - 1) % len(PLACES)] if k <= len(PLACES) else f"{PLACES[(k - 1) % len(PLACES)]}{k}"
        order = tasks[:]
        rng.shuffle(order)
        shuffled = named[:]
        rng.shuffle(shuffled)
        mapping = dict(zip(named, shuffled, strict=True))
        pieces, cursor = [], 0
        for position, (slot, task) in enumerate(zip(tasks, order, strict=True), 1):
            pieces.append(text[cursor : slot.span[0]])
            pieces.append(_renumbered(_permuted(task.text, task.annotation, mapping), position))
            cursor = slot.span[1]
        pieces.append(text[cursor:])
        body = "".join(pieces).replace(SEED_PLACE, place).replace(SEED_INDEX, f"01166760-1/2022-{90000 + k:05d}")
        path = out / f"plan-{k:02d}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def _renumbered(text: str, number: int) -> str:
    return re.sub(r"^\s*\d+\s*[.．、]", f"{number}.", text, count=1)


def _permuted(text: str, annotation: str | None, mapping: dict[str, str]) -> str:
    if not annotation or annotation not in text:
        return text
    names = sorted(mapping, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(name) for name in names))
    start = text.rindex(annotation)
    swapped = pattern.sub(lambda match: mapping[match.group()], annotation)
    return text[:start] + swapped + text[start + len(annotation) :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2022, help="random seed (default 2022)")
    args = parser.parse_args()
    for path in generate(args.count, args.out, args.seed):
        print(path)


if __name__ == "__main__":
    main()
