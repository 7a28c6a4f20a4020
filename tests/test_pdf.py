"""The PDF booklet (dist/<extra.offline_pdf>), read with pypdf (its text with
PDFium): every page of the site is in its bookmarks, its text can be found,
its links stay inside it, its metadata says nothing about the subject, and it
carries no quick-exit or navigation chrome. Sizes are in bytes."""
import re
import unicodedata

import pypdfium2
import pytest
from pypdf import PdfReader

import one_file

SETTINGS = one_file.settings()
# About 230 A5 pages for 36 site pages in December 2026; the range leaves room
# for the new pages planned, and catches a print that lost or repeated content.
MIN_PAGES, MAX_PAGES = 120, 700
MAX_BYTES = 8_000_000
# A sentence from a known page (docs/index.md).
KNOWN_SENTENCE = "Abuse is never your fault. You do not have to face it alone."
# Text that only the website's controls show (the quick exit and its hint).
CHROME = ["Exit this page now", "Emergency: Exit", "press Shift 3 times", "Search this copy",
          "Back to contents", "Skip to content"]
LINK_SCHEMES = ("https:", "http:", "tel:", "mailto:", "sms:")


@pytest.fixture(scope="module")
def pdf_path(zip_path):
    return zip_path.parent / SETTINGS["pdf_name"]


@pytest.fixture(scope="module")
def reader(pdf_path) -> PdfReader:
    return PdfReader(pdf_path)


@pytest.fixture(scope="module")
def text(pdf_path) -> str:
    """All the booklet's text, as PDFium reads it (what a reader can find in it)."""
    document = pypdfium2.PdfDocument(pdf_path)
    try:
        raw = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def flat_outline(items, depth=0):
    for item in items:
        if isinstance(item, list):
            yield from flat_outline(item, depth + 1)
        else:
            yield depth, item.title


def page_titles(site_dir, pages) -> dict[str, str]:
    titles = {}
    for path in pages:
        if path == "404.html":
            continue
        html = (site_dir / path).read_text(encoding="utf-8")
        inner = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
        inner = re.sub(r'<a class="headerlink".*?</a>', "", inner, flags=re.S)
        titles[path] = " ".join(re.sub(r"<[^>]+>", "", inner).split()).replace("&quot;", '"').replace("&amp;", "&")
    return titles


def test_size_and_page_count(pdf_path, reader):
    size = pdf_path.stat().st_size
    assert size <= MAX_BYTES, f"{pdf_path.name}: {size:,} bytes, budget {MAX_BYTES:,}"
    assert MIN_PAGES <= len(reader.pages) <= MAX_PAGES, len(reader.pages)


def test_pages_fit_a4_and_letter(reader):
    a4, letter = (595.3, 841.9), (612.0, 792.0)
    for page in reader.pages[:3]:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width <= min(a4[0], letter[0]) and height <= min(a4[1], letter[1]), (width, height)
        assert width >= 0.6 * a4[0], "too small to read"


def test_a_bookmark_for_every_page_of_the_site(reader, site_dir, pages):
    bookmarks = [title for _, title in flat_outline(reader.outline)]
    missing = sorted(set(page_titles(site_dir, pages).values()) - set(bookmarks))
    assert not missing, f"no bookmark for: {missing}"
    # Pages sit under their section, not all at one level.
    assert {depth for depth, _ in flat_outline(reader.outline)} >= {0, 1, 2}


def test_known_sentence_can_be_found(text):
    assert KNOWN_SENTENCE in text


def test_starts_with_a_note_on_keeping_and_deleting_the_file(reader):
    first = " ".join(unicodedata.normalize("NFKC", reader.pages[0].extract_text()).split())
    assert first.startswith("About this file.")
    assert SETTINGS["pdf_name"] in first and "delete" in first


def test_metadata_is_neutral(reader):
    info = {key: str(value) for key, value in (reader.metadata or {}).items()}
    assert info.get("/Title") == SETTINGS["title"]
    for key, value in info.items():
        assert not re.search(r"abuse|violence|relationship|respect", value, re.I), (key, value)
    assert "/Metadata" not in reader.trailer["/Root"], "XMP metadata would repeat what was removed"


def test_links_point_inside_the_document_or_to_the_web(reader):
    named = reader.named_destinations
    inside, problems = 0, []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else {}
            if action.get("/S") == "/URI":
                uri = str(action["/URI"])
                if not uri.startswith(LINK_SCHEMES):
                    problems.append(f"page {number}: link to {uri}")
                continue
            dest = annot.get("/Dest", action.get("/D"))
            if dest is None:
                problems.append(f"page {number}: a link with no target")
            elif isinstance(dest, str) or hasattr(dest, "original_bytes"):
                if str(dest) not in named:
                    problems.append(f"page {number}: link to missing {dest}")
                else:
                    inside += 1
            else:
                inside += 1
    assert not problems, problems[:10]
    assert inside >= 36, f"only {inside} links inside the document"


def test_no_quick_exit_or_navigation_chrome(text):
    for chrome in CHROME:
        assert chrome not in text, chrome
    # The pages may name the website's button, in quotes; the button itself is not printed.
    unquoted = re.findall(r'(?<!")Exit this page(?!")', text)
    assert not unquoted, f"{len(unquoted)} unquoted 'Exit this page'"
