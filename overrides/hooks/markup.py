"""Library: the markup the hooks write, rendered from Jinja templates in
overrides/partials/data/ through the theme's own environment. No MkDocs events.

The templates write Markdown (*.md) or HTML (*.html); nothing is written as a
Python string. Filters they use: tel (the digits a number dials), long_date
(2 December 2026) and host (a web address's site name).
"""
from __future__ import annotations

import datetime as dt
import posixpath
from urllib.parse import urlsplit

from sitedata import tel_digits


def long_date(value) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


def host(url: str) -> str:
    return (urlsplit(str(url)).hostname or str(url)).removeprefix("www.")


def linker(page):
    """A function giving the link from this page to a docs-relative path."""
    here = posixpath.dirname(page.file.src_uri) or "."
    return lambda target: posixpath.relpath(target, here)


def render(config, name: str, **context) -> str:
    """Render partials/data/<name> with the theme's Jinja environment."""
    env = config.theme.get_env().overlay(trim_blocks=True, lstrip_blocks=True)
    env.filters.update(tel=tel_digits, long_date=long_date, host=host)
    return env.get_template(f"partials/data/{name}").render(config=config, **context).strip("\n") + "\n"
