#!/usr/bin/env python3
"""Checks an actor gazetteer file (default: corpus/actors.json).

Usage: scripts/check-gazetteer.py [FILE]

Checks that the file is valid JSON of the gazetteer shape, that names are
unique, that types are "person", "country" or "organisation", that every form
(name, alias, prefix) belongs to exactly one actor, that no alias is an
exclusion phrase ("not_actors"), and that no alias is a common lower-case
word. Forms are compared the way the C++ matcher splits text into words
(common/text.cpp: hyphens and punctuation separate words, "U.S." and
"China's" stay whole) and ignoring case, because `resolve` ignores case and an
alias with lower-case letters also matches its ALL-CAPS form.

Prints the number of actors of each type; exits 1 on any problem. Standard
library only.
"""

import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

TYPES = ("person", "country", "organisation")
TOP_KEYS = {"version", "person_titles", "not_actors", "actors"}
ACTOR_KEYS = {"name", "type", "aliases", "prefixes"}

# Lower-case words that must never be aliases. An alias starting with a
# lower-case letter is refused anyway (see NAME_PARTICLES); this list also
# catches them when written in Title Case, because a sentence may start with
# them ("Us", "May", "Will").
FUNCTION_WORDS = {
    "a", "am", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "go", "he",
    "her", "him", "his", "i", "if", "in", "is", "it", "its", "may", "me", "might", "must", "my",
    "no", "not", "of", "on", "or", "our", "shall", "she", "so", "the", "them", "they", "this", "to",
    "up", "us", "was", "we", "who", "will", "with", "you",
}
COMMON_WORDS = FUNCTION_WORDS | {
    "china", "turkey", "chad", "guinea", "jordan", "georgia", "niger", "congo", "fed", "quad",
    "apple", "amazon", "shell", "meta", "ford", "total", "visa", "target", "delta", "united",
    "congress", "pentagon", "commonwealth", "union", "league", "party", "council", "bank",
    "march", "august", "major", "brown", "rice", "bush", "gates", "jobs", "cook", "king", "queen",
}

# First words that may start a name in lower case: "al-Qaeda", "bin Laden",
# "von der Leyen", "de Klerk". Such an alias must still hold a capital letter.
NAME_PARTICLES = {
    "al", "el", "bin", "ibn", "bint", "abu", "de", "del", "della", "der", "den", "di", "da", "das",
    "do", "dos", "du", "la", "le", "van", "von", "ter", "ten",
}


def is_word_char(ch):
    return unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc"


def is_apostrophe(ch):
    return ch in ("'", "\u2019")


def find_words(s):
    """The words of `s` as common/text.cpp find_words splits them."""
    words = []
    pos, n = 0, len(s)
    while pos < n:
        if not is_word_char(s[pos]):
            pos += 1
            continue
        begin = pos
        pos += 1
        end = pos
        while pos < n:
            ch = s[pos]
            if is_word_char(ch):
                pos += 1
                end = pos
                continue
            if is_apostrophe(ch) or ch == ".":
                after = pos + 1
                if after < n and is_word_char(s[after]):
                    pos = after
                    continue
                if ch == "." and end - begin >= 3 and s[end - 2] == ".":
                    end = pos = after  # "U.S." keeps its final dot
            break
        words.append(s[begin:end])
    return words


def key(form):
    """How the matcher and `resolve` see a form: its words, ignoring case."""
    return tuple(w.lower().replace("\u2019", "'") for w in find_words(form))


def exact_key(form):
    return tuple(w.replace("\u2019", "'") for w in find_words(form))


