"""The site's promises in Firefox ESR and in WebKitGTK, not only in Chromium.

One pass per engine loads every page of the public site (served on loopback
with its real _headers, as tests/support/hosting.py does) and a sample of the
unpacked offline zip (file://, a folder with a space) once, and collects every
per-page check from that single load (tests/engines/collect.js); then it
searches once and leaves by the quick exit three ways. The same pass opens the one-file edition
(dist/<extra.offline_html>) from file://, searches it and leaves it by a click.
Firefox runs in a Node process (tests/engines/firefox.mjs) while WebKit runs
here (tests/engines/webkit.py), so the two passes overlap. The site is the
session's one build (the `build` fixture in conftest.py, or --site-dir).

What each engine can and cannot see is written at the top of its driver.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
import traceback
from urllib.parse import urlsplit

import pytest

from engines import plan as engine_plan
from engines import servers, webkit
from support.helpers import ROOT, config, html_pages, parse

ENGINES = ["firefox", "webkit"]
SITES = ["online", "offline"]
EXITS = ["click", "shift-three-times"]
# No server ever shows it from a folder: the offline builds leave it out
# (overrides/hooks/editions.py).
NOT_IN_ZIP = {"404.html"}
# The zip's pages are the public site's pages, file for file with the same
# links and scripts (tests/test_links.py proves it), and both engines open every
# public page; Chromium opens every page of the zip (tests/test_offline_download.py).
# From the zip, each engine opens what can differ from file://: the home page,
# every section's first page, the download page (its offline text) and every
# page that loads scripts or styles of its own.
def offline_sample(offline_dir) -> list[str]:
    def assets(path: str) -> set[str]:
        tags = parse(offline_dir / path).tags
        found = {a.get("src") or a.get("href") for t, a in tags
                 if (t == "script" and a.get("src")) or (t == "link" and a.get("rel") == "stylesheet")}
        return {name.rsplit("assets/", 1)[-1] for name in found if name}

    pages = html_pages(offline_dir)
    common = set.intersection(*(assets(path) for path in pages))
    return [path for path in pages
            if path.endswith("index.html") or path == "download.html" or assets(path) - common]

# Raised inside selenium's own WebKitGTK driver class, not by this code.
pytestmark = pytest.mark.filterwarnings("ignore:setting remote_server_addr:DeprecationWarning")


def _wanted_engines(session) -> set[str]:
    wanted = set()
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if callspec and item.module.__name__ == __name__ and "engine" in callspec.params:
            wanted.add(callspec.params["engine"])
    return wanted or set(ENGINES)


def _check_programs(wanted: set[str], plan: dict) -> None:
    missing = []
    if "firefox" in wanted:
        if not os.path.exists(plan["firefox"]):
            missing.append(f"Firefox ESR at {plan['firefox']} (Debian: firefox-esr; or set FIREFOX)")
        if not (ROOT / "node_modules" / "puppeteer-core").is_dir():
            missing.append("node_modules/puppeteer-core (scripts/test installs it with npm ci)")
        if not shutil.which("node"):
            missing.append("node (Debian: nodejs)")
    if "webkit" in wanted:
        for key, package in (("minibrowser", "libwebkit2gtk-4.1-0"), ("webkit_webdriver", "webkit2gtk-driver")):
            if not os.path.exists(plan[key]):
                missing.append(f"{plan[key]} (Debian: {package})")
        if not shutil.which("Xvfb"):
            missing.append("Xvfb (Debian: xvfb)")
    if missing:
        pytest.fail("Cannot run the cross-engine checks; missing:\n  " + "\n  ".join(missing)
                    + "\nRun the tests with scripts/test, which installs them as root with apt.",
                    pytrace=False)


def _path_of(url: str, bases: dict[str, str]) -> tuple[str, str] | None:
    for name, base in bases.items():
        if url.startswith(base):
            return name, url[len(base):].split("#", 1)[0].split("?", 1)[0]
    return None


def _file_reports(result: dict, reports: list[dict], bases: dict[str, str]) -> None:
    """Put each CSP report the engine sent under the page that raised it."""
    for site in result["sites"].values():
        for record in site["pages"].values():
            record["cspReports"] = []
    result["unplaced_reports"] = []
    for report in reports:
        where = _path_of(report.get("document-uri", ""), bases)
        pages = result["sites"].get(where[0], {}).get("pages", {}) if where else {}
        if where and where[1] in pages:
            pages[where[1]]["cspReports"].append(report)
        else:
            result["unplaced_reports"].append(report)


@pytest.fixture(scope="session")
def one_file_path(zip_path):
    path = zip_path.parent / config()["extra"]["offline_html"]
    assert path.is_file(), f"no one-file edition at {path}"
    return path


@pytest.fixture(scope="session")
def engine_results(request, site_dir, offline_dir, pages, one_file_path, tmp_path_factory):
    """Run each wanted engine once over both sites and the one-file edition.
    Returns ({engine: result}, {engine: why it did not finish})."""
    started = time.monotonic()
    wanted = _wanted_engines(request.session)
    probe = engine_plan.make([])
    _check_programs(wanted, probe)
    # The pages' <meta> policy is reported only if the test host can read it.
    if "Content-Security-Policy" in (site_dir / "index.html").read_text(encoding="utf-8"):
        assert servers.meta_policy(site_dir / "index.html"), "the test host cannot read the pages' <meta> policy"
    work = tmp_path_factory.mktemp("engines")
    offline = {"name": "offline", "base": offline_dir.resolve().as_uri() + "/", "pages": offline_sample(offline_dir)}
    results, failures = {}, {}

    with servers.reporting_host(site_dir) as (ff_base, ff_reports), \
            servers.reporting_host(site_dir) as (wk_base, wk_reports):
        firefox = None
        if "firefox" in wanted:
            ff_plan = engine_plan.make([{"name": "online", "base": ff_base, "pages": pages}, offline],
                                       one_file_path=one_file_path)
            (work / "firefox-plan.json").write_text(json.dumps(ff_plan), encoding="utf-8")
            ff_log = open(work / "firefox.log", "w", encoding="utf-8")
            firefox = subprocess.Popen(
                ["node", str(ROOT / "tests" / "engines" / "firefox.mjs"), str(work / "firefox-plan.json")],
                stdout=subprocess.PIPE, stderr=ff_log, text=True, cwd=ROOT)
            # Read stdout as it comes, so a large result never blocks the pipe.
            ff_out: list[str] = []
            reader = threading.Thread(target=lambda: ff_out.append(firefox.stdout.read()), daemon=True)
            reader.start()
        if "webkit" in wanted:
            wk_plan = engine_plan.make([{"name": "online", "base": wk_base, "pages": pages}, offline],
                                       one_file_path=one_file_path)
            with servers.recording_proxy() as (proxy, seen), servers.xvfb() as display:
                try:
                    results["webkit"] = webkit.run(wk_plan, display=display, proxy=proxy, proxy_seen=seen,
                                                   log_path=str(work / "webkit.log"))
                except Exception:  # reported by every WebKit test, with the driver log
                    log = (work / "webkit.log").read_text(encoding="utf-8", errors="replace")[-3000:]
                    failures["webkit"] = f"{traceback.format_exc()}\nWebKitWebDriver log:\n{log}"
            if "webkit" in results:
                _file_reports(results["webkit"], list(wk_reports), {"online": wk_base})
        if firefox:
            try:
                firefox.wait(timeout=600)
            except subprocess.TimeoutExpired:
                firefox.kill()
                firefox.wait()
            reader.join(30)
            ff_log.close()
            log = (work / "firefox.log").read_text(encoding="utf-8", errors="replace")
            if firefox.returncode == 0 and ff_out and ff_out[0]:
                results["firefox"] = json.loads(ff_out[0])
                _file_reports(results["firefox"], list(ff_reports), {"online": ff_base})
            else:
                failures["firefox"] = f"firefox.mjs exited with {firefox.returncode}:\n{log[-3000:]}"
    for name, result in results.items():
        (work / f"{name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(f"\n{result['engine']}: {result['timings']}")
    print(f"cross-engine pass: {time.monotonic() - started:.0f} s; results in {work}")
    return results, failures


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.param


@pytest.fixture
def result(engine, engine_results):
    results, failures = engine_results
    if engine in failures:
        pytest.fail(f"the {engine} pass did not finish: {failures[engine]}", pytrace=False)
    return results[engine]


def site_of(result: dict, site: str) -> dict:
    return result["sites"][site]


def every_load(result: dict, site: str):
    """Each page load of the pass, with a label: every page, then the search."""
    data = site_of(result, site)
    for path, record in data["pages"].items():
        yield path, record
    if "after" in data["search"]:
        yield "(after searching)", data["search"]["after"]


def _local(url: str) -> bool:
    return servers.is_local(url)


PREFETCHING_RELS = {"next", "prev", "prefetch", "prerender", "preload", "modulepreload", "dns-prefetch",
                    "preconnect"}


def test_no_page_asks_the_browser_to_fetch_ahead(site_dir, pages):
    """Firefox fetches a <link rel="next"> page ahead of time: a fetch the
    reader did not ask for, and a CSP violation under default-src 'none'.
    No page carries such a link (the same rule, without a browser)."""
    found = [f"{path}: <link rel={attrs.get('rel')} href={attrs.get('href')}>"
             for path in pages for attrs in parse(site_dir / path).find("link")
             if set((attrs.get("rel") or "").lower().split()) & PREFETCHING_RELS]
    assert not found, "\n".join(found)


@pytest.mark.slow
@pytest.mark.parametrize("site", SITES)
def test_every_page_loads_with_its_quick_exit(result, site, pages):
    """Each page opened as itself, with one heading and the quick exit in view."""
    loaded = site_of(result, site)["pages"]
    problems = []
    for path, record in loaded.items():
        if "failed" in record:
            problems.append(f"{path}: did not load: {record['failed']}")
        elif not record["url"].split("#")[0].endswith("/" + path):
            problems.append(f"{path}: opened {record['url']}")
        if record["h1"] != 1:
            problems.append(f"{path}: {record['h1']} headings in the article")
        if not (record["quickExit"] and record["quickExit"]["clear"]):
            problems.append(f"{path}: quick exit missing, hidden or covered: {record['quickExit']}")
    if site == "online":
        assert sorted(loaded) == sorted(pages), "not every page was visited"
    else:
        assert set(loaded) <= set(pages) - NOT_IN_ZIP, "the zip holds a page the site has not"
        # The two tools load scripts of their own: the sample must hold them.
        assert {"index.html", "download.html", "help/safety-plan.html", "abuse/is-this-ok.html"} <= set(loaded)
    assert not problems, f"{result['engine']}, {site}:\n" + "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("site", SITES)
def test_no_request_to_another_host(result, site):
    problems = []
    for label, record in every_load(result, site):
        if record["outside"]:
            problems.append(f"{label}: asked other hosts for {record['outside']}")
        remote = [url for url in record["resources"] if not _local(url)]
        if remote:
            problems.append(f"{label}: Resource Timing lists {remote}")
    assert not problems, f"{result['engine']}, {site}:\n" + "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("site", SITES)
def test_no_page_error(result, site):
    """Firefox reports every page error. WebKitGTK's driver cannot (see
    tests/engines/webkit.py): there, Material's script must have run to its
    end on every page, and no error may follow during search and quick exit."""
    data = site_of(result, site)
    problems = []
    for label, record in every_load(result, site):
        if record["errors"]:
            problems.append(f"{label}: {record['errors']}")
        if not record["material"]:
            problems.append(f"{label}: the theme's script did not run to its end")
    for how, record in data["quick_exit"].items():
        if record["errors"]:
            problems.append(f"quick exit ({how}): {record['errors']}")
    assert not problems, f"{result['engine']}, {site}:\n" + "\n".join(problems)


def _stored(storage: dict) -> dict:
    """The kinds of storage that hold something. 'unavailable' holds nothing."""
    return {kind: value for kind, value in storage.items() if isinstance(value, list) and value}


@pytest.mark.slow
@pytest.mark.parametrize("site", SITES)
def test_nothing_stored_after_every_page_and_a_search(result, site):
    data = site_of(result, site)
    problems = [f"{label}: {_stored(record['storage'])}"
                for label, record in every_load(result, site) if _stored(record["storage"])]
    if "after" not in data["search"]:
        problems.append(f"the search did not run: {data['search']}")
    if [c for c in data["cookies"] if not c.startswith("unavailable")]:
        problems.append(f"cookies in the browser: {data['cookies']}")
    assert not problems, f"{result['engine']}, {site}:\n" + "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("site", SITES)
def test_no_content_security_policy_violation(result, site):
    """Every page, from the first byte: the engine's own reports (report-uri,
    both engines, public site), and in Firefox a listener that runs before any
    page script plus Firefox's CSP log messages."""
    data = site_of(result, site)
    loads = list(every_load(result, site)) + [(f"quick exit ({how})", r) for how, r in data["quick_exit"].items()]
    problems = []
    for label, record in loads:
        found = (record.get("csp") or []) + record.get("cspLog", []) + record.get("cspReports", [])
        if found:
            problems.append(f"{label}: {found}")
    if site == "online" and result.get("unplaced_reports"):
        problems.append(f"reports from pages outside the pass: {result['unplaced_reports']}")
    assert not problems, f"{result['engine']}, {site}: {len(problems)} with violations\n" + "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("site", SITES)
