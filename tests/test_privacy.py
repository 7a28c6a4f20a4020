"""No built file loads anything from another host. Links to other sites are fine."""
import re
from urllib.parse import urlparse

from support.helpers import parse

# (tag, attribute) pairs that make the browser fetch something.
FETCHING = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("frame", "src"),
    ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("track", "src"), ("embed", "src"), ("object", "data"), ("input", "src"), ("image", "href"),
}
FETCHING_LINK_RELS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch",
                      "modulepreload", "manifest", "apple-touch-icon", "shortcut icon"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)")


def outside(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or bool(urlparse(url).scheme in ("http", "https"))


def test_html_loads_nothing_from_other_hosts(site_dir, pages):
    found = []
    for page in pages:
        for tag, attrs in parse(site_dir / page).tags:
            for attr, value in attrs.items():
                if value is None:
                    continue
                if (tag, attr) in FETCHING and any(outside(v.split()[0]) for v in value.split(",") if v.strip()):
                    found.append(f"{page}: <{tag} {attr}={value}>")
            if tag == "link" and set((attrs.get("rel") or "").split()) & FETCHING_LINK_RELS:
                if outside(attrs.get("href") or ""):
                    found.append(f"{page}: <link rel={attrs.get('rel')} href={attrs.get('href')}>")
    assert not found, "outside assets:\n" + "\n".join(found)


def test_css_loads_nothing_from_other_hosts(site_dir):
    found = []
    for css in site_dir.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for url in CSS_URL.findall(text) + CSS_IMPORT.findall(text):
            if outside(url):
                found.append(f"{css.relative_to(site_dir)}: {url}")
    assert not found, "outside assets in CSS:\n" + "\n".join(found)


def test_every_page_sends_no_referrer(site_dir, pages):
    missing = [p for p in pages if not parse(site_dir / p).find("meta", name="referrer", content="no-referrer")]
    assert not missing, f"pages without the no-referrer meta: {missing}"


def test_no_generator_tag_or_repo_link(site_dir, pages):
    for page in pages:
        html = (site_dir / page).read_text(encoding="utf-8")
        assert 'name="generator"' not in html, page
        assert "Made with" not in html, page
        assert "api.github.com" not in html and 'data-md-component="source"' not in html, page
