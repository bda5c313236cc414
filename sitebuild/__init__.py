"""The site's own build tooling, used by ``tasks.py``: a staged build swapped
into ``output/`` only when it passes, and the up-to-date check that skips a
build when nothing it reads has changed. Not part of the plugin."""

from .staging import SiteBuilder, build_site

__all__ = ["SiteBuilder", "build_site"]
