"""Links and anchors in the built pages, with no network: LinkChecker (PyPI,
pinned) follows every internal link, script, stylesheet and image from every
page, through file://, and with its AnchorCheck plugin checks that each
#fragment exists on its target page. Outside links are only syntax-checked.

LinkChecker goes over the public site. The offline copy is the same tree, and
a test here proves it file by file (the same files and bytes, the same links
and ids in every page, but for what the copy leaves out on purpose), so every
link that resolves in the public site resolves in the copy too. 404.html is
left out: its links start at the site root so that they work at any depth;
tests/test_not_found.py follows them over HTTP.
"""
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from editions import NOT_OFFLINE
from support.helpers import config, parse

CONFIG = "[AnchorCheck]\n"
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


def start_linkchecker(folder: Path, config: Path) -> subprocess.Popen:
    pages = sorted(p for p in folder.rglob("*.html")
                   if p.name not in ("404.html", ONE_FILE) and "assets" not in p.relative_to(folder).parts)
    linkchecker = Path(sys.executable).with_name("linkchecker")
    return subprocess.Popen(
        [str(linkchecker), "--config", str(config), "--no-status", "--output", "text",
         "--no-follow-url", re.escape(ONE_FILE) + "$", *(p.as_uri() for p in pages)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


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
    out, _ = run.communicate(timeout=600)
    # A missing #fragment is a warning in LinkChecker; any warning or error fails.
    assert run.returncode == 0 and "0 warnings found. 0 errors found." in out, out[out.find("Start checking"):]


# What the offline copy has that the public site has not, and the other way round.
ONLY_OFFLINE = {"search/search_index.js"}  # the index as a script: file:// cannot fetch JSON
ONLY_PUBLIC = {*NOT_OFFLINE, "_headers", *(config()["extra"][f"offline_{k}"] for k in ("zip", "html", "pdf"))}
# Differs on purpose: the download page says it is the offline copy, and the
# index holds that text (tests/test_search_queries.py checks the rest is the same).
DIFFERS = {"download.html", "search/search_index.json"}


def links_and_ids(page: Path) -> tuple[list[str], list[str]]:
    tags = parse(page).tags
    return ([a[k] for _, a in tags for k in ("href", "src") if k in a],
            [a["id"] for _, a in tags if "id" in a])


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
