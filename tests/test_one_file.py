"""The one-file edition (dist/<extra.offline_html>): the whole site in one HTML
file that needs nothing else, for phones that cannot open the zip.

Opened from file:// in Chromium at phone size with touch, every request is
recorded: only the file itself and data: URIs may be asked for. With scripts
on, search and the quick exit work; with scripts off, every page and link
still does. Its search finds the same pages, in the same order, as the
website's search code on the zip's index (tests/search_rank.cjs) for every
third reader query in tests/search_queries.yml. Sizes are in bytes."""
import gzip
import html
import json
import re
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs_print_site_plugin.urls import get_page_key
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import one_file
from support.helpers import copy_sample, file_url, reader_queries, storage_of

TESTS = Path(__file__).resolve().parent

SETTINGS = one_file.settings()
MAX_BYTES = 1_200_000
MAX_GZIP = 300_000
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
# A word found on one known page, and the id of that page's section.
SEARCH_WORD = "coercive"
SEARCH_PAGE = "abuse-coercive-control"
NEUTRAL_PAGE = "<!doctype html><title>Weather</title><p>Weather</p>"
TELLING = re.compile(r"abuse|violence|escape|danger|leav|domestic|safety", re.I)


@pytest.fixture(scope="module")
def one_file_path(zip_path):
    return zip_path.parent / SETTINGS["html_name"]


@pytest.fixture(scope="module")
def markup(one_file_path) -> str:
    return one_file_path.read_text(encoding="utf-8")


def reader_pages(pages) -> list[str]:
    return [p for p in pages if p != "404.html"]


def exit_allowed() -> dict:
    url = SETTINGS["exit_url"]
    return {url: NEUTRAL_PAGE, url + "/": NEUTRAL_PAGE}


def record_requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def console_errors(page) -> list[str]:
    """Page errors and console errors (a blocked load or a policy violation shows here)."""
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


# ---------------------------------------------------------------- the file


def test_sizes_in_bytes_within_budget(one_file_path):
    data = one_file_path.read_bytes()
    packed = len(gzip.compress(data, 6))
    assert len(data) <= MAX_BYTES, f"{one_file_path.name}: {len(data):,} bytes, budget {MAX_BYTES:,}"
    assert packed <= MAX_GZIP, f"{one_file_path.name}: {packed:,} bytes gzipped, budget {MAX_GZIP:,}"


def test_names_and_title_are_neutral(one_file_path, markup):
    for name in (SETTINGS["html_name"], SETTINGS["pdf_name"], SETTINGS["title"]):
        assert not TELLING.search(name), name
    assert re.search(r"<title>([^<]*)</title>", markup).group(1) == SETTINGS["title"]
    assert one_file_path.suffix == ".html"


def test_nothing_can_load_from_outside(markup):
    assert not re.search(r"<(link|iframe|object|embed|frame|base)\b", markup)
    assert not re.search(r"<script\b[^>]*\bsrc=", markup)
    for value in re.findall(r'\s(?:src|srcset|poster)="([^"]*)"', markup):
        assert value.startswith("data:"), value
    for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", markup):
        assert url.startswith("data:"), url
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', markup).group(1))
    assert "default-src 'none'" in policy and not re.search(r"https?:|\*|'unsafe", policy), policy