def test_search_finds_a_known_page(result, site):
    searched = site_of(result, site)["search"]
    assert "hrefs" in searched, f"{result['engine']}, {site}: search failed: {searched.get('failed')}"
    finds = engine_plan.SEARCH["finds"]
    assert any(finds in href for href in searched["hrefs"]), (
        f"{result['engine']}, {site}: searching {engine_plan.SEARCH['word']!r} did not find {finds}: "
        f"{searched['hrefs'][:5]}")
    # The searched words never go into a result's address (and so into history).
    assert not [h for h in searched["hrefs"] if "?" in h], searched["hrefs"]


@pytest.mark.slow
@pytest.mark.parametrize("how", EXITS)
@pytest.mark.parametrize("site", SITES)
def test_quick_exit_leaves(result, site, how):
    record = site_of(result, site)["quick_exit"][how]
    exit_url = engine_plan.quick_exit_url()
    assert "failed" not in record, f"{result['engine']}, {site}, {how}: {record['failed']}"
    assert record["url"].startswith(exit_url), f"{result['engine']}, {site}, {how}: still at {record['url']}"
    others = [u for u in record["outside"] if urlsplit(u).hostname != urlsplit(exit_url).hostname]
    assert not others, f"{result['engine']}, {site}, {how}: also asked {others}"


