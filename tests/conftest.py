"""Shared fixtures: one real build per test session, a loopback server, Chromium.

Every test file runs on its own too: `pytest tests/test_privacy.py`.
"""
from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import editions  # noqa: E402
import site_build  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome-error"}


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """Build both outputs once. Returns (site_dir, zip_path)."""
    out = tmp_path_factory.mktemp("build")
    zip_path = site_build.build(site_dir=out / "site", dist_dir=out / "dist")
    return out / "site", zip_path


@pytest.fixture(scope="session")
def site_dir(build) -> Path:
    return build[0]


@pytest.fixture(scope="session")
def zip_path(build) -> Path:
    return build[1]


def html_pages(root: Path) -> list[str]:
    """Site-relative paths of every page a reader can open (not the one-file
    download, which tests/test_one_file.py checks)."""
    download = editions.settings()["html_name"]
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if not p.relative_to(root).as_posix().startswith("assets/")
                  and p.relative_to(root).as_posix() != download)


@pytest.fixture(scope="session")
def pages(site_dir) -> list[str]:
    found = html_pages(site_dir)
    assert len(found) > 10, f"expected the whole site, found {found}"
    return found


@pytest.fixture(scope="session")
def offline_dir(zip_path, tmp_path_factory) -> Path:
    """The offline zip unpacked into a folder whose path holds a space."""
    dest = tmp_path_factory.mktemp("unpacked") / "offline copy"
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(dest)
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site_dir):
    """Serve the public site on a loopback port. Yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(f"Chromium not found at {path}: run the tests with scripts/test, "
                    "or set CHROMIUM to a Chromium binary")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def is_first_party(url: str) -> bool:
    parts = urlparse(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.hostname in {"127.0.0.1", "localhost", "::1"}


class Guard:
    """Blocks and records every request to another host, and records page errors."""

    def __init__(self, context, allow: dict[str, str] | None = None):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.allow = allow or {}
        context.route("**/*", self._route)
        context.on("weberror", lambda err: self.errors.append(str(err.error)))

    def _route(self, route):
        url = route.request.url
        if is_first_party(url):
            route.continue_()
        elif url in self.allow:
            route.fulfill(status=200, content_type="text/html", body=self.allow[url])
        else:
            self.outside.append(url)
            route.abort("blockedbyclient")


@pytest.fixture
def new_context(browser):
    """Make a fresh browser context with a Guard; closes them afterwards."""
    made = []

    def make(allow=None, **options):
        ctx = browser.new_context(**options)
        guard = Guard(ctx, allow)
        made.append(ctx)
        return ctx, guard

    yield make
    for ctx in made:
        ctx.close()


def storage_of(page) -> dict:
    """Everything the site left in the browser: cookies, localStorage, sessionStorage."""
    return {
        "cookies": page.context.cookies(),
        "local": page.evaluate("Object.keys(localStorage)"),
        "session": page.evaluate("Object.keys(sessionStorage)"),
    }
