"""The CSP-safe Vega runtime built from runtime/ (npm): versions, no code from strings.

Building needs Node.js and npm (`npm ci` reaches the npm registry the first time);
without them, and without a built runtime/dist, these tests skip, except under
CI=true, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap

import pytest
from datacharts_engine.runtime import RUNTIME_DIR, bundle_path, csp_runtime, runtime_versions

pytestmark = pytest.mark.slow  # builds the npm runtime

CI = os.environ.get("CI", "").lower() == "true"
HAVE_NPM = shutil.which("npm") is not None and shutil.which("node") is not None
HAVE_NODE = shutil.which("node") is not None

# The only `Function(` calls left in the bundle: vega-runtime's default expression
# compiler, used only by a View created without `expr`; our vegaEmbed always
# passes vega-interpreter (the browser check proves it under a strict CSP).
KNOWN_FUNCTION_CALLS = ("Function(...", 'Function("_",', 'Function("a","b",')


def _unavailable(reason: str) -> None:
    if CI:
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> str:
    if not HAVE_NPM and not bundle_path().is_file():
        _unavailable(
            "Node.js and npm are not installed and runtime/dist is not built, so the CSP-safe Vega runtime "
            "cannot be checked (apt-get install nodejs npm)"
        )
    return csp_runtime(tmp_path_factory.mktemp("runtime-cache"))


def test_versions_are_pinned_and_recent():
    versions = runtime_versions()
    assert set(versions) == {"vega", "vega-lite", "vega-embed", "vega-interpreter"}
    assert _version(versions["vega"]) >= (6, 2, 0)
    assert _version(versions["vega-lite"]) >= (6, 0, 0)
    manifest = json.loads((RUNTIME_DIR / "package.json").read_text(encoding="utf-8"))
    pinned = {**manifest["dependencies"], **manifest["devDependencies"]}
    for name, spec in pinned.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", spec), f"{name} must be pinned to an exact version, not {spec!r}"


def test_bundle_compiles_no_code_from_strings(bundle):
    assert "new Function" not in bundle
    calls = [m.start() for m in re.finditer(r"(?<![\w$.])Function\(", bundle)]
    unknown = [bundle[i : i + 40] for i in calls if not bundle.startswith(KNOWN_FUNCTION_CALLS, i)]
    assert not unknown, f"unexpected Function( in the runtime: {unknown}"
    # `eval(` only as a method name (vega's CrossFilter.eval), never the global eval.
    evals = [m.start() for m in re.finditer(r"(?<![\w$.])eval\(", bundle)]
    for i in evals:
        assert bundle[i - 1] in ",{;}" and re.match(r"eval\([\w$,]*\)\{", bundle[i:]), bundle[i - 60 : i + 40]


def test_csp_runtime_is_cached_and_carries_the_locale(tmp_path):
    if not HAVE_NPM and not bundle_path().is_file():
        _unavailable("Node.js and npm are not installed and runtime/dist is not built (apt-get install nodejs npm)")
    locale = {"format": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"]}}
    first = csp_runtime(tmp_path, locale=locale)
    cached = list(tmp_path.glob("vega-runtime-*.js"))
    assert len(cached) == 1
    assert first.startswith(cached[0].read_text(encoding="utf-8"))
    assert first.rstrip().endswith(";")
    assert "window.datachartsLocale = {" in first
    assert "\\u00a0" in first  # JSON with ASCII escapes: safe in any script context
    assert csp_runtime(tmp_path, locale=locale) == first


def test_runtime_renders_without_code_generation(bundle, tmp_path):
    """Node with code generation from strings disabled stands in for a CSP without 'unsafe-eval'."""
    if not HAVE_NODE:
        _unavailable("Node.js is not installed, so the runtime cannot be run (apt-get install nodejs)")
    script = tmp_path / "check.cjs"
    script.write_text(
        textwrap.dedent(
            """
            globalThis.window = globalThis;
            require(process.argv[2]);
            const {vega, vegaLite, vegaInterpreter, vegaEmbed} = window;
            const spec = {
              data: {values: [{usage: "Réseaux sociaux", part: 62}, {usage: "Outils", part: 43.5}]},
              params: [{name: "pick", select: {type: "point", fields: ["usage"]}}],
              transform: [{calculate: "datum.part / 100", as: "share"}, {filter: "datum.share > 0.1"}],
              mark: "bar",
              encoding: {
                y: {field: "usage", type: "nominal"},
                x: {field: "share", type: "quantitative", axis: {format: ".0%"}},
                opacity: {condition: {param: "pick", value: 1}, value: 0.3},
                tooltip: [{field: "usage"}, {field: "part", format: ".1f"}]
              }
            };
            const out = {versions: vegaEmbed.versions};
            (async () => {
              try { Function("return 1"); out.codegen = "allowed"; } catch (e) { out.codegen = e.name; }
              const compiled = vegaLite.compile(spec).spec;
              const view = new vega.View(vega.parse(compiled, null, {ast: true}),
                {renderer: "none", expr: vegaInterpreter.expressionInterpreter});
              out.svg = await view.toSVG();
              try {
                await new vega.View(vega.parse(compiled), {renderer: "none"}).runAsync();
                out.plain = "ran";
              } catch (e) { out.plain = e.name; }
              out.csv = vega.read('a,b\\n"x, y",2\\n', {type: "csv", parse: "auto"});
              console.log(JSON.stringify(out));
            })().catch((e) => { console.error(String(e && e.stack || e)); process.exit(1); });
            """
        ),
        encoding="utf-8",
    )
    runtime = tmp_path / "vega-runtime.js"
    runtime.write_text(bundle, encoding="utf-8")
    done = subprocess.run(
        ["node", "--disallow-code-generation-from-strings", str(script), str(runtime)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["codegen"] == "EvalError"  # the flag works: plain eval is refused
    assert out["plain"] == "EvalError"  # and Vega without the interpreter needs it
    assert "<svg" in out["svg"] and 'role="graphics-symbol"' in out["svg"]
    assert out["csv"] == [{"a": "x, y", "b": 2}]  # CSV data without d3-dsv's new Function
    installed = runtime_versions()
    assert out["versions"] == {name: installed[name] for name in ("vega", "vega-lite", "vega-embed")}
