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
        "or set CHROMIUM to the path of a Chromium or Chrome binary, then run this again."
    )


def firefox() -> str:
    """Firefox ESR, driven over WebDriver BiDi by puppeteer-core (tests/test_engines.py)."""
    path = os.environ.get("FIREFOX") or "/usr/bin/firefox-esr"
    if os.path.exists(path):
        return path
    if _apt_install("firefox-esr"):
        return "/usr/bin/firefox-esr"
    sys.exit(
        f"Firefox ESR was not found at {path}.\n"
        "Install it (on Debian: sudo apt-get install firefox-esr), or set FIREFOX to the\n"
        "path of a Firefox binary, then run scripts/test again. No engine is skipped."
    )


def _minibrowser() -> str | None:
    import glob

    found = sorted(glob.glob("/usr/lib/*/webkit2gtk-4.1/MiniBrowser"))
    return found[0] if found else None


def webkit() -> dict[str, str]:
    """WebKitGTK's MiniBrowser, WebKitWebDriver and Xvfb (tests/test_engines.py).
    Debian: webkit2gtk-driver (it brings libwebkit2gtk-4.1-0, which holds MiniBrowser) and xvfb."""
    def find() -> dict[str, str | None]:
        found = {
            "MINIBROWSER": os.environ.get("MINIBROWSER") or _minibrowser(),
            "WEBKIT_WEBDRIVER": os.environ.get("WEBKIT_WEBDRIVER") or shutil.which("WebKitWebDriver"),
            "XVFB": shutil.which("Xvfb"),
        }
        return {name: path if path and os.path.exists(path) else None for name, path in found.items()}

    found = find()
    if not all(found.values()) and _apt_install("webkit2gtk-driver", "xvfb"):
        found = find()
    missing = [name for name, path in found.items() if not path]
    if missing:
        sys.exit(
            f"WebKitGTK test tools not found: {', '.join(missing)}.\n"
            "Install them (on Debian or Ubuntu: sudo apt-get install webkit2gtk-driver xvfb),\n"
            "or set MINIBROWSER and WEBKIT_WEBDRIVER to their paths, then run scripts/test again.\n"
            "No engine is skipped."
        )
    return {name: path for name, path in found.items() if name != "XVFB"}


def java() -> str:
    """Java runs the Nu HTML Checker (vnu.jar, from npm). Debian: default-jre-headless."""
    path = os.environ.get("JAVA") or shutil.which("java")
    if path:
        return path
    if _apt_install("default-jre-headless"):
        return shutil.which("java") or "/usr/bin/java"
    sys.exit("Java was not found. Install it (on Debian or Ubuntu: sudo apt-get install "
             "default-jre-headless), or set JAVA to a java binary, then run this again.")


NODE_MIN = (18, 16)  # lighthouse 12.8 needs 18.16; Debian 12's nodejs is 18.20


def node() -> str:
    """Node and npm run the pinned tools in package-lock.json. Debian: nodejs, npm."""
    path = shutil.which("node")
    if not (path and shutil.which("npm")) and _apt_install("nodejs", "npm"):
        path = shutil.which("node")
    if not (path and shutil.which("npm")):
        sys.exit("Node.js and npm were not found. Install them (on Debian or Ubuntu: "
                 "sudo apt-get install nodejs npm), then run this again.")
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    found = tuple(int(part) for part in version.strip().lstrip("v").split(".")[:2])
    if found < NODE_MIN:
        sys.exit(f"Node.js {version.strip()} is too old: the checks need {NODE_MIN[0]}.{NODE_MIN[1]} or newer.")
    return path


def node_packages(root) -> None:
    """Install the exact versions in package-lock.json into node_modules/, once per lock."""
    import hashlib
    from pathlib import Path

    root = Path(root)
    lock = root / "package-lock.json"
    digest = hashlib.sha256((root / "package.json").read_bytes() + lock.read_bytes()).hexdigest()[:16]
    stamp = root / "node_modules" / f".installed-{digest}"
    if stamp.exists():
        return
    print("Installing pinned Node packages (npm ci) ...", flush=True)
    # --ignore-scripts: vnu-jar's install script would download a Java runtime
    # from GitHub; Java comes from the system instead (see java()).
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                   cwd=root, check=True)
    stamp.touch()
