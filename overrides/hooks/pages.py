"""Build-time checks and data pages for the site.

Every page must carry a `description` and a `reviewed` date in its front
matter; the date is shown at the foot of the page. Pages about abuse get a
content note and an "If you are in danger now" box under their title.

Data files in docs/_data/ are validated once per build and rendered where a
page holds a marker comment:

    <!-- claims-register -->      docs/_data/claims.yml (index by verdict)
    <!-- claims-register: a -->   docs/_data/claims.yml (one article's entries)
    <!-- references -->           docs/_data/references.yml
    <!-- helplines -->            docs/_data/helplines.yml
    <!-- emergency-numbers -->    docs/_data/helplines.yml
    <!-- helplines-checked -->    docs/_data/helplines.yml
    <!-- download-link -->        the offline zip (see scripts/build)

Malformed data fails the build with a message that names the file and entry.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from mkdocs.exceptions import PluginError

from build_kind import is_offline

DATA = Path(__file__).resolve().parents[2] / "docs" / "_data"

VERDICTS = {
    "sound": "Sound",
    "partly-true": "Partly true",
    "stereotype": "Rests on a stereotype",
    "tactic": "Manipulation tactic",
    "unsafe": "Unsafe as written",
}

# Helplines: what kind of page each `source` is, and the order of need in
# which a country's lines are listed (the key is also the group's anchor).
SOURCE_TYPES = {
    "own": "the service's own website",
    "government": "a government or public-body page",
}
HELPLINE_KINDS = {
    "main": ("main", "Main helpline", "Main helplines"),
    "group": ("groups", "Helplines for particular groups", "Helplines for particular groups"),
    "crisis": ("crisis", "If you are thinking about suicide or self-harm",
               "If you are thinking about suicide or self-harm"),
}

_data: dict = {}


# ---------------------------------------------------------------- data files


def _load(name: str):
    path = DATA / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PluginError(f"docs/_data/{name}: file is missing") from None
    except yaml.YAMLError as err:
        raise PluginError(f"docs/_data/{name}: not valid YAML: {err}") from None


def _require(where: str, entry: dict, fields: tuple[str, ...]) -> None:
    if not isinstance(entry, dict):
        raise PluginError(f"{where}: expected a mapping, got {entry!r}")
    missing = [f for f in fields if not str(entry.get(f) or "").strip()]
    if missing:
        raise PluginError(f"{where}: missing {', '.join(missing)}")


def _unique(where: str, items: list[dict]) -> None:
    seen = set()
    for item in items:
        if item["id"] in seen:
            raise PluginError(f"{where}: id {item['id']!r} is used twice")
        seen.add(item["id"])


def load_references() -> dict[str, dict]:
    refs = _load("references.yml") or []
    if not isinstance(refs, list):
        raise PluginError("docs/_data/references.yml: expected a list of references")
    for i, ref in enumerate(refs):
        where = f"docs/_data/references.yml: entry {i + 1} ({(ref or {}).get('id', 'no id')})"
        _require(where, ref, ("id", "authors", "year", "title", "source"))
        if not (ref.get("doi") or ref.get("url")):
            raise PluginError(f"{where}: needs a doi or a url")
        if not re.fullmatch(r"[a-z0-9-]+", str(ref["id"])):
            raise PluginError(f"{where}: id must be lower-case letters, digits and hyphens")
    _unique("docs/_data/references.yml", refs)
    return {r["id"]: r for r in refs}


def load_claims(refs: dict[str, dict]) -> dict:
    data = _load("claims.yml") or {}
    for key in ("articles", "claims"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise PluginError(f"docs/_data/claims.yml: needs a non-empty list '{key}'")
    for i, art in enumerate(data["articles"]):
        _require(f"docs/_data/claims.yml: article {i + 1}", art, ("id", "title", "author"))
    articles = {a["id"]: a for a in data["articles"]}
    for i, claim in enumerate(data["claims"]):
        where = f"docs/_data/claims.yml: claim {i + 1} ({(claim or {}).get('id', 'no id')})"
        _require(where, claim, ("id", "article", "claim", "verdict", "note", "instead", "page"))
        if claim["article"] not in articles:
            raise PluginError(f"{where}: unknown article {claim['article']!r}")
        if claim["verdict"] not in VERDICTS:
            raise PluginError(
                f"{where}: verdict {claim['verdict']!r} is not one of {', '.join(VERDICTS)}"
            )
        evidence = claim.get("evidence") or []
        if not isinstance(evidence, list):
            raise PluginError(f"{where}: evidence must be a list of reference ids")
        for ref in evidence:
            if ref not in refs:
                raise PluginError(f"{where}: evidence {ref!r} is not in docs/_data/references.yml")
        if not (DATA.parent / str(claim["page"]).split("#")[0]).is_file():
            raise PluginError(f"{where}: page {claim['page']!r} does not exist under docs/")
    _unique("docs/_data/claims.yml", data["claims"])
    return data


def _check_source_type(where: str, entry: dict) -> None:
    if entry["source_type"] not in SOURCE_TYPES:
        raise PluginError(
            f"{where}: source_type {entry['source_type']!r} is not one of {', '.join(SOURCE_TYPES)} "
            f"(own: {SOURCE_TYPES['own']}; government: {SOURCE_TYPES['government']})")
    if not str(entry["source"]).startswith("https://"):
        raise PluginError(f"{where}: source must be an https:// web page")


def _new_anchor(where: str, anchors: set[str], anchor: str) -> None:
    if not re.fullmatch(r"[a-z0-9-]+", anchor):
        raise PluginError(f"{where}: id {anchor!r} must be lower-case letters, digits and hyphens")
    if anchor in anchors:
        raise PluginError(f"{where}: id {anchor!r} is used twice on the helplines page")
    anchors.add(anchor)


def load_helplines() -> dict:
    data = _load("helplines.yml") or {}
    where = "docs/_data/helplines.yml"
    if not isinstance(data.get("last_checked"), dt.date):
        raise PluginError(f"{where}: 'last_checked' must be a date such as 2026-11-21")
    for key in ("emergency", "countries", "directories"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise PluginError(f"{where}: needs a non-empty list '{key}'")
    for i, row in enumerate(data["emergency"]):
        ewhere = f"{where}: emergency {i + 1} ({(row or {}).get('country', 'no country')})"
        _require(ewhere, row, ("country", "number", "source", "source_type"))
        _check_source_type(ewhere, row)
    anchors: set[str] = set()
    for i, country in enumerate(data["countries"]):
        cwhere = f"{where}: country {i + 1} ({(country or {}).get('name', 'no name')})"
        _require(cwhere, country, ("id", "name"))
        if not isinstance(country.get("services"), list) or not country["services"]:
            raise PluginError(f"{cwhere}: needs a non-empty list 'services'")
        _new_anchor(cwhere, anchors, country["id"])
        order = list(HELPLINE_KINDS)
        last = 0
        for j, svc in enumerate(country["services"]):
            swhere = f"{cwhere}: service {j + 1} ({(svc or {}).get('name', 'no name')})"
            _require(swhere, svc, ("name", "kind", "for", "hours", "source", "source_type"))
            _check_source_type(swhere, svc)
            if svc["kind"] not in HELPLINE_KINDS:
                raise PluginError(
                    f"{swhere}: kind {svc['kind']!r} is not one of {', '.join(HELPLINE_KINDS)}")
            if order.index(svc["kind"]) < last:
                raise PluginError(
                    f"{swhere}: a {svc['kind']!r} line comes after a {order[last]!r} line; "
                    f"list a country's lines in the order {', '.join(order)}")
            last = order.index(svc["kind"])
            if not (svc.get("phone") or svc.get("text") or svc.get("chat")):
                raise PluginError(f"{swhere}: needs a phone, text or chat contact")
            if svc.get("phone") and not tel_digits(str(svc["phone"])):
                raise PluginError(f"{swhere}: phone {svc['phone']!r} has no digits")
            if svc.get("id"):
                _new_anchor(swhere, anchors, str(svc["id"]))
        if country["services"][0]["kind"] != "main":
            raise PluginError(f"{cwhere}: the first line must be a 'main' line for anyone affected")
        for kind in {svc["kind"] for svc in country["services"]}:
            _new_anchor(cwhere, anchors, f"{country['id']}-{HELPLINE_KINDS[kind][0]}")
    for i, row in enumerate(data["directories"]):
        _require(f"{where}: directory {i + 1}", row, ("name", "url", "what"))
    return data


def on_config(config, **kwargs):
    refs = load_references()
    _data["references"] = refs
    _data["claims"] = load_claims(refs)
    _data["helplines"] = load_helplines()
    return config


# ---------------------------------------------------------------- rendering


def tel_digits(number: str) -> str:
    """The digits a phone dials for a number as printed (letters map to keys)."""
    keys = {c: str(d) for d, cs in enumerate(
        ["", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"]) for c in cs}
    out = []
    for ch in number.lower():
        if ch.isdigit():
            out.append(ch)
        elif ch in keys:
            out.append(keys[ch])
        elif ch == "+" and not out:
            out.append("+")
    return "".join(out)


def tel_link(number: str) -> str:
    return f"[{number}](tel:{tel_digits(number)})"


def long_date(value) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


def rel(page, target: str) -> str:
    """A link from this page to a docs-relative Markdown path."""
    here = posixpath.dirname(page.file.src_uri)
    return posixpath.relpath(target, here or ".")


def ref_label(ref: dict) -> str:
    if ref.get("short"):
        return str(ref["short"])
    names = [n.strip() for n in str(ref["authors"]).split(",") if n.strip()]
    first = names[0].split()[0]
    if len(names) == 1:
        return f"{first}, {ref['year']}"
    if len(names) == 2:
        return f"{first} and {names[1].split()[0]}, {ref['year']}"
    return f"{first} and others, {ref['year']}"


def render_references(page) -> str:
    out = []
    refs = sorted(_data["references"].values(), key=lambda r: (str(r["authors"]).lower(), str(r["year"])))
    for ref in refs:
        link = f"https://doi.org/{ref['doi']}" if ref.get("doi") else ref["url"]
        shown = f"doi:{ref['doi']}" if ref.get("doi") else ref["url"]
        out.append(
            f'<div class="reference" id="{ref["id"]}" markdown>\n\n'
            f'{ref["authors"]} ({ref["year"]}). {ref["title"]}. *{ref["source"]}*. [{shown}]({link})\n\n'
            f"</div>\n"
        )
    return "\n".join(out)


def register_page(article_id: str) -> str:
    """The docs-relative page that holds one article's register entries."""
    return f"editorial/register-{article_id}.md"


