"""Search finds the answer in a reader's own words.

tests/search_queries.yml holds everyday reader queries (typos, no capitals,
questions, both spellings, people words, country names), each with the pages
that answer it. Each query is typed, key by key, into the real search box of a
phone-sized page, and the first three pages the box shows are recorded.

- On the public site, at least FLOOR of the queries have an answering page in
  the top three; every miss is printed, so a content change that breaks search
  shows which query it broke.
- The box shows exactly what the site's own search code gives when run in
  Node (tests/search_rank.cjs), so that quick check can be trusted.
- The offline zip searches the same index (but for the download page, whose
  text there says it is the offline copy), and its box, opened from file://,
  shows what the search code ranks on it, for a third of the queries
  (support.helpers.copy_sample says why). The one-file copy is held to the
  same in tests/test_one_file.py.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from support.helpers import copy_sample, file_url, reader_queries

HERE = Path(__file__).resolve().parent
QUERIES = reader_queries()
FLOOR = 0.90
TOP = 3

# Watches the messages between the page and its search worker, so the test
# reads the results only once the worker has answered the last query typed.
# Whatever the page installs as `Worker` (the site's shim) is wrapped on the way in.
WATCH_SEARCH = """
(() => {
  const log = window.__search = { asked: [], answered: [] };
  let current = window.Worker;
  Object.defineProperty(window, "Worker", {
    configurable: true,
    get() { return current; },
    set(Made) {
      current = function (url) {
        const worker = new Made(url);
        worker.addEventListener("message", event => {
          if (event.data && event.data.type === 3)
            setTimeout(() => log.answered.push(log.asked.shift()), 0);
        });
        const post = worker.postMessage.bind(worker);
        worker.postMessage = message => {
          if (message && message.type === 2) log.asked.push(message.data);
          post(message);
        };
        return worker;
      };
    },
  });
})();
"""

TOP_PAGES = """
root => [...document.querySelectorAll(".md-search-result__item")].map(item => {
  const link = item.querySelector("a[href]");
  return decodeURIComponent(link.href.split("#")[0]).slice(decodeURIComponent(root).length);
})
"""


def search_box_top_pages(new_context, start_url: str, root: str, queries=QUERIES) -> dict[str, list[str]]:
    """Type each query into the search box of start_url; the first pages shown for each."""
    ctx, guard = new_context(viewport={"width": 390, "height": 844})
    ctx.add_init_script(WATCH_SEARCH)
    page = ctx.new_page()
    page.goto(start_url)
    page.locator("label.md-header__button[for='__search']").first.click()
    box = page.locator("input.md-search__input")
    shown = {}
    for entry in queries:
        query = entry["q"]
        box.fill("")
        box.press("Backspace")  # the theme reads the box on key up: now it is empty
        page.wait_for_function("() => __search.answered.at(-1) === ''")
        box.fill(query[:-1])
        box.press_sequentially(query[-1])
        page.wait_for_function("q => __search.answered.at(-1) === q", arg=query)
        shown[query] = page.evaluate(TOP_PAGES, root)[:TOP]
    assert not guard.outside, guard.outside
    assert not guard.errors, guard.errors
    return shown


@pytest.fixture(scope="module")
def online(new_context_module, server):
    return search_box_top_pages(new_context_module, server + "index.html", server)


def node_ranking(site: Path, tmp_path: Path) -> dict[str, list[str]]:
    """What tests/search_rank.cjs ranks first for every query on a built site."""
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps([entry["q"] for entry in QUERIES]), encoding="utf-8")
    out = subprocess.run(["node", str(HERE / "search_rank.cjs"), str(site), str(queries)],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    return {query: pages[:TOP] for query, pages in json.loads(out).items()}


def test_query_set_names_real_pages(site_dir):
    missing = [(e["q"], p) for e in QUERIES for p in e["pages"] if not (site_dir / p).is_file()]
    assert not missing, f"queries whose answer is not a built page: {missing}"
    assert len(QUERIES) >= 80
    assert len({e["q"] for e in QUERIES}) == len(QUERIES), "a query is listed twice"


@pytest.mark.slow
def test_readers_find_the_answer_in_the_top_three(online):
    misses = [f"  {e['q']!r}: wanted {', '.join(e['pages'])}; shown {', '.join(online[e['q']]) or 'nothing'}"
              for e in QUERIES if not set(online[e["q"]]) & set(e["pages"])]
    found = len(QUERIES) - len(misses)
    first = sum(1 for e in QUERIES if online[e["q"]][:1] and online[e["q"]][0] in e["pages"])
    print(f"\nsearch: {found} of {len(QUERIES)} in the top {TOP}, {first} first")
    assert found >= FLOOR * len(QUERIES), (
        f"{found} of {len(QUERIES)} queries have an answer in the top {TOP} "
        f"(floor {FLOOR:.0%}). Misses:\n" + "\n".join(misses))


@pytest.mark.slow
def test_search_box_shows_what_the_search_code_ranks(online, site_dir, tmp_path):
    ranked = node_ranking(site_dir, tmp_path)
    differ = {q: (online[q], ranked[q]) for q in online if online[q] != ranked[q]}
    assert not differ, f"search box and tests/search_rank.cjs disagree (box, node): {differ}"


def test_offline_index_is_the_sites_but_for_the_download_page(site_dir, offline_dir):
    """The zip searches the same index, except the download page, whose text
    says there that it is the offline copy."""
    download = "download.html"

    def entries(site):
        index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        return index["config"], [d for d in index["docs"] if not d["location"].startswith(download)]

    assert entries(offline_dir) == entries(site_dir)


@pytest.mark.slow
def test_offline_zip_shows_what_the_search_code_ranks(new_context_module, offline_dir, tmp_path):
    root = file_url(offline_dir) + "/"
    offline = search_box_top_pages(new_context_module, file_url(offline_dir / "index.html"), root,
                                   copy_sample(QUERIES))
    ranked = node_ranking(offline_dir, tmp_path)
    differ = {q: (offline[q], ranked[q]) for q in offline if offline[q] != ranked[q]}
    assert not differ, f"the offline zip's search box and tests/search_rank.cjs disagree (box, node): {differ}"
