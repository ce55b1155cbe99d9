"""Convert the npm package `@etalab/decoupage-administratif` into the COG CSV files `import_territories` reads.

    python cms/data/territories/convert_decoupage_administratif.py etalab-decoupage-administratif-6.0.0.tgz OUT_DIR

The package (Etalab, data under the Licence Ouverte, code MIT) is obtained with `npm pack
@etalab/decoupage-administratif@<version>`; this script reads the `.tgz` as it is (or the unpacked `package/`
folder) and writes, in INSEE's own formats (cms/data/territories/README.md):

- `v_comer_<cog>.csv`: the overseas collectivités (`COMER,TNCC,NCC,NCCENR,LIBELLE`);
- `v_commune_<cog>.csv.gz`: the current communes of the départements (`TYPECOM,COM,REG,DEP,...,LIBELLE`;
  communes déléguées and associées and arrondissements municipaux are left out: the import skips them anyway);
- `v_commune_comer_<cog>.csv`: the communes, districts and circonscriptions of the collectivités
  (`COM_COMER,TNCC,NCC,NCCENR,LIBELLE,NATURE_ZONAGE,COMER,LIBELLE_COMER`);
- `epci_composition_<cog>.csv.gz`: each commune's EPCI (`CODGEO,LIBGEO,EPCI,LIBEPCI,DEP,REG`; `ZZZZZZZZZ` for the
  few island communes that belong to none);
- `populations_<year>.csv.gz` and `populations_mayotte_<year>.csv`: the populations municipales (`COM,PMUN`), in
  two files because Mayotte's come from an older census than the rest.

Only the Python standard library: it runs before Django is installed. The output is sorted and written the same
way every time, so that converting the same package twice gives byte-identical files (gzip without a timestamp).
"""

import argparse
import csv
import gzip
import io
import json
import sys
import tarfile
import unicodedata
from pathlib import Path

# What each package version describes. The package's README gives the COG year ("Millésimes et versions de
# package") and cites INSEE's populations légales page; Paris's 2,103,778 is the population légale millésimée
# 2023 (in force on 1 January 2026). Mayotte's populations are its 2017 census (the README says so); the
# collectivités d'outre-mer's are those INSEE published with the same release.
VERSIONS = {"6.0.0": {"cog": 2026, "population": 2023, "mayotte": 2017}}
MAYOTTE = "976"
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
# v_commune_comer's NATURE_ZONAGE: districts of the TAAF, circonscriptions of Wallis-et-Futuna, Clipperton's code.
NATURE = {"984": "DIS", "986": "CIR", "989": "CPT"}


def load(source):
    """{name: parsed JSON} of the package's data files, from the .tgz or the unpacked folder."""
    names = ("communes.json", "epci.json", "departements.json")
    source = Path(source)
    if source.is_dir():
        base = source / "data" if (source / "data").is_dir() else source
        data = {name: json.loads((base / name).read_text(encoding="utf-8")) for name in names}
        version = json.loads((base.parent / "package.json").read_text(encoding="utf-8"))["version"]
        return version, data
    with tarfile.open(source) as archive:
        data = {name: json.load(archive.extractfile(f"package/data/{name}")) for name in names}
        version = json.load(archive.extractfile("package/package.json"))["version"]
    return version, data


def names(libelle, tncc):
    """(NCC, NCCENR) from the name with its article: « Le Mans », 2 -> (« MANS », « Mans »)."""
    article = ARTICLES.get(tncc, "")
    nccenr = libelle[len(article) :] if article and libelle.startswith(article) else libelle
    ascii_name = unicodedata.normalize("NFKD", nccenr).encode("ascii", "ignore").decode()
    ncc = " ".join(ascii_name.upper().replace("-", " ").replace("'", " ").split())
    return ncc, nccenr


def write(path, header, rows, *, compress=False):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    if compress:
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)
    return path