class Checker:
    def __init__(self, path):
        self.path = path
        self.problems = []
        self.warnings = []

    def problem(self, where, message):
        self.problems.append(f"{self.path}: {where}: {message}")

    def warn(self, where, message):
        self.warnings.append(f"{self.path}: {where}: {message}")

    def check_string(self, where, value):
        if not isinstance(value, str) or not value:
            self.problem(where, f"expected a non-empty string, got {value!r}")
            return False
        if value != value.strip() or "  " in value:
            self.problem(where, f"{value!r} has stray spaces")
        if any(unicodedata.category(c) == "Cc" for c in value):
            self.problem(where, f"{value!r} holds a control character")
        if unicodedata.normalize("NFC", value) != value:
            self.problem(where, f"{value!r} is not in Unicode NFC form")
        if not find_words(value):
            self.problem(where, f"{value!r} holds no word")
            return False
        return True

    def check_string_list(self, where, value):
        if not isinstance(value, list):
            self.problem(where, f"expected a list, got {type(value).__name__}")
            return []
        good = []
        seen = {}
        for i, item in enumerate(value):
            if not self.check_string(f"{where}[{i}]", item):
                continue
            k = exact_key(item)
            if k in seen:
                self.problem(f"{where}[{i}]", f"{item!r} repeats {where}[{seen[k]}]")
            else:
                seen[k] = i
            good.append(item)
        return good

    def check_alias_word(self, where, alias, titles):
        first = alias[0]
        words = find_words(alias)
        if first.isalpha() and first.islower() and alias not in titles:
            particle = words[0] in NAME_PARTICLES
            capital_later = any(c.isupper() for c in alias)
            if not (particle and capital_later):
                self.problem(where, f"{alias!r} starts with a lower-case letter")
        lowered = alias.lower()
        if lowered in COMMON_WORDS and alias == lowered:
            self.problem(where, f"{alias!r} is a common lower-case word")
        if lowered in FUNCTION_WORDS and alias != alias.upper():
            self.problem(where, f"{alias!r} would match the common word {lowered!r} "
                                "at the start of a sentence")
        if len(words) == 1 and alias.upper() == alias and lowered in FUNCTION_WORDS \
                and alias not in ("US", "WHO"):
            self.warn(where, f"{alias!r} is also a common word written in capitals")

    def run(self):
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            self.problems.append(f"{self.path}: {error}")
            return
        if raw.startswith(b"\xef\xbb\xbf"):
            self.problem("file", "starts with a UTF-8 byte order mark")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            self.problem("file", f"not UTF-8: {error}")
            return
        if "\\u" in text:
            self.problem("file", "holds \\u escapes; write the characters themselves")
        if not text.endswith("\n"):
            self.problem("file", "does not end with a newline")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self.problem(f"line {error.lineno}", f"invalid JSON: {error.msg}")
            return

        if not isinstance(data, dict):
            self.problem("file", "the top level is not an object")
            return
        for k in sorted(set(data) - TOP_KEYS):
            self.problem(k, "unknown top-level field")
        if data.get("version") != 1:
            self.problem("version", f"expected 1, got {data.get('version')!r}")
        titles = set(self.check_string_list("person_titles", data.get("person_titles", [])))
        not_actors = self.check_string_list("not_actors", data.get("not_actors", []))
        actors = data.get("actors")
        if not isinstance(actors, list) or not actors:
            self.problem("actors", "expected a non-empty list")
            return

        owner = {}  # key(form) -> (actor index, form)
        names = {}
        counts = Counter()
        for i, actor in enumerate(actors):
            where = f"actors[{i}]"
            if not isinstance(actor, dict):
                self.problem(where, "not an object")
                continue
            name = actor.get("name")
            if not self.check_string(f"{where}.name", name):
                continue
            where = f'{where} ("{name}")'
            for k in sorted(set(actor) - ACTOR_KEYS):
                self.problem(where, f"unknown field {k!r}")
            if actor.get("type") not in TYPES:
                self.problem(where, f"type {actor.get('type')!r} is not one of {', '.join(TYPES)}")
            else:
                counts[actor["type"]] += 1
            if "aliases" not in actor:
                self.problem(where, "missing aliases (write [] when there are none)")
            aliases = self.check_string_list(f"{where}.aliases", actor.get("aliases", []))
            prefixes = self.check_string_list(f"{where}.prefixes", actor.get("prefixes", []))

            folded_name = name.lower()
            if folded_name in names:
                self.problem(where, f"duplicate name, first at actors[{names[folded_name]}]")
            names.setdefault(folded_name, i)

            name_exact = exact_key(name)
            forms = [(name, "name")]
            for alias in aliases:
                if exact_key(alias) == name_exact:
                    self.problem(where, f"alias {alias!r} repeats the name")
                    continue
                self.check_alias_word(where, alias, titles)
                forms.append((alias, "alias"))
            for prefix in prefixes:
                if len(find_words(prefix)) != 1 or not prefix[0].isupper():
                    self.problem(where, f"prefix {prefix!r} must be one capitalised word")
                forms.append((prefix, "prefix"))

            for form, kind in forms:
                k = key(form)
                if k in owner and owner[k][0] != i:
                    j, other = owner[k]
                    self.problem(where, f"{kind} {form!r} is already claimed by "
                                        f'"{actors[j]["name"]}" (as {other!r})')
                elif k not in owner:
                    owner[k] = (i, form)

        for n, phrase in enumerate(not_actors):
            k = key(phrase)
            if k in owner:
                j, form = owner[k]
                self.problem(f"not_actors[{n}]", f"{phrase!r} is a form of "
                                                 f'"{actors[j]["name"]}" ({form!r})')

        # One actor per line, so that diffs stay readable.
        lines = [line.strip().rstrip(",") for line in text.splitlines()
                 if line.lstrip().startswith('{"name"')]
        if len(lines) != len(actors):
            self.problem("file", f"{len(actors)} actors but {len(lines)} lines starting with "
                                 '{"name"; keep each actor on one line')
        else:
            for n, line in enumerate(lines):
                try:
                    json.loads(line)
                except json.JSONDecodeError:
                    self.problem(f"actors[{n}]", "does not stand on one line")
                    break

        self.counts = counts
        self.not_actors = len(not_actors)
        self.titles = len(titles)


def main(argv):
    default = Path(__file__).resolve().parent.parent / "corpus" / "actors.json"
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    path = Path(argv[1]) if len(argv) == 2 else default
    checker = Checker(path)
    checker.run()
    for warning in checker.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in checker.problems:
        print(f"error: {problem}", file=sys.stderr)
    if hasattr(checker, "counts"):
        total = sum(checker.counts.values())
        per_type = ", ".join(f"{checker.counts[t]} {t}" for t in TYPES)
        print(f"{path}: {total} actors ({per_type}); {checker.not_actors} not_actors; "
              f"{checker.titles} person_titles")
    if checker.problems:
        print(f"{len(checker.problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
