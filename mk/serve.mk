# mk/serve.mk -- leaflet serve, the clinic catalogue and author preview (issue 15).
#
#   make serve-test    tests/serve/hostile.py: hostile requests on raw sockets,
#                      a slowloris client, a full render queue, SIGTERM with
#                      renders under way; with build/leaflet and again under
#                      AddressSanitizer and UBSan (leaks fail its exit status);
#                      then tests/serve/browser.test.js: the pages in Debian's
#                      headless chromium through puppeteer-core, axe-core on
#                      every page, a PDF downloaded and read back, --watch
#                      (part of `make test`)
#   make serve-tsan    hostile.py against the ThreadSanitizer build
#                      (build/tsan, as `make tsan` makes it; part of `make test`)
#   make serve-bench   bench/serve_bench.py: 50 clients for 20 s on loopback
#
# The browser test needs node, npm and chromium (Debian packages, installed
# when their commands are missing: a machine may have node from elsewhere),
# and puppeteer-core and axe-core from npm at the versions locked in
# tests/serve/package-lock.json (npm ci, into tests/serve/node_modules).

.PHONY: serve-test serve-hostile serve-hostile-san serve-browser serve-tsan serve-tests \
        serve-bench

EXTRA_TESTS += serve-tests

# make test runs their four parts two at a time, the sanitized ones first:
# each spends most of its time waiting on the server (sockets, its
# slow-client limit, a headless browser), about 15 s each (55 s when the
# hostile runs and the browser went one after the other beside the TSan
# run).  Four at once, a render under TSan outran a request's 5 s on two
# cores.  Each server takes a free port of its own.
serve-tests:
	@$(MAKE) --no-print-directory --output-sync=target -j2 serve-tsan serve-hostile-san \
	  serve-hostile serve-browser

SERVE_DEPS_STAMP = build/.serve-deps-installed
SERVE_NODE_STAMP = tests/serve/node_modules/.installed

$(SERVE_DEPS_STAMP): mk/serve.mk | $(DEPS_STAMP)
	@missing=; command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@mkdir -p $(@D) && touch $@

$(SERVE_NODE_STAMP): tests/serve/package.json tests/serve/package-lock.json | $(SERVE_DEPS_STAMP)
	cd tests/serve && npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve-test: serve-hostile serve-hostile-san serve-browser

serve-hostile: $(BUILD)/leaflet $(FONTS)
	python3 tests/serve/hostile.py $(BUILD)/leaflet
serve-hostile-san: $(FONTS)
	$(MAKE) SAN=1 build/san/leaflet
	ASAN_OPTIONS=detect_leaks=1 python3 tests/serve/hostile.py build/san/leaflet
serve-browser: $(BUILD)/leaflet $(FONTS) $(SERVE_NODE_STAMP)
	LEAFLET=$(BUILD)/leaflet node --test tests/serve/browser.test.js

# ThreadSanitizer: a race reported makes the server exit 66, which the
# SIGTERM checks of hostile.py see.
serve-tsan: $(FONTS)
	$(MAKE) TSAN=1 build/tsan/leaflet
	TSAN_OPTIONS="halt_on_error=0 exitcode=66 suppressions=$(CURDIR)/tests/tsan.supp" python3 tests/serve/hostile.py build/tsan/leaflet

serve-bench: $(BUILD)/leaflet $(FONTS)
	python3 bench/serve_bench.py $(BUILD)/leaflet

# The end-to-end tests draw SVG drawings with Chromium beside the PDF
# (tests/e2e/test_features.py): every target that runs them installs it.
e2e check e2e-san e2e-valgrind: | $(SERVE_DEPS_STAMP)
