"""Quick exit, on the public site and in the offline copy: always visible,
leaves by click or Shift x3, ignores Shift with another key, and Back does
not return to the page that was open. It also disappears in print."""
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from support.helpers import NEUTRAL, allow_neutral, file_url

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 360, "height": 640}}


def test_secondary_link_comes_first_for_keyboard_users(server, new_context):
    ctx, _ = new_context()
    page = ctx.new_page()
    page.goto(server + "abuse/index.html")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Exit this page now"
    rel = page.evaluate("document.activeElement.rel")
    assert "noreferrer" in rel.split()


def visit_then_open(page, base, first, second):
    page.goto(base + first)
    page.goto(base + second)


@pytest.mark.parametrize("how", ["click", "shift-three-times"])
def test_leaves_and_back_does_not_return(server, new_context, how):
    ctx, guard = new_context(allow=allow_neutral())
    page = ctx.new_page()
    visit_then_open(page, server, "index.html", "abuse/forms-of-abuse.html")
    with page.expect_navigation(url=NEUTRAL + "**"):
        if how == "click":
            page.locator(".quick-exit__button").click()
        else:
            for _ in range(3):
                page.keyboard.press("Shift")
    assert page.url.startswith(NEUTRAL)
    page.go_back()
    assert "forms-of-abuse" not in page.url, "Back returned to the page that was exited"
    assert page.url.endswith("index.html")


def test_shift_with_another_key_does_not_count(server, new_context):
    ctx, _ = new_context(allow=allow_neutral())
    page = ctx.new_page()
    page.goto(server + "abuse/index.html")
    for _ in range(4):
        page.keyboard.down("Shift")
        page.keyboard.press("A")
        page.keyboard.up("Shift")
    page.wait_for_timeout(300)
    assert page.url.endswith("abuse/index.html")
    page.keyboard.press("Shift")
    status = page.locator("[data-quick-exit-status]").text_content()
    assert "press 2 more times" in status


TYPING = {
    # A lone Shift tap between letters, as when someone types a name or a
    # search: the letters must start the count again.
    "tap-letter-tap": ["Shift", "a", "Shift", "b", "Shift"],
    # Sticky Keys: a lone Shift before each capital.
    "sticky-capitals": ["Shift", "H", "i", "Shift", "T", "h", "e", "r", "e", "Shift", "B", "o", "b", "Shift"],
}


@pytest.mark.parametrize("where", ["page", pytest.param("search box", marks=pytest.mark.slow)])
@pytest.mark.parametrize("keys", TYPING)
def test_typing_with_lone_shifts_does_not_leave(server, new_context, keys, where):
    ctx, guard = new_context(allow=allow_neutral(), viewport=VIEWPORTS["desktop"])
    page = ctx.new_page()
    page.goto(server + "abuse/index.html")
    if where == "search box":
        page.locator(".md-search__input").click()
    for key in TYPING[keys]:
        page.keyboard.press(key)
    # The last key is a lone Shift: it counts as the first of three, no more.
    expect(page.locator("[data-quick-exit-status]")).to_have_text("Shift, press 2 more times to exit.")
    assert page.url.endswith("abuse/index.html")
    assert not guard.outside
    # Two more lone Shifts still leave.
    with page.expect_navigation(url=NEUTRAL + "**"):
        page.keyboard.press("Shift")
        page.keyboard.press("Shift")


def test_works_without_javascript(server, new_context):
    ctx, _ = new_context(allow=allow_neutral(), java_script_enabled=False)
    page = ctx.new_page()
    page.goto(server + "abuse/index.html")
    link = page.locator(".quick-exit__button")
    assert link.get_attribute("href") == NEUTRAL
    assert "noreferrer" in link.get_attribute("rel").split()
    with page.expect_navigation(url=NEUTRAL + "**"):
        link.click()


def test_offline_copy_hides_page_and_back_skips_it(offline_dir, new_context):
    """With no network the browser shows an error page, but the exited page is gone."""
    ctx, guard = new_context()
    page = ctx.new_page()
    page.goto(file_url(offline_dir / "index.html"))
    page.goto(file_url(offline_dir / "abuse" / "forms-of-abuse.html"))
    for _ in range(3):
        page.keyboard.press("Shift")
    # The exit's neutral page cannot load here: wait until the browser's error
    # page for it has loaded in place of the page left.
    expect(page).not_to_have_url(re.compile("forms-of-abuse"))
    page.wait_for_load_state()
    assert guard.outside and guard.outside[0].startswith(NEUTRAL), "exit did not try the neutral page"
    page.go_back()
    assert "forms-of-abuse" not in page.url
    assert page.url.endswith("index.html")


def test_print_has_no_quick_exit(server, new_context):
    ctx, _ = new_context()
    page = ctx.new_page()
    page.goto(server + "abuse/forms-of-abuse.html")
    page.emulate_media(media="print")
    assert not page.locator(".quick-exit__button").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)
    assert "Exit this page" not in text
    assert "Forms of abuse" in text
