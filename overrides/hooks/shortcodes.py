"""Hook: data blocks, rendered where a page's Markdown holds a marker on a line
of its own:

    <!-- data:claims-register -->     the register index (docs/_data/claims.yml)
    <!-- data:claims-register:a -->   article a's entries that this page holds
                                      (claims.yml: the article's `register`)
    <!-- data:references -->          docs/_data/references.yml
    <!-- data:helplines -->           docs/_data/helplines.yml, every country
    <!-- data:emergency-numbers -->   docs/_data/helplines.yml, emergency rows
    <!-- data:helplines-checked -->   when the helplines were last checked
    <!-- data:download-links -->      the offline editions and their sizes
    <!-- data:download-links:pdf -->  one of them (zip, html or pdf); nothing offline
    <!-- data:download-links:note --> in an offline copy, a note that says so

One pattern, dispatched by name (as in Material's own docs hooks). An unknown
name fails the build naming the page, and so does any comment that looks like
a marker without `data:` (`<!-- helplines -->`, `<!-- claims-register: a -->`),
so a typing mistake cannot leave an empty section. The markup is in
overrides/partials/data/ (see markup.py); the data is checked by sitedata.py.
"""
from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

import markup
import sitedata
from build_kind import is_offline

MARKER = re.compile(r"^[ \t]*<!--[ \t]*data:([a-z-]+)(?::([a-z0-9,-]+))?[ \t]*-->[ \t]*$", re.M)
# Any comment that could be meant as a marker: one word, or a word and a colon.
LOOKS_LIKE_MARKER = re.compile(r"<!--\s*(?:data\s*:[^>]*?|[\w-]+(?:\s*:[^>]*?)?)\s*-->")


def on_config(config, **kwargs):
    sitedata.load(config.docs_dir)  # fail early on malformed data


def claims_register(page, config, data, arg):
    verdicts = sitedata.VERDICTS
    link = markup.linker(page)
    if arg is None:
        groups = {key: [] for key in verdicts}
        for claim in data.claims["claims"]:
            groups[claim["verdict"]].append((claim, link(data.register_page(claim))))
        return markup.render(config, "claims-index.md", verdicts=verdicts, groups=groups)
    article = data.article(arg)
    if article is None:
        raise PluginError(f"docs/{page.file.src_uri}: no article {arg!r} in docs/_data/claims.yml")
    parts = {p["page"]: p for p in article["register"]}
    here = parts.get(page.file.src_uri)
    if here is None:
        raise PluginError(
            f"docs/{page.file.src_uri}: article {arg!r} has no register page {page.file.src_uri!r} "
            f"in docs/_data/claims.yml (its pages: {', '.join(parts)})")
    claims = [c for c in data.claims["claims"] if c["article"] == arg]
    groups = [(key, verdicts[key], [c for c in claims if c["verdict"] == key])
              for key in verdicts if key in here["verdicts"]]
    elsewhere = [(link(p["page"]), [verdicts[v] for v in verdicts if v in p["verdicts"]])
                 for p in article["register"] if p is not here]
    return markup.render(
        config, "claims-article.md", groups=[g for g in groups if g[2]], elsewhere=elsewhere,
        ref_labels={r: ref_label(data.references[r]) for c in claims for r in c.get("evidence") or []},
        to_refs=link("editorial/references.md"), link=link)


def ref_label(ref: dict) -> str:
    """How a citation reads: Campbell and others, 2003."""
    if ref.get("short"):
        return str(ref["short"])
    names = [n.strip() for n in str(ref["authors"]).split(",") if n.strip()]
    first = names[0].split()[0]
    if len(names) == 1:
        return f"{first}, {ref['year']}"
    if len(names) == 2:
        return f"{first} and {names[1].split()[0]}, {ref['year']}"
    return f"{first} and others, {ref['year']}"


def references(page, config, data, arg):
    refs = sorted(data.references.values(), key=lambda r: (str(r["authors"]).lower(), str(r["year"])))
    return markup.render(config, "references.md", references=refs)


def helplines(page, config, data, arg):
    countries = []
    for country in data.helplines["countries"]:
        groups = []
        for kind, (suffix, one, many) in sitedata.HELPLINE_KINDS.items():
            services = [s for s in country["services"] if s["kind"] == kind]
            if services:
                groups.append((kind, suffix, one if len(services) == 1 else many, services))
        countries.append({**country, "groups": groups})
    return markup.render(config, "helplines.md", countries=countries,
                         directories=data.helplines["directories"],
                         source_kinds={"own": "own site", "government": "government"})


def emergency_numbers(page, config, data, arg):
    return markup.render(config, "emergency-numbers.md", rows=data.helplines["emergency"])


def helplines_checked(page, config, data, arg):
    return markup.render(config, "helplines-checked.html", day=data.helplines["last_checked"])


EDITIONS = {"zip": "offline_zip", "html": "offline_html", "pdf": "offline_pdf"}


def download_links(page, config, data, arg):
    """Online: a link to each offline edition, or to one (zip, html, pdf), with
    its size. In an offline copy: a note that says so (no argument, or note)."""
    if arg not in (None, "note", *EDITIONS):
        raise PluginError(f"docs/{page.file.src_uri}: data:download-links takes note, "
                          f"{', '.join(EDITIONS)} or nothing, not {arg!r}")
    if is_offline(config):
        return markup.render(config, "offline-note.md") if arg in (None, "note") else ""
    if arg == "note":
        return ""
    sizes = config.extra.get("offline_sizes") or {}
    wanted = [config.extra[EDITIONS[arg]]] if arg else [config.extra["offline_zip"]]
    if any(name not in sizes for name in wanted):
        raise PluginError(f"docs/{page.file.src_uri}: no offline edition {', '.join(wanted)} was built "
                          "(overrides/hooks/editions.py)")
    return markup.render(config, "download-links.html", sizes=sizes, link=markup.linker(page),
                         only=EDITIONS.get(arg))


SHORTCODES = {
    "claims-register": claims_register,
    "references": references,
    "helplines": helplines,
    "emergency-numbers": emergency_numbers,
    "helplines-checked": helplines_checked,
    "download-links": download_links,
}
# Names that take an argument (data:NAME:ARG); the others take none.
TAKES_ARG = {"claims-register": "optional", "download-links": "optional"}


def on_page_markdown(markdown, page, config, files, **kwargs):
    src = f"docs/{page.file.src_uri}"
    data = sitedata.load(config.docs_dir)

    def replace(match):
        name, arg = match.group(1), match.group(2)
        line = markdown.count("\n", 0, match.start()) + 1
        if name not in SHORTCODES:
            raise PluginError(f"{src}: line {line}: unknown data marker {name!r} in {match.group(0).strip()!r}; "
                              f"known: {', '.join(SHORTCODES)}")
        if arg is not None and name not in TAKES_ARG:
            raise PluginError(f"{src}: line {line}: the data marker {name!r} takes no argument, got {arg!r}")
        return SHORTCODES[name](page, config, data, arg).rstrip("\n")

    markdown = MARKER.sub(replace, markdown)
    for stray in LOOKS_LIKE_MARKER.finditer(markdown):
        line = markdown.count("\n", 0, stray.start()) + 1
        raise PluginError(f"{src}: line {line}: {stray.group(0)!r} looks like a data marker but is not one; "
                          "write <!-- data:NAME --> or <!-- data:NAME:ARG --> on a line of its own "
                          f"(names: {', '.join(SHORTCODES)})")
    return markdown
