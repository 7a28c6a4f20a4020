"""Links and anchors in the built pages, with no network: LinkChecker (PyPI,
pinned) follows every internal link, script, stylesheet and image from every
page, through file://; outside links are only syntax-checked. Each #fragment
of an internal link must name an id (or <a name>) on its target page: checked
here from the parsed pages, not with LinkChecker's AnchorCheck plugin, which
reads the target page again for every fragment (linkchecker/linkchecker#781)
and took a minute over this site where this takes under a second.

LinkChecker goes over the public site. The offline copy is the same tree, and
a test here proves it file by file (the same files and bytes, the same links
and ids in every page, but for what the copy leaves out on purpose), so every
link that resolves in the public site resolves in the copy too. 404.html is
left out: its links start at the site root so that they work at any depth;
tests/test_not_found.py follows them over HTTP.
"""
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from editions import NOT_OFFLINE
from support.helpers import config, parse

CONFIG = "[checking]\n"  # LinkChecker's defaults, whatever the machine's own settings
# The one-file download holds about a thousand #links, which LinkChecker would
# take many minutes over: its link is checked, but not followed. Its own links
# are checked by the build and by tests/test_one_file.py.
ONE_FILE = config()["extra"]["offline_html"]


def readable_copy(folder: Path, into: Path) -> Path:
    """Run as root, LinkChecker switches to the user 'nobody', who cannot read
    pytest's private temporary folders: check a world-readable copy."""
    shutil.copytree(folder, into)
    for path in [into, *into.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return into


def site_pages(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.html"))
            if p.name not in ("404.html", ONE_FILE) and "assets" not in p.relative_to(folder).parts}


def start_linkchecker(folder: Path, config: Path) -> subprocess.Popen:
    linkchecker = Path(sys.executable).with_name("linkchecker")
    return subprocess.Popen(
        [str(linkchecker), "--config", str(config), "--no-status", "--output", "text",
         "--no-follow-url", re.escape(ONE_FILE) + "$", *(p.as_uri() for p in site_pages(folder).values())],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def links_and_ids(page: Path) -> tuple[list[str], list[str]]:
    tags = parse(page).tags
    return ([a[k] for _, a in tags for k in ("href", "src") if k in a],
            [a["id"] for _, a in tags if "id" in a])


def missing_fragments(folder: Path) -> list[str]:
    """Internal links whose #fragment names nothing on the page they point to.
    A link to a file that is not one of the pages is LinkChecker's to check."""
    pages = site_pages(folder)
    targets: dict[str, set[str]] = {}

    def anchors(name: str) -> set[str]:
        if name not in targets:
            tags = parse(pages[name]).tags
            targets[name] = {a["id"] for _, a in tags if "id" in a} | {a["name"] for t, a in tags if t == "a" and "name" in a}
        return targets[name]

    missing = []
    for name, path in pages.items():
        for link in links_and_ids(path)[0]:
            url = urlsplit(link)
            if url.scheme or url.netloc or not url.fragment:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(url.path))) if url.path else name
            if target in pages and unquote(url.fragment) not in anchors(target):
                missing.append(f"{name}: {link}")
    return missing


@pytest.fixture(scope="module")
def shared_dir():
    into = Path(tempfile.mkdtemp(prefix="links-"))
    into.chmod(0o755)
    yield into
    shutil.rmtree(into, ignore_errors=True)


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(site_dir, shared_dir):
    config = shared_dir / "linkcheckerrc"
    config.write_text(CONFIG)
    run = start_linkchecker(readable_copy(site_dir, shared_dir / "public"), config)
    missing = missing_fragments(site_dir)
    out, _ = run.communicate(timeout=600)
    assert not missing, "links to an anchor the page does not have:\n" + "\n".join(missing)
    assert run.returncode == 0 and "0 warnings found. 0 errors found." in out, out[out.find("Start checking"):]


def test_a_fragment_with_no_target_is_found(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "index.html").write_text(
        '<h2 id="top">Top</h2><a href="#top">ok</a> <a href="#gone">bad</a>'
        ' <a href="guide/page.html#named">ok</a> <a href="guide/page.html#lost">bad</a>'
        ' <a href="https://example.org/#elsewhere">not ours</a> <a href="download.zip#x">not a page</a>')
    (tmp_path / "guide" / "page.html").write_text('<a name="named"></a><a href="../index.html#top">ok</a>'
                                                   '<a href="../index.html#Top">bad</a>')
    assert missing_fragments(tmp_path) == [
        "guide/page.html: ../index.html#Top", "index.html: #gone", "index.html: guide/page.html#lost"]


# What the offline copy has that the public site has not, and the other way round.
ONLY_OFFLINE = {"search/search_index.js"}  # the index as a script: file:// cannot fetch JSON
ONLY_PUBLIC = {*NOT_OFFLINE, "_headers", *(config()["extra"][f"offline_{k}"] for k in ("zip", "html", "pdf"))}
# Differs on purpose: the download page says it is the offline copy, and the
# index holds that text (tests/test_search_queries.py checks the rest is the same).
DIFFERS = {"download.html", "search/search_index.json"}


def test_offline_copy_is_the_public_tree(site_dir, offline_dir):
    """So that LinkChecker's pass over the public site holds for the copy."""
    def files(root):
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    public, offline = files(site_dir), files(offline_dir)
    assert offline - public == ONLY_OFFLINE
    assert public - offline == ONLY_PUBLIC
    changed = []
    for name in sorted(offline & public - DIFFERS):
        ours, theirs = offline_dir / name, site_dir / name
        if name.endswith(".html"):
            if links_and_ids(ours) != links_and_ids(theirs):
                changed.append(f"{name}: links or ids differ")
        elif ours.read_bytes() != theirs.read_bytes():
            changed.append(f"{name}: bytes differ")
    assert not changed, changed
    # The download page: the same ids, and no link the public one does not have.
    (links, ids), (public_links, public_ids) = (links_and_ids(d / "download.html") for d in (offline_dir, site_dir))
    assert ids == public_ids and set(links) <= set(public_links)
