"""Every page of the public site, served on loopback and loaded in Chromium:
no request to another host, no page error, nothing left in the browser."""
import pytest

from helpers import SEARCH_WORD, run_search, storage_of

@pytest.mark.slow
def test_every_page_is_private_and_error_free(server, pages, new_context):
    problems = []
    for path in pages:
        ctx, guard = new_context()
        page = ctx.new_page()
        page.goto(server + path, wait_until="load")
        page.wait_for_timeout(150)
        left = storage_of(page)
        if guard.outside:
            problems.append(f"{path}: requests to other hosts: {guard.outside}")
        if guard.errors:
            problems.append(f"{path}: page errors: {guard.errors}")
        if any(left.values()):
            problems.append(f"{path}: left in the browser: {left}")
        ctx.close()
    assert not problems, "\n".join(problems)


def test_search_works_and_leaves_no_trace(server, new_context):
    ctx, guard = new_context(viewport={"width": 400, "height": 800})
    page = ctx.new_page()
    page.goto(server + "index.html")
    hrefs = run_search(page, SEARCH_WORD)
    assert any("boundaries/" in h for h in hrefs), hrefs
    # The searched words never go into a result's address (and so into history).
    assert not [h for h in hrefs if "?" in h], hrefs
    assert not any(storage_of(page).values()), storage_of(page)
    assert not guard.outside and not guard.errors, (guard.outside, guard.errors)


def test_dark_scheme_follows_the_device(server, new_context):
    ctx, _ = new_context(color_scheme="dark")
    page = ctx.new_page()
    page.goto(server + "index.html")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    ctx2, _ = new_context(color_scheme="light")
    page2 = ctx2.new_page()
    page2.goto(server + "index.html")
    assert page2.evaluate("document.body.dataset.mdColorScheme") == "default"


def test_body_text_uses_the_site_font_stack(server, new_context):
    """Material builds its font stack from --md-text-font: ours comes first."""
    ctx, _ = new_context()
    page = ctx.new_page()
    page.goto(server + "index.html")
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontFamily")
    assert family.startswith("system-ui,"), family
