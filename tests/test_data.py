"""The data behind the register, the references and the helplines is complete,
and what the pages show agrees with it.

The field rules live once, in the JSON Schemas in docs/_data/schema/, and the
cross-checks in overrides/hooks/sitedata.py; the build and these tests use
both. The unit tests at the end prove that each kind of malformed entry fails
with a message naming the file, the entry and the field.
"""
import copy
import functools
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.exceptions import PluginError

import shortcodes
import sitedata
from support.helpers import ROOT, parse

DOCS = ROOT / "docs"
DATA = DOCS / "_data"
SCHEMAS = DATA / "schema"


@functools.cache
def read(name):
    return sitedata.read_yaml(DATA / name)


def load(name):
    """A data file as written (a copy: tests may change it)."""
    return copy.deepcopy(read(name))


def digits(text: str) -> str:
    return "".join(ch if ch.isdigit() else sitedata.KEYPAD.get(ch, "") for ch in text.lower())


def test_the_data_files_pass_their_schemas_and_name_them_for_editors():
    site = sitedata.load(DOCS)
    assert site.references and site.claims["claims"] and site.helplines["countries"]
    for name in ("claims", "references", "helplines"):
        first = (DATA / f"{name}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{name}.schema.json", name


# ---------------------------------------------------------------- claims register

def test_claims_are_written_in_full():
    data = load("claims.yml")
    assert 30 <= len(data["claims"]) <= 60
    for c in data["claims"]:
        assert c["note"].strip() != "Draft." and c["instead"].strip() != "Draft.", c["id"]
        sentences = len(re.findall(r"[.?!](\s|$)", c["note"].strip()))
        assert 2 <= sentences <= 6, f"{c['id']}: note has {sentences} sentences"
        if c["verdict"] != "sound":
            assert c.get("evidence"), f"{c['id']}: a {c['verdict']} verdict needs evidence"
    both = {c["article"] for c in data["claims"]}
    assert both == {a["id"] for a in data["articles"]}


def html_name(md_path: str) -> str:
    return md_path.removesuffix(".md") + ".html"


def test_register_shows_every_claim(site_dir):
    site = sitedata.load(DOCS)
    index = (site_dir / "editorial" / "register.html").read_text(encoding="utf-8")
    for verdict in sitedata.VERDICTS:
        assert f'id="verdict-{verdict}"' in index
    for c in site.claims["claims"]:
        held_on = html_name(site.register_page(c))
        entry = f'{held_on.removeprefix("editorial/")}#{c["id"]}'
        assert f'href="{entry}"' in index, f"{c['id']} not listed on the register index"
        page = (site_dir / held_on).read_text(encoding="utf-8")
        assert f'id="{c["id"]}"' in page, f"{c['id']} has no entry on {held_on}"


def test_every_inline_editorial_note_points_to_a_register_entry(site_dir, pages):
    site = sitedata.load(DOCS)
    holds = {c["id"]: html_name(site.register_page(c)).removeprefix("editorial/") for c in site.claims["claims"]}
    notes = 0
    problems = []
    for page in pages:
        html = (site_dir / page).read_text(encoding="utf-8")
        for block in re.findall(r'<div class="admonition editorial">(.*?)</div>', html, flags=re.S):
            notes += 1
            targets = re.findall(r'href="(?:[^"]*/)?(register-[a-z-]+\.html)#([a-z0-9]+)"', block)
            if not targets:
                problems.append(f"{page}: an editorial note links no register entry")
            for held_on, entry in targets:
                if entry not in holds:
                    problems.append(f"{page}: note links unknown entry {entry}")
                elif holds[entry] != held_on:
                    problems.append(f"{page}: note links {held_on}#{entry}, but {holds[entry]} holds it")
    assert not problems, "\n".join(problems)
    assert notes >= 20, f"only {notes} editorial notes on the site"


def test_every_register_page_fits_the_size_budget(site_dir):
    import gzip

    for page in sitedata.load(DOCS).register_parts():
        size = len(gzip.compress((site_dir / html_name(page)).read_bytes(), compresslevel=6))
        assert size < 14_000, f"{page}: {size} bytes gzipped; split it further in claims.yml"


def test_every_reference_is_cited(site_dir, pages):
    refs = {r["id"] for r in load("references.yml")}
    cited = set()
    for page in pages:
        if page == "editorial/references.html":
            continue
        cited |= set(re.findall(r'references\.html#([a-z0-9-]+)"', (site_dir / page).read_text(encoding="utf-8")))
    assert not refs - cited, f"references cited nowhere: {sorted(refs - cited)}"
    assert not cited - refs, f"citations of missing references: {sorted(cited - refs)}"


# ---------------------------------------------------------------- helplines

def test_every_country_the_site_names_has_helplines():
    data = load("helplines.yml")
    countries = {c["id"] for c in data["countries"]}
    for needed in ("united-states", "united-kingdom", "ireland", "canada", "australia", "new-zealand"):
        assert any(c.startswith(needed) or needed in c for c in countries), f"no helplines for {needed}"


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


def test_every_emergency_number_is_in_the_danger_box_and_the_table(site_dir):
    rows = load("helplines.yml")["emergency"]
    box = (site_dir / "abuse" / "coercive-control.html").read_text(encoding="utf-8")
    box = re.search(r'<div class="admonition help-now">(.*?)</div>', box, flags=re.S).group(1)
    table = (site_dir / "help" / "danger-now.html").read_text(encoding="utf-8")
    for row in rows:
        for number in row["numbers"]:
            assert f'href="tel:{number}"' in box, f"{number} ({row['country']}) not in the danger box"
            assert f'href="tel:{number}"' in table, f"{number} ({row['country']}) not on danger-now"
        assert row["short"] in box


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


def test_every_country_lists_a_crisis_line_and_the_uk_starts_with_the_national_line():
    # The order of need itself (main, group, crisis) is checked by sitedata.py.
    countries = load("helplines.yml")["countries"]
    for country in countries:
        assert "crisis" in {svc["kind"] for svc in country["services"]}, f"{country['name']}: no crisis line"
    uk = next(c for c in countries if c["id"] == "united-kingdom")
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



# ---------------------------------------------------------------- malformed data fails, naming it
#
# Unit tests of the loaders on small temporary files (no rebuild): each case
# changes the real data in one place and checks the whole message.


def page_exists(path: str) -> bool:
    return (DOCS / path).is_file()


def run_loader(tmp_path, name: str, data):
    folder = tmp_path / "_data"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                              allow_unicode=True, sort_keys=False), encoding="utf-8")
    if name == "references.yml":
        return sitedata.load_references(path, SCHEMAS)
    if name == "claims.yml":
        refs = {r["id"]: r for r in load("references.yml")}
        return sitedata.load_claims(path, SCHEMAS, refs, page_exists)
    return sitedata.load_helplines(path, SCHEMAS)