@pytest.mark.slow
@pytest.mark.parametrize("site", SITES)
def test_typing_in_search_with_lone_shifts_does_not_leave(result, site):
    record = site_of(result, site)["quick_exit"]["typing-in-search"]
    where = f"{result['engine']}, {site}"
    assert "url_after_typing" in record, f"{where}: {record.get('failed')}"
    assert record["url_after_typing"].endswith(engine_plan.EXIT_FROM), f"{where}: left while typing"
    assert record["typed"] == "ab", f"{where}: the search box holds {record['typed']!r}"
    # The last key was a lone Shift: it counts as the first of three, no more.
    assert record["status_after_typing"] == "Shift, press 2 more times to exit.", (
        f"{where}: {record['status_after_typing']!r}")
    # And two more lone Shifts do leave: the keys reached the page.
    assert "failed" not in record, f"{where}: {record['failed']}"
    assert record["url"].startswith(engine_plan.quick_exit_url()), f"{where}: still at {record['url']}"


# ---------------------------------------------------------------- the one-file edition


def one_file_of(result: dict) -> dict:
    assert "one_file" in result, f"{result['engine']}: the one-file edition was not opened"
    return result["one_file"]


@pytest.mark.slow
def test_one_file_edition_opens_with_its_search_and_quick_exit(result, one_file_path):
    load = one_file_of(result)["load"]
    where = f"{result['engine']}, one-file edition"
    assert "failed" not in load, f"{where}: did not open: {load['failed']}"
    assert load["url"].split("#")[0] == engine_plan.one_file(one_file_path)["url"], f"{where}: opened {load['url']}"
    # Its search script shows the search form as its last step: the scripts ran.
    assert load["editionSearch"] is True, f"{where}: the search form is not shown"
    assert load["quickExit"] and load["quickExit"]["clear"], f"{where}: quick exit: {load['quickExit']}"


