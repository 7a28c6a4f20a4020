"""The two tools that leave no trace: the "Is this OK?" relationship check
(abuse/is-this-ok.html) and the safety plan (help/safety-plan.html), in
Chromium, on the public site and in the offline copy.

Every field is filled and every statement answered; then nothing may be in
the browser's storage (cookies, localStorage, sessionStorage, IndexedDB,
Cache Storage), no request may leave the page, and nothing typed may come
back after a reload, Back or the quick exit. A danger answer shows the danger
route at once; the result's links open pages that exist; the printout has the
neutral title and no site chrome; without JavaScript both pages are a form to
print.
"""
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from pypdf import PdfReader

from support.helpers import NEUTRAL, NEUTRAL_PAGE, allow_neutral, file_url, parse

CHECK = "abuse/is-this-ok.html"
PLAN = "help/safety-plan.html"
PRINT_TITLE = "Notes"
RESULT = "form[data-check=main] .check-result"  # the result of the check about your partner
MARK = "Quokkaberry"  # a word found nowhere on the site: what the tests type
DANGER_TOPICS = ("choked", "kill", "weapon", "worse")
FORMS_OF_ABUSE = ("names", "memory", "who I can see", "rules", "money", "working", "phone",
                  "tracks", "photos", "follows", "sex", "birth control", "threatens", "pushes")

STORAGE = """async () => ({
  local: Object.keys(localStorage),
  session: Object.keys(sessionStorage),
  indexedDB: (await indexedDB.databases()).map((d) => d.name),
  caches: await caches.keys(),
})"""

PLAN_STATE = """() => ({
  boxes: [...document.querySelectorAll('form.plan textarea')].map((t) => t.value).filter(Boolean),
  copies: [...document.querySelectorAll('.plan-write')].map((d) => d.textContent).filter(Boolean),
})"""

CHECK_STATE = """() => ({
  checked: document.querySelectorAll('form.check input:checked').length,
  shown: [...document.querySelectorAll('.check-result')].filter((r) => !r.hidden).length,
  items: document.querySelectorAll('.check-list li').length,
  alert: [...document.querySelectorAll('[data-check-alert]')].map((a) => a.textContent.trim()).join(''),
})"""

EMPTY_CHECK = {"checked": 0, "shown": 0, "items": 0, "alert": ""}
EMPTY_PLAN = {"boxes": [], "copies": []}


# ---------------------------------------------------------------- helpers


def open_page(new_context, url, **options):
    """A fresh context and page, loaded and settled. Records every request after load."""
    ctx, guard = new_context(**options)
    page = ctx.new_page()
    page.goto(url, wait_until="networkidle")
    later = []
    page.on("request", lambda r: later.append(r.url))
    return page, guard, later


def fill_plan(page, *, by_keys: bool = False) -> list[str]:
    """Puts a distinct answer into every box of the plan, as a reader's paste
    or phone keyboard does (one input event a box), or key by key when the
    test is about typing (five times slower)."""
    boxes = page.locator("form.plan textarea")
    count = boxes.count()
    assert count >= 18, f"expected the nine parts with two or three boxes each, found {count} boxes"
    typed = []
    for i in range(count):
        text = f"{MARK} {i}"
        if by_keys:
            boxes.nth(i).click()
            page.keyboard.type(text)
        else:
            boxes.nth(i).fill(text)
        typed.append(text)
    return typed


def answer_all(page, value="yes") -> int:
    """Answers every statement of both checks. Returns how many."""
    items = page.locator("form.check .check-item")
    count = items.count()
    for i in range(count):
        items.nth(i).locator(f"input[value='{value}']").check()
    return count


def item(page, words):
    """The statement whose text holds these words."""
    return page.locator("form.check .check-item").filter(has=page.locator("legend", has_text=words))


def storage(page) -> dict:
    found = page.evaluate(STORAGE)
    found["cookies"] = page.context.cookies()
    found["state_origins"] = page.context.storage_state()["origins"]
    return found


def assert_no_storage(page):
    assert storage(page) == {"local": [], "session": [], "indexedDB": [], "caches": [],
                             "cookies": [], "state_origins": []}


