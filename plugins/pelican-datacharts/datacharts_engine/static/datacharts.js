/* datacharts: tooltips for static charts, and live Vega charts on demand.
 *
 * Every chart is an inline SVG rendered at build time; its marks carry their
 * values in aria-label ("Part (%) : 62 ; usage : Réseaux sociaux"). This script
 * shows them on hover, tap and keyboard focus (arrow keys move between marks),
 * without downloading anything. A figure with data-runtime is replaced by a
 * live Vega chart when it scrolls into view; the runtime is fetched then, once.
 * The "Image PNG" button is drawn here too, from the chart's SVG file and the
 * charts' font: the build makes no PNG per chart, and without JavaScript the
 * button stays hidden.
 */
(function () {
  "use strict";

  // Vega's label lists every encoded field; empty values say nothing.
  // « Part (%): 62 » as Vega labels a live chart's marks: the unit goes with
  // the value, as the static drawing's labels already say it (render.py).
  var UNIT_KEY = /^(.+?) \(([%\u2030\u20ac$\u00a3]|[kM]\u20ac|Md\u20ac|[kM]\$)\)$/;  // as render.py
  var NUMBER_TEXT = /^[\u2212+-]?\d[\d \u00a0\u202f.,]*$/;

  function parseLabel(label) {
    return label.split("; ").map(function (part) {
      var cut = part.indexOf(": ");
      if (cut < 0) return ["", part];
      var key = part.slice(0, cut), value = part.slice(cut + 2), named = UNIT_KEY.exec(key);
      if (named && NUMBER_TEXT.test(value.trim())) {
        var unit = named[2];
        return [named[1], value.trim() + (unit === "%" || unit === "\u2030" ? "\u202f" : "\u00a0") + unit];
      }
      return [key, value];
    }).filter(function (pair) {
      return pair[1] !== "" && pair[1] !== "null" && pair[1] !== "undefined";
    });
  }

  function setupTooltips(figure, pointer) {
    // A wide chart has a second drawing for phones: each gets its own.
    Array.prototype.forEach.call(figure.querySelectorAll("svg.datachart-svg"), function (svg) {
      setupSvg(svg, pointer);
    });
  }

  function setupSvg(svg, pointer) {
    if (svg.dataset.tooltips) return;
    svg.dataset.tooltips = "on";
    var marks = Array.prototype.slice.call(
      svg.querySelectorAll('[role="graphics-symbol"][aria-label]')
    );
    if (!marks.length) return;
    var canvas = svg.parentNode;
    var tip = canvas.querySelector(".datachart-tooltip"); // one per chart, whichever drawing shows
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "datachart-tooltip";
      tip.setAttribute("role", "status");
      tip.setAttribute("aria-live", "polite");
      tip.hidden = true;
      canvas.appendChild(tip);
    }
    var active = -1;

    function show(index, clientX, clientY) {
      if (active >= 0 && marks[active]) marks[active].classList.remove("is-active");
      active = index;
      var mark = marks[index];
      mark.classList.add("is-active");
      var list = document.createElement("dl");
      parseLabel(mark.getAttribute("aria-label")).forEach(function (pair) {
        var dt = document.createElement("dt");
        var dd = document.createElement("dd");
        dt.textContent = pair[0];
        dd.textContent = pair[1];
        list.appendChild(dt);
        list.appendChild(dd);
      });
      tip.replaceChildren(list);
      tip.hidden = false;
      var box = canvas.getBoundingClientRect();
      if (clientX === undefined) {
        var r = mark.getBoundingClientRect();
        clientX = r.left + r.width / 2;
        clientY = r.top;
      }
      var x = Math.min(Math.max(clientX - box.left + 12, 0), Math.max(box.width - tip.offsetWidth, 0));
      var y = clientY - box.top - tip.offsetHeight - 8;
      if (y < 0) y = clientY - box.top + 16;
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    }

    function hide() {
      if (active >= 0 && marks[active]) marks[active].classList.remove("is-active");
      active = -1;
      tip.hidden = true;
    }

    svg.setAttribute("tabindex", "0");
    // A tap fires pointer events, then the compatibility mouse events and
    // focus: the focus that follows a press must not show the first mark over
    // the one pressed. Only keyboard focus starts at the first mark.
    var pressed = false;
    svg.addEventListener("pointerdown", function () { pressed = true; });
    svg.addEventListener("focus", function () {
      var byPointer = pressed;
      pressed = false;
      // A live chart focused in place of the static one starts at the mark the reader was on.
      var start = Math.min(parseInt(svg.dataset.startMark || "0", 10) || 0, marks.length - 1);
      delete svg.dataset.startMark;
      if (!byPointer) show(active >= 0 ? active : start);
    });
    svg.addEventListener("blur", function () {
      pressed = false;
      hide();
    });
    svg.addEventListener("keydown", function (event) {
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (event.key === "Escape") {
        hide();
      } else if (event.key === "Home" || event.key === "End") {
        show(event.key === "Home" ? 0 : marks.length - 1);
      } else if (step) {
        show((Math.max(active, 0) + step + marks.length) % marks.length);
      } else {
        return;
      }
      event.preventDefault();
    });
    // A live chart shows Vega's own tooltips under the pointer.
    if (pointer === false) return;
    function markAt(event) {
      var index = marks.indexOf(event.target.closest('[role="graphics-symbol"]'));
      if (index >= 0 || !event.target.closest('[aria-hidden="true"]') || !document.elementsFromPoint) return index;
      // A value label drawn inside its bar (a layer hidden from assistive
      // technology) takes the pointer: the mark under it is the one meant.
      var under = document.elementsFromPoint(event.clientX, event.clientY);
      for (var i = 0; i < under.length; i++) {
        if (marks.indexOf(under[i]) >= 0) return marks.indexOf(under[i]);
      }
      return -1;
    }
    svg.addEventListener("pointermove", function (event) {
      if (event.pointerType === "touch") return; // a finger sliding is a scroll, not a hover
      var index = markAt(event);
      if (index >= 0) show(index, event.clientX, event.clientY);
      else hide();
    });
    svg.addEventListener("pointerdown", function (event) {
      var index = markAt(event);
      if (index >= 0) show(index, event.clientX, event.clientY);
      else hide();
    });
    // A finger leaves the screen (and the chart) at the end of every tap: the
    // tapped value stays until the next tap, a tap elsewhere (blur) or Escape.
    svg.addEventListener("pointerleave", function (event) {
      if (event.pointerType !== "touch") hide();
    });
  }

  // Vega writes English role descriptions ("bar", "visualization"): a French
  // page hides them, and keeps doing so as Vega redraws. Its root group is a
  // "graphics-document" named by the spec's description, which the chart's
  // <desc> already gives: a screen reader would hear the description twice.
  function stripRoleDescriptions(root) {
    var strip = function () {
      Array.prototype.forEach.call(root.querySelectorAll("[aria-roledescription]"), function (el) {
        el.removeAttribute("aria-roledescription");
      });
      var documents = Array.prototype.slice.call(root.querySelectorAll('[role="graphics-document"]'));
      if (root.getAttribute("role") === "graphics-document") documents.push(root);
      documents.forEach(function (el) {
        el.removeAttribute("aria-label");
        el.removeAttribute("role");
      });
      if (root.hasAttribute("aria-roledescription")) root.removeAttribute("aria-roledescription");
    };
    strip();
    new MutationObserver(strip).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-roledescription", "role"] });
  }

  // Vega writes a text of several lines (a note) as one tspan per line, each
  // trimmed: the live SVG's text would read « presque le double » as
  // « presque ledouble » (what a reader copies, what the browser's find and
  // assistive tools read). As render.py does for the static drawing, a space
  // keeps the lines apart, on the side of each line that moves no glyph:
  // after a line that starts at its anchor, before a line that ends at it.
  // Kept as Vega redraws.
  function keepLinesApart(root) {
    var apart = function () {
      Array.prototype.forEach.call(root.querySelectorAll("text"), function (text) {
        var lines = text.querySelectorAll("tspan");
        var atEnd = text.getAttribute("text-anchor") === "end";
        Array.prototype.forEach.call(lines, function (line, i) {
          var node = line.firstChild;
          if ((atEnd ? i === 0 : i === lines.length - 1) || !node || node.nodeType !== 3) return;
          if (atEnd && node.data.charAt(0) !== " ") node.data = " " + node.data;
          if (!atEnd && node.data.charAt(node.data.length - 1) !== " ") node.data += " ";
        });
      });
    };
    apart();
    new MutationObserver(apart).observe(root, { subtree: true, childList: true });
  }

  // The live chart keeps the static one's name, description and keyboard access.
  function adoptLive(figure, target, staticSvg) {
    var svg = target.querySelector("svg");
    if (!svg) return;
    var title = staticSvg && staticSvg.querySelector("title");
    var desc = staticSvg && staticSvg.querySelector("desc");
    svg.classList.add("datachart-svg");
    svg.setAttribute("role", "img");
    if (title) {
      svg.insertBefore(title, svg.firstChild);
      svg.setAttribute("aria-labelledby", title.id);
    }
    if (desc) {
      svg.insertBefore(desc, title ? title.nextSibling : svg.firstChild);
      svg.setAttribute("aria-describedby", desc.id);
    }
    svg.removeAttribute("aria-label");
    stripRoleDescriptions(target);
    keepLinesApart(target);
    setupTooltips(figure, false);
  }

  var runtime = null;
  function loadRuntime(url) {
    if (!runtime) {
      runtime = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () { resolve(window.vegaEmbed); };
        script.onerror = function () { reject(new Error("runtime " + url)); };
        document.head.appendChild(script);
      });
    }
    return runtime;
  }

  var fonts = null;
  function chartFonts() {
    if (!fonts) {
      fonts = document.fonts && document.fonts.load
        ? Promise.all([document.fonts.load("14px Roboto"), document.fonts.load("bold 14px Roboto")])
            .catch(function () { return null; })
        : Promise.resolve(null);
    }
    return fonts;
  }

  // The drawing the reader sees: the narrow one on a phone (shown by CSS).
  function shownSvg(canvas) {
    var drawings = canvas.querySelectorAll("svg.datachart-svg");
    for (var i = 0; i < drawings.length; i++) {
      if (getComputedStyle(drawings[i]).display !== "none") return drawings[i];
    }
    return drawings[0] || null;
  }

  function goLive(figure) {
    var data = document.getElementById(figure.dataset.spec);
    if (!data) return;
    var spec = JSON.parse(data.textContent);
    var canvas = figure.querySelector(".datachart-canvas");
    // On a phone, the live chart takes the narrow drawing's place at the size
    // it is shown: the wide one scaled down would shrink its labels.
    var shown = shownSvg(canvas);
    var phone = document.getElementById(figure.dataset.spec + "-etroit");
    if (shown && shown.classList.contains("datachart-svg-etroit")) {
      if (phone) {
        // A Python chart: the spec its narrow drawing was drawn from, at the
        // width it is shown when that spec fits a width (fit-x).
        spec = JSON.parse(phone.textContent);
        if (spec.autosize && spec.autosize.type === "fit-x") {
          spec.width = Math.floor(shown.getBoundingClientRect().width);
        }
      } else {
        spec.width = Math.floor(shown.getBoundingClientRect().width);
        spec.autosize = { type: "fit-x", contains: "padding" };
      }
    }
    // Vega measures the labels as it draws: with the charts' own font
    // (datacharts.css), not the one shown until it arrives.
    Promise.all([loadRuntime(figure.dataset.runtime), chartFonts()]).then(function (loaded) {
      var vegaEmbed = loaded[0];
      var target = document.createElement("div");
      target.className = "datachart-live";
      var locale = window.datachartsLocale || {};
      return vegaEmbed(target, spec, {
        actions: false,
        renderer: "svg",
        formatLocale: locale.format,
        timeFormatLocale: locale.time,
      }).then(function () {
        var staticSvg = shownSvg(canvas);
        var oldTip = canvas.querySelector(".datachart-tooltip");
        // Keyboard focus stays where the reader had it: on the chart, same mark.
        var focused = staticSvg && canvas.contains(document.activeElement);
        var marks = staticSvg ? staticSvg.querySelectorAll('[role="graphics-symbol"][aria-label]') : [];
        var mark = Array.prototype.indexOf.call(marks, staticSvg && staticSvg.querySelector(".is-active"));
        canvas.replaceChildren(target);
        if (oldTip) oldTip.remove();
        adoptLive(figure, target, staticSvg);
        figure.dataset.live = "true";
        var liveSvg = target.querySelector("svg.datachart-svg");
        if (focused && liveSvg) {
          liveSvg.dataset.startMark = String(Math.max(mark, 0));
          liveSvg.focus({ preventScroll: true });
        }
      });
    }).catch(function (error) {
      figure.dataset.live = "failed";
      if (window.console) console.warn("datacharts:", error);
    });
  }

  // The charts' font files are beside this script (assets.py writes both).
  var SCRIPT_URL = document.currentScript ? document.currentScript.src : "";
  var FONT_FILES = [["datacharts-roboto-400.woff2", "400"], ["datacharts-roboto-700.woff2", "700"]];
  var fontFaces = null;

  function dataUrl(blob, type) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result).replace(/^data:[^;,]*/, "data:" + type)); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsDataURL(blob);
    });
  }

  // A picture drawn from an SVG loads nothing, not even a font of our own
  // origin: without help the PNG would write its labels in the reader's own
  // fonts, wider or narrower than the Roboto they were measured with (a title
  // cut at the edge). So the SVG drawn carries the charts' font as data: URLs,
  // read once from the files the page's stylesheet already loaded.
  function chartFontFaces() {
    if (!fontFaces) {
      fontFaces = Promise.all(FONT_FILES.map(function (file) {
        return fetch(new URL(file[0], SCRIPT_URL)).then(function (response) {
          if (!response.ok) throw new Error("cannot load " + file[0]);
          return response.blob();
        }).then(function (blob) { return dataUrl(blob, "font/woff2"); }).then(function (url) {
          return "@font-face{font-family:Roboto;font-style:normal;font-weight:" + file[1] +
            ";src:url(" + url + ") format(\"woff2\")}";
        });
      })).then(function (faces) { return faces.join(""); });
      fontFaces.catch(function () { fontFaces = null; }); // asked again at the next click
    }
    return fontFaces;
  }

  // The chart's SVG file with the charts' font in it (data: URLs), as text;
  // without the font if it cannot be read (``what`` says for what, in the console).
  function svgTextWithFont(svgUrl, what) {
    var svg = fetch(svgUrl).then(function (response) {
      if (!response.ok) throw new Error("cannot load " + svgUrl);
      return response.text();
    });
    var faces = SCRIPT_URL ? chartFontFaces().catch(function (error) {
      if (window.console) console.warn("datacharts: " + what + " without the charts' font", error);
      return "";
    }) : Promise.resolve("");
    return Promise.all([svg, faces]).then(function (parts) {
      return parts[1] ? parts[0].replace(/<svg\b[^>]*>/, function (open) {
        return open + "<style>" + parts[1] + "</style>";
      }) : parts[0];
    });
  }

  function svgWithFont(svgUrl) {
    return svgTextWithFont(svgUrl, "PNG").then(function (text) {
      // A data: URL, as the CSP allows (img-src 'self' data:; never blob:);
      // it keeps the canvas exportable.
      return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
    });
  }

  function drawPng(svgUrl, scale) {
    return svgWithFont(svgUrl).then(function (source) { return drawSvg(source, svgUrl, scale); });
  }

  function drawSvg(source, svgUrl, scale) {
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () {
        var width = image.naturalWidth;
        var height = image.naturalHeight;
        if (!width || !height) {
          reject(new Error("no size for " + svgUrl));
          return;
        }
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        var context = canvas.getContext("2d");
        context.fillStyle = "#ffffff"; // the SVG has no background of its own
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          if (blob) resolve(blob);
          else reject(new Error("no PNG from " + svgUrl));
        }, "image/png");
      };
      image.onerror = function () { reject(new Error("cannot draw " + svgUrl)); };
      image.src = source;
    });
  }

  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    // Some browsers read the URL after click() returns: revoke it later.
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function setupPngButton(button) {
    var item = button.closest(".datachart-png-item");
    if (item) item.hidden = false;
    button.hidden = false;
    button.addEventListener("click", function () {
      // aria-disabled, not disabled: a disabled button would lose keyboard focus.
      if (button.getAttribute("aria-disabled") === "true") return;
      button.setAttribute("aria-disabled", "true");
      drawPng(button.dataset.svg, 2).then(function (blob) {
        saveBlob(blob, button.dataset.name || "graphique.png");
      }).catch(function (error) {
        if (window.console) console.warn("datacharts: PNG", error);
      }).then(function () {
        button.removeAttribute("aria-disabled");
      });
    });
  }

  // « Image SVG »: the file opened anywhere else (a drawing program, another
  // machine) has no Roboto, and would write the labels in a wider or narrower
  // font than they were measured with. With JavaScript the file saved carries
  // the charts' font; without it, or if it cannot be made, the plain file.
  function setupSvgLink(link) {
    var busy = false;
    link.addEventListener("click", function (event) {
      if (link.dataset.plain === "true") return; // the fallback's own click
      event.preventDefault();
      if (busy) return;
      busy = true;
      svgTextWithFont(link.href, "SVG").then(function (text) {
        saveBlob(new Blob([text], { type: "image/svg+xml" }), link.getAttribute("download") || "graphique.svg");
      }).catch(function (error) {
        if (window.console) console.warn("datacharts: SVG", error);
        link.dataset.plain = "true";
        link.click();
        delete link.dataset.plain;
      }).then(function () { busy = false; });
    });
  }

  function init() {
    var figures = document.querySelectorAll("figure[data-datachart]");
    Array.prototype.forEach.call(figures, function (figure) { setupTooltips(figure, true); });
    Array.prototype.forEach.call(document.querySelectorAll("button.datachart-png[data-svg]"), setupPngButton);
    Array.prototype.forEach.call(document.querySelectorAll("a.datachart-svg-download"), setupSvgLink);
    var live = Array.prototype.filter.call(figures, function (f) { return f.dataset.runtime; });
    if (!live.length) return;
    // After the page's own load (its pictures and the charts' font): the
    // runtime, the heaviest file of all, never delays it.
    if (document.readyState === "complete") watch(live);
    else window.addEventListener("load", function () { watch(live); }, { once: true });
  }

  function watch(live) {
    if (!("IntersectionObserver" in window)) {
      live.forEach(goLive);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          goLive(entry.target);
        }
      });
    }, { rootMargin: "200px" });
    live.forEach(function (figure) { observer.observe(figure); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
