"""GeoNames' full dump for scripts/build-geodata --geonames: allCountries.zip, or one or more XX.zip country
files (or the .txt inside them), with alternateNamesV2.zip when given. Every feature of the classes the
resolver can use is streamed to unsorted TSV rows that `sort` then orders by id: 13 million features are
never held in memory.

The dump's 19 tab-separated columns (GeoNames' readme): geonameid, name, asciiname, alternatenames (comma
separated), latitude, longitude, feature class, feature code, country code, cc2, admin1 code, admin2 code,
admin3 code, admin4 code, population, elevation, dem, timezone, modification date.
alternateNamesV2's: alternateNameId, geonameid, isolanguage, alternate name, isPreferredName, isShortName,
isColloquial, isHistoric, from, to.
"""
import io
import os
import zipfile

# Administrative divisions, populated places, streams and lakes, mountains and valleys, spots (bases, airports,
# dams, checkpoints, camps), areas (oil fields, regions). Roads, undersea features and vegetation are left out.
KEPT_CLASSES = {"A", "P", "H", "T", "S", "L"}
COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"}
# Alternate "names" that are links, codes or postal codes, not names a text would use.
SKIPPED_LANGUAGES = {"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "unlc", "tcid", "phon"}
COLUMNS = 19


def is_alternate_names(path):
    return os.path.basename(path).lower().startswith("alternatename")


def lines(path):
    """The text lines of a dump file: a .txt, or the data member of a GeoNames .zip (not its readme)."""
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            members = [n for n in z.namelist() if n.endswith(".txt") and "readme" not in n.lower()
                       and "iso-languagecodes" not in n.lower()]
            if not members:
                raise SystemExit(f"build-geodata: {path} holds no GeoNames .txt")
            with z.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    else:
        with open(path, encoding="utf-8", newline="\n") as f:
            yield from f


def kind_of(feature_class, code):
    if feature_class == "P":
        return "city"
    if feature_class == "A":
        if code in COUNTRY_CODES:
            return "country"
        if code == "ADM1":
            return "admin1"
        if code == "ADM2":
            return "admin2"
    return "site"


class Dump:
    def __init__(self, paths):
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            raise SystemExit(f"build-geodata: no such file: {', '.join(missing)}")
        self.features = [p for p in paths if not is_alternate_names(p)]
        self.alternates = [p for p in paths if is_alternate_names(p)]
        if not self.features:
            raise SystemExit("build-geodata: --geonames needs allCountries.zip or country files (XX.zip), not only alternate names")

    def describe(self):
        """What the manifest records of the dump: each file's name, size and modification time."""
        return [{"file": os.path.basename(p), "size": os.path.getsize(p), "mtime": int(os.path.getmtime(p))}
                for p in self.features + self.alternates]

    def read(self, places, admin1_id, country_id, places_out, names_out, clean, big_place, norm):
        """Streams the dump's features: a feature that is one of `places` (the registry's countries and
        divisions) gives it GeoNames' own point and its names; any other is written to `places_out` as a
        place row, and its names to `names_out`. Returns counts, each division's population (the sum of its
        towns'), and the keys of the names of towns of `big_place` people or more."""
        kept = bytearray(16_000_000)
        for pid in places:
            mark(kept, pid)
        counts = {"features": 0, "skipped_class": 0, "malformed": 0, "names": 0, "alternate_names": 0, "kinds": {}}
        admin1_population, big_ids, big_names = {}, set(), set()
        for path in self.features:
            for line in lines(path):
                f = line.rstrip("\n").split("\t")
                if len(f) != COLUMNS or not f[0].isdigit():
                    counts["malformed"] += 1
                    continue
                if f[6] not in KEPT_CLASSES:
                    counts["skipped_class"] += 1
                    continue
                try:
                    pid, lat, lon, population = int(f[0]), float(f[4]), float(f[5]), int(f[14] or 0)
                except ValueError:
                    counts["malformed"] += 1
                    continue
                counts["features"] += 1
                mark(kept, pid)
                row_names = {f[1], f[2], *f[3].split(",")}
                if pid in places:
                    # The registry's country or division: GeoNames' own point (the packages have none).
                    places[pid]["lat"], places[pid]["lon"] = lat, lon
                else:
                    kind = kind_of(f[6], f[7])
                    if kind == "country":
                        kind = "site"  # a country the registry does not list (a dependency's old code): a place, not a country
                    iso, a1 = f[8], f[10]
                    parent = country_id.get(iso, 0) if kind == "admin1" else admin1_id.get(f"{iso}.{a1}") or country_id.get(iso, 0)
                    if kind == "city" and parent in places and places[parent]["kind"] == "admin1":
                        admin1_population[parent] = admin1_population.get(parent, 0) + population
                    if kind == "city" and population >= big_place:
                        big_ids.add(pid)
                        big_names.update(norm(n) for n in row_names if n)
                    places_out.write(f"{pid}\t{kind}\t{clean(f[1])}\t{iso}\t{a1}\t{lat:.5f}\t{lon:.5f}\t{population}\t{f[7]}\t{parent}\n")
                    counts["kinds"][kind] = counts["kinds"].get(kind, 0) + 1
                for n in row_names:
                    if n and len(n) <= 200:
                        names_out.write(f"{pid}\t{clean(n)}\tgeonames\n")
                        counts["names"] += 1
        for path in self.alternates:
            for line in lines(path):
                f = line.rstrip("\n").split("\t")
                if len(f) < 4 or not f[1].isdigit() or f[2] in SKIPPED_LANGUAGES or not f[3] or len(f[3]) > 200 or "://" in f[3]:
                    continue
                pid = int(f[1])
                if not is_marked(kept, pid):
                    continue  # a feature of a class left out, or of a country not given
                names_out.write(f"{pid}\t{clean(f[3])}\tgeonames-alternate\n")
                counts["alternate_names"] += 1
                if pid in big_ids:
                    big_names.add(norm(f[3]))
        return counts, admin1_population, big_names


def mark(bits, pid):
    if pid >= len(bits):
        bits.extend(bytearray(pid + 1_000_000 - len(bits)))
    bits[pid] = 1


def is_marked(bits, pid):
    return pid < len(bits) and bits[pid] == 1
