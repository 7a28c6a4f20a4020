"""Every page of the public site, served on loopback and loaded in Chromium:
no request to another host, no page error, nothing left in the browser."""

from support.helpers import SEARCH_WORD, run_search, storage_of

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


def test_body_text_uses_the_site_font_stack(server, new_context):
    """Material builds its font stack from --md-text-font: ours comes first."""
    ctx, _ = new_context()
    page = ctx.new_page()
    page.goto(server + "index.html")
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).fontFamily")
    assert family.startswith("system-ui,"), family
