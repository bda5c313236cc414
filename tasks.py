"""Tasks in Pelican's quickstart conventions, plus `check` and `bench`."""

import os
import shlex
import shutil
import sys

from invoke import task
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

SETTINGS_FILE_BASE = "pelicanconf.py"
SETTINGS = {}
SETTINGS.update(DEFAULT_CONFIG)
SETTINGS.update(get_settings_from_file(SETTINGS_FILE_BASE))

CONFIG = {
    "settings_base": SETTINGS_FILE_BASE,
    "settings_publish": "publishconf.py",
    "deploy_path": SETTINGS["OUTPUT_PATH"],
    "host": "localhost",
    "port": 8000,
}


def _build(settings_file, force=False):
    from sitebuild import build_site

    status = build_site(settings_file, CONFIG["deploy_path"], force=force)
    if status:
        sys.exit(status)


@task
def clean(c):
    """Remove generated files"""
    if os.path.isdir(CONFIG["deploy_path"]):
        shutil.rmtree(CONFIG["deploy_path"])
        os.makedirs(CONFIG["deploy_path"])


@task(help={"force": "build even when nothing changed since the last build"})
def build(c, force=False):
    """Build the local version of the site (fails on any error, output/ swapped in only if it passes)"""
    _build(CONFIG["settings_base"], force)


@task
def rebuild(c):
    """`build` with the delete switch"""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Automatically regenerate site upon file modification"""
    c.run(f"pelican -r -s {CONFIG['settings_base']}", pty=True)


@task
def serve(c):
    """Serve site at http://$HOST:$PORT/ (default is localhost:8000)"""

    class AddressReuseTCPServer(RootedHTTPServer):
        allow_reuse_address = True

    server = AddressReuseTCPServer(CONFIG["deploy_path"], (CONFIG["host"], CONFIG["port"]), ComplexHTTPRequestHandler)
    sys.stderr.write(f"Serving at {CONFIG['host']}:{CONFIG['port']} ...\n")
    server.serve_forever()


@task
def reserve(c):
    """`build`, then `serve`"""
    build(c)
    serve(c)


@task
def preview(c):
    """Build production version of site"""
    _build(CONFIG["settings_publish"])


@task
def livereload(c):
    """Automatically reload browser tab upon file modification (content, data, theme, plugins)."""
    from livereload import Server

    from sitebuild import SiteBuilder

    builder = SiteBuilder(
        CONFIG["settings_base"],
        CONFIG["deploy_path"],
        {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True},
        keep_workers=True,  # warm for the next change: a data update redraws at once
    )

    def cached_build():
        builder.build()

    cached_build()
    server = Server()
    theme_path = SETTINGS["THEME"]
    watched = [
        CONFIG["settings_base"],
        f"{theme_path}/templates/**/*.html",
        f"{theme_path}/static/**/*",
        f"{SETTINGS['PATH']}/**/*",
        "data/*",
        "charts/*.py",
        "plugins/**/*",
    ]
    for glob in watched:
        server.watch(glob, cached_build)
    try:
        server.serve(host=CONFIG["host"], port=CONFIG["port"], root=CONFIG["deploy_path"])
    finally:
        builder.close()


@task
def check(c):
    """Lint and run the whole test suite"""
    c.run("ruff check .", pty=False)
    c.run("ruff format --check .", pty=False)
    c.run("pytest", pty=False)


@task
def publish(c):
    """Build the production site (publishconf.py) into output/, ready to upload"""
    preview(c)
    print(f"Site ready in {shlex.quote(CONFIG['deploy_path'])}/: upload its contents to the host.")


@task(help={"articles": "N articles × 3 charts (several: 200,1000)", "large_rows": "also chart a dataset this large"})
def bench(c, articles="200", large_rows=0, workers=0, svg_only=False):
    """Benchmark datacharts against plain Pelican (figures printed, nothing asserted)"""
    args = ["--articles", str(articles)] + (["--svg-only"] if svg_only else [])
    if int(large_rows):
        args += ["--large-rows", str(large_rows)]
    if int(workers):
        args += ["--workers", str(workers)]
    c.run(f"{shlex.quote(sys.executable)} -m benchmarks.bench {' '.join(args)}", pty=False)