@pytest.mark.slow
def test_one_file_edition_asks_no_other_host_raises_no_error_stores_nothing(result):
    data = one_file_of(result)
    loads = [("opened", data["load"])]
    if "after" in data["search"]:
        loads.append(("after searching", data["search"]["after"]))
    loads += [(f"quick exit ({how})", record) for how, record in data["quick_exit"].items()]
    exit_host = urlsplit(engine_plan.quick_exit_url()).hostname
    problems = []
    for label, record in loads:
        outside = [u for u in record["outside"]
                   if not (label.startswith("quick exit") and urlsplit(u).hostname == exit_host)]
        if outside:
            problems.append(f"{label}: asked other hosts for {outside}")
        remote = [url for url in record.get("resources", []) if not _local(url)]
        if remote:
            problems.append(f"{label}: Resource Timing lists {remote}")
        if record["errors"]:
            problems.append(f"{label}: errors {record['errors']}")
        if _stored(record.get("storage") or {}):
            problems.append(f"{label}: stored {_stored(record['storage'])}")
        violations = (record.get("csp") or []) + record.get("cspLog", [])
        if violations:
            problems.append(f"{label}: policy violations {violations}")
    if [c for c in data["cookies"] if not c.startswith("unavailable")]:
        problems.append(f"cookies in the browser: {data['cookies']}")
    assert not problems, f"{result['engine']}, one-file edition:\n" + "\n".join(problems)


@pytest.mark.slow
def test_one_file_search_finds_a_known_page(result):
    searched = one_file_of(result)["search"]
    where = f"{result['engine']}, one-file edition"
    assert "hrefs" in searched, f"{where}: search failed: {searched.get('failed')}"
    finds = engine_plan.ONE_FILE_SEARCH["finds"]
    hits = [h for h in searched["hrefs"] if h.startswith(finds)]
    assert hits, f"{where}: searching {engine_plan.ONE_FILE_SEARCH['word']!r} found nothing in {finds}: " \
                 f"{searched['hrefs'][:5]}"
    # Following the result moves to it, inside the same file.
    assert searched["hash"] == hits[0], f"{where}: the result led to {searched['hash']!r}"


@pytest.mark.slow
def test_one_file_quick_exit_by_click_leaves(result):
    record = one_file_of(result)["quick_exit"]["click"]
    where = f"{result['engine']}, one-file edition"
    assert "failed" not in record, f"{where}: {record['failed']}"
    assert record["url"].startswith(engine_plan.quick_exit_url()), f"{where}: still at {record['url']}"
