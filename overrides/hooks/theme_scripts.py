"""Hook: the theme's script bundle by name, for overrides/main.html.

Material names its bundle after its content (assets/javascripts/bundle.<hash>
.min.js) and writes that name into its base.html. overrides/main.html loads
the bundle itself, with `defer` (the reason is there), so it needs the name:
this reads it from the installed theme, so that no version or hash is written
anywhere in this project. Fails the build unless there is exactly one bundle.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

PATTERN = "assets/javascripts/bundle.*.min.js"


def on_env(env, config, **kwargs):
    found = {path.relative_to(folder).as_posix()
             for folder in map(Path, config.theme.dirs) for path in folder.glob(PATTERN)}
    if len(found) != 1:
        raise PluginError(f"theme_scripts hook: expected one theme bundle ({PATTERN}), found {sorted(found)}")
    env.globals["theme_bundle"] = found.pop()
    return env
