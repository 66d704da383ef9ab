"""Write src/ponte/directory/data/m49.json, the UN M49 table Ponte loads.

Run once (already done; the output is committed) with country_converter 1.3.2 installed:

    python scripts/extract_m49.py [path/to/country_data.tsv]

Until this file existed, Ponte read the same two columns (ISO2, UNregion) of country_converter's
data file at load time and kept the region table below in directory/reference.py. The output
reproduces exactly what that code loaded, so a database loaded from it is the same.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parents[1] / "src/ponte/directory/data/m49.json"

# UN M49 geographic regions: code, English name, parent code. Moved verbatim from
# directory/reference.py.
REGIONS: list[tuple[str, str, str | None]] = [
    ("002", "Africa", None),
    ("019", "Americas", None),
    ("142", "Asia", None),
    ("150", "Europe", None),
    ("009", "Oceania", None),
    ("015", "Northern Africa", "002"),
    ("014", "Eastern Africa", "002"),
    ("017", "Middle Africa", "002"),
    ("018", "Southern Africa", "002"),
    ("011", "Western Africa", "002"),
    ("419", "Latin America and the Caribbean", "019"),
    ("029", "Caribbean", "419"),
    ("013", "Central America", "419"),
    ("005", "South America", "419"),
    ("021", "Northern America", "019"),
    ("143", "Central Asia", "142"),
    ("030", "Eastern Asia", "142"),
    ("035", "South-eastern Asia", "142"),
    ("034", "Southern Asia", "142"),
    ("145", "Western Asia", "142"),
    ("151", "Eastern Europe", "150"),
    ("154", "Northern Europe", "150"),
    ("039", "Southern Europe", "150"),
    ("155", "Western Europe", "150"),
    ("053", "Australia and New Zealand", "009"),
    ("054", "Melanesia", "009"),
    ("057", "Micronesia", "009"),
    ("061", "Polynesia", "009"),
]

SOURCE = (
    "United Nations Statistics Division, Standard Country or Area Codes for Statistical Use "
    "(M49), https://unstats.un.org/unsd/methodology/m49/. Country-to-sub-region column "
    "extracted from country_converter 1.3.2's country_data.tsv (columns ISO2 and UNregion) by "
    "scripts/extract_m49.py."
)
LICENCE = (
    "The codes, names and groupings are facts of the UN's M49 standard; the UN website's terms "
    "of use grant no open licence for them (Unicode CLDR's territoryContainment publishes the "
    "same groupings under the Unicode License v3). The extract comes from a GPL-3.0 file "
    "(country_converter, (c) 2014 Konstantin Stadler), so this file is distributed under "
    "GPL-3.0, which section 13 of both licences lets Ponte (AGPL-3.0-or-later) ship."
)
NOTE = (
    "A country absent from 'countries' has no M49 sub-region in Ponte: Antarctica (AQ, none in "
    "M49), and GB and GR, whose ISO2 cells in country_converter's file are regular expressions "
    "('^GB$|^UK$', '^GR$|^EL$') that the loader this file replaced never matched."
)


def country_data_path() -> Path:
    spec = importlib.util.find_spec("country_converter")
    if spec is None or spec.origin is None:
        raise SystemExit("country_converter is not installed; pass the path of country_data.tsv.")
    return Path(spec.origin).parent / "country_data.tsv"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else country_data_path()
    code_by_name = {name: code for code, name, _parent in REGIONS}
    iso2 = {country.alpha_2 for country in pycountry.countries}
    with path.open(encoding="utf-8") as handle:
        rows = [
            row
            for row in csv.DictReader(handle, delimiter="\t")
            if row["ISO2"] and not row["obsolete"]
        ]
    countries = {
        row["ISO2"]: code_by_name[row["UNregion"]]
        for row in rows
        if row["ISO2"] in iso2 and row["UNregion"] in code_by_name
    }
    data = {
        "source": SOURCE,
        "licence": LICENCE,
        "note": NOTE,
        "regions": [
            {"code": code, "name": name, "parent": parent} for code, name, parent in REGIONS
        ],
        "countries": dict(sorted(countries.items())),
    }
    OUTPUT.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries, {len(REGIONS)} regions -> {OUTPUT}")


if __name__ == "__main__":
    main()
