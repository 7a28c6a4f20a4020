"""Security headers for the public site, made at build time.

    site/_headers    every header, for hosts that read this file
                     (Netlify, Cloudflare Pages); see the README for others
    <meta http-equiv="Content-Security-Policy">
                     the same policy in every page, for hosts that cannot send
                     headers (GitHub Pages); a meta policy cannot carry
                     frame-ancestors, so that one stays in _headers only

The policy allows nothing from other hosts. Inline scripts and styles run only
when their SHA-256 hash is listed, and the hashes are taken from the built
pages, so the policy always matches what was built. A page with an inline event
handler (onclick=...), a style="..." attribute or a javascript: link fails the
build instead: the policy would block it in the browser anyway.

The offline copy gets none of this: it opens from file://, where there is no
server to send headers, and it loads nothing from other hosts.
"""
from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

HEADERS_FILE = "_headers"
# Scripts with these types run; any other type (application/json) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
JS_URL_ATTRS = {"href", "src", "action", "formaction"}

# Features the site never uses, switched off for it and anything it could embed.
# Only names Chromium knows: it logs a warning on every page for an unknown name.
PERMISSIONS_OFF = (
    "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
    "encrypted-media", "fullscreen", "gamepad", "geolocation", "gyroscope", "hid",
    "idle-detection", "local-fonts", "magnetometer", "microphone", "midi", "payment",
    "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
    "xr-spatial-tracking",
)

# Directives a <meta> policy cannot carry (the browser ignores them there, with a warning).
HEADER_ONLY = ("frame-ancestors",)


class BuildError(RuntimeError):
    pass


class _Inline(HTMLParser):
    """Collects inline script and style text, and markup a strict policy would block."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.problems: list[str] = []
        self._open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> (inline event handler)")
            elif name == "style":
                self.problems.append(f'<{tag} style="{value}"> (style attribute)')
            elif name in JS_URL_ATTRS and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}> (javascript: link)")
        if tag == "script" and "src" not in attrs:
            kind = (attrs.get("type") or "").strip().lower()
            if kind in SCRIPT_TYPES:
                self._open = ("script", [])
        elif tag == "style":
            self._open = ("style", [])

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            text = "".join(self._open[1])
            (self.scripts if tag == "script" else self.styles).append(text)
            self._open = None


def sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def inline_hashes(site_dir: Path) -> tuple[list[str], list[str]]:
    """Hashes of every inline script and style in the built pages, sorted, no repeats."""
    scripts, styles, problems = set(), set(), []
    for path in html_pages(site_dir):
        parser = _Inline()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        scripts.update(sha256(s) for s in parser.scripts)
        styles.update(sha256(s) for s in parser.styles)
        problems += [f"{path.relative_to(site_dir).as_posix()}: {p}" for p in parser.problems]
    if problems:
        raise BuildError("The Content-Security-Policy would block this markup; "
                         "use a class and site.css or quick-exit.js instead:\n" + "\n".join(problems))
    return sorted(scripts), sorted(styles)


def policy(script_hashes: list[str], style_hashes: list[str]) -> dict[str, str]:
    """The Content-Security-Policy, directive by directive."""
    return {
        # Anything not named below (frames, media, manifests, plugins) is off.
        "default-src": "'none'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": " ".join(["'self'", *style_hashes]),
        # Material's icons are data: URIs inside its CSS.
        "img-src": "'self' data:",
        "font-src": "'self'",
        # The search index is fetched from this site.
        "connect-src": "'self'",
        # The search worker is a file on this site, not a blob.
        "worker-src": "'self'",
        "base-uri": "'none'",
        # The search form is never sent anywhere; nothing else is a form.
        "form-action": "'none'",
        "object-src": "'none'",
        "frame-ancestors": "'none'",
    }


def serialise(directives: dict[str, str], *, meta: bool = False) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items()
                     if not (meta and name in HEADER_ONLY))


def headers(csp: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": csp,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": ", ".join(f"{name}=()" for name in PERMISSIONS_OFF),
    }


def headers_file(values: dict[str, str]) -> str:
    lines = [
        "# Made by scripts/security_headers.py at build time; do not edit by hand.",
        "# Format: Netlify and Cloudflare Pages. Other hosts: see the README.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def add_meta_policy(site_dir: Path, csp: str) -> None:
    """Put the policy first in every page's <head>, before any script or style."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
    for path in html_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        anchor = '<meta charset="utf-8">'
        if html.count(anchor) != 1:
            raise BuildError(f"{path.relative_to(site_dir)}: expected one {anchor}")
        path.write_text(html.replace(anchor, anchor + "\n      " + tag), encoding="utf-8")


def write(site_dir: Path) -> dict[str, str]:
    """Write site_dir/_headers and the meta policy. Returns the headers."""
    directives = policy(*inline_hashes(site_dir))
    values = headers(serialise(directives))
    add_meta_policy(site_dir, serialise(directives, meta=True))
    (site_dir / HEADERS_FILE).write_text(headers_file(values), encoding="utf-8")
    return values
