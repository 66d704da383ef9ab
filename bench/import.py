"""Benchmark `ponte import practices` on SQLite and PostgreSQL.

Generates N practices (JSON Lines) owned by real GeoNames cities, imports them into a fresh
database, and prints rows/s and peak Python memory. The baseline, measured in the same run on
the same database, is a bare `Item.objects.bulk_create` of the same rows with no checking,
no tags, results or revisions: the floor any importer pays to write the rows at all.

    .venv/bin/python bench/import.py --rows 10000 --database both
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path

from _common import fresh_database, run_child

REPO = Path(__file__).resolve().parents[1]
THEMES = [
    "waste",
    "water",
    "climate-resilience",
    "mobility",
    "health",
    "governance",
    "housing",
    "energy",
]
TARGETS = ["11.5", "13.1", "6.3", "12.5", "3.d", "17.17", "11.2", "7.2"]
CITIES = [
    ("Surabaya", "ID"),
    ("Semarang", "ID"),
    ("Makassar", "ID"),
    ("Quezon City", "PH"),
    ("Lahore", "PK"),
    ("Da Nang", "VN"),
    ("Rosario", "AR"),
    ("Porto Alegre", "BR"),
    ("Recife", "BR"),
    ("Montevideo", "UY"),
    ("Lima", "PE"),
    ("Quito", "EC"),
    ("Medellín", "CO"),
    ("Asunción", "PY"),
    ("La Paz", "BO"),
]


def make_rows(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        city, country = rng.choice(CITIES)
        rows.append(
            {
                "external_id": f"bench-{n}",
                "title": f"Practice {n}: community {rng.choice(THEMES)} programme in {city}",
                "summary": "Neighbourhood committees run the programme with the city's technical support.",
                "body": "## Context\n\nA growing city.\n\n## What we did\n\n- mapped risks\n- trained volunteers\n",
                "language": "en",
                "city": city,
                "country": country,
                "themes": rng.sample(THEMES, 2),
                "sdg_targets": rng.sample(TARGETS, 2),
                "status": "published",
                "results": [
                    {
                        "indicator": "Households reached",
                        "unit": "households",
                        "baseline": 0,
                        "target": 1000,
                        "achieved": rng.randint(100, 1200),
                    }
                ],
            }
        )
    return rows


CHILD = r"""
import json, sys, time, tracemalloc
import django
django.setup()
from django.core.management import call_command
from ponte.directory.reference import load_reference_data
from ponte.knowledge import transfer
from ponte.core.rows import read_rows
from ponte.knowledge.models import Item
from ponte.directory.models import LocalGovernment

call_command("migrate", verbosity=0)
load_reference_data()
path, mode = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as handle:
    lines = handle.readlines()
tracemalloc.start()
start = time.perf_counter()
if mode == "import":
    transfer.import_items(read_rows(iter(lines), "jsonl", fields=transfer.FIELDS))
else:
    owner = LocalGovernment.objects.create(name="Bench", slug="bench", country_id="ID")
    rows = [json.loads(line) for line in lines]
    Item.objects.bulk_create(
        [Item(slug=f"b-{i}", external_id=r["external_id"], title=r["title"], summary=r["summary"],
              body=r["body"], language_id="en", owner=owner, status="published") for i, r in enumerate(rows)],
        batch_size=500,
    )
elapsed = time.perf_counter() - start
_, peak = tracemalloc.get_traced_memory()
print(json.dumps({"seconds": elapsed, "peak_mb": peak / 2**20, "items": Item.objects.count()}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        path = workdir / "practices.jsonl"
        path.write_text(
            "".join(json.dumps(r) + "\n" for r in make_rows(args.rows)), encoding="utf-8"
        )
        print(f"{args.rows} practices, {path.stat().st_size / 2**20:.1f} MB of JSON Lines")
        print(
            f"{'database':<10} {'what':<9} {'seconds':>8} {'rows/s':>9} {'peak MB':>8} {'ratio':>6}"
        )
        for kind in kinds:
            baseline = run_child(
                CHILD, [str(path), "baseline"], fresh_database(kind, workdir, "import-base")
            )
            result = run_child(
                CHILD, [str(path), "import"], fresh_database(kind, workdir, "import-run")
            )
            assert result["items"] == args.rows, result
            for label, figures in (("baseline", baseline), ("import", result)):
                ratio = figures["seconds"] / baseline["seconds"]
                print(
                    f"{kind:<10} {label:<9} {figures['seconds']:>8.2f} {args.rows / figures['seconds']:>9.0f} "
                    f"{figures['peak_mb']:>8.1f} {ratio:>5.1f}x"
                )


if __name__ == "__main__":
    main()
