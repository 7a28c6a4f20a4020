"""Hook: the site's own scripts and stylesheets, minified in the build.

Material's files come minified; ours (docs/assets/javascripts/*.js and
docs/assets/stylesheets/*.css) are written to be read, with comments. The
built copies lose the comments and spaces: about a third less to download on
every page.

The minifiers are the ones mkdocs-minify-plugin uses (jsmin, csscompressor),
called the way it calls them. The plugin's own js_files/css_files option is
not used because it renames each file to .min.js and rewrites only the
extra_javascript and extra_css entries, which would break the polyfill
(extra.polyfills) and the tool pages' own files (front matter `tool:`).
"""
from __future__ import annotations

from pathlib import Path

from csscompressor import compress
from jsmin import jsmin
from mkdocs.plugins import event_priority

FOLDERS = {"assets/javascripts": ".js", "assets/stylesheets": ".css"}


def minified(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return jsmin(text, quote_chars="'\"`") if path.suffix == ".js" else compress(text)


@event_priority(50)  # before anything that copies the built files
def on_post_build(config, **_):
    docs, site = Path(config.docs_dir), Path(config.site_dir)
    for folder, suffix in FOLDERS.items():
        for source in sorted((docs / folder).glob(f"*{suffix}")):
            built = site / folder / source.name
            if built.is_file():
                built.write_text(minified(source), encoding="utf-8")