def convert(source, out_dir, *, cog_year=None, population_year=None, mayotte_year=None):
    version, data = load(source)
    known = VERSIONS.get(version, {})
    cog_year = cog_year or known.get("cog")
    population_year = population_year or known.get("population")
    mayotte_year = mayotte_year or known.get("mayotte")
    if not (cog_year and population_year and mayotte_year):
        raise SystemExit(f"version {version} inconnue : donnez --cog-year, --population-year et --mayotte-year")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    communes = sorted(
        (c for c in data["communes.json"] if c["type"] == "commune-actuelle"), key=lambda commune: commune["code"]
    )
    collectivites = sorted(
        (d for d in data["departements.json"] if d.get("zone") == "com"), key=lambda departement: departement["code"]
    )
    overseas = {d["code"]: d["nom"] for d in collectivites}
    written = []

    rows = []
    for collectivite in collectivites:
        tncc = str(collectivite.get("typeLiaison", 0))
        rows.append([collectivite["code"], tncc, *names(collectivite["nom"], tncc), collectivite["nom"]])
    written.append(write(out / f"v_comer_{cog_year}.csv", ["COMER", "TNCC", "NCC", "NCCENR", "LIBELLE"], rows))

    rows, comer_rows = [], []
    for commune in communes:
        tncc = str(commune.get("typeLiaison", 0))
        ncc, nccenr = names(commune["nom"], tncc)
        departement = commune["departement"]
        if departement in overseas:
            nature = NATURE.get(departement, "COM")
            comer_rows.append(
                [commune["code"], tncc, ncc, nccenr, commune["nom"], nature, departement, overseas[departement]]
            )
        else:
            arrondissement = commune.get("arrondissement", "")
            rows.append(
                ["COM", commune["code"], commune["region"], departement, "", arrondissement, tncc, ncc, nccenr]
                + [commune["nom"], "", ""]
            )
    header = ["TYPECOM", "COM", "REG", "DEP", "CTCD", "ARR", "TNCC", "NCC", "NCCENR", "LIBELLE", "CAN", "COMPARENT"]
    written.append(write(out / f"v_commune_{cog_year}.csv.gz", header, rows, compress=True))
    header = ["COM_COMER", "TNCC", "NCC", "NCCENR", "LIBELLE", "NATURE_ZONAGE", "COMER", "LIBELLE_COMER"]
    written.append(write(out / f"v_commune_comer_{cog_year}.csv", header, comer_rows))

    membership = {}
    for epci in data["epci.json"]:
        for member in epci["membres"]:
            membership[member["code"]] = (epci["code"], epci["nom"])
    rows = []
    for commune in communes:
        if commune["departement"] in overseas:
            continue  # no EPCI overseas: INSEE's composition file does not list these communes
        epci, epci_name = membership.get(commune["code"], ("ZZZZZZZZZ", "Sans objet"))
        rows.append([commune["code"], commune["nom"], epci, epci_name, commune["departement"], commune["region"]])
    header = ["CODGEO", "LIBGEO", "EPCI", "LIBEPCI", "DEP", "REG"]
    written.append(write(out / f"epci_composition_{cog_year}.csv.gz", header, rows, compress=True))

    populated = [c for c in communes if c.get("population") is not None]
    rows = [[c["code"], c["population"]] for c in populated if c["departement"] != MAYOTTE]
    written.append(write(out / f"populations_{population_year}.csv.gz", ["COM", "PMUN"], rows, compress=True))
    rows = [[c["code"], c["population"]] for c in populated if c["departement"] == MAYOTTE]
    written.append(write(out / f"populations_mayotte_{mayotte_year}.csv", ["COM", "PMUN"], rows))
    return version, written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="the package's .tgz (npm pack) or its unpacked folder")
    parser.add_argument("out_dir", help="where to write the CSV files")
    parser.add_argument("--cog-year", type=int, help="the COG year the package describes (known versions: table)")
    parser.add_argument("--population-year", type=int, help="millésime of the populations légales")
    parser.add_argument("--mayotte-year", type=int, help="year of Mayotte's census")
    options = parser.parse_args(argv)
    version, written = convert(
        options.source,
        options.out_dir,
        cog_year=options.cog_year,
        population_year=options.population_year,
        mayotte_year=options.mayotte_year,
    )
    print(f"@etalab/decoupage-administratif {version}:")
    for path in written:
        print(f"  {path} ({path.stat().st_size / 1000:.0f} Ko)")


if __name__ == "__main__":
    sys.exit(main())
