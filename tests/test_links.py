"""Links and anchors in the built pages, with no network: LinkChecker (PyPI,
pinned) follows every internal link, script, stylesheet and image from every
page, through file://, and with its AnchorCheck plugin checks that each
#fragment exists on its target page. Outside links are only syntax-checked.

The public site and the offline copy are checked at the same time, one
LinkChecker each. 404.html is left out: its links start at the site root so
that they work at any depth; tests/test_not_found.py follows them over HTTP.
"""
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from support.helpers import config

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
def test_every_internal_link_and_anchor_resolves(site_dir, offline_dir, shared_dir):
    config = shared_dir / "linkcheckerrc"
    config.write_text(CONFIG)
    runs = {name: start_linkchecker(readable_copy(folder, shared_dir / name), config)
            for name, folder in (("public", site_dir), ("offline", offline_dir))}
    failures = []
    for name, run in runs.items():
        out, _ = run.communicate(timeout=600)
        # A missing #fragment is a warning in LinkChecker; any warning or error fails.
        if run.returncode != 0 or "0 warnings found. 0 errors found." not in out:
            failures.append(f"--- {name}:\n{out[out.find('Start checking'):]}")
    assert not failures, "\n".join(failures)
