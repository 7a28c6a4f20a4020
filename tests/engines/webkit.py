"""WebKitGTK pass of the cross-engine checks (tests/test_engines.py runs it).

Drives Debian's WebKitGTK MiniBrowser through WebKitWebDriver with Selenium,
under an Xvfb display the caller starts. The plan and the result have the same
shape as for Firefox (see tests/engines/plan.py).

What WebKit lets us see, and how (WebKitWebDriver speaks classic WebDriver
only: no request interception, no script before the page's own, no console
log; and MiniBrowser's "console to stdout" setting is off in the ephemeral
session automation uses):
  requests      the browser's proxy is a recording proxy on loopback that
                refuses every request (loopback itself bypasses it); collect.js
                adds the page's Resource Timing entries. Together they see
                every HTTP(S) request the page or the browser makes for it;
                neither sees a request that never leaves the engine (memory
                cache), nor DNS prefetching (the proxy resolves names, and
                MiniBrowser gets --enable-dns-prefetching=false)
  page errors   only indirectly: Material's bundle must have run to its end on
                every page (collect.js), and errors thrown during the search and
                quick-exit steps are caught by a listener added after load.
                An error before load that leaves the page working is not seen
  CSP           the test host adds report-uri to the real policy header, and
                sends each page's own <meta> policy again as a report-only
                header with report-uri (a <meta> policy cannot report), and
                the engine posts every violation of either there. On file://
                there is no server: violations are seen only from the
                listener added after load (the zip has no policy; the
                one-file edition has a <meta> one)
  storage       collect.js, plus WebDriver's cookie list

The one-file edition (plan["one_file"]) is opened, searched and left by a
click in the same browser, with the same records.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

from engines.plan import COLLECT_JS

# What a page that never loaded reports, so that every check fails on it.
FAILED_LOAD = {"title": "", "h1": 0, "material": False, "editionSearch": False, "quickExit": None,
               "resources": [], "storage": {}, "csp": None}
PAGE_LOAD_TIMEOUT_S = 60

# Errors after load: a listener the driver adds once the page has loaded. It
# records policy violations from then on too (collect.js reads __enginesCsp).
WATCH_ERRORS = """
window.__enginesErrors = [];
window.__enginesCsp = [];
addEventListener('error', e => __enginesErrors.push(String(e.message || e)));
addEventListener('unhandledrejection', e => __enginesErrors.push('unhandled rejection: ' + String(e.reason)));
document.addEventListener('securitypolicyviolation', e => __enginesCsp.push({
  directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI,
  source: e.sourceFile, line: e.lineNumber}), true);