def render_register(page) -> str:
    """The register's index: counts by verdict, then every claim under its verdict."""
    claims = _data["claims"]["claims"]
    out = ["| Verdict | Claims |", "| --- | --- |"]
    for key, label in VERDICTS.items():
        count = sum(1 for c in claims if c["verdict"] == key)
        out.append(f"| [{label}](#verdict-{key}) | {count} |")
    out.append("")
    for key, label in VERDICTS.items():
        out.append(f"## {label} {{ #verdict-{key} }}\n")
        items = [c for c in claims if c["verdict"] == key]
        if not items:
            out.append("No claims have this verdict.\n")
        for c in items:
            target = rel(page, register_page(c["article"]))
            out.append(f"- [{c['id'].upper()}]({target}#{c['id']}): {c['claim']}")
        out.append("")
    return "\n".join(out)


def render_register_article(page, article_id: str) -> str:
    """One article's claims in full, grouped by verdict."""
    data = _data["claims"]
    articles = {a["id"]: a for a in data["articles"]}
    if article_id not in articles:
        raise PluginError(f"docs/{page.file.src_uri}: no article {article_id!r} in docs/_data/claims.yml")
    claims = [c for c in data["claims"] if c["article"] == article_id]
    refs = _data["references"]
    to_refs = rel(page, "editorial/references.md")
    out = []
    for key, label in VERDICTS.items():
        items = [c for c in claims if c["verdict"] == key]
        if not items:
            continue
        out.append(f"## {label} {{ #verdict-{key} }}\n")
        for c in items:
            out.append(f"### {c['id'].upper()}: {c['claim']} {{ #{c['id']} }}\n")
            out.append(f'<p class="claim-meta"><span class="verdict verdict--{key}">{label}</span></p>\n')
            out.append(f"{str(c['note']).strip()}\n")
            out.append(f"**What to do instead:** {str(c['instead']).strip()}\n")
            if c.get("evidence"):
                cites = "; ".join(f"[{ref_label(refs[r])}]({to_refs}#{r})" for r in c["evidence"])
                out.append(f"**Evidence:** {cites}\n")
            out.append(f"**On this site:** [{c.get('page_title') or 'Read more'}]({rel(page, c['page'])})\n")
    return "\n".join(out)


