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

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))

import site_build  # noqa: E402
from support.helpers import Guard, config, html_pages  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic",
    # Nothing leaves the machine: every request to another host goes to a
    # closed loopback port (loopback itself never uses the proxy), and no
    # name resolves. Guard (tests/support/helpers.py) records each such request.
    "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


# With workers (pytest.ini), each test module runs whole on one worker, in this
# order: the longest first, so that the workers end at about the same time, and
# early on those that need no build, so that one worker runs them while the
# other builds the site. Modules not named follow in name order.
MODULE_ORDER = [
    "test_engines.py",           # starts the build
    "test_markdown_style.py", "test_inclusive_language.py", "test_workflow.py",  # no build
    "test_page_sweep.py", "test_tools.py", "test_search_queries.py", "test_accessibility.py",
    "test_one_file.py", "test_build.py", "test_metadata.py",
    "test_quick_exit.py", "test_security_headers.py",  # the longest left in the quick loop
]


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(MODULE_ORDER)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: file order within


def pytest_addoption(parser):
    parser.addoption("--site-dir", type=Path, default=None,
                     help="test this built site (and the dist/ folder beside it) instead of "
                          "building one: CI builds once with the real SITE_URL and tests what it deploys")


def build_once(tmp_path_factory, worker_id: str, name: str, site_url: str | None = None) -> Path:
    """Build the site once per test run. With workers (pytest-xdist), the first
    to get here builds into the run's own folder, which all workers share, and
    the others wait for it and test the same build (or fail with its error)."""
    if worker_id == "master":  # no workers
        return site_build.build(tmp_path_factory.mktemp(name) / "site", site_url)
    shared = tmp_path_factory.getbasetemp().parent
    site = shared / name / "site"
    done, failed = shared / f"{name}-done", shared / f"{name}-failed.txt"
    with FileLock(shared / f"{name}.lock"):
        if failed.exists():
            raise site_build.BuildError(failed.read_text(encoding="utf-8"))
        if not done.exists():
            try:
                site_build.build(site, site_url)
            except site_build.BuildError as err:
                failed.write_text(str(err), encoding="utf-8")
                raise
            done.touch()
    return site


@pytest.fixture(scope="session")
def build(tmp_path_factory, pytestconfig, worker_id):
    """The site and its offline editions, built once. Returns (site_dir, zip_path)."""
    site = pytestconfig.getoption("site_dir")
    if site is None:
        site = build_once(tmp_path_factory, worker_id, "build")
    site = site.resolve()
    assert (site / "index.html").is_file(), f"no built site in {site}"
    return site, site_build.dist_dir(site) / config()["extra"]["offline_zip"]


@pytest.fixture(scope="session")
def moved_site(tmp_path_factory, worker_id) -> tuple[Path, str]:
    """The site built for another address under a sub-path, as on GitHub Pages
    project sites: (site_dir, site_url). Built once, for every test that needs it."""
    site_url = "https://guide.example.net/respect/"
    return build_once(tmp_path_factory, worker_id, "moved", site_url), site_url


@pytest.fixture(scope="session")
def site_dir(build) -> Path:
    return build[0]


@pytest.fixture(scope="session")
def zip_path(build) -> Path:
    return build[1]


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


def _contexts(browser):
    made = []

    def make(allow=None, **options):
        ctx = browser.new_context(**options)
        guard = Guard(ctx, allow)
        made.append(ctx)
        return ctx, guard

    yield make
    for ctx in made:
        ctx.close()


@pytest.fixture
def new_context(browser):
    """Make a fresh browser context with a Guard; closes them afterwards."""
    yield from _contexts(browser)


@pytest.fixture(scope="module")
def new_context_module(browser):
    """The same, for module fixtures: closed when the test module ends."""
    yield from _contexts(browser)
