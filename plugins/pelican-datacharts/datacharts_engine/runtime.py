"""The live-chart runtime for a strict Content-Security-Policy (no 'unsafe-eval').

vl-convert's `javascript_bundle()` compiles Vega expressions with `new Function`
and cannot bundle `vega-interpreter`, so this runtime is built from the npm
packages pinned in `runtime/package-lock.json` (shipped inside this package):
`npm ci` then `npm run build` (esbuild) write `dist/vega-runtime.js`, one
minified IIFE that sets `window.vegaEmbed`, a wrapper of vega-embed that always
passes `{ast: true, expr: vegaInterpreter.expressionInterpreter}`.

npm never runs in the installed package: the sources are copied into a build
folder of the user's cache (``$XDG_CACHE_HOME/pelican-datacharts``, or
``DATACHARTS_RUNTIME_BUILD``), named after their hash, built there once per
machine. The built text is also kept in the site's cache, so a build with a
warm cache needs neither Node.js nor node_modules.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"
BUNDLE = Path("dist") / "vega-runtime.js"
STAMP = Path("dist") / "vega-runtime.sources"  # the hash of SOURCES that BUNDLE was built from
PACKAGES = ("vega", "vega-lite", "vega-embed", "vega-interpreter")
# What the bundle is made of: a change to any of them means a new bundle.
SOURCES = ("package.json", "package-lock.json", "entry.js", "csp-dsv.js")
NPM_TIMEOUT = 900  # seconds, for each npm command


class RuntimeBuildError(RuntimeError):
    """The runtime could not be built; the message is one sentence for the developer."""


def csp_runtime(cache_dir: Path, *, locale: dict | None = None, runtime_dir: Path = RUNTIME_DIR) -> str:
    """The JS text of the CSP-safe Vega runtime, built from runtime/ when needed.

    `locale` ({"format": ..., "time": ...}, d3 locale objects) is appended as
    `window.datachartsLocale`, which datacharts.js passes on to vegaEmbed.
    """
    runtime_dir = Path(runtime_dir)
    cached = Path(cache_dir) / f"vega-runtime-{_sources_hash(runtime_dir)[:16]}.js"
    if cached.is_file():
        text = cached.read_text(encoding="utf-8")
    else:
        workdir = build_dir(runtime_dir)
        with _build_lock(workdir):
            _copy_sources(runtime_dir, workdir)
            _ensure_built(workdir)
            text = (workdir / BUNDLE).read_text(encoding="utf-8")
        _write_atomic(cached, text)
    if locale is not None:
        text += f"\nwindow.datachartsLocale = {json.dumps(locale, sort_keys=True, ensure_ascii=True)};\n"
    return text


def runtime_versions(runtime_dir: Path = RUNTIME_DIR) -> dict[str, str]:
    """Versions of vega, vega-lite, vega-embed and vega-interpreter in the runtime.

    Read from the build folder's node_modules/NAME/package.json; where a
    package is not installed (not built yet), from package-lock.json, which
    `npm ci` installs exactly.
    """
    runtime_dir = Path(runtime_dir)
    locked: dict | None = None
    versions = {}
    for name in PACKAGES:
        manifest = build_dir(runtime_dir) / "node_modules" / name / "package.json"
        if manifest.is_file():
            versions[name] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
            continue
        if locked is None:
            lock_file = runtime_dir / "package-lock.json"
            try:
                locked = json.loads(lock_file.read_text(encoding="utf-8")).get("packages", {})
            except FileNotFoundError:
                raise RuntimeBuildError(f"{lock_file} is missing: the runtime's versions are unknown.") from None
        try:
            versions[name] = locked[f"node_modules/{name}"]["version"]
        except KeyError:
            raise RuntimeBuildError(f"{name} is not in {runtime_dir / 'package-lock.json'}.") from None
    return versions


def bundle_path(runtime_dir: Path = RUNTIME_DIR) -> Path:
    """Where `npm run build` writes the runtime built from these sources."""
    return build_dir(runtime_dir) / BUNDLE


def build_dir(runtime_dir: Path = RUNTIME_DIR) -> Path:
    """The folder where these sources are built (node_modules, dist), outside
    the installed package and outside any site: once per machine and version."""
    base = os.environ.get("DATACHARTS_RUNTIME_BUILD")
    if not base:
        cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(cache_home, "pelican-datacharts")
    return Path(base) / f"runtime-{_sources_hash(Path(runtime_dir))[:16]}"


def _copy_sources(runtime_dir: Path, workdir: Path) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source, target = runtime_dir / name, workdir / name
        content = source.read_bytes()
        if not target.is_file() or target.read_bytes() != content:
            _write_atomic_bytes(target, content)


def _sources_hash(runtime_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        path = runtime_dir / name
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise RuntimeBuildError(f"{path} is missing: the runtime cannot be built without it.") from None
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _stale(target: Path, sources: list[Path]) -> bool:
    if not target.is_file():
        return True
    built = target.stat().st_mtime
    return any(source.stat().st_mtime > built for source in sources)


def _bundle_stale(runtime_dir: Path, sources_hash: str) -> bool:
    """dist is missing, older than a source, or was built from other sources (its stamp)."""
    stamp = runtime_dir / STAMP
    if _stale(runtime_dir / BUNDLE, [runtime_dir / name for name in SOURCES]) or not stamp.is_file():
        return True
    return stamp.read_text(encoding="utf-8").strip() != sources_hash


def _install_stale(runtime_dir: Path) -> bool:
    """node_modules is missing, older than the lock, or holds other versions than it."""
    hidden = runtime_dir / "node_modules" / ".package-lock.json"  # written by npm ci
    lock_file = runtime_dir / "package-lock.json"
    if _stale(hidden, [lock_file]):
        return True
    installed = json.loads(hidden.read_text(encoding="utf-8")).get("packages", {})
    locked = json.loads(lock_file.read_text(encoding="utf-8")).get("packages", {})
    return any(
        installed.get(key, {}).get("version") != entry.get("version")
        for key, entry in locked.items()
        if key.startswith("node_modules/") and not entry.get("optional")
    )


def _ensure_built(runtime_dir: Path) -> None:
    sources_hash = _sources_hash(runtime_dir)
    if not _bundle_stale(runtime_dir, sources_hash):
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise RuntimeBuildError(
            f"Building the Vega runtime in {runtime_dir} needs Node.js and npm on the PATH "
            "(install them, for example `apt-get install nodejs npm`, or copy a built dist/ in)."
        )
    if _install_stale(runtime_dir):
        _npm(npm, ["ci", "--no-audit", "--no-fund"], runtime_dir)
    _npm(npm, ["run", "build"], runtime_dir)
    if not (runtime_dir / BUNDLE).is_file():
        raise RuntimeBuildError(f"`npm run build` in {runtime_dir} ran but wrote no {BUNDLE}.")
    (runtime_dir / STAMP).write_text(sources_hash + "\n", encoding="utf-8")


def _npm(npm: str, args: list[str], cwd: Path) -> None:
    env = {**os.environ, "npm_config_update_notifier": "false", "npm_config_loglevel": "error"}
    command = "npm " + " ".join(args)
    try:
        done = subprocess.run(
            [npm, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=NPM_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise RuntimeBuildError(f"`{command}` in {cwd} took more than {NPM_TIMEOUT} s and was stopped.") from None
    if done.returncode != 0:
        detail = _failure_detail(done.stderr, done.stdout)
        raise RuntimeBuildError(f"`{command}` failed in {cwd} (exit {done.returncode}): {detail}")


def _failure_detail(stderr: str, stdout: str) -> str:
    """The telling line of npm's or esbuild's output."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [index for index, line in enumerate(lines) if re.search(r"\berror\b|ERR!", line, re.IGNORECASE)]
    if errors:
        first = errors[0]
        if lines[first].startswith("npm error"):  # "npm error code E404", "npm error 404 Not Found - GET …"
            return "; ".join(lines[index].removeprefix("npm error").strip() for index in errors[:3])
        detail = lines[first]
        if first + 1 < len(lines) and re.fullmatch(r"\S+:\d+:\d+:", lines[first + 1]):  # esbuild's location
            detail += f" ({lines[first + 1][:-1]})"
        return detail
    rest = lines or [line.strip() for line in stdout.splitlines() if line.strip()]
    return rest[-1] if rest else "no output"


@contextlib.contextmanager
def _build_lock(runtime_dir: Path):
    """One build at a time in runtime/ (parallel test workers, several builds)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock
        yield
        return
    runtime_dir.mkdir(parents=True, exist_ok=True)
    with open(runtime_dir / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomic(path: Path, text: str) -> None:
    _write_atomic_bytes(path, text.encode("utf-8"))


def _write_atomic_bytes(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
