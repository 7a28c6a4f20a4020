"""Small helpers shared by the tests."""
from __future__ import annotations

import functools
import re
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def config() -> dict:
    """mkdocs.yml as written: the names and addresses the tests must agree with."""
    from mkdocs.utils import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        return yaml_load(f)


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the sources, to build with a deliberate fault."""
    for name in ("docs", "overrides", "scripts"):  # scripts: the editions hook uses one_file.py
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def build_copy(project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(project / "out")],
        capture_output=True, text=True, env=env, cwd=project)


class Elements(HTMLParser):
    """Collects (tag, attrs) for every start tag, and the page's visible text."""

    SKIP = {"script", "style", "svg", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag=None, **attrs):
        return [a for t, a in self.tags if (tag is None or t == tag)
                and all(a.get(k) == v for k, v in attrs.items())]


def parse(path: Path) -> Elements:
    p = Elements()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def button_is_clear(page) -> bool:
    """The quick-exit button is in view and nothing else covers its centre."""
    return page.evaluate("""() => {
        const b = document.querySelector('.quick-exit__button');
        if (!b) return false;
        const r = b.getBoundingClientRect();
        if (r.width === 0 || r.bottom > innerHeight || r.right > innerWidth || r.top < 0) return false;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return !!hit && b.contains(hit);
    }""")


# ---------------------------------------------------------------- shared by several test modules

def reader_queries() -> list[dict]:
    """tests/search_queries.yml: each reader query ("q") and the pages that answer it."""
    import yaml

    with open(ROOT / "tests" / "search_queries.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def copy_sample(queries: list) -> list:
    """The queries an offline copy's search box is held to. The public site's
    box answers every query, and the copies search the same index with the same
    search code; what a copy does its own way (the worker in a frame from
    file://, the one-file copy's results) shows in every third query, which
    takes some from every group of the file."""
    return queries[::3]


SEARCH_WORD = "boundary"


def run_search(page, word: str):
    """Type into the search box and wait for results. Returns the result links."""
    page.locator("label.md-header__button[for='__search']").first.click()
    # Search starts its index when first opened; type once it says it is ready.
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=10_000)
    box = page.locator("input.md-search__input")
    box.press_sequentially(word)
    results = page.locator(".md-search-result__item a, .md-search-result__link")
    results.first.wait_for(state="attached", timeout=10_000)
    # Read in one step: the list is drawn again as each key's results come.
    return results.evaluate_all("links => links.map(a => a.getAttribute('href'))")


def storage_of(page) -> dict:
    """Everything the site left in the browser: cookies, localStorage, sessionStorage."""
    return {
        "cookies": page.context.cookies(),
        "local": page.evaluate("Object.keys(localStorage)"),
        "session": page.evaluate("Object.keys(sessionStorage)"),
    }


NEUTRAL = config()["extra"]["quick_exit_url"]
NEUTRAL_PAGE = "<!doctype html><title>Weather</title><p>Weather</p>"


def allow_neutral():
    return {NEUTRAL: NEUTRAL_PAGE, NEUTRAL + "/": NEUTRAL_PAGE}


class ArticleText(HTMLParser):
    """The reader-visible text of the article, one block per line."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "summary",
              "blockquote", "div", "tr", "br"}
    SKIP = {"script", "style", "svg", "code", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skipping: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "article":
            self.depth += 1
        if self.depth and (tag in self.SKIP or "headerlink" in classes or self.skipping):
            self.skipping.append(tag)
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.depth and not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = [re.sub(r"\s+", " ", l).strip() for l in "".join(self.parts).split("\n")]
        # A heading or list item ends a sentence even without a full stop.
        return "\n".join(l if l[-1] in ".?!:;\"'\u201d)" else l + "." for l in lines if l)


def article_text(path) -> str:
    p = ArticleText()
    p.feed(path.read_text(encoding="utf-8"))
    return p.text()


LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome-error"}


def is_first_party(url: str) -> bool:
    parts = urlparse(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.hostname in {"127.0.0.1", "localhost", "::1"}


class Guard:
    """Records every request to another host, and page errors.

    The browser itself lets no such request leave the machine (CHROMIUM_ARGS in
    tests/conftest.py): a listener only watches, so the browser keeps its cache
    as a reader's does. Intercepting every request (a route for all URLs)
    would turn the cache off and make each page load a third slower.
    allow: outside addresses answered here with the given page (for example
    the quick exit's neutral page); only those are intercepted."""

    def __init__(self, context, allow: dict[str, str] | None = None):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.allow = allow or {}
        context.on("request", self._request)
        context.on("weberror", lambda err: self.errors.append(str(err.error)))
        if self.allow:
            context.route(lambda url: url in self.allow, self._answer)

    def _request(self, request):
        url = request.url
        if not is_first_party(url) and url not in self.allow:
            self.outside.append(url)

    def _answer(self, route):
        route.fulfill(status=200, content_type="text/html", body=self.allow[route.request.url])


def axe_report(where: str, violations: list) -> list[str]:
    """One readable entry per axe violation: rule, impact, elements, first fix."""
    lines = []
    for v in violations:
        nodes = [" ".join(map(str, n["target"])) for n in v["nodes"]]
        first = (v["nodes"][0].get("failureSummary") or "").replace("\n", " ") if v["nodes"] else ""
        lines.append(f"{where}: {v['id']} ({v['impact']}) {v['help']}\n"
                     f"    {len(nodes)} element(s): {'; '.join(nodes[:4])}\n    {first[:300]}")
    return lines


def html_pages(root: Path) -> list[str]:
    """Site-relative paths of every page a reader can open (not the one-file
    download, which tests/test_one_file.py checks)."""
    download = config()["extra"]["offline_html"]
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if not p.relative_to(root).as_posix().startswith("assets/")
                  and p.relative_to(root).as_posix() != download)
