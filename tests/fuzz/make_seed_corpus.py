#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz target (tests/fuzz/) into a directory.

Seeds come from what the repository already holds, read at run time rather
than copied: the pages of corpus/ and tests/data/pages/, the JSONL fixtures
of tests/data/http/, the query set benchmarks/queries/news.tsv, slices of
the gazetteers corpus/actors.json and common/data/countries.json; and from the
small hand-written lists in tests/fuzz/seeds/ (one seed a line, "# " lines
are comments) and files in tests/fuzz/seeds/<target>/. Files are named by
the SHA-1 of their bytes, as libFuzzer names what it adds, so a seed that
two sources give is kept once.

Usage: make_seed_corpus.py TARGET OUT_DIR   (TARGET without the fuzz_ prefix)
"""

import gzip
import hashlib
import json
import re
import sys
import urllib.parse
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]
SEEDS = SOURCE / "tests" / "fuzz" / "seeds"
# Bounds the seeds cut from pages: enough variety, a corpus libFuzzer reads
# in well under a second.
MAX_LINE_SEEDS = 300

MONTH_OR_YEAR = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s|\b(1[89]|20)\d\d\b")


def pages():
    return sorted((SOURCE / "corpus").glob("*.txt")) + sorted(
        (SOURCE / "tests" / "data" / "pages").glob("*.txt"))


def jsonl_fixtures():
    return sorted((SOURCE / "tests" / "data" / "http").glob("*.jsonl"))


def listed(name):
    """The hand-written seeds of tests/fuzz/seeds/NAME.txt, as bytes."""
    path = SEEDS / f"{name}.txt"
    if not path.exists():
        return []
    return [line.encode() for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("# ")]


def files_in(name):
    folder = SEEDS / name
    return [p.read_bytes() for p in sorted(folder.iterdir())] if folder.is_dir() else []


def page_lines(keep):
    """Non-blank lines of the pages that `keep` accepts, at most MAX_LINE_SEEDS."""
    lines = []
    for page in pages():
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.strip() and keep(line):
                lines.append(line.encode())
    return lines[:MAX_LINE_SEEDS]


def pages_as_jsonl():
    """The pages as one JSONL file, the form a scrape of them would take."""
    records = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        records.append(json.dumps({"id": page.stem, "title": text.splitlines()[0],
                                   "source": "Fixture", "text": text}, ensure_ascii=False))
    return ("\n".join(records) + "\n").encode()


def gazetteer_excerpts():
    """Slices of the built-in gazetteers: the whole files are too large to mutate well."""
    seeds = []
    for path in (SOURCE / "corpus" / "actors.json", SOURCE / "common" / "data" / "countries.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for start in range(0, len(data.get("actors", [])), 200):
            excerpt = dict(data, actors=data["actors"][start:start + 8])
            for field in ("person_titles", "not_actors"):
                if field in excerpt:
                    excerpt[field] = excerpt[field][start // 20:start // 20 + 6]
            seeds.append(json.dumps(excerpt, ensure_ascii=False, indent=1).encode())
    return seeds


def benchmark_queries():
    """benchmarks/queries/news.tsv as GET /search query strings."""
    seeds = []
    for line in (SOURCE / "benchmarks" / "queries" / "news.tsv").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        _, query, flags = (line.split("\t") + ["", ""])[:3]
        params = [("q", query)] if query else []
        if flags and flags != "-":
            params += [tuple(flag.split("=", 1)) for flag in flags.split(";") if "=" in flag]
        seeds.append(urllib.parse.urlencode(params).encode())
    return seeds


def seeds_for(target):
    if target == "page_cleaner":
        return [p.read_bytes() for p in pages()] + files_in("page_cleaner")
    if target == "dates":
        dated = page_lines(lambda line: MONTH_OR_YEAR.search(line) and len(line) < 400)
        dates = [json.loads(line).get("date", "").encode()
                 for path in jsonl_fixtures() for line in path.read_text().splitlines()]
        return listed("dates") + dated + dates
    if target == "jsonl_record":
        return listed("jsonl_record") + pages_as_jsonl().splitlines() + [
            line for path in jsonl_fixtures() for line in path.read_bytes().splitlines()]
    if target == "jsonl_reader":
        hand_written = b"\n".join(listed("jsonl_record")) + b"\n"
        whole_files = [path.read_bytes() for path in jsonl_fixtures()] + [hand_written,
                                                                          pages_as_jsonl()]
        # One compressed file: the .jsonl.gz path through zlib.
        return whole_files + [gzip.compress(hand_written, mtime=0)]
    if target == "actor_matcher":
        return listed("actor_matcher") + page_lines(lambda line: len(line.split()) >= 8)
    if target == "gazetteer_loader":
        return files_in("gazetteer_loader") + [
            (SOURCE / "tests" / "data" / "actors-extra.json").read_bytes()] + gazetteer_excerpts()
    if target == "search_request":
        return listed("search_request") + benchmark_queries()
    raise SystemExit(f"make_seed_corpus.py: no target {target!r}")


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    target, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    seeds = seeds_for(target)
    for seed in seeds:
        (out / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    print(len({hashlib.sha1(seed).hexdigest() for seed in seeds}))


if __name__ == "__main__":
    main()
