"""Accessibility. axe-core (npm, pinned in package-lock.json) finds no violation
of WCAG 2.0-2.2 A and AA or of axe's best practices in the offline copy, in
light and in dark (every public page is checked by tests/test_page_sweep.py);
and the keyboard reaches every control, each with a visible focus ring.

Dark: the browser asks for a dark scheme and the site switches itself
(overrides/main.html); the test checks that it did.
"""
import pytest
from playwright.sync_api import expect

from support.helpers import axe_report, file_url
from support.tools import node_file

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCHEMES = {"light": "default", "dark": "slate"}  # asked for -> data-md-color-scheme
TABS = 2  # pages checked at once
# Pages where the offline copy's markup differs: links name index.html, the
# search index is a script, and the download page says it is the offline copy.
OFFLINE_PAGES = ["index.html", "download.html", "abuse/index.html"]
KEYBOARD_PAGES = ["index.html", "abuse/forms-of-abuse.html", "help/danger-now.html", "download.html"]

# Material fades colours in as a page loads: check the colours it settles on.
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
START_AXE = """tags => {
  window.__axe = null;
  axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
     .then(r => { window.__axe = r.violations; },
           e => { window.__axe = [{id: 'axe-error', impact: 'error', help: String(e), nodes: []}]; });
}"""


def axe_problems(new_context, urls: list[str], scheme: str) -> list[str]:
    ctx, guard = new_context(color_scheme=scheme)
    ctx.add_init_script(path=str(node_file("axe-core/axe.min.js")))
    tabs = [ctx.new_page() for _ in range(TABS)]
    problems = []
    for start in range(0, len(urls), TABS):
        batch = list(zip(tabs, urls[start:start + TABS]))
        for tab, url in batch:
            tab.goto(url)
        for tab, url in batch:
            tab.wait_for_function(SETTLED)
            shown = tab.evaluate("document.body.dataset.mdColorScheme")
            assert shown == SCHEMES[scheme], f"{url}: asked for {scheme}, page shows {shown}"
            tab.evaluate(START_AXE, TAGS)
        for tab, url in batch:
            tab.wait_for_function("window.__axe !== null", timeout=60_000)
            problems += axe_report(f"{url} ({scheme})", tab.evaluate("window.__axe"))
    assert not guard.outside, guard.outside
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing_in_the_offline_copy(offline_dir, new_context, scheme):
    urls = [file_url(offline_dir / p) for p in OFFLINE_PAGES]
    problems = axe_problems(new_context, urls, scheme)
    assert not problems, "axe violations:\n" + "\n".join(problems)


# Every control a keyboard can reach and a reader can see, in page order, with
# its look before it has focus. Each gets a data-kb number.
MARK_CONTROLS = """() => {
  const selector = 'a[href], area[href], button, input, select, textarea, summary, iframe, ' +
                   '[tabindex], [contenteditable]:not([contenteditable="false"])';
  const controls = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.tabIndex < 0 || el.closest('[hidden], [inert]')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const s = getComputedStyle(el);
    el.dataset.kb = controls.length;
    controls.push({what: `${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute('aria-label') ||
                          el.getAttribute('href') || '').trim().replace(/\\s+/g, ' ').slice(0, 50)}"`,
                   outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow});
  }
  return controls;
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {index: el.dataset.kb === undefined ? null : Number(el.dataset.kb), tag: el.tagName,
          what: el.outerHTML.slice(0, 120), outlineStyle: s.outlineStyle,
          outlineWidth: parseFloat(s.outlineWidth) || 0,
          outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow,
          area: box.width * box.height,
          inView: box.right > 0 && box.left < innerWidth && box.bottom > 0 && box.top < innerHeight};
}"""
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 800}}


def has_visible_ring(before: dict, now: dict) -> bool:
    outline = now["outlineStyle"] != "none" and now["outlineWidth"] > 0 and now["outline"] != before["outline"]
    shadow = now["shadow"] != "none" and now["shadow"] != before["shadow"]
    return outline or shadow