def render_emergency(page) -> str:
    rows = ["| Where you are | Call | More |", "| --- | --- | --- |"]
    for row in _data["helplines"]["emergency"]:
        numbers = " or ".join(tel_link(str(n).strip()) for n in str(row["number"]).split(" or "))
        rows.append(f"| {row['country']} | {numbers} | {row.get('note', '')} |")
    return "\n".join(rows) + "\n"


def render_helplines(page) -> str:
    """Each country, then its lines grouped in order of need: main, groups, crisis."""
    out = []
    for country in _data["helplines"]["countries"]:
        out.append(f"## {country['name']} {{ #{country['id']} }}\n")
        if country.get("intro"):
            out.append(f"{str(country['intro']).strip()}\n")
        kind = None
        for svc in country["services"]:
            if svc["kind"] != kind:
                kind = svc["kind"]
                suffix, one, many = HELPLINE_KINDS[kind]
                count = sum(1 for s in country["services"] if s["kind"] == kind)
                out.append(f"### {one if count == 1 else many} {{ #{country['id']}-{suffix} }}\n")
            # A line with an `id` gets a Markdown heading (a link target, listed in
            # the table of contents); the others a plain HTML heading, which keeps
            # the page within its size budget.
            if svc.get("id"):
                heading = f"#### {svc['name']} {{ #{svc['id']} }}\n"
            else:
                heading = f"<h4>{html.escape(str(svc['name']))}</h4>\n"
            lines = [heading, f"**For:** {svc['for']}  "]
            if svc.get("phone"):
                lines.append(f"**Call:** {tel_link(str(svc['phone']))}  ")
            if svc.get("text"):
                lines.append(f"**Text:** {svc['text']}  ")
            if svc.get("chat"):
                lines.append(f"**Chat or email:** {svc['chat']}  ")
            lines.append(f"**Hours:** {svc['hours']}  ")
            lines.append(f"**Source:** {source_link(svc)}\n")
            out.append("\n".join(lines))
    out.append("## Everywhere else { #everywhere-else }\n")
    for row in _data["helplines"]["directories"]:
        out.append(f"- **[{row['name']}]({row['url']})**: {row['what']}")
    return "\n".join(out) + "\n"


