"""Rules every page keeps: description, visible review date, help on abuse pages,
reading level. Checked on the built HTML, as a reader gets it."""
import re
import statistics

import pytest
import textstat

from support.helpers import article_text, parse

# Pages that are lists or data, not prose: the reading-level gate does not apply.
NOT_PROSE = {"editorial/references.html", "editorial/register.html", "help/helplines.html", "404.html"}
MAX_GRADE = 8.0
MAX_MEDIAN = 6.5


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


@pytest.mark.slow
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
