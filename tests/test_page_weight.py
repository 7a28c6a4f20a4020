"""Page weight budgets, in bytes, measured on the built files compressed with
gzip at level 6 (what a static host typically sends), each file on its own:

- first visit to any page, without search: the page's HTML and every
  stylesheet, script, image and icon it loads (the iframe-worker shim and
  quick-exit.js included): at most FIRST_VISIT. Search is budgeted on its own,
  as one payload for the whole site: Material starts its search worker and
  fetches the index on every first visit, and both are then cached;
- the page's HTML alone: at most HTML;
- the search index (one for the whole site): at most SEARCH_INDEX;
- search as a whole (index plus worker script): at most SEARCH_PAYLOAD;
- the offline zip as downloaded: at most OFFLINE_ZIP.

A browser check confirms that the files counted are exactly those a page load
fetches, apart from the search index. scripts/page_weight.py does the counting.
"""
from urllib.parse import unquote, urlparse

from page_weight import GZIP_LEVEL, SEARCH_INDEX as INDEX_PATH, first_visit_files, gzip_size, weigh

FIRST_VISIT = 80_000
HTML = 14_000
# The index holds the text of every page (about 50 pages of practical
# answers). The aim is 80,000 bytes, which needs a trimmed index; until then
# these are the ceilings, so that it cannot grow unnoticed.
SEARCH_INDEX = 110_000
SEARCH_PAYLOAD = 125_000
OFFLINE_ZIP = 3_000_000


def test_first_visit_to_every_page_is_within_budget(site_dir, pages):
    weights = sorted((weigh(site_dir, p) for p in pages), key=lambda w: -w["without_search_gzip"])
    over = [f"{w['page']}: {w['without_search_gzip']:,} bytes ({w['html_gzip']:,} HTML, {w['files']} files)"
            for w in weights if w["without_search_gzip"] > FIRST_VISIT]
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


def test_search_as_a_whole_is_within_budget(site_dir):
    worker = weigh(site_dir, "index.html")["search_worker_gzip"]
    assert worker > 0, "the search worker was not counted"
    total = worker + gzip_size((site_dir / INDEX_PATH).resolve())
    assert total <= SEARCH_PAYLOAD, f"search index and worker: {total:,} bytes gzip, budget {SEARCH_PAYLOAD:,}"


def test_offline_zip_is_within_budget(zip_path):
    size = zip_path.stat().st_size
    assert size <= OFFLINE_ZIP, f"{zip_path.name}: {size:,} bytes, budget {OFFLINE_ZIP:,}"


def test_counted_files_are_what_the_browser_fetches(site_dir, server, new_context):
    for page in ("index.html", "abuse/forms-of-abuse.html"):
        ctx, guard = new_context()  # a first visit: nothing in the browser's cache
        fetched = set()
        tab = ctx.new_page()
        tab.on("request", lambda r: fetched.add(unquote(urlparse(r.url).path).lstrip("/")))
        tab.goto(server + page, wait_until="networkidle")
        tab.wait_for_timeout(300)
        root = site_dir.resolve()
        counted = {f.relative_to(root).as_posix() for f in first_visit_files(site_dir, page)}
        assert fetched - {INDEX_PATH} == counted, (page, sorted(fetched ^ counted))
        assert not guard.outside, guard.outside
