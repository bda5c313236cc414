"""Cache keys: what a chart or a quoted value is drawn from, hashed, without
pandas (a build whose charts are all cached never loads it)."""

from __future__ import annotations

import hashlib
import os
import re

from .blocks import ChartBlock
from .cache import digest
from .datapaths import resolve_dataset
from .errors import EditorError
from .names import chart_base
from .project import Project


class InputKeys:
    """One per build: datasets' files are hashed once."""

    def __init__(self, project: Project, fingerprint: str, settings: dict, csp: str | None):
        self.project = project
        self.fingerprint = fingerprint
        self.settings = settings
        self.csp = csp
        self._digests: dict[str, str | None] = {}
        self._files: dict[str, tuple[bytes, bytes | None] | None] = {}
        self._real_data_dir: str | None = None
        # What every chart of the build shares, hashed once (settings are large).
        self._shared = digest(fingerprint, settings, (project.siteurl, project.feed_domain, csp, project.site_name))

    @property
    def real_data_dir(self) -> str:
        """The data folder with its links resolved, once per build."""
        if self._real_data_dir is None:
            self._real_data_dir = os.path.realpath(self.project.data_dir)
        return self._real_data_dir

    def dataset_digest(self, name) -> str | None:
        """SHA-256 of a dataset's files (None: no such dataset; loading it explains why)."""
        key = str(name)
        if key not in self._digests:
            files = self.dataset_files(key)
            if files is None:
                self._digests[key] = None
            else:
                csv, descriptor = files
                h = hashlib.sha256(csv)
                if descriptor is not None:
                    h.update(b"\0" + descriptor)
                self._digests[key] = h.hexdigest()
        return self._digests[key]

    def dataset_files(self, name) -> tuple[bytes, bytes | None] | None:
        """A dataset's CSV and descriptor as hashed for its keys, read once per
        build (the catalogue publishes these very bytes); None: no such dataset."""
        key = str(name)
        if key not in self._files:
            try:
                csv = resolve_dataset(key, self.project.data_dir, self.real_data_dir)
            except EditorError:
                self._files[key] = None
            else:
                descriptor = csv.with_name(f"{csv.stem}.resource.yaml")
                self._files[key] = (csv.read_bytes(), descriptor.read_bytes() if descriptor.exists() else None)
        return self._files[key]

    def chart(self, block: ChartBlock, first: bool) -> str | None:
        """A chart's key: its block, its data (and code, for a Python chart),
        where its files are published (its article and anchor), the site's
        URLs, CSP and name, the settings, the engine and its libraries."""
        if block.get("chart"):
            module = self.project.charts_dir / f"{block.get('chart')}.py"
            if not module.is_file():
                return None
            code = module.read_text(encoding="utf-8")
            named = block.get("dataset") or _declared_dataset(code)
            names = [named] if named else sorted(p.stem for p in self.project.data_dir.glob("*.csv"))
            deps = [code, *[(n, self.dataset_digest(n)) for n in names]]
        else:
            deps = [(block.get("dataset"), self.dataset_digest(block.get("dataset")))]
        # The values its text quotes ({{ … }}): what each asks (a misspelt one must be
        # refused, not the last build's figure reused) and the data it is read from.
        deps += [(q.dataset, self.dataset_digest(q.dataset), q.inner) for q in block.values.values() if q.dataset]
        deps += [q.inner for q in block.values.values() if not q.dataset]
        if any(isinstance(d, tuple) and d[1] is None for d in deps):
            return None
        anchor = block.anchor  # a property that slugifies the title: once
        base = chart_base(self.project.output_dir, block.path, anchor)
        return digest("chart", self._shared, dict(block.options), anchor, base, first, deps)

    def inline_value(self, inner: str, dataset: str | None) -> str | None:
        file_digest = self.dataset_digest(dataset) if dataset else None
        return digest("inline", self.fingerprint, inner.strip(), file_digest) if file_digest else None

    def catalogue_entry(self, name: str) -> str | None:
        file_digest = self.dataset_digest(name)
        return digest("catalogue", self.fingerprint, self.project.siteurl, name, file_digest) if file_digest else None


def _declared_dataset(code: str) -> str | None:
    match = re.search(r"""^DATASET\s*=\s*["']([a-z0-9-]+)["']""", code, re.M)
    return match.group(1) if match else None