def pdf_of(page, page_ranges: str = "") -> tuple[str, str]:
    """(text, title) of the page printed to PDF (only page_ranges, e.g. "1", if given)."""
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(page_ranges=page_ranges)))
    page.emulate_media(media="screen")
    return "".join(p.extract_text() for p in reader.pages), str((reader.metadata or {}).get("/Title"))


def target_file(root: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The built file and fragment a link in the page points at."""
    from urllib.parse import urljoin

    absolute = urljoin(page_url, href)
    parts = urlparse(absolute)
    base = urlparse(page_url)
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
    else:
        assert parts.netloc == base.netloc, f"{href} leaves the site"
        path = root / unquote(parts.path).lstrip("/")
    return path, parts.fragment


def assert_links_resolve(page, root: Path, selector: str) -> int:
    hrefs = page.eval_on_selector_all(f"{selector} a[href]", "els => els.map((a) => a.getAttribute('href'))")
    assert hrefs, f"no links in {selector}"
    broken = []
    for href in hrefs:
        if href.startswith("tel:"):
            continue
        path, fragment = target_file(root, page.url, href)
        if not path.is_file():
            broken.append(f"{href}: no page {path}")
        elif fragment and not parse(path).find(id=fragment):
            broken.append(f"{href}: no #{fragment} in {path.name}")
    assert not broken, "\n".join(broken)
    return len(hrefs)


# ---------------------------------------------------------------- the built pages


def test_the_markup_can_send_nothing_and_keeps_autofill_out(site_dir):
    for name in (CHECK, PLAN):
        html = parse(site_dir / name)
        forms = [a for t, a in html.tags if t == "form" and "md-search__form" not in (a.get("class") or "")]
        assert forms, f"{name}: no form"
        for form in forms:
            assert "action" not in form and "method" not in form, f"{name}: a form that could send: {form}"
            assert form.get("autocomplete") == "off", f"{name}: form without autocomplete=off"
        for tag, attrs in html.tags:
            if tag == "textarea":
                assert attrs.get("autocomplete") == "off" and "name" not in attrs, f"{name}: {attrs}"
            if tag == "button" and attrs.get("type") == "submit":
                assert "disabled" in attrs, f"{name}: a submit button that works: {attrs}"
        scripts = [a.get("src") for t, a in html.tags if t == "script" and a.get("src")]
        assert any(s.endswith(("relationship-check.js", "safety-plan.js")) for s in scripts), name


class Statements(HTMLParser):
    """Each statement of a check: its form, its data-yes/-sometimes/-no, its
    text, and the links in its line on why."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[dict] = []
        self.form = None
        self.where = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("data-check"):
            self.form = a["data-check"]
        elif tag == "fieldset" and "check-item" in (a.get("class") or ""):
            self.items.append({"form": self.form, "text": "", "links": [],
                               **{k: a.get(f"data-{k}") for k in ("yes", "sometimes", "no")}})
        elif tag == "legend" and self.items:
            self.where = "text"
        elif tag == "p" and "check-why" in (a.get("class") or ""):
            self.where = "why"
        elif tag == "a" and self.where == "why":
            self.items[-1]["links"].append(a.get("href"))

    def handle_endtag(self, tag):
        if tag in ("legend", "p"):
            self.where = None
        elif tag == "form":
            self.form = None

    def handle_data(self, data):
        if self.where == "text":
            self.items[-1]["text"] += data


def test_the_check_covers_every_form_of_abuse_and_the_danger_signs(site_dir):
    parser = Statements()
    parser.feed((site_dir / CHECK).read_text(encoding="utf-8"))
    main = [i for i in parser.items if i["form"] == "main"]
    own = [i for i in parser.items if i["form"] == "own"]
    assert 20 <= len(main) <= 30, len(main)
    text = " ".join(i["text"] for i in main)
    for topic in FORMS_OF_ABUSE + DANGER_TOPICS:
        assert topic in text, f"no statement about {topic!r}"
    kinds = {i[k] for i in main for k in ("yes", "sometimes", "no")} - {None}
    assert kinds == {"healthy", "worrying", "abuse", "danger"}, kinds
    danger = [i["text"] for i in main if i["yes"] == "danger"]
    assert len(danger) == 4 and all(any(t in s for s in danger) for t in DANGER_TOPICS), danger
    assert all(i["yes"] or i["sometimes"] for i in main), "a statement no answer can show"
    no_link = [i["text"] for i in main + own if len(i["links"]) != 1]
    assert not no_link, f"statements without one link on why: {no_link}"
    assert len(own) >= 5, "the check for your own behaviour is too short"
    assert "your-own-behaviour.html" in (site_dir / CHECK).read_text(encoding="utf-8")


# ---------------------------------------------------------------- leave no trace


@pytest.mark.slow
def test_filling_in_both_tools_stores_nothing_and_sends_nothing(server, new_context):
    page, guard, later = open_page(new_context, server + CHECK)
    answered = answer_all(page, "sometimes")
    assert answered >= 29
    for button in page.locator("[data-check-show]").all():
        button.click()
    assert page.evaluate(CHECK_STATE)["items"] == answered
    # A form that is sent anyway (Enter, or a script) goes nowhere.
    page.locator("input[name=q1][value=no]").press("Enter")
    page.evaluate("document.querySelectorAll('form.check').forEach((f) => f.requestSubmit())")
    assert page.url == server + CHECK
    assert_no_storage(page)

    page.goto(server + PLAN, wait_until="networkidle")
    later.clear()
    typed = fill_plan(page, by_keys=True)
    assert page.evaluate(PLAN_STATE)["boxes"] == typed
    page.locator("form.plan textarea").first.press("Enter")
    page.evaluate("document.querySelector('form.plan').requestSubmit()")
    page.evaluate("window.print = () => {}")
    page.locator("[data-plan-print]").click()
    pdf_of(page)
    assert page.url == server + PLAN
    assert_no_storage(page)
    assert not later, f"requests after the page loaded: {later}"
    assert not guard.outside and not guard.errors, (guard.outside, guard.errors)


@pytest.mark.slow
def test_reload_keeps_nothing(server, new_context):
    page, guard, _ = open_page(new_context, server + PLAN)
    fill_plan(page)
    page.reload(wait_until="networkidle")
    assert page.evaluate(PLAN_STATE) == EMPTY_PLAN

    page.goto(server + CHECK, wait_until="networkidle")
    answer_all(page)
    page.locator("[data-check-show]").first.click()
    page.reload(wait_until="networkidle")
    assert page.evaluate(CHECK_STATE) == EMPTY_CHECK


# What Firefox does on reload (Chromium does not): put back what was in the
# fields while the page loads, before the page's scripts see "pageshow".
RESTORE = f"""document.addEventListener("DOMContentLoaded", () => {{
  document.querySelectorAll("form.plan textarea").forEach((t) => {{ t.value = "{MARK}"; }});
  document.querySelectorAll("form.check input[value=yes]").forEach((r) => {{ r.checked = true; }});
}});"""


@pytest.mark.parametrize("tool", [PLAN, CHECK])
def test_fields_a_browser_restores_on_load_are_cleared(server, new_context, tool):
    ctx, guard = new_context()
    ctx.add_init_script(RESTORE)
    page = ctx.new_page()
    page.goto(server + tool, wait_until="load")
    page.wait_for_timeout(200)
    state = page.evaluate(PLAN_STATE if tool == PLAN else CHECK_STATE)
    assert state == (EMPTY_PLAN if tool == PLAN else EMPTY_CHECK), f"restored fields kept: {state}"


@pytest.mark.slow
@pytest.mark.parametrize("event", ["pagehide", "pageshow"])
def test_a_page_kept_in_the_back_forward_cache_holds_nothing(server, new_context, event):
    """Chromium under Playwright loads the page afresh on Back (see the test
    below), so the cache is played here: leaving (pagehide) empties the page
    the cache would keep, and showing it again (pageshow, persisted) empties it
    too."""
    page, guard, _ = open_page(new_context, server + PLAN)
    fill_plan(page)
    page.evaluate(f"window.dispatchEvent(new PageTransitionEvent('{event}', {{persisted: true}}))")
    assert page.evaluate(PLAN_STATE) == EMPTY_PLAN
    page.goto(server + CHECK, wait_until="networkidle")
    answer_all(page)
    page.locator("[data-check-show]").first.click()
    page.evaluate(f"window.dispatchEvent(new PageTransitionEvent('{event}', {{persisted: true}}))")
    assert page.evaluate(CHECK_STATE) == EMPTY_CHECK


@pytest.mark.slow
@pytest.mark.parametrize("tool", [PLAN, CHECK])
def test_back_after_a_link_shows_nothing_typed(server, new_context, tool):
    """The browser may restore form fields, or the whole page from its cache."""
    page, guard, _ = open_page(new_context, server + tool)
    if tool == PLAN:
        fill_plan(page)
    else:
        answer_all(page)
        page.locator("[data-check-show]").first.click()
    page.locator("article a[href$='helplines.html']").first.click()
    page.wait_for_url("**/help/helplines.html")
    page.go_back(wait_until="networkidle")
    assert page.url == server + tool
    assert page.evaluate(PLAN_STATE if tool == PLAN else CHECK_STATE) == (EMPTY_PLAN if tool == PLAN else EMPTY_CHECK)
    assert MARK not in page.content()


def fill(page, tool):
    if tool == PLAN:
        fill_plan(page)
    else:
        answer_all(page)
        page.locator("[data-check-show]").first.click()


@pytest.mark.slow
@pytest.mark.parametrize("tool", [PLAN, CHECK])
def test_quick_exit_in_the_middle_clears_the_form_and_back_shows_nothing(server, new_context, tool):
    ctx, guard = new_context(allow=allow_neutral())
    page = ctx.new_page()
    page.goto(server + "index.html")
    page.goto(server + tool, wait_until="networkidle")
    empty, state = (EMPTY_PLAN, PLAN_STATE) if tool == PLAN else (EMPTY_CHECK, CHECK_STATE)
    # First the neutral site answers "204 No Content": the browser stays on
    # the page being left, so we can see what the exit left in it.
    fill(page, tool)
    page.route(NEUTRAL + "**", lambda route: route.fulfill(status=204))
    try:
        with page.expect_request(NEUTRAL + "**", timeout=5_000):
            page.locator(".quick-exit__button").click(no_wait_after=True)
    except PlaywrightTimeout:
        pytest.fail("the quick exit did not go to the neutral page")
    assert page.evaluate("document.documentElement.classList.contains('quick-exit--leaving')"), \
        "the page did not hide itself before leaving"
    left = page.evaluate(state)
    assert left == empty, f"the form was not cleared before leaving: {left}"
    # Then for real: leave with the form filled in, and press Back.
    page.unroute(NEUTRAL + "**")
    page.goto(server + tool, wait_until="networkidle")
    fill(page, tool)
    with page.expect_navigation(url=NEUTRAL + "**"):
        page.locator(".quick-exit__button").click()
    page.go_back(wait_until="networkidle")
    assert page.url == server + "index.html", "Back returned to the page that was exited"
    assert MARK not in page.content()
    page.go_forward(wait_until="load")
    assert page.url.startswith(NEUTRAL)


# ---------------------------------------------------------------- the check


def test_a_danger_answer_shows_the_danger_route_at_once(server, new_context, site_dir):
    page, guard, _ = open_page(new_context, server + CHECK)
    alert = page.locator("form.check [data-check-alert]").first
    assert alert.get_attribute("role") == "alert"
    # Abuse that is not one of the four danger signs: no alert.
    item(page, "pushes").locator("input[value=yes]").check()
    assert alert.inner_text().strip() == ""
    item(page, "choked").locator("input[value=sometimes]").check()
    expect(alert).to_contain_text("If you are in danger now")
    expect(alert).to_contain_text("danger sign")
    for href in ("danger-now.html", "danger-signs.html", "helplines.html"):
        assert alert.locator(f"a[href$='{href}']").count(), f"the danger route has no link to {href}"
    assert alert.locator("a[href^='tel:']").count(), "the danger route shows no emergency number"
    # The result names the danger signs page and a helpline.
    page.locator("[data-check-show]").first.click()
    group = page.locator(RESULT + " [data-group=danger]")
    expect(group).to_be_visible()
    expect(group).to_contain_text("Danger signs")
    expect(group.locator("li")).to_have_count(1)
    for href in ("danger-signs.html", "../help/helplines.html"):
        assert group.locator(f"a[href^='{href}']").count(), href
    assert_links_resolve(page, site_dir, "[data-check-alert]")


@pytest.mark.slow
def test_the_result_sorts_every_answer_with_a_reason_and_no_score(server, new_context, site_dir):
    page, guard, _ = open_page(new_context, server + CHECK)
    answered = answer_all(page, "yes")
    page.locator("[data-check-show]").first.click()
    page.locator("[data-check-show]").last.click()
    state = page.evaluate(CHECK_STATE)
    assert state["items"] == answered, "not every answered statement is in the result"
    result = page.locator(RESULT)
    for group in ("danger", "abuse", "worrying", "healthy"):
        items = result.locator(f"[data-group={group}] li")
        assert items.count(), f"no answer listed under {group}"
        for i in range(items.count()):
            assert items.nth(i).locator("a[href]").count() == 1, f"{group} item {i} has no link"
            expect(items.nth(i)).to_contain_text("You answered: Yes.")
    expect(page.locator("article")).to_contain_text("No list covers everything")
    text = result.inner_text()
    assert not re.search(r"\d|score|out of", text), "the result shows a number or a score"
    # An answer changed after the result is shown moves to its new group.
    item(page, "friends and family").locator("input[value=no]").check()
    expect(result.locator("[data-group=worrying]")).to_contain_text("friends and family")
    expect(result.locator("[data-group=healthy]")).not_to_contain_text("friends and family")
    count = assert_links_resolve(page, site_dir, ".check-result")
    assert count >= answered
    # Clear my answers empties the result too.
    page.locator("form.check button[type=reset]").first.click()
    assert page.evaluate(CHECK_STATE)["shown"] == 1  # the other check still shows its result
    assert not guard.outside


@pytest.mark.slow
def test_the_check_works_by_keyboard_and_announces_the_result(server, new_context):
    page, guard, _ = open_page(new_context, server + CHECK)
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'q1'"):
            break
    else:
        pytest.fail("Tab never reached the first statement")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "no visible focus on the answers"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")  # moves to, and picks, an answer of the second statement
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-check-show')"):
            break
    else:
        pytest.fail("Tab never reached the button")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('check-title')"), "focus did not move to the result"
    assert page.locator(RESULT + " .check-list li").count() == 2
    status = page.locator("form.check [data-check-status]").first
    assert status.get_attribute("role") == "status"
    expect(status).to_have_text("Your result is below.")
    assert page.url == server + CHECK


# ---------------------------------------------------------------- print


@pytest.mark.slow
def test_the_plan_prints_with_a_neutral_title_and_no_chrome(server, new_context):
    page, guard, _ = open_page(new_context, server + PLAN)
    title = page.title()
    typed = fill_plan(page)
    long_answer = "\n".join(f"{MARK} line {n}" for n in range(25))
    page.locator("form.plan textarea").last.fill(long_answer)
    # The button: the title is neutral while the print dialog is open, then back.
    page.evaluate("window.print = () => { window.__printedAs = document.title; }")
    page.locator("[data-plan-print]").click()
    assert page.evaluate("window.__printedAs") == PRINT_TITLE
    assert page.title() == title
    # The printout (also what Ctrl+P and Save as PDF give).
    text, pdf_title = pdf_of(page)
    assert pdf_title == PRINT_TITLE
    assert page.title() == title, "the title was not put back after printing"
    for word in ("Exit this page", "Make a safety plan", "Healthy boundaries", "Offline download",
                 "Last reviewed", "Print or save as PDF", "Clear everything", "If you are in danger now"):
        assert word not in text, f"the printout shows {word!r}"
    flat = re.sub(r"\s+", " ", text)
    for answer in typed[:-1]:
        assert answer in flat, f"{answer!r} is missing from the printout"
    for n in (0, 12, 24):
        assert f"{MARK} line {n}" in flat, "a long answer is cut off in the printout"
    for part in ("Safe contacts", "A code word", "Important documents", "Money", "A bag",
                 "Phone safety", "Children and pets", "Where to go", "Getting help fast"):
        assert part in text, f"the printout has no {part!r}"


@pytest.mark.slow
def test_the_check_prints_with_a_neutral_title_and_no_chrome(server, new_context):
    page, guard, _ = open_page(new_context, server + CHECK)
    title = page.title()
    answer_all(page)
    page.locator("[data-check-show]").first.click()
    text, pdf_title = pdf_of(page)
    assert pdf_title == PRINT_TITLE
    assert page.title() == title
    assert "Exit this page" not in text and "Healthy boundaries" not in text
    assert "What your answers show" in text


# ---------------------------------------------------------------- without JavaScript


@pytest.mark.slow
def test_without_javascript_both_pages_are_a_form_to_print(server, new_context):
    page, guard, _ = open_page(new_context, server + PLAN, java_script_enabled=False)
    assert page.locator("form.plan fieldset legend").count() == 9
    assert page.locator("form.plan textarea:visible").count() >= 18
    expect(page.locator(".plan-noscript")).to_be_visible()
    expect(page.locator("[data-plan-print]")).to_be_hidden()
    expect(page.locator("form.plan button[type=reset]")).to_be_visible()
    text, _ = pdf_of(page)
    for part in ("Safe contacts", "Getting help fast", "Who can I trust?"):
        assert part in text, part
    assert "Exit this page" not in text

    page.goto(server + CHECK, wait_until="networkidle")
    items = page.locator("form.check .check-item")
    assert items.count() >= 29
    expect(page.locator(".check-item .check-why").first).to_be_visible()
    expect(page.locator(".check-noscript").first).to_be_visible()
    expect(page.locator("[data-check-show]").first).to_be_hidden()
    text, _ = pdf_of(page)
    assert "My partner checks my phone" in text and "Exit this page" not in text


# ---------------------------------------------------------------- offline copy


@pytest.mark.slow
def test_both_tools_work_in_the_offline_copy(offline_dir, new_context):
    page, guard, later = open_page(new_context, file_url(offline_dir / CHECK))
    item(page, "threatened to kill").locator("input[value=yes]").check()
    expect(page.locator("[data-check-alert]").first).to_contain_text("If you are in danger now")
    answer_all(page, "no")
    item(page, "threatened to kill").locator("input[value=yes]").check()
    page.locator("[data-check-show]").first.click()
    expect(page.locator(RESULT + " [data-group=danger] li")).to_have_count(1)
    assert_links_resolve(page, offline_dir, RESULT)
    _, pdf_title = pdf_of(page)
    assert pdf_title == PRINT_TITLE

    page.goto(file_url(offline_dir / PLAN))
    typed = fill_plan(page)
    text, pdf_title = pdf_of(page)
    assert pdf_title == PRINT_TITLE and typed[0] in text and "Exit this page" not in text
    page.reload()
    assert page.evaluate(PLAN_STATE) == EMPTY_PLAN
    found = page.evaluate("() => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage)})")
    assert found == {"local": [], "session": []}
    assert not page.context.cookies()
    assert not guard.outside, guard.outside
    assert all(urlparse(u).scheme == "file" for u in later), later


# ---------------------------------------------------------------- one-file copy


@pytest.mark.slow
def test_both_tools_work_in_the_one_file_copy(zip_path, new_context):
    """The whole site in one HTML file: the tools' styles and scripts are inside it."""
    import one_file

    path = zip_path.parent / one_file.settings()["html_name"]
    page, guard, later = open_page(new_context, file_url(path))
    check = page.locator("form[data-check=main]")
    check.scroll_into_view_if_needed()
    statement = check.locator(".check-item").filter(has=page.locator("legend", has_text="threatened to kill"))
    statement.locator("input[value=yes]").check()
    alert = check.locator("[data-check-alert]")
    expect(alert).to_contain_text("If you are in danger now")
    assert alert.locator("a[href^='tel:']").count()
    check.locator("[data-check-show]").click()
    expect(check.locator(".check-result [data-group=danger] li")).to_have_count(1)
    expect(check.locator(".check-why").first).to_be_hidden()
    # Every link in the result points inside the file.
    hrefs = check.locator(".check-result a[href]").evaluate_all("els => els.map((a) => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("#") and page.locator(f"[id='{h[1:]}']").count() == 1 for h in hrefs), hrefs

    plan = page.locator("form.plan")
    plan.locator("textarea").first.fill(MARK)
    expect(plan.locator("[data-plan-print]")).to_be_visible()
    # The file prints as about 400 pages: the title is the same on the first.
    _, pdf_title = pdf_of(page, page_ranges="1")
    assert pdf_title == PRINT_TITLE
    page.reload()
    assert page.evaluate(PLAN_STATE) == EMPTY_PLAN and page.evaluate(CHECK_STATE) == EMPTY_CHECK
    assert not guard.outside and not guard.errors, (guard.outside, guard.errors)
    assert all(urlparse(u).scheme in ("file", "data") for u in later), later
