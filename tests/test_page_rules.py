"""Rules every page keeps: description, visible review date, help on abuse pages,
reading level. Checked on the built HTML, as a reader gets it."""
import re
import statistics
from html.parser import HTMLParser

import pytest
import textstat

from helpers import parse

# Pages that are lists or data, not prose: the reading-level gate does not apply.
NOT_PROSE = {"editorial/references.html", "editorial/register.html", "help/helplines.html", "404.html"}
MAX_GRADE = 8.0
MAX_MEDIAN = 6.5


class ArticleText(HTMLParser):
    """The reader-visible text of the article, one block per line."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "summary",
              "blockquote", "div", "tr", "br"}
    SKIP = {"script", "style", "svg", "code", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skipping: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "article":
            self.depth += 1
        if self.depth and (tag in self.SKIP or "headerlink" in classes or self.skipping):
            self.skipping.append(tag)
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.depth and not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = [re.sub(r"\s+", " ", l).strip() for l in "".join(self.parts).split("\n")]
        # A heading or list item ends a sentence even without a full stop.
        return "\n".join(l if l[-1] in ".?!:;\"'\u201d)" else l + "." for l in lines if l)


def article_text(path) -> str:
    p = ArticleText()
    p.feed(path.read_text(encoding="utf-8"))
    return p.text()


def longest_sentences(text: str, n: int = 3) -> list[str]:
    sentences = re.split(r"(?<=[.?!])\s+", text.replace("\n", " "))
    return [f"({len(s.split())} words) {s}" for s in sorted(sentences, key=lambda s: -len(s.split()))[:n]]


def content_pages(pages):
    return [p for p in pages if p != "404.html"]


def test_every_page_has_a_description(site_dir, pages):
    site_desc = parse(site_dir / "index.html").find("meta", name="description")[0]["content"]
    missing = []
    for page in content_pages(pages):
        metas = parse(site_dir / page).find("meta", name="description")
        if not metas or (page != "index.html" and metas[0]["content"] == site_desc):
            missing.append(page)
    assert not missing, f"pages without their own description: {missing}"


def test_every_page_shows_its_review_date(site_dir, pages):
    missing = [p for p in content_pages(pages)
               if not re.search(r'class="page-reviewed">Last reviewed: <time datetime="\d{4}-\d\d-\d\d">',
                                (site_dir / p).read_text(encoding="utf-8"))]
    assert not missing, f"pages without a visible review date: {missing}"


def test_abuse_pages_have_a_content_note_and_help(site_dir, pages):
    problems = []
    for page in (p for p in pages if p.startswith("abuse/")):
        html = (site_dir / page).read_text(encoding="utf-8")
        if 'class="admonition content-note"' not in html:
            problems.append(f"{page}: no content note")
        if 'class="admonition help-now"' not in html or "danger-now.html" not in html:
            problems.append(f"{page}: no 'if you are in danger now' route")
        if "help/helplines.html" not in html:
            problems.append(f"{page}: no link to the helplines")
    assert not problems, "\n".join(problems)


def test_reading_level(site_dir, pages):
    grades = {}
    for page in content_pages(pages):
        if page in NOT_PROSE:
            continue
        grades[page] = textstat.flesch_kincaid_grade(article_text(site_dir / page))
    too_hard = {p: g for p, g in grades.items() if g > MAX_GRADE}
    report = "\n".join(
        f"{p}: grade {g:.1f}\n    " + "\n    ".join(longest_sentences(article_text(site_dir / p)))
        for p, g in sorted(too_hard.items()))
    assert not too_hard, f"pages above grade {MAX_GRADE}:\n{report}"
    median = statistics.median(grades.values())
    assert median <= MAX_MEDIAN, f"median grade {median:.2f} is above {MAX_MEDIAN}"


def test_text_extraction_sees_the_article(site_dir):
    text = article_text(site_dir / "boundaries" / "index.html")
    assert "Healthy boundaries" in text or "boundar" in text.lower()
    assert "Exit this page" not in text, "quick exit is outside the article"
    assert "{" not in text and "<" not in text
