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
        if self._config:  # Material's settings name the search worker every page load starts
            self.urls.append(json.loads(data)["search"])
            self._config = False


def _local(site: Path, base: Path, url: str) -> Path | None:
    parts = urlparse(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    return (site / path.lstrip("/")) if path.startswith("/") else (base / path)


def first_visit_files(site: Path, page: str) -> set[Path]:
    """The page's HTML and every stylesheet, script, image and icon it loads, with
    the files its stylesheets name and Material's search worker; not the search
    index. Raises FileNotFoundError for a file the page names that is not built."""
    site = site.resolve()
    html = site / page
    loads = _Loads()
    loads.feed(html.read_text(encoding="utf-8"))
    files = {html}
    for url in loads.urls:
        target = _local(site, html.parent, url)
        if target is None:
            continue
        target = target.resolve()
        if not target.is_file():
            raise FileNotFoundError(f"{page} loads {url}, which is not in the build")
        files.add(target)
        if target.suffix == ".css":  # fonts and images a stylesheet names
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", target.read_text(encoding="utf-8")):
                found = None if ref.startswith("data:") else _local(site, target.parent, ref)
                if found and found.resolve().is_file():
                    files.add(found.resolve())
    return files


def weigh(site: Path, page: str) -> dict:
    """Raw and gzip bytes of the page's HTML and of its whole first visit."""
    files = first_visit_files(site, page)
    html = (site / page).resolve()
    return {
        "page": page,
        "files": len(files),
        "html_raw": html.stat().st_size,
        "html_gzip": gzip_size(html),
        "first_visit_raw": sum(f.stat().st_size for f in files),
        "first_visit_gzip": sum(gzip_size(f) for f in files),
        "search_worker_gzip": sum(gzip_size(f) for f in files if "/workers/" in f.as_posix()),
        # The budgeted first visit leaves out search: its worker and its index.
        "without_search_gzip": sum(gzip_size(f) for f in files if "/workers/" not in f.as_posix()),
    }
