"""The site's MkDocs glue as a plugin, for a registry that installs this package instead of holding its
source: ``plugins: [registry]`` in mkdocs.yml does what ``hooks: [scripts/registry/mkdocs_hook.py]``
does in this repository. Registered under the ``mkdocs.plugins`` entry point in pyproject.toml;
``registry init`` names it in a new registry's mkdocs.yml.
"""

from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from registry import mkdocs_hook


class NoOptions(Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__ is untyped
    """The plugin takes no options: everything it needs is in registry.yml."""


class RegistryPlugin(BasePlugin[NoOptions]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        super().__init__()
        # Every event the hook module handles, taken from it, so that the plugin cannot fall behind.
        for name in dir(mkdocs_hook):
            if name.startswith("on_"):
                setattr(self, name, getattr(mkdocs_hook, name))
