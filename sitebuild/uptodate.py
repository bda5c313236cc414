"""Skip a build when nothing it reads has changed, as make does.

A build that succeeded leaves a stamp in the cache folder: a digest of
everything the build reads (the resolved settings, every file under the
content, data, charts, theme, plugin and runtime folders, the settings files,
the versions of the libraries) and a digest of the output it swapped in. The
next build computes both again before starting Pelican: when they match, the
output is exactly what a build would write again, and nothing runs.

Files are compared by size, modification and change times and inode (as make
and ninja do, plus what a rename or a `cp -p` changes), settings files and the
modules they import by content; the installed libraries, the environment
variables a build reads and Pagefind's configuration are part of it too.
Anything else changed (an input, a setting, a library, or a file of output/
edited or removed) runs the full build; a build that fails never writes a
stamp, so its mistakes are reported again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

import datacharts_engine
from datacharts_engine.cache import digest

ENGINE_DIR = Path(datacharts_engine.__file__).resolve().parent
# The plugin's installed code: watched although it lives among the libraries.
PLUGIN_CODE = (str(ENGINE_DIR), str(ENGINE_DIR.parent / "pelican" / "plugins" / "datacharts"))

# Environment variables a build reads (dates in the sitemap, locale of
# Pelican's dates, time zone), besides Pagefind's own PAGEFIND_*.
ENVIRONMENT = {"SOURCE_DATE_EPOCH", "LANG", "LANGUAGE", "LC_ALL", "LC_TIME", "TZ"}
PAGEFIND_CONFIGS = ("pagefind.yml", "pagefind.yaml", "pagefind.json", "pagefind.toml")
SKIPPED_DIRS = {"__pycache__", "node_modules", ".git"}
ADDRESS_RE = re.compile(r" at 0x[0-9a-fA-F]+")
# Where Python and the venv's libraries live (versioned by _installed()).
PYTHON_PREFIXES = tuple({sys.prefix, sys.base_prefix, sys.exec_prefix})


def stamp_path(cache_folder: Path, output: Path) -> Path:
    name = hashlib.sha256(str(output).encode()).hexdigest()[:16]
    return cache_folder / f"uptodate-{name}.json"


def _stable(value, files: set):
    """A JSON-able, process-independent form of a settings value."""
    if isinstance(value, dict):
        return {str(k): _stable(v, files) for k, v in sorted(value.items(), key=lambda item: str(item[0]))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v, files) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, re.Pattern):
        return ["re", value.pattern, value.flags]
    # The code behind a function, a class or an object is an input too.
    code = getattr(value, "__code__", None)
    if code is not None:
        files.add(code.co_filename)
    for owner in (value, type(value)):
        module = sys.modules.get(getattr(owner, "__module__", None) or "")
        if getattr(module, "__file__", None):
            files.add(module.__file__)
    if callable(value):
        return ["callable", getattr(value, "__module__", ""), getattr(value, "__qualname__", type(value).__name__)]
    return [type(value).__name__, ADDRESS_RE.sub("", repr(value))]


def _walk(root: Path, skip: set[Path]):
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=True):
                if entry.name not in SKIPPED_DIRS and Path(entry.path) not in skip:
                    stack.append(entry.path)
            elif not (entry.name.startswith(".") and entry.name.endswith(".lock")):  # a build's own lock
                try:
                    stat = entry.stat()
                except OSError:
                    continue
                # ctime too: a copy that keeps size and mtime (cp -p) changes it.
                yield entry.path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, entry.inode()


def _listing(roots, skip: set[Path]) -> list:
    seen, rows = set(), []
    for root in roots:
        root = Path(root).resolve()
        if root in seen or not root.exists():
            rows.append([str(root), "absent"])
            continue
        seen.add(root)
        if root.is_file():
            stat = root.stat()
            rows.append([str(root), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino])
        else:
            rows.extend(sorted(list(row) for row in _walk(root, skip)))
    return rows


def _plugin_roots(settings: dict) -> list:
    """Where the site's plugins' code lives, found as Pelican finds them
    (namespace plugins first, then PLUGIN_PATHS, then importable modules),
    without importing anything: finding ``pelican.plugins.X`` through the
    import system would import Pelican itself before the first worker starts."""
    roots = list(settings.get("PLUGIN_PATHS") or [])
    for plugin in settings.get("PLUGINS") or []:
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        short = name.removeprefix("pelican.plugins.")
        found = [
            str(Path(entry, "pelican", "plugins", short))
            for entry in sys.path
            if entry and Path(entry, "pelican", "plugins", short).is_dir()
        ]
        if not found and "." not in name:
            try:
                spec = importlib.util.find_spec(name)  # a top-level module: nothing else is imported
            except (ImportError, ValueError):
                spec = None
            if spec is not None:
                found = list(spec.submodule_search_locations or []) or ([spec.origin] if spec.origin else [])
        roots += found
    return roots


def inputs_digest(settings: dict, settings_file: str, output: Path, cache_root: Path) -> dict[str, str]:
    """Everything a build reads, as digests by group: "sources" (content, data,
    charts), "theme", and "code" (settings, plugins, runtime, libraries)."""
    from datacharts_engine.settings import read_settings

    files: set[str] = {str(Path(settings_file).resolve())}
    resolved = _stable({k: v for k, v in settings.items() if k != "OUTPUT_PATH"}, files)
    project = Path(settings["PATH"]).resolve().parent
    files |= set(_project_modules(project))  # what the settings file imported, tasks.py…
    ours = read_settings(settings)
    skip = {output.resolve(), cache_root.resolve(), *output.resolve().parent.glob(f".{output.name}.*")}
    sources = [settings["PATH"], project / ours["data_path"], project / ours["charts_path"]]
    code_roots = [ENGINE_DIR, *_plugin_roots(settings)]
    contents = {}
    for name in sorted(files):
        try:
            contents[name] = hashlib.sha256(Path(name).read_bytes()).hexdigest()
        except OSError:
            contents[name] = "absent"
    groups = {
        "sources": _listing(sources, skip),
        "theme": _listing([settings.get("THEME") or ""], skip),
        "code": {
            "python": [sys.version, os.path.realpath(sys.executable)],
            "libraries": _installed(),
            "environment": {k: v for k, v in os.environ.items() if k in ENVIRONMENT or k.startswith("PAGEFIND_")},
            "pagefind": [_read(Path(name)) for name in PAGEFIND_CONFIGS],
            "settings": resolved,
            "contents": contents,
            "files": _listing(code_roots, skip),
            "output": str(output),
        },
    }
    return {name: digest(value) for name, value in groups.items()}


def _read(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _installed() -> list[str]:
    """Every installed distribution, with its version (dist-info folder names)."""
    names = []
    for folder in sys.path:
        if folder.endswith(("site-packages", "dist-packages")) and os.path.isdir(folder):
            names += [e for e in os.listdir(folder) if e.endswith((".dist-info", ".egg-info"))]
    return sorted(names)


def _project_modules(project: Path):
    """Files of modules this process loaded from the project (not its venv)."""
    root = str(project) + os.sep
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and path.startswith(root) and not path.startswith(PYTHON_PREFIXES):
            yield path


class CodeWatch:
    """Tells when a module this process runs was edited after it was first
    seen (a long-lived process such as livereload keeps running the old
    code). The settings file is not one: Pelican executes it again at every
    build."""

    def __init__(self):
        self._seen: dict[str, tuple[int, int]] = {}

    def stale(self, settings_file: str) -> bool:
        fresh = os.path.realpath(settings_file)
        stale = False
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None)
            if not path or os.path.realpath(path) == fresh:
                continue
            if path.startswith(PYTHON_PREFIXES) and not path.startswith(PLUGIN_CODE):
                continue
            try:
                stat = os.stat(path)
            except OSError:
                continue
            if self._seen.setdefault(path, (stat.st_size, stat.st_mtime_ns)) != (stat.st_size, stat.st_mtime_ns):
                stale = True
        return stale


def output_digest(output: Path) -> str | None:
    if not output.is_dir():
        return None
    start = len(os.path.join(str(output), ""))  # paths below it, relative (relpath is slow)
    rows = sorted([path[start:], *rest] for path, *rest in _walk(output, set()))
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def _recorded(stamp: Path) -> dict:
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_up_to_date(stamp: Path, inputs: dict, output: Path) -> bool:
    recorded = _recorded(stamp)
    return recorded.get("inputs") == inputs and recorded.get("output") == output_digest(output)


def charts_may_change(stamp: Path, inputs: dict):
    """What changed since the last build that may need charts rendered:
    "sources" (content or data only), "all" (code, settings, or no record), or
    None (only the theme or the output: no chart but through the theme's
    datachart templates, which are rare to change)."""
    recorded = _recorded(stamp).get("inputs")
    if not isinstance(recorded, dict) or recorded.get("code") != inputs["code"]:
        return "all"
    return "sources" if recorded.get("sources") != inputs["sources"] else None


def write_stamp(stamp: Path, inputs: dict, output: Path) -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    tmp = stamp.with_name(f".{stamp.name}.{os.getpid()}")
    tmp.write_text(json.dumps({"inputs": inputs, "output": output_digest(output)}), encoding="utf-8")
    os.replace(tmp, stamp)
