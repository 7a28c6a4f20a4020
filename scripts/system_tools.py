"""Find the system programs the tests need, installing them where we can."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys


def _apt_install(*packages: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    print(f"Installing {' '.join(packages)} with apt-get ...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = {"stdout": subprocess.DEVNULL}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, **quiet)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
                   check=True, env=env, **quiet)
    return True


def chromium() -> str:
    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if os.path.exists(path):
        return path
    if _apt_install("chromium"):
        return "/usr/bin/chromium"
    sys.exit(
        f"Chromium was not found at {path}.\n"
        "Install it (on Debian or Ubuntu: sudo apt-get install chromium),\n"
        "or set CHROMIUM to the path of a Chromium or Chrome binary, then run scripts/test again."
    )
