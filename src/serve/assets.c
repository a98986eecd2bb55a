/*
 * assets.c -- the style sheet and the script of `leaflet serve`'s pages
 * (serve.h), compiled in so that no request ever reads a file.
 *
 * The style sheet: text at 20 px and up, black on white, links and focus
 * that show (a 3 px outline with a yellow halo), targets at least 24 px,
 * nothing of fixed width, so a page reflows at 400 % zoom (320 px).  The
 * script: the search as you type (the same comparison as
 * lf_catalogue_matches(), on the same text), "Another size" chosen when a
 * size is typed, and a reload when an author's server says the content
 * changed.  Pages work without it.
 */
#include <string.h>

#include "leaflet/serve.h"

static const char style_sheet[] =
    "/* leaflet serve: large, plain, high-contrast pages that reflow at any zoom */\n"
    "html { font-size: 125%; -webkit-text-size-adjust: 100%; }\n"
    "body { margin: 0; font-family: \"Atkinson Hyperlegible\", Verdana, system-ui, sans-serif;\n"
    "  line-height: 1.5; color: #0b0c0c; background: #fff; overflow-wrap: break-word; }\n"
    "header.site, main, footer.site { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }\n"
    "header.site { border-bottom: 0.3rem solid #0b4f9c; }\n"
    "header.site p { margin: 0.75rem 0; font-weight: bold; }\n"
    "footer.site { margin-top: 3rem; border-top: 1px solid #505a5f; font-size: 0.9rem; }\n"
    "main { padding-top: 1rem; padding-bottom: 1rem; }\n"
    "main:focus { outline: none; }\n"
    "h1 { font-size: 2rem; line-height: 1.25; margin: 0.5rem 0 1rem; }\n"
    "h2 { font-size: 1.5rem; line-height: 1.3; margin: 2rem 0 0.75rem; }\n"
    "h3 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }\n"
    "h4, h5, h6 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }\n"
    "a { color: #0b4f9c; text-decoration: underline; text-underline-offset: 0.15em; }\n"
    "a:visited { color: #4c2c92; }\n"
    "a:hover { text-decoration-thickness: 0.2em; }\n"
    ":focus-visible { outline: 0.2rem solid #0b0c0c; outline-offset: 0.15rem;\n"
    "  box-shadow: 0 0 0 0.35rem #ffdd00; }\n"
    ".skip { position: absolute; left: -100vw; top: 0; }\n"
    ".skip:focus { left: 1rem; top: 1rem; background: #ffdd00; color: #0b0c0c; padding: 0.5rem; z-index: 1; }\n"
    "label, legend { display: block; font-weight: bold; margin-bottom: 0.25rem; }\n"
    ".choice label { display: inline; font-weight: normal; }\n"
    ".hint { color: #484949; margin: 0.25rem 0 0.75rem; }\n"
    "input, button { font: inherit; }\n"
    "input[type=search], input.size { border: 0.15rem solid #0b0c0c; border-radius: 0;\n"
    "  padding: 0.35rem 0.5rem; min-height: 2.75rem; box-sizing: border-box; max-width: 100%; }\n"
    "input[type=search] { width: 30rem; }\n"
    "input.size { width: 7rem; }\n"
    "input[aria-invalid=true] { border-color: #b10e1e; border-width: 0.25rem; }\n"
    ".search-row, .buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-start; }\n"
    "button { min-height: 2.75rem; padding: 0.4rem 1rem; border: 0.15rem solid #00703c; border-radius: 0;\n"
    "  background: #00703c; color: #fff; font-weight: bold; cursor: pointer; }\n"
    "button:hover { background: #005a30; }\n"
    "button.secondary { background: #fff; color: #0b0c0c; border-color: #0b0c0c; }\n"
    "button.secondary:hover { background: #f3f2f1; }\n"
    "fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; min-width: 0; }\n"
    "legend { font-size: 1.2rem; padding: 0; }\n"
    ".choice { display: flex; align-items: flex-start; gap: 0.5rem; margin: 0.5rem 0; }\n"
    ".choice input { width: 1.5rem; height: 1.5rem; margin: 0.1rem 0 0; flex: none; accent-color: #0b0c0c; }\n"
    ".size-field { margin: 0.75rem 0 0 2rem; }\n"
    "ul.catalogue { list-style: none; padding: 0; margin: 0; }\n"
    "ul.catalogue > li { border-top: 1px solid #505a5f; padding: 0.5rem 0 1rem; }\n"
    "ul.catalogue h2 { font-size: 1.3rem; margin: 0.5rem 0; }\n"
    "dl.facts { margin: 0 0 1rem; }\n"
    "dl.facts > div { display: flex; flex-wrap: wrap; column-gap: 0.5rem; }\n"
    "dl.facts dt { font-weight: bold; }\n"
    "dl.facts dt::after { content: \":\"; }\n"
    "dl.facts dd { margin: 0; }\n"
    ".overdue-tag { color: #b10e1e; }\n"
    ".overdue, .error-summary, .problems { border-left: 0.4rem solid #b10e1e; padding: 0.25rem 1rem; margin: 1rem 0; }\n"
    ".error-summary h2 { margin-top: 0.5rem; }\n"
    ".error-message { color: #b10e1e; font-weight: bold; margin: 0.25rem 0; }\n"
    "ul.diagnostics { padding-left: 1.25rem; }\n"
    "ul.diagnostics code, code { font-family: \"DejaVu Sans Mono\", monospace; font-size: 0.9rem; overflow-wrap: anywhere; }\n"
    ".leaflet-text { border-top: 0.3rem solid #0b4f9c; margin-top: 2rem; }\n"
    ".callout { border: 0.15rem solid #0b0c0c; padding: 0 1rem; margin: 1rem 0; }\n"
    "ul.plain { list-style: none; padding-left: 0; }\n"
    ".table-scroll { overflow-x: auto; max-width: 100%; margin: 1rem 0; }\n"
    "table { border-collapse: collapse; }\n"
    "caption { text-align: start; font-weight: bold; padding-bottom: 0.5rem; }\n"
    "th, td { border: 1px solid #505a5f; padding: 0.25rem 0.5rem; text-align: start; vertical-align: top; }\n"
    "th p, td p { margin: 0; }\n"
    "[hidden] { display: none !important; }\n"
    "@media (max-width: 30rem) { h1 { font-size: 1.6rem; } input[type=search] { width: 100%; } }\n";