class Outline(HTMLParser):
    """Each page's <article> id, with its first heading, and every id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.articles: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "article" and "edition-page" in (attrs.get("class") or ""):
            self.articles.append(attrs["id"])


def test_every_page_of_the_site_is_in_the_file(markup, pages):
    outline = Outline()
    outline.feed(markup)
    expected = sorted(re.sub(r"\.html$", "", p).replace("/", "-") for p in reader_pages(pages))
    assert sorted(outline.articles) == expected


def test_same_content_as_the_site(markup, site_dir, pages):
    """Content notes, danger boxes, editorial notes, review dates, helpline dates."""
    def count(pattern, text):
        return len(re.findall(pattern, text))

    site = {p: (site_dir / p).read_text(encoding="utf-8") for p in reader_pages(pages)}
    for what, pattern in {
        "content notes": r'class="admonition content-note"',
        "danger-now boxes": r'class="admonition help-now"',
        "editorial notes": r'class="admonition editorial"',
        "review dates": r'class="page-reviewed"',
        "helpline check dates": r'class="last-checked"',
    }.items():
        online = sum(count(pattern, text) for text in site.values())
        assert online > 0, what
        assert count(pattern, markup) == online, f"{what}: {count(pattern, markup)} in the file, {online} online"


def test_a_link_with_no_target_or_a_file_fails_the_build():
    one_file.check_self_contained('<p id="a"><a href="#a">ok</a> <a href="https://example.org/">ok</a></p>')
    for broken in ('<a href="#nowhere">x</a>', '<a href="other.html">x</a>',
                   '<img src="picture.png" alt="">', '<p id="a"></p><p id="a"></p>',
                   '<link rel="stylesheet" href="https://example.org/a.css">'):
        with pytest.raises(one_file.EditionError):
            one_file.check_self_contained(broken)


def test_public_site_offers_every_download_with_its_size(site_dir, zip_path):
    page = (site_dir / "download.html").read_text(encoding="utf-8")
    for name in (SETTINGS["html_name"], SETTINGS["pdf_name"], zip_path.name):
        assert (site_dir / name).read_bytes() == (zip_path.parent / name).read_bytes(), name
        assert re.search(rf'href="{re.escape(name)}" download>[^<]*\({re.escape(name)}, \d+\.\d MB\)', page), name


def test_public_site_and_zip_have_no_print_page(site_dir, offline_dir):
    for folder in (site_dir, offline_dir):
        assert not (folder / one_file.PRINT_PAGE).exists()
        assert not list(folder.rglob("print-site*"))
    assert "print-site" not in (site_dir / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- in a browser


@pytest.mark.slow
def test_on_a_phone_it_works_offline_and_leaves_no_trace(one_file_path, new_context):
    ctx, guard = new_context(**PHONE)
    page = ctx.new_page()
    requests = record_requests(page)
    errors = console_errors(page)
    page.goto(file_url(one_file_path))

    missing = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
        .filter(id => !document.getElementById(id))""")
    assert not missing, f"links with no target: {sorted(set(missing))[:10]}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page is wider than the phone"

    box = page.locator("#edition-search-input")
    box.tap()
    box.press_sequentially(SEARCH_WORD)
    results = page.locator(".edition-search__link")
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")  # in one step
    hit = next((h for h in hrefs if h.startswith("#" + SEARCH_PAGE)), None)
    assert hit, f"no result in {SEARCH_PAGE}: {hrefs}"
    page.locator(f'.edition-search__link[href="{hit}"]').tap()
    page.wait_for_function("id => location.hash === '#' + id", arg=hit[1:])
    # Wait until the section sits below the bar, in the top half of the
    # screen (smooth scrolling, if any, takes a moment); report where it is.
    in_view = """id => {
        const top = document.getElementById(id).getBoundingClientRect().top;
        const bar = document.querySelector('.edition-bar').getBoundingClientRect().bottom;
        return bar - 1 <= top && top < 844 / 2;
    }"""
    try:
        page.wait_for_function(in_view, arg=hit[1:], timeout=3_000)
    except PlaywrightTimeout:
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", hit[1:])
        bar = page.evaluate("document.querySelector('.edition-bar').getBoundingClientRect().bottom")
        pytest.fail(f"the result's section is not in view (top {top}, bar {bar})")

    assert set(requests) == {file_url(one_file_path)} | {r for r in requests if r.startswith("data:")}, requests
    assert not guard.outside, guard.outside
    assert not errors and not guard.errors, (errors, guard.errors)
    assert not any(storage_of(page).values()), storage_of(page)


@pytest.mark.parametrize("how", ["tap", "shift-three-times"])
def test_quick_exit_leaves(one_file_path, new_context, how):
    ctx, guard = new_context(allow=exit_allowed(), **PHONE)
    page = ctx.new_page()
    page.goto(file_url(one_file_path) + "#" + SEARCH_PAGE)
    with page.expect_navigation(url=SETTINGS["exit_url"] + "**"):
        if how == "tap":
            page.locator(".quick-exit__button").tap()
        else:
            for _ in range(3):
                page.keyboard.press("Shift")
    assert page.url.startswith(SETTINGS["exit_url"])
    assert not guard.outside


