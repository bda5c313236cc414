"""Where a site's things are: its folders, and the URLs of what the plugin writes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path  # the folder holding the content folder (Pelican's PATH)
    data_dir: Path
    charts_dir: Path
    cache_dir: Path | None  # the chart cache (None: no cache)
    siteurl: str
    feed_domain: str  # for what leaves the site: embed code, feeds, cards
    output_dir: str  # chart files, inside the output
    datasets_dir: str  # the dataset catalogue, inside the output
    site_name: str = ""  # written in the footer of the downloaded images

    @classmethod
    def of(cls, host: dict, settings: dict) -> Project:
        """From the host's settings (Pelican's) and the plugin's own."""
        root = Path(host["PATH"]).resolve().parent
        cache_path = host.get("CACHE_PATH")
        use_cache = host.get("DATACHARTS_CACHE", True) and cache_path
        return cls(
            root=root,
            data_dir=_under(root, settings["data_path"]),
            charts_dir=_under(root, settings["charts_path"]),
            # Pelican leaves CACHE_PATH relative to the working folder: it is
            # anchored to the project, so two projects never share a cache.
            cache_dir=_under(root, cache_path) / "datacharts" if use_cache else None,
            siteurl=host.get("SITEURL", ""),
            feed_domain=(host.get("FEED_DOMAIN") or host.get("SITEURL") or "").rstrip("/"),
            output_dir=settings["output_dir"],
            datasets_dir=settings["datasets_dir"],
            site_name=host.get("SITENAME", ""),
        )

    def url(self, relative: str) -> str:
        return f"{self.siteurl}/{relative}"

    def absolute_url(self, relative: str) -> str:
        """For what leaves the site (embed snippets, feeds, cards)."""
        return f"{self.feed_domain}/{relative}" if self.feed_domain else f"/{relative}"

    @property
    def runtime_url(self) -> str:
        return self.url(f"{self.output_dir}/vega-runtime.js")


def _under(root: Path, value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else root / path
