"""Library: the data files in docs/_data/, loaded and checked. No MkDocs events.

Each file is described once by a JSON Schema in docs/_data/schema/, which the
build (through the hooks shortcodes.py and page_rules.py), the tests and
editors (the `yaml-language-server` line at the top of each file) all use.
What a schema cannot say is checked here, in the same message style: ids used
once, references and articles that exist, a claim's page that exists, the
register pages of an article holding every verdict once, a country's lines in
order of need, and anchors used once on the helplines page.

Every problem fails the build with a PluginError naming the file, the entry
(its number and id or name) and the field, for example:

    docs/_data/claims.yml: claim 3 (a03): field 'verdict': 'dubious' is not one of sound, ...
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml
from jsonschema import Draft202012Validator
from mkdocs.exceptions import PluginError

# libyaml's loader when PyYAML has it: the same safe loader, many times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

VERDICTS = {
    "sound": "Sound",
    "partly-true": "Partly true",
    "stereotype": "Rests on a stereotype",
    "tactic": "Manipulation tactic",
    "unsafe": "Unsafe as written",
}

# Helplines: the order of need in which a country's lines are listed, and for
# each kind its anchor suffix and its heading (one line, several lines).
HELPLINE_KINDS = {
    "main": ("main", "Main helpline", "Main helplines"),
    "group": ("groups", "Helplines for particular groups", "Helplines for particular groups"),
    "crisis": ("crisis", "If you are thinking about suicide or self-harm",
               "If you are thinking about suicide or self-harm"),
}

# How an entry of each list is named in messages.
ENTRY_NAMES = {
    "articles": "article", "claims": "claim", "register": "register page",
    "emergency": "emergency", "countries": "country", "services": "service",
    "directories": "directory", None: "entry",
}
NAME_FIELDS = ("name", "id", "country", "page")


@dataclass(frozen=True)
class SiteData:
    references: dict[str, dict]  # by id, in file order
    claims: dict                 # {"articles": [...], "claims": [...]}
    helplines: dict

    def article(self, article_id: str) -> dict | None:
        return next((a for a in self.claims["articles"] if a["id"] == article_id), None)

    def register_page(self, claim: dict) -> str:
        """The docs-relative page that holds a claim's entry."""
        for part in self.article(claim["article"])["register"]:
            if claim["verdict"] in part["verdicts"]:
                return part["page"]
        raise AssertionError("checked when loading")  # pragma: no cover

    def register_parts(self) -> dict[str, tuple[dict, dict]]:
        """Each register page: (its article, its part of the article's register)."""
        return {part["page"]: (art, part) for art in self.claims["articles"] for part in art["register"]}


# ---------------------------------------------------------------- reading


def label(path: Path) -> str:
    """How a data file is named in messages: docs/_data/claims.yml."""
    return f"docs/_data/{path.name}" if path.parent.name == "_data" else str(path)


def read_yaml(path: Path):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except FileNotFoundError:
        raise PluginError(f"{label(path)}: file is missing") from None
    except yaml.YAMLError as err:
        raise PluginError(f"{label(path)}: not valid YAML: {err}") from None


