"""What a first visit to a built page downloads, and how big it is gzipped.

Used by tests/test_page_weight.py (the budgets) and scripts/bench (the report).
Standard library only.
"""
from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

GZIP_LEVEL = 6  # what static hosts typically use
SEARCH_INDEX = "search/search_index.json"


@lru_cache(maxsize=None)
def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))


class _Loads(HTMLParser):
    """Addresses of the files a page makes the browser fetch as it loads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.worker: str | None = None
        self._config = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = set((a.get("rel") or "").split())
        if tag == "link" and rel & {"stylesheet", "icon"} and a.get("href"):
            self.urls.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"])
        self._config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data):
        if self._config:  # Material's settings name the search worker, started when search opens
            self.worker = json.loads(data)["search"]
            self._config = False


def _local(site: Path, base: Path, url: str) -> Path | None:
    parts = urlparse(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    return (site / path.lstrip("/")) if path.startswith("/") else (base / path)


def _built(site: Path, html: Path, page: str, url: str) -> Path | None:
    target = _local(site, html.parent, url)
    if target is None:
        return None
    target = target.resolve()
    if not target.is_file():
        raise FileNotFoundError(f"{page} loads {url}, which is not in the build")
    return target


def search_files(site: Path, page: str) -> set[Path]:
    """What opening search fetches: Material's search worker and the index."""
    site = site.resolve()
    html = site / page
    loads = _Loads()
    loads.feed(html.read_text(encoding="utf-8"))
    return {_built(site, html, page, loads.worker), site / SEARCH_INDEX}


def first_visit_files(site: Path, page: str) -> set[Path]:
    """The page's HTML and every stylesheet, script, image and icon it loads, with
    the files its stylesheets name. Not search: the worker and the index wait until
    the reader opens search. Raises FileNotFoundError for a file the page names
    that is not built."""
    site = site.resolve()
    html = site / page
    loads = _Loads()
    loads.feed(html.read_text(encoding="utf-8"))
    files = {html}
    for url in loads.urls:
        target = _built(site, html, page, url)
        if target is None:
            continue
        files.add(target)
        if target.suffix == ".css":  # fonts and images a stylesheet names
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", target.read_text(encoding="utf-8")):
                found = None if ref.startswith("data:") else _local(site, target.parent, ref)
                if found and found.resolve().is_file():
                    files.add(found.resolve())
    return files


def weigh(site: Path, page: str) -> dict:
    """Raw and gzip bytes of the page's HTML, of its whole first visit, and of
    what opening search adds."""
    files = first_visit_files(site, page)
    html = (site / page).resolve()
    return {
        "page": page,
        "files": len(files),
        "html_raw": html.stat().st_size,
        "html_gzip": gzip_size(html),
        "first_visit_raw": sum(f.stat().st_size for f in files),
        "first_visit_gzip": sum(gzip_size(f) for f in files),
        "search_gzip": sum(gzip_size(f) for f in search_files(site, page)),
    }
