"""Build the public site and the offline download.

    site/                     the public website (use_directory_urls off, works on any static host)
    dist/offline-guide.zip    the offline download: index.html at the root of the zip
    dist/reading-copy.html    the same pages in one file, and dist/reading-copy.pdf as a PDF (editions.py)

The offline copy is built first so that the public download page can show its
size, and the zip is copied into the public site for the download link.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import editions
import security_headers
import system_tools

ROOT = Path(__file__).resolve().parents[1]
# Fixed time stamp so the same sources make the same zip.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


class BuildError(RuntimeError):
    pass


def zip_name() -> str:
    """The download's file name, set once in mkdocs.yml (extra.offline_zip)."""
    from mkdocs.utils import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        return yaml_load(f)["extra"]["offline_zip"]


def mkdocs_build(dest: Path, *, offline: bool, extra_env: dict[str, str] | None = None) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="true" if offline else "false")
    env.update(extra_env or {})
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
           "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(dest)]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    log = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        kind = "offline download" if offline else "public site"
        problems = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line or "Error" in line]
        raise BuildError(f"The {kind} build failed:\n" + "\n".join(problems or log.splitlines()[-20:]))


def make_zip(folder: Path, zip_path: Path) -> int:
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(zip_path)
    return zip_path.stat().st_size


def build(site_dir: Path = ROOT / "site", dist_dir: Path = ROOT / "dist") -> Path:
    """Build both outputs. Returns the path of the offline zip."""
    with tempfile.TemporaryDirectory(prefix="offline-") as tmp:
        offline_dir = Path(tmp) / "site"
        mkdocs_build(offline_dir, offline=True)
        # Search-engine files mean nothing in a copy on a device.
        for name in ("sitemap.xml", "sitemap.xml.gz", "robots.txt", "_headers"):
            (offline_dir / name).unlink(missing_ok=True)
        zip_path = dist_dir / zip_name()
        size = make_zip(offline_dir, zip_path)
    html_path, pdf_path = editions.build(
        dist_dir, lambda dest: mkdocs_build(dest, offline=True, extra_env={"EDITIONS": "true"}),
        system_tools.chromium())
    mkdocs_build(site_dir, offline=False, extra_env={
        "OFFLINE_ZIP_BYTES": str(size), "OFFLINE_HTML_BYTES": str(html_path.stat().st_size),
        "OFFLINE_PDF_BYTES": str(pdf_path.stat().st_size)})
    shutil.copy2(zip_path, site_dir / zip_path.name)
    security_headers.write(site_dir)
    # After the policy: the one-file edition carries its own.
    for path in (html_path, pdf_path):
        shutil.copy2(path, site_dir / path.name)
    return zip_path


def main() -> None:
    try:
        zip_path = build()
    except (BuildError, security_headers.BuildError, editions.EditionError) as err:
        sys.exit(str(err))
    print(f"Public site:      {(ROOT / 'site').relative_to(ROOT)}/")
    names = editions.settings()
    for path in (zip_path, zip_path.parent / names["html_name"], zip_path.parent / names["pdf_name"]):
        print(f"Offline download: {path.relative_to(ROOT)} ({path.stat().st_size:,} bytes)")
