/* The datacharts Vega runtime for a strict Content-Security-Policy.
 *
 * Bundled by `npm run build` into dist/vega-runtime.js (one minified IIFE).
 * It exposes window.vegaEmbed, a wrapper around vega-embed that always runs
 * Vega with its expression interpreter (vega-interpreter, `ast: true`), so no
 * expression is ever compiled with `new Function`: the page needs no
 * 'unsafe-eval'. The caller cannot turn that off.
 *
 * It also keeps style-src free of 'unsafe-inline': vega-embed and vega-tooltip
 * inject a <style> element by default, which such a policy blocks. Where the
 * browser has constructable stylesheets, the same rules are adopted through
 * the CSSOM instead (CSP does not govern the CSSOM), unless the caller passes
 * its own `defaultStyle` or tooltip `disableDefaultStyle`.
 */
import * as vega from "vega";
import embed, { version as embedVersion } from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";
import * as vegaLite from "vega-lite";
import { createDefaultStyle, DEFAULT_OPTIONS as TOOLTIP_DEFAULTS } from "vega-tooltip";

// vega-embed's own stylesheet, without the actions menu (we pass actions: false).
const EMBED_CSS = `.vega-embed{position:relative;display:inline-block;box-sizing:border-box}
.vega-embed.fit-x{display:block;width:100%}
.vega-embed.fit-y{height:100%}
.vega-embed .chart-wrapper.fit-x{width:100%}
.vega-embed .chart-wrapper.fit-y{height:100%}
.vega-embed-wrapper{max-width:100%;overflow:auto;padding-right:14px}`;

const adopted = new Set();

function canAdopt() {
  try {
    return (
      typeof CSSStyleSheet === "function" &&
      "replaceSync" in CSSStyleSheet.prototype &&
      Array.isArray(document.adoptedStyleSheets)
    );
  } catch (error) {
    return false;
  }
}

function adopt(key, css) {
  if (adopted.has(key)) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  adopted.add(key);
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function vegaEmbed(el, spec, opts) {
  const options = { ...(opts || {}) };
  if (canAdopt()) {
    if (options.defaultStyle === undefined) {
      adopt("vega-embed", EMBED_CSS);
      options.defaultStyle = false;
    }
    const tooltip = options.tooltip;
    if (tooltip === undefined || tooltip === true || isPlainObject(tooltip)) {
      const tooltipOptions = isPlainObject(tooltip) ? { ...tooltip } : {};
      if (tooltipOptions.disableDefaultStyle === undefined) {
        const id = tooltipOptions.id || TOOLTIP_DEFAULTS.id;
        adopt(`vega-tooltip#${id}`, createDefaultStyle(id));
        tooltipOptions.disableDefaultStyle = true;
      }
      options.tooltip = tooltipOptions;
    }
  }
  // Last, so that no caller can bring the code-generating expression compiler back.
  options.ast = true;
  options.expr = expressionInterpreter;
  return embed(el, spec, options);
}

vegaEmbed.embed = vegaEmbed;
vegaEmbed.vega = vega;
vegaEmbed.vegaLite = vegaLite;
vegaEmbed.expressionInterpreter = expressionInterpreter;
vegaEmbed.version = embedVersion;
vegaEmbed.versions = {
  vega: vega.version,
  "vega-lite": vegaLite.version,
  "vega-embed": embedVersion,
};

window.vegaEmbed = vegaEmbed;
window.vega = vega;
window.vegaLite = vegaLite;
window.vegaInterpreter = { expressionInterpreter };