def as_json(value):
    """YAML dates as the ISO strings an editor sees, for the schema check."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@functools.cache
def validator(schema_path: Path) -> Draft202012Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


# ---------------------------------------------------------------- messages


def where(file: str, data, path) -> str:
    """'docs/_data/claims.yml: claim 3 (a03)' for the entry a path points into,
    and the field below it: "field 'verdict'"."""
    parts = [file]
    node, parent_key, fields = data, None, []
    for step in path:
        if isinstance(step, int) and isinstance(node, list):
            node = node[step] if step < len(node) else None
            if fields:  # a list inside a field, such as evidence
                fields.append(f"item {step + 1}")
            else:
                name = next((str(node[f]) for f in NAME_FIELDS if isinstance(node, dict) and node.get(f)), "")
                parts.append(f"{ENTRY_NAMES.get(parent_key, 'entry')} {step + 1}" + (f" ({name})" if name else ""))
        else:
            node = node.get(step) if isinstance(node, dict) else None
            if isinstance(node, list) and step in ENTRY_NAMES and not fields:
                parent_key = step
            else:
                fields.append(str(step))
    if fields:
        parts.append(f"field '{fields[0]}'" + "".join(f" {f}" if f.startswith("item") else f".{f}" for f in fields[1:]))
    return ": ".join(parts)


def explain(error) -> str:
    """One schema error in plain words."""
    schema, value, kind = error.schema, error.instance, error.validator
    if kind == "required":
        missing = [f for f in error.validator_value if f not in value]
        return f"missing field '{missing[0]}'" if missing else error.message
    if kind == "type" and error.validator_value == "object":
        return f"expected a mapping of fields (such as id: ...), got {value!r}"
    if kind == "type":
        return f"{value!r} is not of type {error.validator_value!r}"
    if kind == "enum":
        return f"{value!r} is not one of {', '.join(error.validator_value)}"
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})))
        return f"unknown field {', '.join(repr(e) for e in extra)} (a typing mistake?)"
    if kind == "anyOf" and all(list(s) == ["required"] for s in error.validator_value):
        return "needs " + " or ".join(f"a {s['required'][0]}" for s in error.validator_value)
    if kind == "minLength":
        return "is empty"
    if kind == "minItems":
        return "needs at least one item"
    if kind in ("pattern", "anyOf", "const", "minimum", "maximum") and schema.get("description"):
        return f"{value!r} is not {schema['description']}"
    # A $ref's description sits in the referenced schema: anyOf etc. fall back here.
    return error.message


def schema_problems(data, schema_path: Path, file: str) -> list[str]:
    errors = validator(schema_path).iter_errors(as_json(data))
    ordered = sorted(errors, key=lambda e: [str(p).zfill(6) for p in e.absolute_path])
    return [f"{where(file, data, e.absolute_path)}: {explain(e)}" for e in ordered]


def fail(problems: list[str]) -> None:
    if problems:
        raise PluginError("\n".join(problems))


def load_file(path: Path, schema_dir: Path):
    """One data file, read and checked against its schema (fails on any problem)."""
    data = read_yaml(path)
    schema = schema_dir / f"{path.stem}.schema.json"
    fail(schema_problems(data, schema, label(path)))
    return data


def duplicates(file: str, data, list_key: str | None, key: str = "id") -> list[str]:
    """Entries of a list (the file's top level when list_key is None) that reuse an id."""
    entries = data if list_key is None else data[list_key]
    prefix = [] if list_key is None else [list_key]
    seen: dict = {}
    out = []
    for i, entry in enumerate(entries):
        value = entry[key]
        if value in seen:
            out.append(f"{where(file, data, prefix + [i])}: field '{key}': {value!r} is used twice "
                       f"(also by {ENTRY_NAMES[list_key]} {seen[value] + 1})")
        seen.setdefault(value, i)
    return out


# ---------------------------------------------------------------- the three files


def load_references(path: Path, schema_dir: Path) -> dict[str, dict]:
    refs = load_file(path, schema_dir)
    fail(duplicates(label(path), refs, None))
    return {r["id"]: r for r in refs}


def load_claims(path: Path, schema_dir: Path, refs: dict, page_exists: Callable[[str], bool]) -> dict:
    data = load_file(path, schema_dir)
    file = label(path)
    problems = duplicates(file, data, "articles") + duplicates(file, data, "claims")
    articles = {a["id"]: a for a in data["articles"]}
    register_pages: dict[str, str] = {}
    for i, art in enumerate(data["articles"]):
        at = where(file, data, ["articles", i])
        held: dict[str, int] = {}
        for j, part in enumerate(art["register"]):
            pwhere = where(file, data, ["articles", i, "register", j])
            if part["page"] in register_pages:
                problems.append(f"{pwhere}: field 'page': {part['page']!r} already holds "
                                f"entries of article {register_pages[part['page']]!r}")
            register_pages.setdefault(part["page"], art["id"])
            if not page_exists(part["page"]):
                problems.append(f"{pwhere}: field 'page': {part['page']!r} does not exist under docs/")
            for verdict in part["verdicts"]:
                if verdict in held:
                    problems.append(f"{pwhere}: field 'verdicts': {verdict!r} is already on "
                                    f"register page {held[verdict] + 1}")
                held.setdefault(verdict, j)
        missing = [v for v in VERDICTS if v not in held]
        if missing:
            problems.append(f"{at}: field 'register': no page holds the verdicts {', '.join(missing)}")
    for i, claim in enumerate(data["claims"]):
        at = where(file, data, ["claims", i])
        if claim["article"] not in articles:
            problems.append(f"{at}: field 'article': {claim['article']!r} is not one of {', '.join(articles)}")
        for j, ref in enumerate(claim.get("evidence") or []):
            if ref not in refs:
                problems.append(f"{at}: field 'evidence' item {j + 1}: {ref!r} is not an id in "
                                "docs/_data/references.yml")
        if not page_exists(claim["page"].split("#")[0]):
            problems.append(f"{at}: field 'page': {claim['page']!r} does not exist under docs/")
    fail(problems)
    return data


def tel_digits(number: str) -> str:
    """The digits a phone dials for a number as printed (letters map to keys)."""
    out = []
    for ch in number.lower():
        if ch.isdigit():
            out.append(ch)
        elif ch in KEYPAD:
            out.append(KEYPAD[ch])
        elif ch == "+" and not out:
            out.append("+")
    return "".join(out)


KEYPAD = {c: str(d) for d, cs in enumerate(
    ["", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"]) for c in cs}


def load_helplines(path: Path, schema_dir: Path) -> dict:
    data = load_file(path, schema_dir)
    file = label(path)
    data["last_checked"] = dt.date.fromisoformat(str(data["last_checked"]))
    problems = duplicates(file, data, "countries")
    order = list(HELPLINE_KINDS)
    anchors: dict[str, str] = {}

    def anchor(at: str, value: str) -> None:
        if value in anchors:
            problems.append(f"{at}: id {value!r} is used twice on the helplines page "
                            f"(also by {anchors[value]})")
        anchors.setdefault(value, at.split(": ", 1)[1])

    for i, country in enumerate(data["countries"]):
        cwhere = where(file, data, ["countries", i])
        anchor(cwhere, country["id"])
        kinds = [svc["kind"] for svc in country["services"]]
        if kinds[0] != "main":
            problems.append(f"{cwhere}: the first line must be a 'main' line for anyone affected")
        last = 0
        for j, svc in enumerate(country["services"]):
            swhere = where(file, data, ["countries", i, "services", j])
            if order.index(svc["kind"]) < last:
                problems.append(f"{swhere}: field 'kind': a {svc['kind']!r} line comes after a "
                                f"{order[last]!r} line; list a country's lines in the order {', '.join(order)}")
            last = max(last, order.index(svc["kind"]))
            if svc.get("id"):
                anchor(swhere, svc["id"])
        for kind in dict.fromkeys(kinds):
            anchor(cwhere, f"{country['id']}-{HELPLINE_KINDS[kind][0]}")
    fail(problems)
    return data


# ---------------------------------------------------------------- everything


def load_all(docs_dir: Path) -> SiteData:
    docs_dir = Path(docs_dir)
    data_dir, schema_dir = docs_dir / "_data", docs_dir / "_data" / "schema"
    refs = load_references(data_dir / "references.yml", schema_dir)
    claims = load_claims(data_dir / "claims.yml", schema_dir, refs, lambda p: (docs_dir / p).is_file())
    helplines = load_helplines(data_dir / "helplines.yml", schema_dir)
    return SiteData(references=refs, claims=claims, helplines=helplines)


def _stamp(docs_dir: Path) -> tuple:
    files = sorted((docs_dir / "_data").rglob("*"))
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file())


@functools.lru_cache(maxsize=4)
def _load_cached(docs_dir: Path, stamp: tuple) -> SiteData:
    return load_all(docs_dir)


def load(docs_dir) -> SiteData:
    """The site's data for a docs folder. Read again when a data file changes
    (in `mkdocs serve`); the public and the offline builds share one copy.
    Treat the result as read-only."""
    docs_dir = Path(docs_dir).resolve()
    return _load_cached(docs_dir, _stamp(docs_dir))
