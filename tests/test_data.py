"""The data behind the register, the references and the helplines is complete,
and what the pages show agrees with it."""
import re
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, build_copy, copy_project, parse

DATA = ROOT / "docs" / "_data"
VERDICTS = {"sound", "partly-true", "stereotype", "tactic", "unsafe"}


def load(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def digits(text: str) -> str:
    keys = {c: str(d) for d, cs in enumerate(["", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"])
            for c in cs}
    return "".join(ch if ch.isdigit() else keys.get(ch, "") for ch in text.lower())


# ---------------------------------------------------------------- claims register

def test_every_claim_has_every_field():
    data = load("claims.yml")
    assert 30 <= len(data["claims"]) <= 60
    refs = {r["id"] for r in load("references.yml")}
    for c in data["claims"]:
        for field in ("id", "article", "claim", "verdict", "note", "instead", "page", "page_title"):
            assert str(c.get(field) or "").strip(), f"{c.get('id')}: missing {field}"
        assert c["verdict"] in VERDICTS, f"{c['id']}: verdict {c['verdict']}"
        assert c["note"].strip() != "Draft." and c["instead"].strip() != "Draft.", c["id"]
        sentences = len(re.findall(r"[.?!](\s|$)", c["note"].strip()))
        assert 2 <= sentences <= 6, f"{c['id']}: note has {sentences} sentences"
        for ref in c.get("evidence") or []:
            assert ref in refs, f"{c['id']}: unknown reference {ref}"
        if c["verdict"] != "sound":
            assert c.get("evidence"), f"{c['id']}: a {c['verdict']} verdict needs evidence"
    both = {c["article"] for c in data["claims"]}
    assert both == {a["id"] for a in data["articles"]}


def test_register_shows_every_claim(site_dir):
    index = (site_dir / "editorial" / "register.html").read_text(encoding="utf-8")
    for verdict in VERDICTS:
        assert f'id="verdict-{verdict}"' in index
    for c in load("claims.yml")["claims"]:
        entry = f'register-{c["article"]}.html#{c["id"]}'
        assert f'href="{entry}"' in index, f"{c['id']} not listed on the register index"
        page = (site_dir / "editorial" / f'register-{c["article"]}.html').read_text(encoding="utf-8")
        assert f'id="{c["id"]}"' in page, f"{c['id']} has no entry on its article page"


def test_every_inline_editorial_note_points_to_a_register_entry(site_dir, pages):
    ids = {c["id"] for c in load("claims.yml")["claims"]}
    notes = 0
    problems = []
    for page in pages:
        html = (site_dir / page).read_text(encoding="utf-8")
        for block in re.findall(r'<div class="admonition editorial">(.*?)</div>', html, flags=re.S):
            notes += 1
            targets = re.findall(r'href="[^"]*register-[ab]\.html#([a-z0-9]+)"', block)
            if not targets:
                problems.append(f"{page}: an editorial note links no register entry")
            problems += [f"{page}: note links unknown entry {t}" for t in targets if t not in ids]
    assert not problems, "\n".join(problems)
    assert notes >= 20, f"only {notes} editorial notes on the site"


def test_every_reference_is_cited(site_dir, pages):
    refs = {r["id"] for r in load("references.yml")}
    cited = set()
    for page in pages:
        if page == "editorial/references.html":
            continue
        cited |= set(re.findall(r'references\.html#([a-z0-9-]+)"', (site_dir / page).read_text(encoding="utf-8")))
    assert not refs - cited, f"references cited nowhere: {sorted(refs - cited)}"
    assert not cited - refs, f"citations of missing references: {sorted(cited - refs)}"


def test_references_have_full_citations():
    for r in load("references.yml"):
        for field in ("id", "authors", "year", "title", "source"):
            assert str(r.get(field) or "").strip(), f"{r.get('id')}: missing {field}"
        assert r.get("doi") or r.get("url"), f"{r['id']}: needs a doi or url"
        if r.get("doi"):
            assert re.fullmatch(r"10\.\d{4,9}/\S+", r["doi"]), f"{r['id']}: odd doi {r['doi']}"


def test_malformed_register_fails_the_build_naming_the_entry(tmp_path):
    project = copy_project(tmp_path)
    path = project / "docs" / "_data" / "claims.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("verdict: tactic", "verdict: dubious", 1), encoding="utf-8")
    result = build_copy(project)
    assert result.returncode != 0
    assert "docs/_data/claims.yml" in result.stderr and "dubious" in result.stderr
    assert re.search(r"claim \d+ \([ab]\d\d\)", result.stderr), result.stderr[-500:]


# ---------------------------------------------------------------- helplines

def test_every_helpline_has_its_fields():
    data = load("helplines.yml")
    assert data["last_checked"], "last_checked date missing"
    countries = {c["id"] for c in data["countries"]}
    for needed in ("united-states", "united-kingdom", "ireland", "canada", "australia", "new-zealand"):
        assert any(c.startswith(needed) or needed in c for c in countries), f"no helplines for {needed}"
    for country in data["countries"]:
        for svc in country["services"]:
            where = f"{country['name']}: {svc.get('name')}"
            for field in ("name", "for", "hours", "source"):
                assert str(svc.get(field) or "").strip(), f"{where}: missing {field}"
            assert svc.get("phone") or svc.get("text") or svc.get("chat"), f"{where}: no contact"
            assert str(svc["source"]).startswith("https://"), f"{where}: source must be a web page"
    assert data["directories"], "no international directories"


def test_shown_numbers_match_their_tel_links(site_dir, pages):
    problems = []
    checked = 0
    for page in pages:
        html = (site_dir / page).read_text(encoding="utf-8")
        for href, shown in re.findall(r'<a href="tel:([^"]+)"[^>]*>([^<]+)</a>', html):
            checked += 1
            if digits(href) != digits(shown):
                problems.append(f"{page}: shows {shown!r} but dials {href!r}")
    assert not problems, "\n".join(problems)
    assert checked > 20


def test_helplines_page_shows_last_checked(site_dir):
    html = (site_dir / "help" / "helplines.html").read_text(encoding="utf-8")
    day = load("helplines.yml")["last_checked"]
    assert f'Numbers last checked: <time datetime="{day.isoformat()}">' in html