def fault(name: str, change):
    data = load(name)
    change(data)
    return data


def first_ref(change):
    return lambda d: change(d[0])


def claim(i, change):
    return lambda d: change(d["claims"][i])


def emergency(i, change):
    return lambda d: change(d["emergency"][i])


def service(c, s, change):
    return lambda d: change(d["countries"][c]["services"][s])


def set_item(key, value):
    return lambda entry: entry.__setitem__(key, value)


def delete(key):
    return lambda entry: entry.pop(key)


MALFORMED = {
    # references.yml
    "reference: missing field": (
        "references.yml", first_ref(delete("title")),
        "docs/_data/references.yml: entry 1 (campbell-2003): missing field 'title'"),
    "reference: wrong type": (
        "references.yml", first_ref(set_item("title", ["a", "list"])),
        "docs/_data/references.yml: entry 1 (campbell-2003): field 'title': ['a', 'list'] is not of type 'string'"),
    "reference: duplicate id": (
        "references.yml", lambda d: d[1].__setitem__("id", "campbell-2003"),
        "docs/_data/references.yml: entry 2 (campbell-2003): field 'id': 'campbell-2003' is used twice "
        "(also by entry 1)"),
    "reference: not a mapping": (
        "references.yml", lambda d: d.__setitem__(1, "Wilson and Daly 1993"),
        "docs/_data/references.yml: entry 2: expected a mapping of fields (such as id: ...), "
        "got 'Wilson and Daly 1993'"),
    "reference: neither doi nor url": (
        "references.yml", first_ref(delete("doi")),
        "docs/_data/references.yml: entry 1 (campbell-2003): needs a doi or a url"),
    # claims.yml
    "claim: missing field": (
        "claims.yml", claim(2, delete("note")),
        "docs/_data/claims.yml: claim 3 (a03): missing field 'note'"),
    "claim: wrong type": (
        "claims.yml", claim(0, set_item("evidence", "cdc-ipv")),
        "docs/_data/claims.yml: claim 1 (a01): field 'evidence': 'cdc-ipv' is not of type 'array'"),
    "claim: unknown reference id": (
        "claims.yml", claim(0, set_item("evidence", ["cdc-ipv", "no-such-study"])),
        "docs/_data/claims.yml: claim 1 (a01): field 'evidence' item 2: 'no-such-study' is not an id in "
        "docs/_data/references.yml"),
    "claim: duplicate id": (
        "claims.yml", claim(3, set_item("id", "a01")),
        "docs/_data/claims.yml: claim 4 (a01): field 'id': 'a01' is used twice (also by claim 1)"),
    "claim: not a mapping": (
        "claims.yml", lambda d: d["claims"].__setitem__(4, "a05 walking away sparks interest"),
        "docs/_data/claims.yml: claim 5: expected a mapping of fields (such as id: ...), "
        "got 'a05 walking away sparks interest'"),
    "claim: unknown verdict": (
        "claims.yml", claim(0, set_item("verdict", "dubious")),
        "docs/_data/claims.yml: claim 1 (a01): field 'verdict': 'dubious' is not one of "
        "sound, partly-true, stereotype, tactic, unsafe"),
    "claim: unknown article": (
        "claims.yml", claim(0, set_item("article", "c")),
        "docs/_data/claims.yml: claim 1 (a01): field 'article': 'c' is not one of a, b"),
    "claim: page that does not exist": (
        "claims.yml", claim(0, set_item("page", "abuse/no-such-page.md")),
        "docs/_data/claims.yml: claim 1 (a01): field 'page': 'abuse/no-such-page.md' does not exist under docs/"),
    "claim: unknown field": (
        "claims.yml", claim(0, set_item("verdcit", "sound")),
        "docs/_data/claims.yml: claim 1 (a01): unknown field 'verdcit' (a typing mistake?)"),
    "register: a verdict on no page": (
        "claims.yml", lambda d: d["articles"][1]["register"][1]["verdicts"].remove("tactic"),
        "docs/_data/claims.yml: article 2 (b): field 'register': no page holds the verdicts tactic"),
    "register: a verdict on two pages": (
        "claims.yml", lambda d: d["articles"][1]["register"][1]["verdicts"].append("sound"),
        "docs/_data/claims.yml: article 2 (b): register page 2 (editorial/register-b-more.md): "
        "field 'verdicts': 'sound' is already on register page 1"),
    # helplines.yml
    "helpline: missing field": (
        "helplines.yml", service(0, 0, delete("source_type")),
        "docs/_data/helplines.yml: country 1 (United Kingdom): service 1 (National Domestic Abuse Helpline "
        "(England)): missing field 'source_type'"),
    "helpline: wrong type": (
        "helplines.yml", emergency(0, set_item("numbers", "999 or 112")),
        "docs/_data/helplines.yml: emergency 1 (United Kingdom): field 'numbers': '999 or 112' is not of "
        "type 'array'"),
    "helpline: a number that is not digits": (
        "helplines.yml", emergency(0, set_item("numbers", ["999", "one one two"])),
        "docs/_data/helplines.yml: emergency 1 (United Kingdom): field 'numbers' item 2: 'one one two' is not "
        "a number in quotes, digits only, such as \"999\""),
    "helpline: duplicate id": (
        "helplines.yml", lambda d: d["countries"][1].__setitem__("id", d["countries"][0]["id"]),
        "docs/_data/helplines.yml: country 2 (Ireland): field 'id': 'united-kingdom' is used twice "
        "(also by country 1)"),
    "helpline: not a mapping": (
        "helplines.yml", lambda d: d["countries"][0]["services"].__setitem__(1, "Refuge 0808 2000 247"),
        "docs/_data/helplines.yml: country 1 (United Kingdom): service 2: expected a mapping of fields "
        "(such as id: ...), got 'Refuge 0808 2000 247'"),
    "helpline: unknown source type": (
        "helplines.yml", service(0, 0, set_item("source_type", "news")),
        "docs/_data/helplines.yml: country 1 (United Kingdom): service 1 (National Domestic Abuse Helpline "
        "(England)): field 'source_type': 'news' is not one of own, government"),
    "helpline: unknown kind": (
        "helplines.yml", service(0, 0, set_item("kind", "hotline")),
        "docs/_data/helplines.yml: country 1 (United Kingdom): service 1 (National Domestic Abuse Helpline "
        "(England)): field 'kind': 'hotline' is not one of main, group, crisis"),
    "helpline: no way to contact": (
        "helplines.yml", service(0, 0, lambda s: [s.pop(k, None) for k in ("phone", "text", "chat")]),
        "docs/_data/helplines.yml: country 1 (United Kingdom): service 1 (National Domestic Abuse Helpline "
        "(England)): needs a phone or a text or a chat"),
    "helpline: last checked not a date": (
        "helplines.yml", lambda d: d.__setitem__("last_checked", "soon"),
        "docs/_data/helplines.yml: field 'last_checked': 'soon' is not a date such as 2026-11-21"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_data_fails_naming_the_file_entry_and_field(tmp_path, case):
    name, change, expected = MALFORMED[case]
    with pytest.raises(PluginError) as err:
        run_loader(tmp_path, name, fault(name, change))
    assert expected in str(err.value).splitlines(), str(err.value)


def test_helpline_lines_out_of_order_fail_naming_the_line(tmp_path):
    def move_main_last(d):
        uk = d["countries"][0]
        uk["services"] = uk["services"][1:] + uk["services"][:1]

    with pytest.raises(PluginError) as err:
        run_loader(tmp_path, "helplines.yml", fault("helplines.yml", move_main_last))
    message = str(err.value)
    assert re.search(r"service \d+ \(National Domestic Abuse Helpline \(England\)\): field 'kind': "
                     r"a 'main' line comes after a 'crisis' line", message), message


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    data = fault("claims.yml", lambda d: (d["claims"][0].pop("note"), d["claims"][1].pop("instead")))
    with pytest.raises(PluginError) as err:
        run_loader(tmp_path, "claims.yml", data)
    assert str(err.value).splitlines() == [
        "docs/_data/claims.yml: claim 1 (a01): missing field 'note'",
        "docs/_data/claims.yml: claim 2 (a02): missing field 'instead'",
    ]


def test_a_missing_or_broken_file_is_named(tmp_path):
    with pytest.raises(PluginError, match=r"^docs/_data/references.yml: file is missing$"):
        sitedata.load_references(tmp_path / "_data" / "references.yml", SCHEMAS)
    (tmp_path / "_data").mkdir()
    (tmp_path / "_data" / "references.yml").write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"^docs/_data/references.yml: not valid YAML"):
        sitedata.load_references(tmp_path / "_data" / "references.yml", SCHEMAS)


# ---------------------------------------------------------------- data markers


def run_markers(markdown: str, src: str = "help/example.md"):
    page = SimpleNamespace(file=SimpleNamespace(src_uri=src), meta={})
    config = SimpleNamespace(docs_dir=str(DOCS))
    return shortcodes.on_page_markdown(markdown, page=page, config=config, files=None)


@pytest.mark.parametrize("markdown, expected", [
    ("# T\n\n<!-- data:helpline -->\n",
     "docs/help/example.md: line 3: unknown data marker 'helpline' in '<!-- data:helpline -->'; known: "),
    ("# T\n\n<!-- helplines -->\n",
     "docs/help/example.md: line 3: '<!-- helplines -->' looks like a data marker but is not one"),
    ("# T\n\n<!-- claims-register: a -->\n",
     "docs/help/example.md: line 3: '<!-- claims-register: a -->' looks like a data marker but is not one"),
    ("# T\n\nText <!-- data:references --> in a line.\n",
     "docs/help/example.md: line 3: '<!-- data:references -->' looks like a data marker but is not one"),
    ("# T\n\n<!-- data:references:all -->\n",
     "docs/help/example.md: line 3: the data marker 'references' takes no argument, got 'all'"),
    ("# T\n\n<!-- data:claims-register:z -->\n",
     "docs/help/example.md: no article 'z' in docs/_data/claims.yml"),
    ("# T\n\n<!-- data:claims-register:b -->\n",
     "docs/help/example.md: article 'b' has no register page 'help/example.md' in docs/_data/claims.yml"),
])
def test_unknown_or_old_markers_fail_naming_the_page(markdown, expected):
    with pytest.raises(PluginError) as err:
        run_markers(markdown)
    assert str(err.value).startswith(expected), str(err.value)


def test_the_only_comments_in_the_docs_are_markers_and_the_abbreviations_note():
    comments = {}
    for path in DOCS.rglob("*.md"):
        for found in re.findall(r"<!--.*?-->", path.read_text(encoding="utf-8"), flags=re.S):
            comments.setdefault(found, []).append(path.relative_to(DOCS).as_posix())
    plain = {c: where for c, where in comments.items() if not shortcodes.MARKER.fullmatch(c)}
    assert list(plain.values()) == [["_snippets/abbreviations.md"]], plain
