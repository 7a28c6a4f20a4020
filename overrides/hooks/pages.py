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
    <!-- download-link -->        in an offline copy: a note that says so
    <!-- download-link: pdf -->   a link to one offline download (pdf, html or zip)
                                  with its size (see scripts/build)

Malformed data fails the build with a message that names the file and entry.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

DATA = Path(__file__).resolve().parents[2] / "docs" / "_data"
ABUSE_SECTION = "abuse/"

VERDICTS = {
    "sound": "Sound",
    "partly-true": "Partly true",
    "stereotype": "Rests on a stereotype",
    "tactic": "Manipulation tactic",
    "unsafe": "Unsafe as written",
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


def load_helplines() -> dict:
    data = _load("helplines.yml") or {}
    where = "docs/_data/helplines.yml"
    if not isinstance(data.get("last_checked"), dt.date):
        raise PluginError(f"{where}: 'last_checked' must be a date such as 2026-11-21")
    for key in ("emergency", "countries", "directories"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise PluginError(f"{where}: needs a non-empty list '{key}'")
    for i, row in enumerate(data["emergency"]):
        _require(f"{where}: emergency {i + 1}", row, ("country", "number", "source"))
    for i, country in enumerate(data["countries"]):
        cwhere = f"{where}: country {i + 1} ({(country or {}).get('name', 'no name')})"
        _require(cwhere, country, ("id", "name"))
        if not isinstance(country.get("services"), list) or not country["services"]:
            raise PluginError(f"{cwhere}: needs a non-empty list 'services'")
        for j, svc in enumerate(country["services"]):
            swhere = f"{cwhere}: service {j + 1} ({(svc or {}).get('name', 'no name')})"
            _require(swhere, svc, ("name", "for", "hours", "source"))
            if not (svc.get("phone") or svc.get("text") or svc.get("chat")):
                raise PluginError(f"{swhere}: needs a phone, text or chat contact")
            if svc.get("phone") and not tel_digits(str(svc["phone"])):
                raise PluginError(f"{swhere}: phone {svc['phone']!r} has no digits")
    _unique(where, data["countries"])
    for i, row in enumerate(data["directories"]):
        _require(f"{where}: directory {i + 1}", row, ("name", "url", "what"))
    return data


def on_config(config, **kwargs):
    _data["downloads"] = {kind: config.extra[key] for kind, (key, _, _) in DOWNLOADS.items()}
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
    out = []
    for country in _data["helplines"]["countries"]:
        out.append(f"## {country['name']} {{ #{country['id']} }}\n")
        if country.get("intro"):
            out.append(f"{str(country['intro']).strip()}\n")
        for svc in country["services"]:
            lines = [f"### {svc['name']}\n", f"**For:** {svc['for']}  "]
            if svc.get("phone"):
                lines.append(f"**Call:** {tel_link(str(svc['phone']))}  ")
            if svc.get("text"):
                lines.append(f"**Text:** {svc['text']}  ")
            if svc.get("chat"):
                lines.append(f"**Chat or email:** {svc['chat']}  ")
            lines.append(f"**Hours:** {svc['hours']}  ")
            lines.append(f"**Source:** <{svc['source']}>\n")
            out.append("\n".join(lines))
    out.append("## Everywhere else { #everywhere-else }\n")
    for row in _data["helplines"]["directories"]:
        out.append(f"- **[{row['name']}]({row['url']})**: {row['what']}")
    return "\n".join(out) + "\n"


def render_checked(page) -> str:
    day = _data["helplines"]["last_checked"]
    return f'<p class="last-checked">Numbers last checked: <time datetime="{day.isoformat()}">{long_date(day)}</time></p>\n'


# Each offline download: its name in mkdocs.yml extra, the variable that
# scripts/build sets to its size in bytes, and the link text.
DOWNLOADS = {
    "pdf": ("offline_pdf", "OFFLINE_PDF_BYTES", "Download the PDF"),
    "html": ("offline_html", "OFFLINE_HTML_BYTES", "Download the one-file copy"),
    "zip": ("offline_zip", "OFFLINE_ZIP_BYTES", "Download the zip file"),
}


def is_offline_copy() -> bool:
    return os.environ.get("OFFLINE", "").lower() in ("1", "true", "yes")


def render_download_note(page) -> str:
    """In an offline copy there is nothing to download: say so, once."""
    if not is_offline_copy():
        return ""
    return ("/// note | You are reading the offline copy\n"
            "This copy is already on your device. It works with no internet connection. "
            "To get another kind of copy, visit the website.\n///\n")


def render_download(page, kind: str) -> str:
    """Online: a link to one download, with its name and size. Offline: nothing."""
    if kind not in DOWNLOADS:
        raise PluginError(f"docs/{page.file.src_uri}: no download {kind!r}; use one of {', '.join(DOWNLOADS)}")
    if is_offline_copy():
        return ""
    _, size_var, label = DOWNLOADS[kind]
    size = os.environ.get(size_var, "")
    shown = f", {int(size) / 1_000_000:.1f} MB" if size.isdigit() else ""
    name = _data["downloads"][kind]
    return (f'<p class="download-link"><a class="md-button md-button--primary" href="{rel(page, name)}" download>'
            f"{label} ({name}{shown})</a></p>\n")


MARKERS = {
    "<!-- claims-register -->": render_register,
    "<!-- references -->": render_references,
    "<!-- helplines -->": render_helplines,
    "<!-- emergency-numbers -->": render_emergency,
    "<!-- helplines-checked -->": render_checked,
    "<!-- download-link -->": render_download_note,
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
            markdown = markdown.replace(marker, render(page))
    for kind in re.findall(r"<!-- download-link: ([a-z]+) -->", markdown):
        markdown = markdown.replace(f"<!-- download-link: {kind} -->", render_download(page, kind))
    for article_id in re.findall(r"<!-- claims-register: ([a-z]+) -->", markdown):
        markdown = markdown.replace(f"<!-- claims-register: {article_id} -->",
                                    render_register_article(page, article_id))

    top = []
    if src.startswith(ABUSE_SECTION) and not meta.get("content_note"):
        raise PluginError(f"docs/{src}: pages about abuse need a 'content_note' in front matter")
    if meta.get("content_note"):
        top.append(f"/// content-note\n{meta['content_note']}\n///\n")
    if src.startswith(ABUSE_SECTION) or meta.get("help_box"):
        top.append(danger_box(page))
    if top:
        lines = markdown.split("\n")
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
        lines[at:at] = ["", *top]
        markdown = "\n".join(lines)

    iso = meta["reviewed"] if isinstance(meta["reviewed"], str) else meta["reviewed"].isoformat()
    markdown += f'\n\n<p class="page-reviewed">Last reviewed: <time datetime="{iso}">{reviewed}</time></p>\n'
    return markdown
