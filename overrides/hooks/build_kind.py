"""Which output a build makes, read from the configuration (not the environment).

The public site and the offline editions come from the one mkdocs.yml. The
offline build is the same configuration with Material's offline plugin
switched on (overrides/hooks/editions.py does that).
"""
from __future__ import annotations


def is_offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)
