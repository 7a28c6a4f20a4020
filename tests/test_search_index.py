"""The smaller search index (overrides/hooks/search_index.py) loses no word,
and its stop-word list is the search worker's own."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import search_index
from support.helpers import config

HERE = Path(__file__).resolve().parent
CONFIG = {"separator": r"[\s\-]+", "pipeline": ["stopWordFilter"], "fields": {"words": {"boost": 1}}}


def worker_script(site_dir: Path) -> Path:
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config"[^>]*>(.*?)</script>', home, re.S).group(1))
    return (site_dir / re.sub(r"^(\.\.?/)+", "", config["search"])).resolve()


def test_stop_words_are_the_search_workers(site_dir):
    script = worker_script(site_dir).read_text(encoding="utf-8")
    lists = re.findall(r"generateStopWordFilter\(\[([^\]]*)\]\)", script)
    assert lists, "no stop-word list found in the search worker"
    assert search_index.STOP_WORDS == set(json.loads("[" + lists[-1] + "]"))


def test_every_word_of_a_section_stays_searchable():
    text = ("<p>Stalking is a pattern of unwanted contact. It can't be your fault.</p>"
            "<ul><li>After a break-up it may look like calling again and again, " + "watching " * 40
            + "and turning up at work.</li></ul>")
    index = {"config": CONFIG, "docs": [
        {"location": "a.html", "title": "Page", "text": "<p>Opening.</p>", "tags": ["ex", "stalker"]},
        {"location": "a.html#s", "title": "What if my ex is stalking me?", "text": text, "tags": ["ex", "stalker"]},
    ]}
    page, section = search_index.compact(index)["docs"]
    assert len(section["text"]) <= search_index.TEASER + 2 and "<" not in section["text"]
    # split as the worker splits (the separator), punctuation aside
    searchable = set(re.split(r"[\s\-?.,…]+", f"{section['title']} {section['text']} {section['words']}".lower()))
    for word in re.sub(r"<[^>]+>|[.,]", " ", text).lower().split():
        for part in word.split("-"):
            assert part in searchable or part in search_index.STOP_WORDS, part
    assert {"cant", "breakup"} <= set(section["words"].split())
    assert section["words"].split().count("watching") <= 1
    assert page["tags"] == ["ex", "stalker"] and "tags" not in section


def test_small_words_leave_the_query(site_dir, tmp_path):
    """The worker shim drops small words: with them or without, the same ranking."""
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps(["boundary", "i he my boundary", "dont setting boundaries"]))
    out = subprocess.run(["node", str(HERE / "search_rank.cjs"), str(site_dir), str(queries)],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    ranked = json.loads(out)
    assert ranked["boundary"], "search found nothing for 'boundary'"
    assert ranked["i he my boundary"] == ranked["boundary"]


def test_no_page_shows_its_tags(site_dir, zip_path):
    """Tags are words for search: no page of the site or the one-file copy shows them."""
    one_file = zip_path.parent / config()["extra"]["offline_html"]
    shown = [p for p in [*site_dir.rglob("*.html"), one_file]
             if re.search(r"""class=["']md-tags["']""", p.read_text(encoding="utf-8"))]
    assert not shown, f"pages that show their tags: {shown}"
