"""Hook: security headers for the public site, made in every build.

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

Each page gets a policy with the hashes of its own inline scripts and styles
(they differ with the page's depth); _headers carries all of them. The theme
writes a placeholder where the policy goes (overrides/main.html, block
site_meta), and this hook fills it in after the page is rendered.

The offline editions get none of this: they open from file://, where there is
no server to send headers, and they load nothing from other hosts.
"""
from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.exceptions import PluginError

from build_kind import is_offline

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


# Written by the theme where the page's policy goes; never seen by a browser.
PLACEHOLDER = "content-security-policy-goes-here"


class BuildError(PluginError):
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


def page_hashes(html: str, where: str) -> tuple[set[str], set[str]]:
    """Hashes of the inline scripts and styles of one built page."""
    parser = _Inline()
    parser.feed(html)
    parser.close()
    if parser.problems:
        raise BuildError("The Content-Security-Policy would block this markup; use a class and "
                         f"site.css or a script file instead:\n{where}: " + f"\n{where}: ".join(parser.problems))
    return {sha256(s) for s in parser.scripts}, {sha256(s) for s in parser.styles}


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
        "# Made by overrides/hooks/security.py at build time; do not edit by hand.",
        "# Format: Netlify and Cloudflare Pages. Other hosts: see the README.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


_seen: dict[str, set[str]] = {"scripts": set(), "styles": set()}


def _protect(html: str, where: str) -> str:
    if html.count(PLACEHOLDER) != 1:
        raise BuildError(f"{where}: expected the policy placeholder once (overrides/main.html, site_meta)")
    scripts, styles = page_hashes(html, where)
    _seen["scripts"] |= scripts
    _seen["styles"] |= styles
    directives = policy(sorted(scripts), sorted(styles))
    return html.replace(PLACEHOLDER, serialise(directives, meta=True))


def on_env(env, config, files, **kwargs):
    _seen["scripts"], _seen["styles"] = set(), set()
    env.globals["csp_placeholder"] = None if is_offline(config) else PLACEHOLDER
    return env


def on_post_page(output, page, config, **kwargs):
    if is_offline(config):
        return output
    return _protect(output, page.file.dest_uri)


def on_post_template(output_content, template_name, config, **kwargs):
    if is_offline(config) or not template_name.endswith(".html"):
        return output_content
    return _protect(output_content, template_name)


def on_post_build(config, **kwargs):
    if is_offline(config):
        return
    values = headers(serialise(policy(sorted(_seen["scripts"]), sorted(_seen["styles"]))))
    Path(config.site_dir, HEADERS_FILE).write_text(headers_file(values), encoding="utf-8")