"""


def _options(plan: dict, proxy: str) -> Options:
    opts = Options()
    opts.binary_location = plan["minibrowser"]
    opts.add_argument("--automation")
    # Requests to other hosts go to the recording proxy; loopback does not.
    opts.add_argument(f"--proxy={proxy}")
    opts.add_argument("--ignore-host=127.0.0.1")
    opts.add_argument("--ignore-host=localhost")
    opts.add_argument("--enable-dns-prefetching=false")
    opts.set_capability("browserName", "MiniBrowser")
    return opts


def _set_viewport(driver, width: int, height: int) -> None:
    """Size the window so that the page itself gets width x height."""
    driver.set_window_rect(width=width, height=height)
    inner = driver.execute_script("return [innerWidth, innerHeight]")
    driver.set_window_rect(width=2 * width - inner[0], height=2 * height - inner[1])


class Run:
    def __init__(self, plan: dict, driver, proxy_seen: list):
        self.plan = plan
        self.d = driver
        self.seen = proxy_seen

    def collect(self) -> dict:
        return self.d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"({COLLECT_JS})().then(done, e => done({{collectFailed: String(e)}}));")

    def load(self, url: str) -> int:
        mark = len(self.seen)
        self.d.get(url)
        time.sleep(self.plan["settle_ms"] / 1000)
        return mark

    def since(self, mark: int) -> list[str]:
        return list(self.seen[mark:])

    def errors_after_load(self) -> list[str]:
        return self.d.execute_script("return window.__enginesErrors || ['(error listener gone)']")

    def visit_every_page(self, site: dict) -> dict:
        pages = {}
        for path in site["pages"]:
            mark = len(self.seen)
            started = time.monotonic()
            for attempt in (1, 2):  # a load that hangs on a busy machine gets one more try
                try:
                    self.load(site["base"] + path)
                    seen = self.collect()
                    break
                except WebDriverException as error:
                    seen = {**FAILED_LOAD, "url": site["base"] + path,
                            "failed": f"{type(error).__name__} (try {attempt}): {error.msg}"}
            pages[path] = {**seen, "outside": self.since(mark), "errors": None, "cspLog": [],
                           "seconds": round(time.monotonic() - started, 2)}
        return pages

    def search(self, site: dict) -> dict:
        mark = self.load(site["base"] + self.plan["search"]["page"])
        self.d.execute_script(WATCH_ERRORS)
        box = self.d.find_element(By.CSS_SELECTOR, "input.md-search__input")
        box.click()
        WebDriverWait(self.d, 15).until(lambda d: d.execute_script(
            "const m = document.querySelector('.md-search-result__meta');"
            "return m && !/Initializing/i.test(m.textContent);"))
        # Material re-renders the form when search opens: find the box again.
        self.d.find_element(By.CSS_SELECTOR, "input.md-search__input").send_keys(self.plan["search"]["word"])
        # Results update as each letter arrives: wait for the page we expect.
        links = "return [...document.querySelectorAll('.md-search-result__link')].map(a => a.href)"
        finds = self.plan["search"]["finds"]
        try:
            WebDriverWait(self.d, 15).until(
                lambda d: any(finds in href for href in d.execute_script(links)))
        except WebDriverException:
            pass  # the test says what was found instead
        hrefs = self.d.execute_script(links)
        time.sleep(self.plan["settle_ms"] / 1000)
        errors = self.errors_after_load()
        after = self.collect()
        return {"hrefs": hrefs, "after": {**after, "outside": self.since(mark), "errors": errors, "cspLog": []}}

    def _quiet(self, quiet: float = 0.5, limit: float = 5) -> int:
        """Wait until the proxy has heard nothing for `quiet` seconds (WebKit
        may ask again for an exit page it was refused). Returns a mark."""
        deadline = time.monotonic() + limit
        count, since = len(self.seen), time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - since < quiet:
            time.sleep(0.05)
            if len(self.seen) != count:
                count, since = len(self.seen), time.monotonic()
        return len(self.seen)

    def _asked_for_exit(self, mark: int) -> bool:
        host = urlsplit(self.plan["exit_url"]).hostname
        return any(urlsplit(url).hostname == host for url in self.since(mark))

    def _left(self, mark: int, *, by_script: bool, timeout: float = 10) -> None:
        """Wait until the browser has asked for the exit page (the proxy saw it)
        and, for an exit made by the script, the page has started to leave."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._asked_for_exit(mark) and (not by_script or self._leaving()):
                return
            time.sleep(0.05)
        raise TimeoutError("the page did not leave for the exit page")

    def _leaving(self) -> bool:
        # quick-exit.js marks the page this way just before location.replace().
        try:
            return self.d.execute_script(
                "return document.documentElement.classList.contains('quick-exit--leaving')")
        except WebDriverException:  # between two documents: ask again
            return False

    def _shift(self, times: int = 1) -> None:
        actions = ActionChains(self.d)
        for _ in range(times):
            actions.key_down(Keys.SHIFT).key_up(Keys.SHIFT)
        actions.perform()

    def open_one_file(self, one: dict) -> dict:
        mark = len(self.seen)
        try:
            self.load(one["url"])
            seen = self.collect()
        except WebDriverException as error:
            seen = {**FAILED_LOAD, "url": one["url"], "failed": f"{type(error).__name__}: {error.msg}"}
        return {**seen, "outside": self.since(mark), "errors": None, "cspLog": []}

    def search_one_file(self, one: dict) -> dict:
        mark = self.load(one["url"])
        self.d.execute_script(WATCH_ERRORS)
        box = self.d.find_element(By.CSS_SELECTOR, "#edition-search-input")
        box.click()
        box.send_keys(one["word"])
        links = ("return [...document.querySelectorAll('.edition-search__link')]"
                 ".map(a => a.getAttribute('href'))")
        try:
            WebDriverWait(self.d, 15).until(
                lambda d: any(href.startswith(one["finds"]) for href in d.execute_script(links)))
        except WebDriverException:
            pass  # the test says what was found instead
        hrefs = self.d.execute_script(links)
        hit = next((href for href in hrefs if href.startswith(one["finds"])), None)
        hash_ = None
        if hit:
            # WebKitWebDriver reads an href attribute as the full address: ask the page.
            self.d.execute_script(
                "return [...document.querySelectorAll('.edition-search__link')]"
                ".find(a => a.getAttribute('href') === arguments[0])", hit).click()
            try:
                WebDriverWait(self.d, 5).until(lambda d: d.execute_script("return location.hash") == hit)
            except WebDriverException:
                pass
            hash_ = self.d.execute_script("return location.hash")
        time.sleep(self.plan["settle_ms"] / 1000)
        errors = self.errors_after_load()
        after = self.collect()
        return {"hrefs": hrefs, "hash": hash_,
                "after": {**after, "outside": self.since(mark), "errors": errors, "cspLog": []}}

    def quick_exit(self, from_url: str, how: str) -> dict:
        result = {"how": how}
        self.load(from_url)
        mark = self._quiet()
        self.d.execute_script(WATCH_ERRORS)
        errors = []
        try:
            if how == "click":
                # Without the script the button is a plain link, and still leaves.
                self.d.find_element(By.CSS_SELECTOR, ".quick-exit__button").click()
                self._left(mark, by_script=False)
            elif how == "shift-three-times":
                self._shift(3)
                self._left(mark, by_script=True)
            elif how == "typing-in-search":
                self.d.find_element(By.CSS_SELECTOR, "input.md-search__input").click()
                actions = ActionChains(self.d)
                for key in self.plan["typing"]:
                    if key == "Shift":
                        actions.key_down(Keys.SHIFT).key_up(Keys.SHIFT)
                    else:
                        actions.send_keys(key)
                actions.perform()
                time.sleep(0.3)
                errors = self.errors_after_load()
                result["status_after_typing"] = self.d.execute_script(
                    "return document.querySelector('[data-quick-exit-status]').textContent")
                result["url_after_typing"] = self.d.current_url
                result["typed"] = self.d.execute_script(
                    "return document.querySelector('input.md-search__input').value")
                # Two more lone Shifts still leave: the keys did reach the page.
                self._shift(2)
                self._left(mark, by_script=True)
        except (WebDriverException, TimeoutError) as error:
            result["failed"] = f"{type(error).__name__}: {error}"
        # The proxy refuses the exit page, and WebKit then stays on the old
        # address: what counts is that the exit page was asked for (and, for
        # the script's exits, that the page hid itself first).
        result["url"] = self.plan["exit_url"] if "failed" not in result else self.d.current_url
        return {**result, "outside": self.since(mark), "errors": errors, "cspLog": []}


