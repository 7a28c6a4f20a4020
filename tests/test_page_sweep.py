"""Every page of the public site, served on loopback with exactly the headers in
_headers (as a host that reads that file sends them), loaded once per sweep in
Chromium. From that one load each sweep collects everything checked per page:

- no request to another host, and no page error;
- nothing left in the browser: cookies, localStorage, sessionStorage,
  IndexedDB databases, Cache Storage;
- no Content-Security-Policy violation;
- the site follows the device's light or dark setting;
- the quick-exit button is in view and uncovered, at the top and the bottom;
- axe-core (npm, pinned) finds no violation of WCAG 2.0-2.2 A and AA or of
  axe's best practices.

Two sweeps, so each page is seen in both colour schemes and at both sizes:
light on a desktop screen, dark on a small phone screen.
"""
from __future__ import annotations

import re

import pytest


from support.hosting import host
from support.helpers import Guard, axe_report, button_is_clear
from support.tools import node_file

pytestmark = pytest.mark.slow

SWEEPS = {
    "light-desktop": {"color_scheme": "light", "viewport": {"width": 1280, "height": 800}},
    "dark-phone": {"color_scheme": "dark", "viewport": {"width": 360, "height": 640}, "has_touch": True},
}
SCHEMES = {"light": "default", "dark": "slate"}  # asked for -> data-md-color-scheme
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Registered before any of the page's own scripts run.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber}`);
});
"""
POLICY_WORDS = re.compile(r"Content Security Policy|Content-Security-Policy|Permissions-Policy|Refused to")
# Material fades colours in as a page loads: check what it settles on.
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
STORAGE = """async () => ({
  local: Object.keys(localStorage),
  session: Object.keys(sessionStorage),
  indexedDB: (await indexedDB.databases()).map(d => d.name),
  caches: await caches.keys(),
})"""
AXE = """async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                              resultTypes: ['violations']})).violations"""


@pytest.fixture(scope="module", params=list(SWEEPS))
def sweep(request, site_dir, pages, browser):
    """One load of every page. Returns (sweep name, {check: [problems]})."""
    name = request.param
    options = SWEEPS[name]
    found: dict[str, list[str]] = {k: [] for k in
                                   ("outside", "errors", "storage", "policy", "scheme", "exit", "axe")}
    with host(site_dir) as base:
        ctx = browser.new_context(**options)
        guard = Guard(ctx)
        ctx.add_init_script(WATCH)
        ctx.add_init_script(path=str(node_file("axe-core/axe.min.js")))
        page = ctx.new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        for path in pages:
            console.clear()
            guard.errors.clear()
            outside_before = len(guard.outside)
            response = page.goto(base + path, wait_until="load")
            assert "content-security-policy" in response.headers, f"{path}: served without the headers"
            page.wait_for_function(SETTLED)
            found["outside"] += [f"{path}: {u}" for u in guard.outside[outside_before:]]
            found["errors"] += [f"{path}: {e}" for e in guard.errors]
            left = {k: v for k, v in page.evaluate(STORAGE).items() if v}
            if ctx.cookies():
                left["cookies"] = ctx.cookies()
            if left:
                found["storage"].append(f"{path}: {left}")
            policy = page.evaluate("window.__violations")
            policy += [m for m in console if POLICY_WORDS.search(m)]
            found["policy"] += [f"{path}: {p}" for p in policy]
            shown = page.evaluate("document.body.dataset.mdColorScheme")
            if shown != SCHEMES[options["color_scheme"]]:
                found["scheme"].append(f"{path}: asked for {options['color_scheme']}, shows {shown}")
            if not button_is_clear(page):
                found["exit"].append(f"{path} (top)")
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            if not button_is_clear(page):
                found["exit"].append(f"{path} (bottom)")
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_function(SETTLED)
            found["axe"] += axe_report(path, page.evaluate(AXE, AXE_TAGS))
        ctx.close()
    return name, found


def check(sweep, name: str) -> None:
    which, found = sweep
    assert not found[name], f"{name} ({which}):\n" + "\n".join(found[name])


def test_no_page_asks_another_host(sweep):
    check(sweep, "outside")


def test_no_page_raises_an_error(sweep):
    check(sweep, "errors")


def test_no_page_leaves_anything_in_the_browser(sweep):
    check(sweep, "storage")


def test_no_page_breaks_the_security_policy(sweep):
    check(sweep, "policy")


def test_every_page_follows_the_device_colour_scheme(sweep):
    check(sweep, "scheme")


def test_quick_exit_in_view_and_uncovered_at_top_and_bottom(sweep):
    check(sweep, "exit")


def test_axe_finds_nothing(sweep):
    check(sweep, "axe")
