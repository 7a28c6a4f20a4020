"""Create or reuse the project's virtual environment, then run inside it.

Standard library only, so it works before anything is installed.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(os.environ.get("VENV_DIR", ROOT / ".venv"))
MIN_PYTHON = (3, 11, 5)


def check_python() -> None:
    if sys.version_info[:3] < MIN_PYTHON:
        found = ".".join(map(str, sys.version_info[:3]))
        sys.exit(
            f"This project needs Python 3.11.5 or newer; this is Python {found}.\n"
            "Older versions quietly install an older pymdown-extensions.\n"
            "Install a newer Python (for example with pyenv or uv) and run this script with it,\n"
            "for example: python3.12 scripts/build"
        )


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure(requirement_files: list[str]) -> Path:
    """Make sure the venv exists and holds the pinned packages. Returns its python.

    Each lock file gets its own stamp, named after its content, so switching
    between scripts/build and scripts/test installs nothing twice.
    """
    check_python()
    if not venv_python().exists():
        print(f"Creating a virtual environment in {VENV.name}/", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    stamps = {}
    for name in requirement_files:
        digest = hashlib.sha256((ROOT / name).read_bytes()).hexdigest()[:16]
        stamps[name] = VENV / f".installed-{name}-{digest}"
    missing = [name for name, stamp in stamps.items() if not stamp.exists()]
    if missing:
        print(f"Installing pinned packages from {', '.join(missing)} ...", flush=True)
        args = [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "--require-hashes"]
        for name in requirement_files:
            args += ["-r", str(ROOT / name)]
        subprocess.run(args, check=True)
        for name in missing:
            for old in VENV.glob(f".installed-{name}-*"):
                old.unlink()
            stamps[name].touch()
    return venv_python()


def reexec_in_venv(requirement_files: list[str]) -> None:
    """Run the calling script again under the venv's python, unless already there."""
    python = ensure(requirement_files)
    if Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(python), [str(python), *sys.argv])
