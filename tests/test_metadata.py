"""Titles, descriptions, canonical URLs, plain Open Graph tags, robots.txt and
the sitemap, all driven by site_url. Link previews never show the topic of a
page about abuse or getting help, and no page offers a preview image."""
import functools
import gzip
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
import yaml
from mkdocs.config import load_config

from support.helpers import ROOT, parse

TELLING = re.compile(r"abus|violen|danger|coerc|control|helpline|escape|leav|safety|crime|police|999|911",
                     re.I)
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@functools.cache
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


def front_matter(source) -> dict:
    text = source.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}


def documents():
    """(built page, its front matter) for every page written in docs/."""
    docs = ROOT / "docs"
    for source in sorted(docs.rglob("*.md")):
        relative = source.relative_to(docs).as_posix()
        if not relative.startswith("_"):
            yield relative[:-3] + ".html", front_matter(source)


def meta(page, **attrs) -> list[str]:
    return [a.get("content") for a in page.find("meta", **attrs)]


def private(path: str, matter: dict) -> bool:
    folder = ROOT / "docs" / path.rpartition("/")[0] / ".meta.yml"
    defaults = yaml.safe_load(folder.read_text(encoding="utf-8")) if folder.is_file() else {}
    matter = {**(defaults or {}), **matter}
    return any(bool(matter.get(key)) for key in ("private_preview", "content_note", "help_box"))


def test_titles_and_descriptions(site_dir):
    titles = set()
    for path, matter in documents():
        page = parse(site_dir / path)
        title = re.search(r"<title>(.*?)</title>", (site_dir / path).read_text(encoding="utf-8")).group(1)
        assert title == config().site_name or title.endswith(" - " + config().site_name), path
        titles.add(title)
        assert meta(page, name="description") == [matter["description"]], path
    assert len(titles) == len(list(documents())), "two pages share a title"


def test_canonical_urls_come_from_site_url(site_dir):
    site_url = config()["site_url"]
    for path, _ in documents():
        links = [a["href"] for a in parse(site_dir / path).find("link", rel="canonical")]
        assert links == [site_url + path], path


def test_open_graph_tags_are_plain_and_private_pages_neutral(site_dir):
    site_url, share = config()["site_url"], config()["extra"]["share"]
    assert not TELLING.search(share["description"])
    neutral = 0
    for path, matter in documents():
        page = parse(site_dir / path)
        assert meta(page, property="og:type") == ["website"], path
        assert meta(page, property="og:site_name") == [config().site_name], path
        assert meta(page, property="og:url") == [site_url + path], path
        [title], [description] = meta(page, property="og:title"), meta(page, property="og:description")
        if private(path, matter):
            neutral += 1
            assert (title, description) == (config().site_name, share["description"]), path
        else:
            assert description == matter["description"], path
        assert not TELLING.search(title + " " + description), f"{path}: preview shows {title!r}: {description!r}"
        images = [a for t, a in page.tags if t == "meta" and re.search(r"image|twitter:card",
                  (a.get("property") or "") + (a.get("name") or ""))]
        assert not images, f"{path}: preview image tags {images}"
    assert neutral >= 10, "the abuse and help pages should have neutral previews"


def test_robots_txt_allows_all_and_names_the_sitemap(site_dir):
    lines = (site_dir / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines == ["User-agent: *", "Allow: /", "", f"Sitemap: {config()['site_url']}sitemap.xml"]


def test_sitemap_lists_every_page_and_nothing_else(site_dir, pages):
    site_url = config()["site_url"]
    xml = (site_dir / "sitemap.xml").read_bytes()
    assert gzip.decompress((site_dir / "sitemap.xml.gz").read_bytes()) == xml
    locs = [e.text for e in ET.fromstring(xml).findall("s:url/s:loc", SITEMAP_NS)]
    assert sorted(locs) == sorted(site_url + p for p in pages if p != "404.html")


def test_offline_copy_has_no_search_engine_files(zip_path):
    with zipfile.ZipFile(zip_path) as zf:
        names = set(zf.namelist())
    assert not names & {"robots.txt", "sitemap.xml", "sitemap.xml.gz", "_headers"}


@pytest.mark.slow
def test_site_url_setting_moves_every_address(moved_site):
    out, site_url = moved_site
    [canonical] = parse(out / "help" / "index.html").find("link", rel="canonical")
    assert canonical["href"] == site_url + "help/index.html"
    assert f"Sitemap: {site_url}sitemap.xml" in (out / "robots.txt").read_text()
    assert f"<loc>{site_url}index.html</loc>" in (out / "sitemap.xml").read_text()
