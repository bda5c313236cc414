"""publication: what a published site needs beyond its pages.

- ``robots.txt`` pointing to the sitemap (the sitemap itself comes from the
  ``pelican-sitemap`` plugin);
- the Pagefind search index, built over the finished output with the
  ``pagefind`` package's own binary, so the search page works with no server.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pelican import signals


def write_robots(pelican) -> None:
    siteurl = pelican.settings.get("SITEURL", "").rstrip("/")
    lines = ["User-agent: *", "Allow: /", ""]
    if siteurl.startswith("http"):
        lines.insert(2, f"Sitemap: {siteurl}/sitemap.xml")
    Path(pelican.output_path, "robots.txt").write_text("\n".join(lines), encoding="utf-8")


def index_search(pelican) -> None:
    if not pelican.settings.get("PAGEFIND", True):
        return
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", pelican.output_path, "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind could not index the site: {done.stderr.strip() or done.stdout.strip()}")


def register():
    signals.finalized.connect(write_robots)
    signals.finalized.connect(index_search)