def source_link(entry: dict) -> str:
    """The source page as a link named by its site, and what kind of page it is."""
    host = urlsplit(str(entry["source"])).hostname or str(entry["source"])
    host = host.removeprefix("www.")
    kind = {"own": "own site", "government": "government"}[entry["source_type"]]
    return f"[{host}]({entry['source']}) ({kind})"


def render_checked(page) -> str:
    day = _data["helplines"]["last_checked"]
    return f'<p class="last-checked">Numbers last checked: <time datetime="{day.isoformat()}">{long_date(day)}</time></p>\n'


def render_download(page, config) -> str:
    """Online: a link to the zip and its size. In the download itself: say so."""
    if is_offline(config):
        return ("/// note | You are reading the offline copy\n"
                "This copy is already on your device. It works with no internet connection.\n///\n")
    name = config.extra["offline_zip"]
    size = config.extra.get("offline_sizes", {}).get(name)
    if size is None:
        raise PluginError("docs/download.md: no offline edition was built (overrides/hooks/editions.py)")
    shown = f", {size / 1_000_000:.1f} MB"
    return (f'<p class="download-link"><a class="md-button md-button--primary" href="{rel(page, name)}" download>'
            f"Download the offline copy ({name}{shown})</a></p>\n")


MARKERS = {
    "<!-- claims-register -->": render_register,
    "<!-- references -->": render_references,
    "<!-- helplines -->": render_helplines,
    "<!-- emergency-numbers -->": render_emergency,
    "<!-- helplines-checked -->": render_checked,
    "<!-- download-link -->": render_download,
}


# ---------------------------------------------------------------- pages


def danger_box(page) -> str:
    """Emergency numbers from helplines.yml, one entry per number: 911 (US, Canada)."""
    places: dict[str, list[str]] = {}
    for row in _data["helplines"]["emergency"]:
        places.setdefault(str(row["number"]), []).append(str(row.get("short") or row["country"]))
    calls = [" or ".join(tel_link(n.strip()) for n in number.split(" or ")) + f" ({', '.join(where)})"
             for number, where in places.items()]
    listed = ", ".join(calls[:-1]) + f" or {calls[-1]}" if len(calls) > 1 else calls[0]
    link = rel(page, "help/danger-now.md")
    return (
        "/// help-now\n"
        f"Call {listed}. "
        f"If you cannot talk, [see how to get help without speaking]({link}).\n"
        "///\n"
    )


def on_page_markdown(markdown, page, config, files, **kwargs):
    src = page.file.src_uri
    meta = page.meta
    for field in ("description", "reviewed"):
        if not meta.get(field):
            raise PluginError(f"docs/{src}: front matter needs '{field}'")
    try:
        reviewed = long_date(meta["reviewed"])
    except (TypeError, ValueError):
        raise PluginError(f"docs/{src}: 'reviewed' must be a date such as 2026-11-21") from None

    for marker, render in MARKERS.items():
        if marker in markdown:
            args = (page, config) if render is render_download else (page,)
            markdown = markdown.replace(marker, render(*args))
    for article_id in re.findall(r"<!-- claims-register: ([a-z]+) -->", markdown):
        markdown = markdown.replace(f"<!-- claims-register: {article_id} -->",
                                    render_register_article(page, article_id))

    top = []
    if meta.get("content_note_required") and not meta.get("content_note"):
        raise PluginError(f"docs/{src}: pages about abuse need a 'content_note' in front matter "
                          "(content_note_required is set in this folder's .meta.yml)")
    if meta.get("content_note"):
        top.append(f"/// content-note\n{meta['content_note']}\n///\n")
    if meta.get("help_box"):
        top.append(danger_box(page))
    if top:
        lines = markdown.split("\n")
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
        lines[at:at] = ["", *top]
        markdown = "\n".join(lines)

    iso = meta["reviewed"] if isinstance(meta["reviewed"], str) else meta["reviewed"].isoformat()
    markdown += f'\n\n<p class="page-reviewed">Last reviewed: <time datetime="{iso}">{reviewed}</time></p>\n'
    return markdown
