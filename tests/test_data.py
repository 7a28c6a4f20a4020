"""The data behind the register, the references and the helplines is complete,
and what the pages show agrees with it."""
import importlib.util
import re
from pathlib import Path
from urllib.parse import urlsplit

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


# ---------------------------------------------------------------- helpline sources

# Every helpline `source` must be the service's own site ("own") or a government
# or public-body page ("government"). A new source needs its host added here, on
# purpose, under the right kind. News sites, press-release sites, politicians'
# pages and directories run by others belong in neither list.
ALLOWED_SOURCE_HOSTS = {
    "own": {
        "247sexualabusesupport.org.uk",  # Rape Crisis England & Wales 24/7 Support Line
        "988.ca",                        # 9-8-8 Suicide Crisis Helpline (Canada)
        "abuse.sk.211.ca",               # 211 Saskatchewan
        "childline.org.uk",              # Childline
        "drcc.ie",                       # Dublin Rape Crisis Centre
        "galop.org.uk",                  # Galop
        "karmanirvana.org.uk",           # Karma Nirvana
        "lifeline.giveeasy.org",         # Lifeline Australia's own appeal page
        "ntv.org.au",                    # No to Violence (Men's Referral Service)
        "qlife.org.au",                  # QLife
        "rainn.org",                     # RAINN
        "rapecrisisscotland.org.uk",     # Rape Crisis Scotland
        "refuge.org.uk",                 # Refuge, which runs the National Domestic Abuse Helpline
        "samaritans.org",                # Samaritans
        "stronghearts.me",               # StrongHearts Native Helpline
        "swgfl.org.uk",                  # SWGfL, which runs the Revenge Porn Helpline
        "thans.ca",                      # Transition House Association of Nova Scotia
        "womensrefuge.org.nz",           # Women's Refuge (New Zealand)
    },
    "government": {
        "acma.gov.au",                   # Australian Communications and Media Authority
        "alberta.ca",                    # Government of Alberta
        "alburycity.nsw.gov.au",         # Albury City Council (NSW)
        "arun.gov.uk",                   # Arun District Council
        "digital-strategy.ec.europa.eu", # European Commission
        "eastcambs.gov.uk",              # East Cambridgeshire District Council
        "fcc.gov",                       # US Federal Communications Commission
        "gov.ie",                        # Government of Ireland
        "gov.mb.ca",                     # Government of Manitoba
        "gov.uk",                        # UK government
        "gov.wales",                     # Welsh Government
        "govt.nz",                       # New Zealand government
        "health.govt.nz",                # New Zealand Ministry of Health
        "health.vic.gov.au",             # Victorian Department of Health
        "health.wyo.gov",                # Wyoming Department of Health
        "healthlinkbc.ca",               # HealthLink BC (BC Ministry of Health)
        "justice.gc.ca",                 # Department of Justice Canada
        "justice.gov",                   # US Department of Justice
        "keepingwellnwl.nhs.uk",         # NHS North West London
        "mentalhealthcommission.gov.au", # National Mental Health Commission (Australia)
        "msd.govt.nz",                   # New Zealand Ministry of Social Development
        "ovc.ojp.gov",                   # US Office for Victims of Crime
        "police.govt.nz",                # New Zealand Police
        "safer.scot",                    # Safer Scotland (Scottish Government)
        "southerntrust.hscni.net",       # Southern Health and Social Care Trust (NI)
        "surrey.grc-rcmp.gc.ca",         # Royal Canadian Mounted Police
    },
}


def helpline_sources(data):
    """(where, entry) for every emergency row and every service."""
    for row in data["emergency"]:
        yield f"emergency {row.get('country')}", row
    for country in data["countries"]:
        for svc in country["services"]:
            yield f"{country['name']}: {svc.get('name')}", svc


def source_problems(entries) -> list[str]:
    problems = []
    for where, entry in entries:
        kind = entry.get("source_type")
        if kind not in ALLOWED_SOURCE_HOSTS:
            problems.append(f"{where}: source_type {kind!r} is not one of {sorted(ALLOWED_SOURCE_HOSTS)}")
            continue
        url = urlsplit(str(entry.get("source")))
        host = (url.hostname or "").removeprefix("www.")
        if url.scheme != "https" or host not in ALLOWED_SOURCE_HOSTS[kind]:
            problems.append(f"{where}: {entry.get('source')} is not on an allowed {kind!r} host")
    return problems


