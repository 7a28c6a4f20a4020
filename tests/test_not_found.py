"""The 404 page works wherever a reader lands: at any depth, and when the site
lives under a sub-path (as on GitHub Pages project sites). Its links lead home, to Get help and to the
danger-now page, and it stays neutral."""
from urllib.parse import urlparse

import pytest

from support.helpers import parse
from support.hosting import host

LINKS = {"index.html": "Respect in Relationships", "help/index.html": "Get help",
         "help/danger-now.html": "If you are in danger now"}


def check_landing(page, guard, base: str, missing: str):
    """Open a missing address, check the page is styled and whole, then follow each link."""
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.url != base + missing else None)
    response = page.goto(base + missing, wait_until="load")
    assert response.status == 404
    assert page.title() == "Page not found - Respect in Relationships"
    assert page.locator("article h1").text_content() == "Page not found"
    # The theme's stylesheet loaded: the header is laid out as the theme sets it.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.locator(".quick-exit__button").is_visible()
    assert not failed, f"missing files on the 404 page: {failed}"
    assert not guard.errors and not guard.outside, (guard.errors, guard.outside)
    # Root-relative links, starting from site_url's path, work at any depth.
    links = page.locator("article a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [urlparse(base).path + path for path in LINKS]
    for i, (path, title) in enumerate(LINKS.items()):
        page.goto(base + missing)
        with page.expect_navigation():
            links.nth(i).click()
        assert page.url == base + path
        assert page.title().startswith(title)


@pytest.mark.parametrize("missing", ["abuse/no/such/page.html", *(
    pytest.param(path, marks=pytest.mark.slow) for path in ("no-such-page.html", "help/nothing/"))])
def test_not_found_at_any_depth(site_dir, new_context, missing):
    ctx, guard = new_context()
    with host(site_dir) as base:
        check_landing(ctx.new_page(), guard, base, missing)


@pytest.mark.slow
def test_not_found_under_a_sub_path(moved_site, new_context):
    out, site_url = moved_site
    ctx, guard = new_context()
    with host(out, prefix=urlparse(site_url).path, use_headers=False) as base:
        check_landing(ctx.new_page(), guard, base, "abuse/deep/missing.html")


def test_not_found_is_neutral(site_dir):
    page = parse(site_dir / "404.html")
    assert not page.find("link", rel="canonical")
    assert not [a for t, a in page.tags if t == "meta" and (a.get("property") or "").startswith("og:")]
    text = (site_dir / "404.html").read_text(encoding="utf-8")
    article = text[text.index("<article"):text.index("</article>")]
    assert "404" not in article, "say it plainly, without the code"