@pytest.mark.slow
def test_without_javascript_every_page_and_link_works(one_file_path, new_context):
    ctx, guard = new_context(java_script_enabled=False, **PHONE)
    page = ctx.new_page()
    requests = record_requests(page)
    page.goto(file_url(one_file_path))

    headings = page.locator("article.edition-page > :is(h1, h2, h3, h4, h5, h6):first-child")
    assert headings.count() > 10
    hidden = [headings.nth(i).text_content() for i in range(headings.count()) if not headings.nth(i).is_visible()]
    assert not hidden, f"headings not shown: {hidden}"

    links = page.locator("#contents a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    articles = page.eval_on_selector_all("article.edition-page", "els => els.map(e => '#' + e.id)")
    assert not set(articles) - set(targets), "pages missing from the contents list"
    for i, href in enumerate(targets):
        page.goto(file_url(one_file_path) + "#contents")
        links.nth(i).click()
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", href[1:])
        assert 0 <= top < 844 / 2, f"contents link {href} did not move to its section (top {top})"

    exit_link = page.locator("a.quick-exit__button")
    assert exit_link.get_attribute("href") == SETTINGS["exit_url"]
    assert exit_link.is_visible()
    assert not page.locator("[data-edition-search]").is_visible(), "search shows but cannot work"
    assert set(requests) == {file_url(one_file_path)}, requests
    assert not guard.outside


# ---------------------------------------------------------------- search, as the website's


@pytest.fixture(scope="module")
def site_ranking(offline_dir, tmp_path_factory) -> dict[str, list[str]]:
    """The pages the website's own search code ranks first, on the zip's
    index (the one the file carries), for each query of the sample."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run tests/search_rank.cjs")
    queries = tmp_path_factory.mktemp("queries") / "queries.json"
    queries.write_text(json.dumps([entry["q"] for entry in copy_sample(reader_queries())]), encoding="utf-8")
    result = subprocess.run([node, str(TESTS / "search_rank.cjs"), str(offline_dir), str(queries)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_search_index_sections_have_their_place_in_the_file(markup, offline_dir):
    """Every section the search can find is an id in the file, named as
    search.js expects: the page's id, then "-" and the section's anchor."""
    ids = set(re.findall(r'\sid="([^"]+)"', markup))
    index = json.loads((offline_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    missing = []
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        key = get_page_key(page)
        if key not in ids or (anchor and f"{key}-{anchor}" not in ids):
            missing.append(doc["location"])
    assert not missing, f"search results with no place in the file: {missing[:10]}"


@pytest.mark.slow
def test_search_finds_the_same_pages_as_the_website(one_file_path, new_context, site_ranking):
    """Reader queries (support.helpers.copy_sample) typed into the file's
    search box on a phone, from file://: the first three result pages of each
    are the website's, in order."""
    ctx, guard = new_context(**PHONE)
    page = ctx.new_page()
    requests = record_requests(page)
    errors = console_errors(page)
    page.goto(file_url(one_file_path))
    box = page.locator("#edition-search-input")
    box.tap()
    started = time.monotonic()
    misses = []
    for query in site_ranking:
        # The box emptied (which empties the results at once, so no earlier
        # query's results can be read), then the query typed as one piece, as
        # a phone keyboard's suggestion or a paste does: one input event.
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.insert_text(query)
        found = page.wait_for_function("""() => {
            const form = document.querySelector('[data-edition-search]');
            if (form.hasAttribute('aria-busy') || !form.querySelector('[data-edition-status]').textContent) return null;
            return [...form.querySelectorAll('.edition-search__link')].slice(0, 3).map(a => {
                const place = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
                const article = place && place.closest('article.edition-page');
                return article ? article.id : 'no target: ' + a.getAttribute('href');
            });
        }""").json_value()
        expected = [get_page_key(p) for p in site_ranking[query][:3]]
        if found != expected:
            misses.append(f"{query!r}: the file {found}, the website {expected}")
    took = time.monotonic() - started
    print(f"{len(site_ranking)} queries in {took:.1f} s")
    assert not misses, f"{len(misses)} queries find other pages:\n  " + "\n  ".join(misses)
    assert set(requests) == {file_url(one_file_path)} | {r for r in requests if r.startswith("data:")}, requests
    assert not guard.outside, guard.outside
    assert not errors and not guard.errors, (errors, guard.errors)
    assert not any(storage_of(page).values()), storage_of(page)
