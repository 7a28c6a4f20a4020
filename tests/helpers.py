"""Small helpers shared by the tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the sources, to build with a deliberate fault."""
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def build_copy(project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="false")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(project / "out")],
        capture_output=True, text=True, env=env, cwd=project)


class Elements(HTMLParser):
    """Collects (tag, attrs) for every start tag, and the page's visible text."""

    SKIP = {"script", "style", "svg", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag=None, **attrs):
        return [a for t, a in self.tags if (tag is None or t == tag)
                and all(a.get(k) == v for k, v in attrs.items())]


def parse(path: Path) -> Elements:
    p = Elements()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def button_is_clear(page) -> bool:
    """The quick-exit button is in view and nothing else covers its centre."""
    return page.evaluate("""() => {
        const b = document.querySelector('.quick-exit__button');
        if (!b) return false;
        const r = b.getBoundingClientRect();
        if (r.width === 0 || r.bottom > innerHeight || r.right > innerWidth || r.top < 0) return false;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return !!hit && b.contains(hit);
    }""")
