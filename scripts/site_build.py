"""Build the public site and the offline editions: `mkdocs build`, nothing more.

Everything is made inside the MkDocs build by the hooks in overrides/hooks/:
the security headers (security.py) and the offline editions in dist/
(editions.py). So `mkdocs build`, `mkdocs serve`, scripts/build and the tests
all make the same site.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class BuildError(RuntimeError):
    pass


def build(site_dir: Path = ROOT / "site", site_url: str | None = None) -> Path:
    """Build into site_dir, and the offline editions into site_dir/../dist.
    site_url: the SITE_URL to build for (mkdocs.yml reads it), if not the
    environment's. Returns site_dir."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url is not None:
        env["SITE_URL"] = site_url
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
           "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site_dir)]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        log = (result.stdout + result.stderr).strip().splitlines()
        problems = [line for line in log if "WARNING" in line or "ERROR" in line or "Error" in line]
        raise BuildError("The build failed:\n" + "\n".join(problems or log[-20:]))
    return site_dir


def dist_dir(site_dir: Path) -> Path:
    """Where the offline editions go (see overrides/hooks/editions.py)."""
    return site_dir.resolve().parent / "dist"


def main() -> None:
    try:
        site = build()
    except BuildError as err:
        sys.exit(str(err))
    print(f"Public site:      {site.relative_to(ROOT)}/")
    for path in sorted(dist_dir(site).iterdir()):
        print(f"Offline edition:  {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
