"""The built site's _headers file, and the same policy in every page, are as
strict as the site allows, and the site still works under them: every page
loads with no policy violation, search works and quick exit leaves. The site
is served on loopback with exactly the headers from _headers."""
import base64
import hashlib
import re
import shutil

import pytest

import security
from support.hosting import headers_for, host, parse_headers_file
from support.helpers import NEUTRAL, SEARCH_WORD, allow_neutral, config, run_search

# Records every policy violation the page sees, before any of its scripts run.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber}`);
});
"""
POLICY_WORDS = re.compile(r"Content Security Policy|Content-Security-Policy|Permissions-Policy|Refused to")
INLINE = re.compile(r"<(script|style)((?:\s[^>]*)?)>(.*?)</\1>", re.S)
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def site_headers(site_dir) -> dict:
    return dict(headers_for(parse_headers_file((site_dir / "_headers").read_text(encoding="utf-8")), "/index.html"))


def directives(csp: str) -> dict:
    return {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def expected_hashes(site_dir, tag: str, only: str = "**/*.html") -> set:
    """Hashes of the inline scripts (that run) or styles in every page (or one), found independently."""
    found = set()
    # The one-file download carries its own policy (tests/test_one_file.py).
    download = site_dir / config()["extra"]["offline_html"]
    for page in (p for p in site_dir.glob(only) if p != download):
        for name, attrs, body in INLINE.findall(page.read_text(encoding="utf-8")):
            if name == tag and "src=" not in attrs and "application/json" not in attrs:
                found.add(digest(body))
    return found


def test_policy_allows_no_other_host_and_no_unsafe_source(site_dir):
    headers = site_headers(site_dir)
    csp = directives(headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"]
    for name in ("frame-ancestors", "object-src", "base-uri", "form-action"):
        assert csp[name] == ["'none'"], name
    for name, sources in csp.items():
        for source in sources:
            assert source.startswith("'sha256-") or source in ("'self'", "'none'", "data:"), \
                f"{name} allows {source}"
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["worker-src"] == ["'self'"] and csp["connect-src"] == ["'self'"]
    assert set(csp["script-src"]) == {"'self'"} | expected_hashes(site_dir, "script")
    assert set(csp["style-src"]) == {"'self'"} | expected_hashes(site_dir, "style")


def test_other_headers(site_dir):
    headers = site_headers(site_dir)
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    off = headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in off, feature


def test_every_page_carries_the_policy_first(site_dir, pages):
    """For hosts that cannot send headers (GitHub Pages): the same policy, minus
    frame-ancestors, which a meta tag cannot carry, and allowing only the page's
    own inline scripts and styles, before any script or style."""
    header = directives(site_headers(site_dir)["Content-Security-Policy"])
    header.pop("frame-ancestors")
    for path in pages:
        html = (site_dir / path).read_text(encoding="utf-8")
        metas = META.findall(html)
        assert len(metas) == 1, f"{path}: {len(metas)} policy meta tags"
        meta = directives(metas[0])
        for tag in ("script", "style"):
            assert set(meta.pop(f"{tag}-src")) == {"'self'"} | expected_hashes(site_dir, tag, path), path
        assert meta == {k: v for k, v in header.items() if k not in ("script-src", "style-src")}, path
        first_fetch = min(html.find(t) for t in ("<script", "<style", "<link") if t in html)
        assert html.find("Content-Security-Policy") < first_fetch, f"{path}: policy comes too late"


def test_offline_copy_has_no_policy(offline_dir):
    assert not (offline_dir / "_headers").exists()
    assert not any("Content-Security-Policy" in p.read_text(encoding="utf-8") for p in offline_dir.rglob("*.html"))


@pytest.mark.parametrize("markup", ['<p style="color: red">x</p>', '<a href="#" onclick="go()">x</a>',
                                    '<a href="javascript:go()">x</a>'])
def test_markup_the_policy_would_block_fails_the_build(tmp_path, markup):
    with pytest.raises(security.BuildError, match=r"guide/page\.html"):
        security.page_hashes(f"<html><body>{markup}</body></html>", "guide/page.html")


@pytest.fixture(scope="module")
def hosted(site_dir):
    with host(site_dir) as base:
        yield base


def watched(new_context, **options):
    ctx, guard = new_context(**options)
    ctx.add_init_script(WATCH)
    page = ctx.new_page()
    console = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    return page, guard, console


def problems_on(page, guard, console) -> list[str]:
    found = page.evaluate("window.__violations")
    found += [m for m in console if POLICY_WORDS.search(m) or m.startswith("error:")]
    return found + guard.errors + [f"outside request {u}" for u in guard.outside]


def test_search_works_under_the_policy(hosted, new_context):
    page, guard, console = watched(new_context, viewport={"width": 400, "height": 800})
    page.goto(hosted + "index.html")
    hrefs = run_search(page, SEARCH_WORD)
    assert any("boundaries/" in h for h in hrefs), hrefs
    assert not problems_on(page, guard, console)


def test_quick_exit_leaves_under_the_policy(hosted, new_context):
    page, guard, console = watched(new_context, allow=allow_neutral())
    page.goto(hosted + "index.html")
    page.goto(hosted + "abuse/forms-of-abuse.html")
    assert not problems_on(page, guard, console)
    with page.expect_navigation(url=NEUTRAL + "**"):
        page.locator(".quick-exit__button").click()
    page.go_back()
    assert page.url.endswith("/index.html")


def test_a_missing_hash_is_caught(site_dir, tmp_path, new_context):
    """The check above can fail: drop one script hash and the page reports it."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns("*.zip"))
    scheme = next(body for name, attrs, body in INLINE.findall((site_dir / "index.html").read_text(encoding="utf-8"))
                  if "prefers-color-scheme" in body)
    dropped = digest(scheme)
    for path in [copy / "_headers", *copy.rglob("*.html")]:
        path.write_text(path.read_text(encoding="utf-8").replace(" " + dropped, ""), encoding="utf-8")
    with host(copy) as base:
        page, guard, console = watched(new_context)
        page.goto(base + "index.html", wait_until="load")
        page.goto(base + "abuse/index.html", wait_until="load")
        found = problems_on(page, guard, console)
    assert any("script-src" in p for p in found), found