def cookies_of(driver) -> list[str]:
    try:
        return [f"{c.get('domain')} {c.get('name')}" for c in driver.get_cookies()]
    except WebDriverException as error:
        return [f"unavailable: {error.msg}"]


def run(plan: dict, *, display: str, proxy: str, proxy_seen: list, log_path: str) -> dict:
    started = time.monotonic()
    env = {"DISPLAY": display}
    with open(log_path, "w", encoding="utf-8") as log:
        service = Service(executable_path=plan["webkit_webdriver"], log_output=log, env=env)
        driver = webdriver.WebKitGTK(options=_options(plan, proxy), service=service)
        result = {"engine": f"webkitgtk {driver.capabilities.get('browserVersion')}", "sites": {},
                  "timings": {"launch_s": round(time.monotonic() - started, 1)}}
        try:
            driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_S)
            _set_viewport(driver, plan["viewport"]["width"], plan["viewport"]["height"])
            result["viewport"] = driver.execute_script("return [innerWidth, innerHeight]")
            run_ = Run(plan, driver, proxy_seen)
            for site in plan["sites"]:
                t0 = time.monotonic()
                pages = run_.visit_every_page(site)
                result["timings"][f"{site['name']}_pages_s"] = round(time.monotonic() - t0, 1)
                try:
                    searched = run_.search(site)
                except (WebDriverException, TimeoutError) as error:
                    searched = {"failed": f"{type(error).__name__}: {error}"}
                result["sites"][site["name"]] = {"pages": pages, "search": searched, "cookies": cookies_of(driver),
                                                 "quick_exit": {}}
                result["timings"][f"{site['name']}_s"] = round(time.monotonic() - t0, 1)
            one = plan.get("one_file")
            if one:
                t0 = time.monotonic()
                load = run_.open_one_file(one)
                try:
                    searched = run_.search_one_file(one)
                except (WebDriverException, TimeoutError) as error:
                    searched = {"failed": f"{type(error).__name__}: {error}"}
                result["one_file"] = {"load": load, "search": searched, "cookies": cookies_of(driver),
                                      "quick_exit": {}}
                result["timings"]["one_file_s"] = round(time.monotonic() - t0, 1)
            # Leaving comes last, once every page has been seen: nothing the
            # exit page makes the browser do is filed under a page of the site.
            t1 = time.monotonic()
            for site in plan["sites"]:
                for how in ("click", "shift-three-times", "typing-in-search"):
                    result["sites"][site["name"]]["quick_exit"][how] = run_.quick_exit(
                        site["base"] + plan["exit_from"], how)
            if one:
                result["one_file"]["quick_exit"]["click"] = run_.quick_exit(one["url"], "click")
            result["timings"]["exits_s"] = round(time.monotonic() - t1, 1)
        finally:
            driver.quit()
    result["timings"]["total_s"] = round(time.monotonic() - started, 1)
    return result