def test_every_helpline_source_is_the_services_own_site_or_a_government_page():
    data = load("helplines.yml")
    problems = source_problems(helpline_sources(data))
    assert not problems, "\n".join(problems)
    used = {urlsplit(e["source"]).hostname.removeprefix("www.") for _, e in helpline_sources(data)}
    listed = set().union(*ALLOWED_SOURCE_HOSTS.values())
    assert not listed - used, f"allowed hosts no entry uses (remove them): {sorted(listed - used)}"


def test_the_source_check_rejects_news_releases_and_unknown_kinds():
    bad = [
        ("a news story", {"source": "https://www.rte.ie/news/2022/1114/1335943-men-violence-report",
                          "source_type": "own"}),
        ("a politician's release", {"source": "https://janastewart.com.au/media-and-news/media-releases/x/",
                                    "source_type": "government"}),
        ("own site called government", {"source": "https://rainn.org/get-help", "source_type": "government"}),
        ("no kind", {"source": "https://www.gov.uk/x"}),
        ("plain http", {"source": "http://www.gov.uk/x", "source_type": "government"}),
    ]
    problems = source_problems(bad)
    assert len(problems) == len(bad), problems


def test_helplines_are_listed_in_order_of_need():
    order = ["main", "group", "crisis"]
    for country in load("helplines.yml")["countries"]:
        kinds = [svc.get("kind") for svc in country["services"]]
        assert all(k in order for k in kinds), f"{country['name']}: unknown kind in {kinds}"
        assert kinds[0] == "main", f"{country['name']}: the first line is not the main line"
        assert kinds == sorted(kinds, key=order.index), f"{country['name']}: lines out of order {kinds}"
        assert "crisis" in kinds, f"{country['name']}: no crisis line"
    uk = next(c for c in load("helplines.yml")["countries"] if c["id"] == "united-kingdom")
    assert uk["services"][0]["name"].startswith("National Domestic Abuse Helpline")


def test_helplines_page_keeps_the_anchors_other_pages_link_to(site_dir):
    html = (site_dir / "help" / "helplines.html").read_text(encoding="utf-8")
    anchors = ["united-kingdom", "england", "scotland", "wales", "northern-ireland", "ireland",
               "united-states", "canada", "australia", "new-zealand", "everywhere-else"]
    anchors += [f"{c['id']}-crisis" for c in load("helplines.yml")["countries"]]
    missing = [a for a in anchors if f'id="{a}"' not in html]
    assert not missing, f"help/helplines.html has no id for {missing}"
    shown = {a.get("href") for t, a in parse(site_dir / "help" / "helplines.html").tags if t == "a"}
    for _, entry in helpline_sources(load("helplines.yml")):
        if "country" not in entry:
            assert entry["source"] in shown, f"source not shown: {entry['source']}"


def load_hook():
    spec = importlib.util.spec_from_file_location("pages_hook", ROOT / "overrides" / "hooks" / "pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("fault, expected", [
    (("source_type: own\n", "source_type: news\n"), "source_type 'news' is not one of own, government"),
    (("    source_type: government\n", ""), "missing source_type"),
    (("kind: crisis\n", "kind: hotline\n"), "kind 'hotline' is not one of main, group, crisis"),
])
def test_helpline_data_faults_fail_the_build_naming_the_entry(tmp_path, fault, expected):
    from mkdocs.exceptions import PluginError

    hook = load_hook()
    text = (DATA / "helplines.yml").read_text(encoding="utf-8")
    assert fault[0] in text
    (tmp_path / "helplines.yml").write_text(text.replace(fault[0], fault[1], 1), encoding="utf-8")
    hook.DATA = tmp_path
    with pytest.raises(PluginError) as err:
        hook.load_helplines()
    message = str(err.value)
    assert message.startswith("docs/_data/helplines.yml: ") and expected in message, message
    assert re.search(r"(emergency \d+|service \d+) \([^)]+\)", message), message


def test_helpline_lines_out_of_order_fail_the_build(tmp_path):
    from mkdocs.exceptions import PluginError

    hook = load_hook()
    data = load("helplines.yml")
    uk = data["countries"][0]
    uk["services"] = uk["services"][1:] + uk["services"][:1]  # the main England line moved last
    (tmp_path / "helplines.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    hook.DATA = tmp_path
    with pytest.raises(PluginError) as err:
        hook.load_helplines()
    assert "comes after" in str(err.value) and "National Domestic Abuse Helpline" in str(err.value)
