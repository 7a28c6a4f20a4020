"""Page weight budgets, in bytes, measured on the built files compressed with
gzip at level 6 (what a static host typically sends), each file on its own:

- first visit to any page: the page's HTML and every stylesheet, script, image
  and icon it loads (the worker shim and quick-exit.js included): at most
  FIRST_VISIT. Search is not part of it: the worker and the index are fetched
  only when the reader opens search (a browser check below proves it);
- the page's HTML alone: at most HTML;
- the search index (one for the whole site): at most SEARCH_INDEX;
- what opening search adds (index plus worker script): at most SEARCH_PAYLOAD;
- the offline zip as downloaded: at most OFFLINE_ZIP.

scripts/page_weight.py does the counting.
"""
from urllib.parse import unquote, urlparse

import pytest

from page_weight import GZIP_LEVEL, SEARCH_INDEX as INDEX_PATH, first_visit_files, gzip_size, search_files, weigh

FIRST_VISIT = 80_000
HTML = 14_000
SEARCH_INDEX = 80_000
SEARCH_PAYLOAD = 95_000
OFFLINE_ZIP = 3_000_000


def test_first_visit_to_every_page_is_within_budget(site_dir, pages):
    weights = sorted((weigh(site_dir, p) for p in pages), key=lambda w: -w["first_visit_gzip"])
    over = [f"{w['page']}: {w['first_visit_gzip']:,} bytes ({w['html_gzip']:,} HTML, {w['files']} files)"
            for w in weights if w["first_visit_gzip"] > FIRST_VISIT]
    assert not over, (f"{len(over)} of {len(pages)} pages over the first-visit budget of "
                      f"{FIRST_VISIT:,} bytes (gzip -{GZIP_LEVEL}):\n" + "\n".join(over))


def test_html_of_every_page_is_within_budget(site_dir, pages):
    sizes = sorted(((gzip_size((site_dir / p).resolve()), p) for p in pages), reverse=True)
    over = [f"{p}: {size:,} bytes" for size, p in sizes if size > HTML]
    assert not over, f"pages whose HTML is over {HTML:,} bytes (gzip -{GZIP_LEVEL}):\n" + "\n".join(over)


def test_search_index_is_within_budget(site_dir):
    index = (site_dir / INDEX_PATH).resolve()
    assert gzip_size(index) <= SEARCH_INDEX, (
        f"{INDEX_PATH}: {gzip_size(index):,} bytes gzip ({index.stat().st_size:,} raw), budget {SEARCH_INDEX:,}")


def test_opening_search_is_within_budget(site_dir):
    total = weigh(site_dir, "index.html")["search_gzip"]
    assert total <= SEARCH_PAYLOAD, f"search index and worker: {total:,} bytes gzip, budget {SEARCH_PAYLOAD:,}"


@pytest.mark.slow
def test_search_loads_only_when_the_reader_opens_it(site_dir, server, new_context):
    """A first visit fetches exactly the counted files, and nothing of search;
    opening search (a tap on the search button, on a phone-sized screen) then
    fetches the worker and the index, and search works."""
    root = site_dir.resolve()
    for page in ("index.html", "abuse/forms-of-abuse.html"):
        ctx, guard = new_context()  # a first visit: nothing in the browser's cache
        fetched = set()
        tab = ctx.new_page()
        tab.set_viewport_size({"width": 390, "height": 800})
        tab.on("request", lambda r: fetched.add(unquote(urlparse(r.url).path).lstrip("/")))
        tab.goto(server + page, wait_until="networkidle")
        tab.wait_for_timeout(300)
        counted = {f.relative_to(root).as_posix() for f in first_visit_files(site_dir, page)}
        assert fetched == counted, (page, sorted(fetched ^ counted))
        searched = {f.relative_to(root).as_posix() for f in search_files(site_dir, page)}
        tab.locator("label.md-header__button[for='__search']").first.click()
        tab.locator("input.md-search__input").press_sequentially("boundary")
        tab.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert searched <= fetched, (page, sorted(searched - fetched))
        assert not guard.outside, guard.outside


def test_offline_zip_is_within_budget(zip_path):
    size = zip_path.stat().st_size
    assert size <= OFFLINE_ZIP, f"{zip_path.name}: {size:,} bytes, budget {OFFLINE_ZIP:,}"