static const char script[] =
    "// leaflet serve: search as you type, and reload when the content changes.\n"
    "// The page works without it: the search form is sent to the server, which\n"
    "// hides what does not match in the same way.\n"
    "'use strict';\n"
    "(function () {\n"
    "  // The words of a text as the server compares them: ASCII letters in\n"
    "  // lower case, anything but letters and digits (of any script) a space.\n"
    "  function words(text) {\n"
    "    return text.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); })\n"
    "      .replace(/[\\u0000-\\u002f\\u003a-\\u0060\\u007b-\\u007f]+/g, ' ').trim();\n"
    "  }\n"
    "  var input = document.getElementById('q');\n"
    "  var list = document.getElementById('results');\n"
    "  var count = document.getElementById('count');\n"
    "  if (input && list && count) {\n"
    "    var items = Array.prototype.slice.call(list.querySelectorAll('li[data-search]'));\n"
    "    var timer = null;\n"
    "    var show = function () {\n"
    "      var q = words(input.value);\n"
    "      var terms = q ? q.split(' ') : [];\n"
    "      var shown = 0;\n"
    "      items.forEach(function (li) {\n"
    "        var text = ' ' + li.getAttribute('data-search');\n"
    "        // a word of a script written without spaces (Chinese ...) may stand anywhere\n"
    "        var match = terms.every(function (w) {\n"
    "          return /^[\\u0E00-\\u0EFF\\u1000-\\u109F\\u1780-\\u17FF\\u2E80-\\uFFFF]/.test(w)\n"
    "              ? text.indexOf(w) >= 0 : text.indexOf(' ' + w) >= 0;\n"
    "        });\n"
    "        li.hidden = !match;\n"
    "        if (match) shown++;\n"
    "      });\n"
    "      var total = items.length + ' leaflet' + (items.length === 1 ? '' : 's');\n"
    "      var sentence = q ? shown + ' of ' + total + ' match \\u201c' + input.value + '\\u201d' +\n"
    "          (shown ? '' : '. Try fewer or shorter words, or the drug\\u2019s other name') : total;\n"
    "      // the status line is a live region: say the count once typing pauses\n"
    "      clearTimeout(timer);\n"
    "      timer = setTimeout(function () { count.textContent = sentence; }, 300);\n"
    "      var url = new URL(window.location.href);\n"
    "      if (input.value) url.searchParams.set('q', input.value); else url.searchParams.delete('q');\n"
    "      window.history.replaceState(null, '', url);\n"
    "    };\n"
    "    input.addEventListener('input', show);\n"
    "  }\n"
    "  // Typing a size chooses \"Another size\"; choosing a format clears it.\n"
    "  var size = document.getElementById('size');\n"
    "  var other = document.getElementById('format-size');\n"
    "  if (size && other) {\n"
    "    size.addEventListener('input', function () { if (size.value) other.checked = true; });\n"
    "    document.querySelectorAll('input[name=format]').forEach(function (r) {\n"
    "      r.addEventListener('change', function () { if (r !== other && r.checked) size.value = ''; });\n"
    "    });\n"
    "  }\n"
    "  // An author's server (--watch) tells open pages when the content changed.\n"
    "  var events = document.body.getAttribute('data-events');\n"
    "  if (events && window.EventSource) {\n"
    "    var generation = document.body.getAttribute('data-generation');\n"
    "    var listen = function () {\n"
    "      var source = new EventSource(events);\n"
    "      source.addEventListener('content', function (e) {\n"
    "        if (e.data !== generation) {\n"
    "          source.close();\n"
    "          window.location.reload();\n"
    "        }\n"
    "      });\n"
    "      // refused (503: too many pages open) or cut: a browser does not try\n"
    "      // again by itself, so listen again a little later\n"
    "      source.addEventListener('error', function () {\n"
    "        if (source.readyState === EventSource.CLOSED)\n"
    "          window.setTimeout(listen, 5000);\n"
    "      });\n"
    "    };\n"
    "    listen();\n"
    "  }\n"
    "}());\n";

/*
 * 'lf_asset()' - A compiled-in file by name.
 */
const char *lf_asset(const char *name, size_t *len, const char **type) {
  if (strcmp(name, "leaflet.css") == 0) {
    *len = sizeof style_sheet - 1;
    *type = "text/css; charset=utf-8";
    return style_sheet;
  }
  if (strcmp(name, "leaflet.js") == 0) {
    *len = sizeof script - 1;
    *type = "text/javascript; charset=utf-8";
    return script;
  }
  return NULL;
}
