#!/usr/bin/env python3
"""The baseline geotrack's batch geocoding is measured against: what one would write in an afternoon with
Python and SQLite's full-text search over the same gazetteer (geodata/places.tsv and names.tsv).

  gazetteer_baseline.py build DB            # once: places table + FTS5 index of every name (unicode61,
                                            # diacritics removed), like geotrack's index build
  gazetteer_baseline.py geocode DB NAMES    # per name: FTS5 phrase match on the names, then the best
                                            # candidate by kind (country, capital, admin1, seat, town) and
                                            # population; writes query,status,name,lat,lon,geonameid as CSV
"""
import csv
import os
import sqlite3
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KIND_RANK = "CASE p.kind WHEN 'continent' THEN 6 WHEN 'country' THEN 5 WHEN 'admin1' THEN 3 ELSE " \
            "CASE p.feature WHEN 'PPLC' THEN 4 WHEN 'PPLA' THEN 2 ELSE 1 END END"


def build(db_path, geodata=os.path.join(ROOT, "geodata")):
    if os.path.exists(db_path):
        os.remove(db_path)
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE places (id INTEGER PRIMARY KEY, kind TEXT, name TEXT, country TEXT, lat REAL, lon REAL,"
               " population INTEGER, feature TEXT)")
    db.execute("CREATE VIRTUAL TABLE names USING fts5(name, id UNINDEXED, tokenize='unicode61 remove_diacritics 2')")
    with open(os.path.join(geodata, "places.tsv"), encoding="utf-8") as f:
        next(f)
        db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?)",
                       ((int(r[0]), r[1], r[2], r[3], float(r[5]), float(r[6]), int(r[7]), r[8])
                        for r in (line.rstrip("\n").split("\t") for line in f)))
    with open(os.path.join(geodata, "names.tsv"), encoding="utf-8") as f:
        next(f)
        db.executemany("INSERT INTO names VALUES (?, ?)", ((r[1], int(r[0])) for r in (line.rstrip("\n").split("\t") for line in f)))
    db.commit()


def geocode(db_path, names_path):
    db = sqlite3.connect(db_path)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["query", "status", "name", "lat", "lon", "geonameid"])
    query = (f"SELECT p.name, p.lat, p.lon, p.id FROM names n JOIN places p ON p.id = n.id WHERE names MATCH ? "
             f"ORDER BY {KIND_RANK} DESC, p.population DESC LIMIT 1")
    with open(names_path, encoding="utf-8") as f:
        for line in f:
            name = line.rstrip("\n")
            phrase = '"' + name.replace('"', '""') + '"'
            try:
                row = db.execute(query, (phrase,)).fetchone() if name.strip() else None
            except sqlite3.OperationalError:
                row = None
            out.writerow([name, "ok" if row else "not_found"] + (list(row) if row else ["", "", "", ""]))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "build":
        build(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "geocode":
        geocode(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
