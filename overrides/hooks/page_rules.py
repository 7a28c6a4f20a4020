"""Hook: the rules every page keeps, and what goes under its title.

- Every page needs a `description` and a `reviewed` date in its front matter.
  The date is shown at the foot of the page by overrides/partials/source-file.html.
- A page whose folder's .meta.yml sets `content_note_required` (docs/abuse/)
  needs a `content_note`.
- Under the title: the content note, then, on pages with `help_box` (set for
  docs/abuse/ in its .meta.yml, or in a page's front matter), the "If you are
  in danger now" box with every emergency number from helplines.yml.

A page that breaks a rule fails the build with a message naming it. The markup
is in overrides/partials/data/ (content-note.md, help-box.md).
"""
from __future__ import annotations

import datetime as dt
import re

from mkdocs.exceptions import PluginError

import markup
import sitedata

# The first level-one heading outside a code fence.
FENCE = re.compile(r"^(```|~~~)")
TITLE = re.compile(r"^# \S")


def reviewed_date(src: str, value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PluginError(f"{src}: 'reviewed' must be a date such as 2026-11-21, got {value!r}") from None


def title_line(lines: list[str]) -> int:
    """The index of the line after the page's `# Title` (0 if it has none)."""
    fence = None
    for i, line in enumerate(lines):
        opened = FENCE.match(line)
        if opened and fence is None:
            fence = opened.group(1)
        elif fence and line.startswith(fence):
            fence = None
        elif fence is None and TITLE.match(line):
            return i + 1
    return 0


def help_box(page, config) -> str:
    """Each set of emergency numbers once, with the places it serves: 911 (US, Canada)."""
    places: dict[tuple[str, ...], list[str]] = {}
    for row in sitedata.load(config.docs_dir).helplines["emergency"]:
        places.setdefault(tuple(row["numbers"]), []).append(row["short"])
    return markup.render(config, "help-box.md", calls=list(places.items()),
                         danger_now=markup.linker(page)("help/danger-now.md"))


def on_page_markdown(markdown, page, config, files, **kwargs):
    src = f"docs/{page.file.src_uri}"
    meta = page.meta
    for field in ("description", "reviewed"):
        if not meta.get(field):
            raise PluginError(f"{src}: front matter needs '{field}'")
    # A date, for the template that shows it (partials/source-file.html).
    meta["reviewed"] = reviewed_date(src, meta["reviewed"])
    if meta.get("content_note_required") and not meta.get("content_note"):
        raise PluginError(f"{src}: pages about abuse need a 'content_note' in front matter "
                          "(content_note_required is set in this folder's .meta.yml)")
    top = []
    if meta.get("content_note"):
        top.append(markup.render(config, "content-note.md", note=meta["content_note"]))
    if meta.get("help_box"):
        top.append(help_box(page, config))
    if top:
        lines = markdown.split("\n")
        at = title_line(lines)
        lines[at:at] = ["", *top]
        markdown = "\n".join(lines)
    return markdown
