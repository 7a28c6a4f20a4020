"""The one plan both engines follow, and where to find the engines.

A plan (JSON for the Node driver) says what to load and do:

    firefox, minibrowser, webkit_webdriver   the browser programs
    viewport        {"width", "height"}: wide enough that Material shows the
                    search box in the header (it hides it below about 960 px)
    settle_ms       wait after each load event before collecting
    sites           [{"name": "online" | "offline", "base": URL ending in "/",
                      "pages": [site-relative paths]}]
    search          {"page", "word"}: where to search and what to type
    exit_url        where the quick exit goes (extra.quick_exit_url in mkdocs.yml)
    exit_page_html  the stand-in page Firefox is given for exit_url
    exit_from       the page to leave from
    typing          keys pressed in the search box: letters with lone Shifts
    one_file        {"url", "word", "finds"}: the one-file edition
                    (dist/<extra.offline_html>) as a file:// URL, a word to
                    search for in it and the start of the link it must find

A result, for each engine:

    {"engine": "name version", "timings": {...},
     "sites": {NAME: {
        "pages": {PATH: collect.js output + "outside", "errors", "cspLog",
                        "seconds" (the page's load and collection)},
        "search": {"hrefs": [...], "after": like a page} or {"failed": why},
        "cookies": ["domain name", ...] from the browser's cookie jar,
        "quick_exit": {"click" | "shift-three-times" | "typing-in-search":
                       {"url": where the tab went, "outside", "errors", ...,
                        "failed": why (only when a step failed)}}}},
     "one_file": {"load": like a page, "cookies": [...],
                  "search": {"hrefs", "hash", "after": like a page} or {"failed": why},
                  "quick_exit": {"click": like a site's}}}

"errors" is None where the engine cannot report page errors.
"""
from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

from support.helpers import SEARCH_WORD, config, file_url

HERE = Path(__file__).resolve().parent
COLLECT_JS = (HERE / "collect.js").read_text(encoding="utf-8")

VIEWPORT = {"width": 1280, "height": 800}
SEARCH = {"page": "index.html", "word": SEARCH_WORD, "finds": "boundaries/"}
# The one-file edition's own search: a word, and the id of the page it is on
# (as in tests/test_one_file.py).
ONE_FILE_SEARCH = {"word": "coercive", "finds": "#abuse-coercive-control"}
EXIT_FROM = "abuse/forms-of-abuse.html"
# A lone Shift between letters, as when someone types a name: never leaves.
TYPING = ["Shift", "a", "Shift", "b", "Shift"]
EXIT_PAGE_HTML = ('<!doctype html><html lang="en"><title>Weather</title>'
                  '<link rel="icon" href="data:,"><p>Weather</p></html>')

FIREFOX = "/usr/bin/firefox-esr"
# Debian's libwebkit2gtk-4.1-0 puts it under the architecture's library folder.
MINIBROWSER_GLOB = "/usr/lib/*/webkit2gtk-4.1/MiniBrowser"
WEBKIT_WEBDRIVER = "/usr/bin/WebKitWebDriver"


def programs() -> dict[str, str]:
    """The browser programs: $FIREFOX, $MINIBROWSER and $WEBKIT_WEBDRIVER (scripts/test
    sets them), else Debian's paths."""
    minibrowsers = sorted(glob.glob(MINIBROWSER_GLOB))
    return {
        "firefox": os.environ.get("FIREFOX") or FIREFOX,
        "minibrowser": os.environ.get("MINIBROWSER") or (minibrowsers[0] if minibrowsers else MINIBROWSER_GLOB),
        "webkit_webdriver": os.environ.get("WEBKIT_WEBDRIVER") or shutil.which("WebKitWebDriver") or WEBKIT_WEBDRIVER,
    }


def quick_exit_url() -> str:
    return config()["extra"]["quick_exit_url"]


def one_file(path: Path | None) -> dict | None:
    """The one-file edition's part of the plan (None: leave it out)."""
    return {"url": file_url(path), **ONE_FILE_SEARCH} if path else None


def make(sites: list[dict], *, one_file_path: Path | None = None, settle_ms: int = 100) -> dict:
    return {
        **programs(),
        "viewport": VIEWPORT,
        "settle_ms": settle_ms,
        "sites": sites,
        "search": SEARCH,
        "exit_url": quick_exit_url(),
        "exit_page_html": EXIT_PAGE_HTML,
        "exit_from": EXIT_FROM,
        "typing": TYPING,
        "one_file": one_file(one_file_path),
    }
