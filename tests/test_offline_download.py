"""The offline zip, unpacked into a folder with a space in its path and opened
through file:// with every network request blocked, works: navigation, search,
the quick-exit button on every page, and nothing left in the browser."""
from urllib.parse import unquote, urlparse

import pytest

from support.helpers import SEARCH_WORD, button_is_clear, file_url, run_search, storage_of


@pytest.mark.slow
def test_every_navigation_link_opens_its_page(offline_dir, new_context):
    ctx, guard = new_context()
    page = ctx.new_page()
    # Each page's menu holds its own section's pages: follow the menus from the
    # home page until every page they name has been opened.
    start = file_url(offline_dir / "index.html")
    queue, opened = [start], set()
    while queue:
        url = queue.pop(0)
        if url in opened:
            continue
        opened.add(url)
        page.goto(url)
        links = page.eval_on_selector_all(
            "nav.md-nav--primary a.md-nav__link[href]", "els => els.map(e => e.href)")
        queue += sorted({l.split("#")[0] for l in links if l.startswith("file:")} - opened)
        local = unquote(urlparse(url).path)
        assert page.url.split("#")[0] == url, f"{url} opened {page.url}"
        assert page.locator("article h1").count() == 1, f"no page at {local}"
        assert button_is_clear(page), f"quick exit hidden on {local}"
        assert page.locator('meta[name="referrer"][content="no-referrer"]').count() == 1, local
    built = {p for p in offline_dir.rglob("*.html") if "assets" not in p.parts and p.name != "404.html"}
    assert len(opened) == len(built), sorted(p.relative_to(offline_dir).as_posix() for p in built
                                             if file_url(p) not in opened)
    assert not any(storage_of(page).values()), storage_of(page)
    assert not guard.outside, guard.outside
    assert not guard.errors, guard.errors


def test_search_works_offline(offline_dir, new_context):
    ctx, guard = new_context(viewport={"width": 400, "height": 800})
    page = ctx.new_page()
    page.goto(file_url(offline_dir / "index.html"))
    hrefs = run_search(page, SEARCH_WORD)
    assert any("boundaries/" in h for h in hrefs), hrefs
    page.locator(".md-search-result__link").first.click()
    page.wait_for_load_state()
    assert "boundaries/" in page.url
    assert not guard.outside, guard.outside
    assert not guard.errors, guard.errors


def test_offline_search_shim_is_local(offline_dir):
    html = (offline_dir / "index.html").read_text(encoding="utf-8")
    assert "iframe-worker-shim.js" in html
    assert "unpkg.com" not in html
