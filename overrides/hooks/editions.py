"""Hook: the offline editions, made by every build of the public site.

`mkdocs build` (and scripts/build, and the tests) make the public site and,
from the same mkdocs.yml, the offline editions next to it:

    site/                  the public site
    dist/<extra.offline_zip>   the whole site, index.html at the root of the zip
    dist/<extra.offline_html>  every page in one HTML file that needs nothing else
    dist/<extra.offline_pdf>   the same pages as a PDF

The offline build is the same configuration with Material's offline plugin
switched on; this hook runs it before the public pages are rendered, so the
download page can show each file's size, and copies the files into the public
site for the download links. In `mkdocs serve` they are made once, at start.

The one-file copy and the PDF come from a second offline build with the
print-site plugin on as well (every page in one, links pointing inside it);
scripts/one_file.py turns that into both files, printing the PDF with Chromium;
the one-file copy carries the zip's search index, so both find the same pages.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from build_kind import is_offline

# The one-file and PDF editions' code and templates live in scripts/ (files
# under overrides/ other than templates and Python would be published).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import one_file  # noqa: E402
import system_tools  # noqa: E402

# Fixed time stamp so the same sources make the same zip.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)
# Search-engine files mean nothing in a copy on a device, and no server ever
# shows 404.html there (opened by hand, its links start at the root of the
# disk, so it had no styles, no search and no Shift quick exit).
NOT_OFFLINE = ("sitemap.xml", "sitemap.xml.gz", "robots.txt", "404.html")

_made: dict[str, Path] = {}
_serving = {"on": False}


def dist_dir(config) -> Path:
    """dist/ beside the site folder: site/ and dist/ by default."""
    return Path(config.site_dir).resolve().parent / "dist"


def file_names(config) -> dict[str, str]:
    """Each edition's neutral file name, set once in mkdocs.yml under extra."""
    return {kind: config.extra[f"offline_{kind}"] for kind in ("zip", "html", "pdf")}


def make_zip(folder: Path, zip_path: Path) -> None:
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(zip_path)


def start_offline_build(config, dest: Path, *, combined: bool = False) -> subprocess.Popen:
    """The same mkdocs.yml, built with the offline plugin on, in a process of
    its own: MkDocs reuses plugin instances between configurations loaded in
    one process (the search plugin would mix both builds' pages). combined:
    with the print-site plugin on too, for the one-file copy and the PDF.
    Returns the running build: finish_offline_build() waits for it."""
    return subprocess.Popen(
        [sys.executable, __file__, config.config_file_path, str(dest), config.site_url or "",
         "combined" if combined else ""],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


def finish_offline_build(run: subprocess.Popen, dest: Path) -> None:
    log, _ = run.communicate()
    if run.returncode != 0:
        raise PluginError("The offline edition did not build:\n" + "\n".join(log.strip().splitlines()[-20:]))
    for name in NOT_OFFLINE:
        (dest / name).unlink(missing_ok=True)


def _offline_build(config_file: str, dest: str, site_url: str, combined: str = "") -> None:
    """Run as a script by start_offline_build()."""
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.WARNING)
    offline = load_config(config_file, site_dir=dest, site_url=site_url or None)
    plugin = offline.plugins.get("material/offline") or offline.plugins.get("offline")
    if plugin is None:
        sys.exit("mkdocs.yml: the offline editions need Material's offline plugin in 'plugins'")
    plugin.config.enabled = True
    if combined:
        print_site = offline.plugins.get("print-site")
        if print_site is None:
            sys.exit("mkdocs.yml: the one-file and PDF editions need the print-site plugin in 'plugins'")
        print_site.config["enabled"] = True
    offline.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(offline)
    except Abort as err:
        sys.exit(str(err))
    finally:
        offline.plugins.on_shutdown()


def make_editions(config) -> dict[str, Path]:
    out = dist_dir(config)
    names = file_names(config)
    with tempfile.TemporaryDirectory(prefix="offline-") as tmp:
        site, combined = Path(tmp) / "site", Path(tmp) / "combined"
        # Both offline builds at once: each is one process on one CPU.
        runs = [(start_offline_build(config, site), site),
                (start_offline_build(config, combined, combined=True), combined)]
        try:
            for run, dest in runs:
                finish_offline_build(run, dest)
        finally:
            for run, _ in runs:
                if run.poll() is None:
                    run.kill()
                    run.wait()
        made = {"zip": out / names["zip"]}
        make_zip(site, made["zip"])
        try:
            chromium = system_tools.chromium()
        except SystemExit as err:  # no Chromium, and it cannot be installed here
            raise PluginError(str(err)) from None
        try:
            made["html"], made["pdf"] = one_file.build(combined, out, chromium, config, search_dir=site)
        except one_file.EditionError as err:
            raise PluginError(f"The one-file and PDF editions: {err}") from None
    return made


def on_startup(command, dirty, **kwargs):
    _serving["on"] = command == "serve"


def on_pre_build(config, **kwargs):
    if is_offline(config):
        return
    if not (_serving["on"] and _made):
        _made.clear()
        _made.update(make_editions(config))
    # Read by the download page (overrides/hooks/shortcodes.py).
    config.extra["offline_sizes"] = {path.name: path.stat().st_size for path in _made.values()}


def on_post_build(config, **kwargs):
    if is_offline(config):
        return
    for path in _made.values():
        shutil.copy2(path, Path(config.site_dir) / path.name)


if __name__ == "__main__":
    _offline_build(*sys.argv[1:5])
