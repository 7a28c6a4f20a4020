"""Where the pinned outside tools are: Node packages from package-lock.json
(installed by scripts/test into node_modules/) and Java for the HTML checker.
A missing tool fails the test with a way to fix it; nothing is skipped."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"


def node_file(relative: str) -> Path:
    """A file inside node_modules/, such as 'axe-core/axe.min.js'."""
    path = NODE_MODULES / relative
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run the tests with scripts/test, "
                    "which installs package-lock.json with npm ci")
    return path


def java() -> str:
    path = os.environ.get("JAVA") or shutil.which("java")
    if not path:
        pytest.fail("Java is missing: run the tests with scripts/test, which installs it")
    return path
