"""The one-file HTML edition and the PDF booklet, for phones and for printing.

    dist/<extra.offline_html>   every page of the site in one HTML file that needs nothing else
    dist/<extra.offline_pdf>    the same pages as a PDF, printed by Chromium

Both start from an offline build with mkdocs-print-site-plugin switched on
(overrides/hooks/editions.py makes it), which writes print_page.html: every
page in navigation order, each in a <section> with its own id, and every
internal link rewritten to point inside that one page. This module then:

- reads the plugin's sections into a tree of parts and pages;
- prefixes every id in a page with the page's id (the plugin renames only
  some elements, such as headings and footnotes), and moves each page's
  headings down to its depth in the navigation, so the PDF outline nests;
- renders scripts/edition-templates/one-file.html with every style and script
  inline, a contents list, a "Back to contents" link after each page, the
  quick exit (docs/assets/javascripts/quick-exit.js), the two tools' styles
  and scripts (TOOLS) and the website's own search (search_parts()): the
  offline site's search index and the theme's search worker as data blocks,
  the site's worker shim, and search.js, which shows the worker's results as
  links inside the file. The worker starts from a data: address (the only
  kind of script source the policy allows besides the inline scripts' hashes),
  so nothing is fetched;
- fails the build if any link has no target in the file, or anything would
  load from anywhere else;
- prints the PDF variant of the same template with Chromium (Playwright),
  with bookmarks and page numbers, then sets neutral metadata with pikepdf.
"""
from __future__ import annotations

