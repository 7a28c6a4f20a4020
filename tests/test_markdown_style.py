"""Markdown style: PyMarkdown (pymarkdownlnt, pinned) finds nothing in docs/,
with the settings in .pymarkdown (front matter on, no line-length limit,
repeated sub-headings allowed in different sections, fragments left to the
build and tests/test_links.py).

docs/_snippets/ is left out: the abbreviations snippet is appended to every
page at build time and has no heading of its own.
"""
import subprocess
import sys

import pytest

from support.tools import ROOT

CONFIG = ROOT / ".pymarkdown"


def pymarkdown(cwd, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pymarkdown", "--config", str(CONFIG), "--strict-config", "scan", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_docs_follow_the_markdown_style():
    result = pymarkdown(ROOT, "--recurse", "--exclude", "docs/_snippets/*", "docs")
    findings = (result.stdout + result.stderr).replace(str(ROOT) + "/", "")
    assert result.returncode == 0, f"PyMarkdown findings:\n{findings}"
    assert not findings.strip(), findings


def test_the_settings_still_catch_mistakes(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\ndescription: x\n---\n\n# Title\nText under a heading with no blank line.\n\n"
                    "* a star list\n- then a dash list\n\n## Title\n\n## Title\n")
    found = pymarkdown(tmp_path, page.name).stdout
    for rule in ("MD022", "MD004", "MD024"):
        assert rule in found, f"{rule} not reported:\n{found}"
