"""Hook: a smaller search index, with the same words in it.

Material's search plugin writes the full text of every section into
search/search_index.json, and the reader's phone downloads all of it on first
search. Search needs much less: the words, to find a section, and a short
opening, to show in the result. So each section keeps:

    text    its opening, as plain text (about TEASER characters), which the
            result shows;
    words   every other word of the section once, in order of first use,
            and the forms readers type for some of them: "can't" also as
            "cant", "break-up" also as "breakup". Not shown; searched
            (mkdocs.yml gives it a field in the search plugin's `fields`).
    tags    the page's front-matter tags (readers' words for its topic), on
            the page's first entry only: the plugin copies them into every
            section, and the page is found through one as well as through all.

Words are split the way the search worker splits them (the index's own
`separator`), so every word that could match before still matches. Words the
worker's stop-word filter drops anyway (when the pipeline has it) are left out.
What is lost is how often a word repeats inside one section, a small part of
the score.

Front-matter tags are for search only: once the search plugin has read a
page's tags (its on_page_context), they are taken off the page, so that no
template or plugin shows them (the print-site plugin would print them at the
top of each page of the one-file copy and the PDF).

Runs after the search plugin writes the index and before the offline plugin
copies it into search_index.js (priority -50, between their 0 and -100), so
every edition gets the same index. Fails the build if the index or the `words`
field is missing.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

INDEX = Path("search") / "search_index.json"
TEASER = 200
FIELD = "words"
# lunr's English stop words, as in Material's search worker (a test compares
# this list with the worker bundle, so a theme upgrade that changes it fails).
STOP_WORDS = frozenset("""
a able about across after all almost also am among an and any are as at be because been but
by can cannot could dear did do does either else ever every for from get got had has have he
her hers him his how however i if in into is it its just least let like likely may me might
most must my neither no nor not of off often on only or other our own rather said say says
she should since so some than that the their them then there these they this tis to too twas
us wants was we were what when where which while who whom why will with would yet you your
""".split())
_TAG = re.compile(r"<[^>]+>")
_EDGE = re.compile(r"^\W+|\W+$")
_APOSTROPHE = re.compile(r"['\u2019]")
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", text))).strip()


def _opening(plain: str) -> str:
    if len(plain) <= TEASER:
        return plain
    cut = plain.rfind(" ", 0, TEASER)
    return plain[:cut if cut > 0 else TEASER].rstrip(" ,;:") + " …"


def _tokens(text: str, separator: re.Pattern) -> list[str]:
    found = (_EDGE.sub("", t.lower()) for t in separator.split(text))
    return [t for t in found if t]


def compact(index: dict) -> dict:
    """The index with each section's text cut to its opening plus its other words."""
    separator = re.compile(index["config"]["separator"])
    dropped = STOP_WORDS if "stopWordFilter" in index["config"].get("pipeline", []) else frozenset()
    docs = []
    for doc in index["docs"]:
        plain = _plain(doc.get("text", ""))
        opening = _opening(plain)
        seen = set(dropped) | set(_tokens(opening, separator)) | set(_tokens(_plain(doc.get("title", "")), separator))
        words = []
        typed = [_APOSTROPHE.sub("", t) for t in _tokens(plain, separator) if _APOSTROPHE.search(t)]
        typed += [w.lower().replace("-", "") for w in _HYPHENATED.findall(plain)]
        for token in _tokens(plain, separator) + typed:
            if token not in seen:
                seen.add(token)
                words.append(token)
        entry = {**doc, "text": html.escape(opening, quote=False), FIELD: " ".join(words)}
        if "#" in doc["location"]:
            entry.pop("tags", None)
        docs.append(entry)
    return {**index, "docs": docs}


@event_priority(-50)  # after the search plugin's (0)
def on_page_context(context, page, **_):
    page.meta.pop("tags", None)
    return context


@event_priority(-50)
def on_post_build(config, **_):
    path = Path(config.site_dir) / INDEX
    if not path.is_file():
        raise PluginError(f"search_index hook: {INDEX} was not written; is the search plugin on?")
    index = json.loads(path.read_text(encoding="utf-8"))
    if FIELD not in index["config"].get("fields", {}):
        raise PluginError(f"search_index hook: mkdocs.yml gives the search plugin no '{FIELD}' field "
                          f"(plugins: search: fields: {FIELD}), so those words would not be searched")
    path.write_text(json.dumps(compact(index), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
