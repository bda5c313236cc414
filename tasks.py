"""Tasks in Pelican's quickstart conventions, plus `new-article`, `check`, `test` and `bench`."""

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


@task(help={"port": "the port to serve on (default 8000)"})
def serve(c, port=CONFIG["port"]):
    """Serve output/ at http://localhost:PORT/ as it is (no build)"""

    class AddressReuseTCPServer(RootedHTTPServer):
        allow_reuse_address = True

    server = AddressReuseTCPServer(CONFIG["deploy_path"], (CONFIG["host"], int(port)), ComplexHTTPRequestHandler)
    sys.stderr.write(f"Serving at http://{CONFIG['host']}:{port}/ ...\n")
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


@task(help={"port": "the port to serve on (default 8000)"})
def livereload(c, port=CONFIG["port"]):
    """Build, serve at http://localhost:PORT/, build again and reload the page at every change
    (content, data, charts, theme, plugins, settings); a failed build shows its mistakes in the page"""
    from sitebuild import SiteBuilder
    from sitebuild.devserver import livereload as run

    builder = SiteBuilder(
        CONFIG["settings_base"],
        CONFIG["deploy_path"],
        {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True},
        keep_workers=True,  # warm for the next change: a data update redraws at once
    )
    try:
        status = run(builder, CONFIG["host"], int(port))
    finally:
        builder.close()
    if status:
        sys.exit(status)


@task(positional=["title"], help={"title": "the article's title, in quotes"})
def new_article(c, title):
    """Write content/SLUG.md: a draft (slug from the title, today's date) with a chart block to fill in"""
    from sitebuild.newarticle import ArticleExists, write_article

    try:
        path = write_article(title, SETTINGS)
    except (ArticleExists, ValueError) as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
    print(f"Article créé : {path} (brouillon ; retirez « Status: draft » pour le publier)")


@task
def check(c):
    """Check every article and every dataset as a build would, without publishing anything"""
    from sitebuild import SiteBuilder

    builder = SiteBuilder(CONFIG["settings_base"], CONFIG["deploy_path"], publish=False)
    try:
        status = builder.build()
    finally:
        builder.close()
    if status:
        sys.exit(status)
    print(f"Tout est correct : articles et jeux de données vérifiés ; {CONFIG['deploy_path']}/ n'a pas été touché.")


@task
def test(c):
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