import base64
import hashlib
import html
import mimetypes
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).resolve().parent / "edition-templates"
QUICK_EXIT_JS = "assets/javascripts/quick-exit.js"  # in docs_dir
# Pages with a tool (front matter `tool:`) load assets/stylesheets/<tool>.css
# and assets/javascripts/<tool>.js from the theme; the file carries them inline.
TOOLS = ("relationship-check", "safety-plan")
PRINT_PAGE = "print_page.html"  # the plugin's default print_page_basename
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# A5: readable on a phone screen, and it prints at full size on A4 or Letter
# paper (or two to a sheet) with nothing cut off.
PDF_PAGE = {"width": "148mm", "height": "210mm"}
PDF_MARGIN = {"top": "13mm", "bottom": "15mm", "left": "12mm", "right": "12mm"}
PDF_FOOTER = ('<div style="width:100%;font-family:sans-serif;font-size:8pt;color:#444;text-align:center">'
              '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
LINK_SCHEMES = ("https:", "http:", "tel:", "mailto:", "sms:")


class EditionError(RuntimeError):
    pass


# ---------------------------------------------------------------- settings


def settings(config=None) -> dict:
    """The names and texts the editions take from the configuration: MkDocs'
    own, or mkdocs.yml as written when none is given."""
    if config is None:
        from mkdocs.utils import yaml_load

        with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
            config = yaml_load(f)
    extra, theme = config["extra"], config["theme"]
    return {
        "site_name": config["site_name"],
        "docs_dir": ROOT / config["docs_dir"],  # an absolute docs_dir stays as it is
        "lang": theme.get("language") or "en",
        "direction": theme.get("direction") or "ltr",
        "html_name": extra["offline_html"],
        "pdf_name": extra["offline_pdf"],
        "title": extra["offline_title"],
        "exit_url": extra["quick_exit_url"],
    }


# ---------------------------------------------------------------- the plugin's page


@dataclass
class Page:
    key: str
    html: str

    @property
    def title(self) -> str:
        found = re.search(r"<h1[^>]*>(.*?)</h1>", self.html, re.S)
        if not found:
            raise EditionError(f"page {self.key!r} has no <h1> title")
        inner = re.sub(r'<a class="headerlink".*?</a>', "", found.group(1), flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


@dataclass
class Part:
    key: str
    title: str
    items: list = field(default_factory=list)


GROUP_START = re.compile(
    r"<section class='print-page md-section' id='(?P<key>[^']+)' heading-number='[^']*'>\s*"
    r"<h1>(?P<title>.*?)<a class='headerlink' href='#[^']*' title='Permanent link'></a>\s*</h1>", re.S)
PAGE_START = re.compile(r'<section class="print-page" id="(?P<key>[^"]+)" heading-number="[^"]*">')
END = "</section>"


def read_print_page(site_dir: Path) -> list:
    """The plugin's sections, as a list of Page and Part (a navigation section)."""
    path = site_dir / PRINT_PAGE
    if not path.is_file():
        raise EditionError(f"{PRINT_PAGE} is missing: is the print-site plugin enabled (EDITIONS=true)?")
    text = path.read_text(encoding="utf-8")
    start = text.find('<div id="print-site-page"')
    end = text.rfind("</div><style>")
    if start < 0 or end < start:
        raise EditionError(f"{PRINT_PAGE}: the combined pages were not found (has print-site changed?)")
    text = text[text.index(">", start) + 1:end]

    top: list = []
    stack: list[Part] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        into = stack[-1].items if stack else top
        if m := GROUP_START.match(text, pos):
            part = Part(m["key"], html.unescape(m["title"]).strip())
            into.append(part)
            stack.append(part)
            pos = m.end()
        elif m := PAGE_START.match(text, pos):
            close = text.find(END, m.end())
            content = text[m.end():close]
            if close < 0 or "<section" in content:
                raise EditionError(f"{PRINT_PAGE}: page {m['key']!r} is not one flat <section>")
            into.append(Page(m["key"], content))
            pos = close + len(END)
        elif text.startswith(END, pos) and stack:
            stack.pop()
            pos += len(END)
        else:
            raise EditionError(f"{PRINT_PAGE}: unexpected markup at {text[pos:pos + 80]!r}")
    if stack:
        raise EditionError(f"{PRINT_PAGE}: section {stack[-1].key!r} is not closed")
    return top


# ---------------------------------------------------------------- one file


def prefix_ids(page: Page) -> str:
    """Every id inside a page starts with the page's id, so no two pages clash.

    The plugin already renamed headings, footnotes and list items and rewrote
    every in-page link to the prefixed form; this renames the rest (such as
    the reference entries' <div id>), which those links already expect."""
    def rename(m: re.Match) -> str:
        value = m.group(2)
        if value == page.key or value.startswith(page.key + "-"):
            return m.group(0)
        return f'{m.group(1)}="{page.key}-{value}"'

    return re.sub(r'\b(id)="([^"]+)"', rename, page.html)


def shift_headings(markup: str, by: int) -> str:
    if not by:
        return markup
    return re.sub(r"<(/?)h([1-6])(?=[\s>])", lambda m: f"<{m[1]}h{min(6, int(m[2]) + by)}", markup)


def is_index(item) -> bool:
    """A section's own index page (navigation.indexes): it stands for the section."""
    return isinstance(item, Page) and item.key.endswith("-index")


def review_dates(site_dir: Path) -> dict[str, str]:
    """Each page's "Last reviewed" line, by page id. The theme writes it outside
    the page's content (overrides/partials/source-file.html), so it is taken
    from the page as built."""
    from mkdocs_print_site_plugin.urls import get_page_key

    found = {}
    for path in site_dir.rglob("*.html"):
        line = re.search(r'<p class="page-reviewed">.*?</p>', path.read_text(encoding="utf-8"), re.S)
        if line:
            found[get_page_key(path.relative_to(site_dir).as_posix())] = line.group(0)
    return found


def render_page(page: Page, depth: int, footer: dict[str, str]) -> str:
    body = re.sub(r"<!--.*?-->", "", prefix_ids(page), flags=re.S).strip()
    if page.key not in footer:
        raise EditionError(f"page {page.key!r}: no 'Last reviewed' line found in its built page")
    return (f'<article class="edition-page" id="{page.key}">\n{shift_headings(body, depth)}\n'
            f'{footer[page.key]}\n'
            f'<p class="edition-back"><a href="#contents">Back to contents</a></p>\n</article>\n')


def render_items(items: list, footer: dict[str, str], depth: int = 0) -> tuple[str, str]:
    """The pages in navigation order, and the contents list that links to them.
    footer: each page's "Last reviewed" line, by page id."""
    body, entries = [], []
    for item in items:
        if isinstance(item, Page):
            body.append(render_page(item, depth, footer))
            entries.append(f'<li><a href="#{item.key}">{html.escape(item.title)}</a></li>')
            continue
        children = list(item.items)
        if children and is_index(children[0]):
            head = children.pop(0)
            opening = render_page(head, depth, footer)
            target, title = head.key, head.title
        else:
            level = min(6, depth + 1)
            opening = f'<h{level} id="{item.key}">{html.escape(item.title)}</h{level}>\n'
            target, title = item.key, item.title
        inner_body, inner_list = render_items(children, footer, depth + 1)
        body.append(f'<section class="edition-part" aria-label="{html.escape(title)}">\n'
                    f"{opening}{inner_body}</section>\n")
        entries.append(f'<li><a href="#{target}">{html.escape(title)}</a>{inner_list}</li>')
    return "".join(body), (f"<ol>{''.join(entries)}</ol>" if entries else "")


def data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_images(markup: str, site_dir: Path) -> str:
    """Images become data: URIs (the print page sits at the site's root)."""
    def inline(m: re.Match) -> str:
        src = html.unescape(m.group(2))
        if src.startswith("data:"):
            return m.group(0)
        path = (site_dir / src.split("#")[0].split("?")[0]).resolve()
        if src.startswith(("http:", "https:", "//")) or not path.is_file():
            raise EditionError(f"image {src!r} is not a file of the site, so it cannot be put in the file")
        return f'{m.group(1)}"{data_uri(path)}"'

    return re.sub(r'(<img\b[^>]*?\ssrc=)"([^"]+)"', inline, markup)


def stylesheets(site_dir: Path) -> list[str]:
    """Material's styles, then the site's, then the editions' own: one text each."""
    sheets = sorted((site_dir / "assets" / "stylesheets").glob("main.*.min.css"))
    sheets += sorted((site_dir / "assets" / "stylesheets").glob("palette.*.min.css"))
    if len(sheets) != 2:
        raise EditionError(f"expected Material's main and palette styles, found {sheets}")
    sheets += [site_dir / "assets" / "stylesheets" / "site.css"]
    sheets += [site_dir / "assets" / "stylesheets" / f"{tool}.css" for tool in TOOLS]
    sheets += [TEMPLATES / "edition.css"]
    out = []
    for sheet in sheets:
        css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", sheet.read_text(encoding="utf-8"))
        outside = [u for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", css) if not u.startswith("data:")]
        if outside or "@import" in css:
            raise EditionError(f"{sheet.name} loads another file ({outside or '@import'})")
        out.append(css.strip())
    # Material writes the custom admonition icons into each page's <head>.
    head = (site_dir / PRINT_PAGE).read_text(encoding="utf-8").split("</head>")[0]
    out[2:2] = [m.strip() for m in re.findall(r"<style>(:root\{--md-admonition-icon.*?)</style>", head, re.S)]
    return out


def search_parts(search_dir: Path) -> dict[str, str]:
    """The website's search as the offline site (the zip) has it: its index,
    the theme's search worker and the site's worker shim, each as built.

    The worker and the shim are the files the site's pages name (the worker in
    <script id="__config">, the shim in a <script src>), so the file searches
    with the same code and the same index as the zip. The index is kept as it
    is, written compactly with every "<" escaped, so that it cannot end its
    <script> block."""
    import json

    home = (search_dir / "index.html").read_text(encoding="utf-8")
    config = re.search(r'<script id="__config"[^>]*>(.*?)</script>', home, re.S)
    shim = re.search(r'<script src="([^"]*iframe-worker[^"]*)"', home)
    if not config or not shim:
        raise EditionError("the offline site's home page names no search worker or no worker shim")
    worker_path = search_dir / json.loads(config.group(1))["search"]
    shim_path = search_dir / html.unescape(shim.group(1))
    index_path = search_dir / "search" / "search_index.json"
    for path in (worker_path, shim_path, index_path):
        if not path.is_file():
            raise EditionError(f"the offline site has no {path.relative_to(search_dir)}")
    index = json.loads(index_path.read_text(encoding="utf-8"))
    worker = re.sub(r"//# sourceMappingURL=\S*\s*$", "", worker_path.read_text(encoding="utf-8")).strip()
    if re.search(r"</script|<!--", worker, re.I):
        raise EditionError(f"{worker_path.name} holds '</script' or '<!--' and cannot be put in the file")
    return {
        "index": json.dumps(index, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c"),
        "worker": worker,
        "shim": shim_path.read_text(encoding="utf-8").strip(),
    }


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def check_self_contained(document: str) -> None:
    """Fail loudly on a link with no target, a duplicate id, or anything that loads."""
    ids = re.findall(r'\sid="([^"]+)"', document)
    twice = sorted(i for i, n in Counter(ids).items() if n > 1)
    if twice:
        raise EditionError(f"ids used more than once: {twice[:10]}")
    known = {html.unescape(i) for i in ids}
    problems = []
    for href in re.findall(r'\shref="([^"]*)"', document):
        href = html.unescape(href)
        if href.startswith("#"):
            if href[1:] not in known:
                problems.append(f"link to {href} has no target")
        elif not href.startswith(LINK_SCHEMES):
            problems.append(f"link to {href} points outside the file")
    for attr in ("for", "aria-labelledby", "aria-describedby", "aria-controls"):
        for value in re.findall(rf'\s{attr}="([^"]+)"', document):
            problems += [f'{attr}="{v}" has no target' for v in value.split() if v not in known]
    for src in re.findall(r'\s(?:src|srcset|poster|data)="([^"]*)"', document):
        if not src.startswith("data:"):
            problems.append(f"{src} would load from outside the file")
    if re.search(r"<(?:link|iframe|object|embed|frame|base)\b", document):
        problems.append("a <link>, <iframe>, <object>, <embed>, <frame> or <base> element")
    if problems:
        raise EditionError("The one-file edition is not self-contained:\n  " + "\n  ".join(problems[:20]))


def render(site_dir: Path, conf: dict, edition: str, search_dir: Path | None = None) -> str:
    """The whole site as one HTML document. edition: "html" (the download) or
    "pdf" (to print). search_dir: the offline site (the zip's) whose search the
    download carries; needed for "html"."""
    import jinja2

    body, contents = render_items(read_print_page(site_dir), review_dates(site_dir))
    body = inline_images(body, site_dir)
    styles = stylesheets(site_dir)
    head_scripts, scripts, search = [], [], {"index": "", "worker": ""}
    if edition == "html":
        if search_dir is None:
            raise EditionError("the one-file copy needs the offline site whose search it carries")
        search = search_parts(search_dir)
        head_scripts = [(TEMPLATES / "color-scheme.js").read_text(encoding="utf-8").strip()]
        scripts = [(conf["docs_dir"] / QUICK_EXIT_JS).read_text(encoding="utf-8").strip(),
                   search["shim"],  # before search.js: it wraps the Worker that search.js starts
                   (TEMPLATES / "search.js").read_text(encoding="utf-8").strip()]
        scripts += [(conf["docs_dir"] / "assets" / "javascripts" / f"{tool}.js").read_text(encoding="utf-8").strip()
                    for tool in TOOLS]
    for text in head_scripts + scripts:
        if "</script" in text.lower():
            raise EditionError("a script holds '</script' and cannot be inlined")
    script_sources = [sha256(s) for s in head_scripts + scripts]
    if edition == "html":
        # The search worker's script: search.js makes it a data: address; from
        # file:// the shim loads it in a frame, elsewhere it runs as a Worker.
        script_sources.append("data:")
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + (" ".join(script_sources) or "'none'"),
        "style-src " + " ".join(sha256(s) for s in styles),
        "img-src data:", "font-src data:", "base-uri 'none'", "form-action 'none'",
    ])
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    from markupsafe import Markup as M

    document = env.get_template("one-file.html").render(
        edition=edition, lang=conf["lang"], direction=conf["direction"], title=conf["title"], site_name=conf["site_name"],
        file_name=conf["html_name"] if edition == "html" else conf["pdf_name"], exit_url=conf["exit_url"],
        csp=csp, styles=[M(s) for s in styles], head_scripts=[M(s) for s in head_scripts],
        scripts=[M(s) for s in scripts], search_index=M(search["index"]), search_worker=M(search["worker"]),
        contents=M(contents), body=M(body))
    check_self_contained(document)
    return document


# ---------------------------------------------------------------- PDF


def print_pdf(source: Path, dest: Path, chromium: str) -> None:
    """Print an HTML file to PDF with headless Chromium, scripts off and no network."""
    from playwright.sync_api import sync_playwright

    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort("blockedbyclient")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(java_script_enabled=False)
            context.route("**/*", route)
            page = context.new_page()
            page.goto(source.resolve().as_uri(), wait_until="load")
            page.pdf(path=str(dest), **PDF_PAGE, margin=PDF_MARGIN, print_background=True,
                     display_header_footer=True, header_template="<span></span>",
                     footer_template=PDF_FOOTER, outline=True, tagged=True)
        finally:
            browser.close()
    if outside:
        raise EditionError(f"printing the PDF asked for files outside it: {outside[:5]}")


def heading_texts(document: str) -> list[str]:
    """The text of every heading, in order, as a reader sees it."""
    out = []
    for inner in re.findall(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", document, re.S):
        inner = re.sub(r'<a class="headerlink".*?</a>', "", inner, flags=re.S)
        out.append(" ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split()))
    return out


def finish_pdf(path: Path, title: str, headings: list[str]) -> None:
    """Neutral metadata, and bookmarks spelled as the headings are.

    A PDF's title shows in recent-files lists and previews, so it says nothing
    about the subject, and no other document information is kept. Chromium
    builds each bookmark from a heading's lines and drops the space where a
    heading wraps ("Respect inRelationships"); each bookmark takes back the
    text of its heading, matched in order with spaces ignored."""
    import pikepdf
    from pikepdf import Name

    squeezed = [("".join(h.split()), h) for h in headings]
    at = 0

    def fix(items) -> None:
        nonlocal at
        for item in items:
            key = "".join(item.title.split())
            for i in range(at, len(squeezed)):
                if squeezed[i][0] == key:
                    item.title = squeezed[i][1]
                    at = i + 1
                    break
            fix(item.children)

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        pdf.docinfo[Name.Title] = title
        if Name.Metadata in pdf.Root:  # XMP would repeat the old title and dates
            del pdf.Root[Name.Metadata]
        with pdf.open_outline() as outline:
            fix(outline.root)
        pdf.Root[Name.PageMode] = Name.UseOutlines
        pdf.save(path)


# ---------------------------------------------------------------- build


def build(site_dir: Path, dist_dir: Path, chromium: str, config=None, *, search_dir: Path) -> tuple[Path, Path]:
    """Make both editions in dist_dir from site_dir, an offline build with the
    print-site plugin on; the one-file copy searches as search_dir (the
    offline site of the zip) does. Returns (html_path, pdf_path)."""
    conf = settings(config)
    dist_dir.mkdir(parents=True, exist_ok=True)
    html_path, pdf_path = dist_dir / conf["html_name"], dist_dir / conf["pdf_name"]
    html_path.write_text(render(site_dir, conf, "html", search_dir), encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="printable-") as tmp:
        printable = Path(tmp) / "printable.html"
        document = render(site_dir, conf, "pdf")
        printable.write_text(document, encoding="utf-8")
        print_pdf(printable, pdf_path, chromium)
    finish_pdf(pdf_path, conf["title"], heading_texts(document))
    return html_path, pdf_path