@pytest.mark.slow
@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_keyboard_reaches_every_control_with_a_visible_focus_ring(server, new_context, scheme, size):
    ctx, _ = new_context(color_scheme=scheme, viewport=VIEWPORTS[size])
    page = ctx.new_page()
    problems = []
    for path in KEYBOARD_PAGES:
        page.goto(server + path)
        page.wait_for_function(SETTLED)
        controls = page.evaluate(MARK_CONTROLS)
        assert len(controls) > 10, f"{path}: found only {controls}"
        reached = {}
        for _ in range(len(controls) + 10):
            page.keyboard.press("Tab")
            now = page.evaluate(FOCUSED)
            if now["tag"] == "BODY" or now["index"] in reached:
                break  # past the last control
            if now["index"] is None:
                problems.append(f"{path}: focus lands on something that is not a visible control: {now['what']}")
                continue
            reached[now["index"]] = now
        for i, control in enumerate(controls):
            now = reached.get(i)
            if now is None:
                problems.append(f"{path}: Tab never reaches {control['what']}")
            elif not now["area"]:
                problems.append(f"{path}: {control['what']} takes focus but has no size")
            elif not now["inView"]:
                problems.append(f"{path}: {control['what']} takes focus out of sight")
            elif not has_visible_ring(control, now):
                problems.append(f"{path}: no visible focus ring on {control['what']} "
                                f"(outline {now['outline']}, box-shadow {now['shadow']})")
    assert not problems, f"keyboard focus problems ({scheme}, {size}):\n" + "\n".join(problems)


def test_keyboard_opens_and_closes_the_menu_on_a_phone(server, new_context):
    ctx, _ = new_context(viewport=VIEWPORTS["phone"])
    page = ctx.new_page()
    page.goto(server + "abuse/index.html")
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.locator(".md-sidebar--primary a.md-nav__link[href]").first.is_visible()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu":
            break
    else:
        raise AssertionError("Tab never reached the menu button")
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    # focus moves into the menu as it slides in; a timeout here means it stayed outside
    page.wait_for_function("!!document.activeElement.closest('.md-sidebar--primary')", timeout=5_000)
    assert page.locator(".md-sidebar--primary a.md-nav__link[href]").first.is_visible()
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Menu"


IN_SIGHT = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;  // focus is in the browser's own controls
    const r = el.getBoundingClientRect();
    const what = el.tagName + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"';
    const onScreen = r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0
        && r.right <= innerWidth && r.bottom <= innerHeight;
    const hit = onScreen && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {what, onScreen, uncovered: !!hit && (hit === el || el.contains(hit)),
            exit: el.matches('[data-quick-exit]')};
}"""


# The menu and the panel with focus have finished sliding in.
SLID_IN = """() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left === 0
    && document.activeElement.getBoundingClientRect().left >= 0
    && document.getAnimations().length === 0"""


@pytest.mark.slow
@pytest.mark.parametrize("path", ["abuse/forms-of-abuse.html", "index.html"])
def test_open_phone_menu_keeps_focus_in_sight(server, new_context, path):
    """With the menu open, Tab moves only through what the reader can see: the
    menu panel on screen and the quick exit, never the page under the menu or
    the panels the theme slides off screen (WCAG 2.4.7, 2.4.11). Moving into a
    section and back again by keyboard keeps that true."""
    ctx, _ = new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = ctx.new_page()
    page.goto(server + path)
    page.get_by_role("button", name="Menu").click()
    expect(page.locator("#__drawer")).to_be_checked()
    page.wait_for_function(SLID_IN)
    problems, exit_reached, opened = [], False, False
    for step in range(60):
        page.keyboard.press("Tab")
        now = page.evaluate(IN_SIGHT)
        if now is None:
            continue
        if not (now["onScreen"] and now["uncovered"]):
            problems.append(f"Tab {step + 1}: {now['what']} is {'covered' if now['onScreen'] else 'off screen'}")
        exit_reached = exit_reached or now["exit"]
        # Once, open the section under focus (or go back a level) by keyboard.
        if not opened and now["what"].startswith("LABEL"):
            opened = True
            page.keyboard.press("Enter")
            page.wait_for_function("!document.activeElement.closest('[inert]')")
            page.wait_for_function(SLID_IN)
    assert opened, "no section or back control in the open menu took focus"
    assert exit_reached, "the quick exit could not be reached with the menu open"
    assert not problems, "focus out of sight with the menu open:\n" + "\n".join(problems)
