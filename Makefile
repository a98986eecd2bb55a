# leaflet -- accessible patient-information leaflets from YAML content.
#
#   make            build build/leaflet (installing missing Debian packages)
#   make leaflets   render every leaflet, edition and format into out/
#   make check      the fast loop after each change: unit, end-to-end and
#                   batch tests (well under a minute)
#   make test       everything: make check, PDF/UA, fuzz replay, the hostile
#                   corpus, ASan+UBSan, ThreadSanitizer and valgrind passes
#
# Variables: BUILD (object folder), SAN=1 (AddressSanitizer and
# UndefinedBehaviorSanitizer build in build/san), TSAN=1 (ThreadSanitizer
# build in build/tsan), CC.

CC      ?= cc
BUILD   ?= build
ifeq ($(SAN),1)
BUILD   := build/san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
ifeq ($(TSAN),1)
BUILD   := build/tsan
SANFLAGS = -fsanitize=thread -fno-omit-frame-pointer
endif
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Wshadow \
           -Wstrict-prototypes -Iinclude $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
LDLIBS   = -lhpdf -lyaml -llouis -lharfbuzz-subset -lharfbuzz -lfribidi -lunibreak -lqrencode \
           -lexpat -lpng -ljpeg -lz -lm -lpthread -ldl

# Debian packages the build and the tests need.
DEB_PACKAGES = libhpdf-dev libyaml-dev zlib1g-dev libcmocka-dev poppler-utils \
               qpdf mupdf-tools fonts-dejavu-core python3 python3-pikepdf python3-yaml valgrind \
               curl ca-certificates liblouis-dev liblouis-data python3-louis liblouis-bin \
               libmicrohttpd-dev \
               libharfbuzz-dev libfribidi-dev libunibreak-dev fonts-noto-core fonts-noto-cjk \
               libqrencode-dev libpng-dev libjpeg-dev libexpat1-dev zbar-tools
DEPS_STAMP   = build/.deps-installed

LIB_SRC  = $(sort $(wildcard src/*/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FONTS    = fonts/AtkinsonHyperlegible-Regular.ttf fonts/AtkinsonHyperlegible-Bold.ttf \
           fonts/AtkinsonHyperlegibleNext-Regular.ttf fonts/AtkinsonHyperlegibleNext-Bold.ttf

.PHONY: all deps fonts check-content leaflets check test test-build test-build-plain \
        test-build-san test-build-tsan unit e2e pdfua san tsan valgrind bench subset-compare \
        clean
.DELETE_ON_ERROR:

all: $(BUILD)/leaflet

# Install what a fresh Debian machine lacks (as root, or through sudo):
# $(call install_missing,PACKAGES) in a recipe installs those of PACKAGES
# that are not installed (mk/*.mk fragments use it for their own lists).
install_missing = @missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
deps: $(DEPS_STAMP)
$(DEPS_STAMP): Makefile
	$(call install_missing,$(DEB_PACKAGES))
	@mkdir -p $(@D) && touch $@

fonts: $(FONTS)
$(FONTS) &: fonts/fetch-fonts.sh | $(DEPS_STAMP)
	sh fonts/fetch-fonts.sh

$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libleaflet.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/leaflet: $(BUILD)/src/main.o $(BUILD)/libleaflet.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libleaflet.a | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -o $@ $< $(BUILD)/libleaflet.a $(LDFLAGS) $(LDLIBS) -lcmocka

check-content: $(BUILD)/leaflet
	$(BUILD)/leaflet check

# Every leaflet and edition in every format (standard, large, giant and
# braille), then the A5 booklets for printing in standard and large print;
# the second run adds to the manifest the first wrote.
leaflets: $(BUILD)/leaflet $(FONTS)
	$(BUILD)/leaflet build --all --out out
	$(BUILD)/leaflet build --booklet --format standard --format large --out out

unit: $(UNIT_BIN) $(FONTS)
	@sh tests/unit/run.sh $(UNIT_BIN)

e2e: $(BUILD)/leaflet $(FONTS)
	sh tests/e2e/run.sh $(BUILD)/leaflet

# Every PDF make leaflets writes, the test leaflets of every script
# (tests/scripts: right to left, Indic clusters, CFF faces) and a mailing's
# covering letter in seven languages, through the project's own PDF/UA-1
# checker, and deliberately broken PDFs to show each check can fail.
PDFUA_REQUEST = ref,name,address_1,town,postcode,leaflet,tumour,format\nU1,Alex Example,1 Test Street,Testtown,AB1 2CD,net-drugs-overview,,standard\n
pdfua: $(BUILD)/leaflet $(FONTS)
	rm -rf build/pdfua-out
	$(BUILD)/leaflet build --all --out build/pdfua-out --today 2026-01-01 >/dev/null
	$(BUILD)/leaflet build --content tests/scripts/content --format standard --format large \
	  --out build/pdfua-out/scripts --today 2026-01-01 >/dev/null
	printf '$(PDFUA_REQUEST)' >build/pdfua-out/requests.csv
	$(BUILD)/leaflet mail build/pdfua-out/requests.csv --out build/pdfua-out/mail \
	  --today 2026-01-01 >/dev/null
	sh tests/pdfua/run.sh build/pdfua-out/*.pdf build/pdfua-out/scripts/*.pdf \
	  build/pdfua-out/mail/requests/*.pdf

# The parallel paths (tests/parallel/run.sh: a build of every leaflet
# and its booklets, a mailing of 50 requests, 4 workers each) are run once
# under each checking tool: san, tsan and valgrind below.  The end-to-end
# tests run under ASan and valgrind in mk/robust.mk (e2e-san, e2e-valgrind).

# The unit tests and the parallel paths under ASan and UBSan (leaks included).
san: $(FONTS)
	$(MAKE) SAN=1 unit build/san/leaflet
	ASAN_OPTIONS=detect_leaks=1 sh tests/parallel/run.sh build/san/leaflet

# The threaded unit tests and the parallel paths under ThreadSanitizer: any
# data race, lock-order inversion or thread leak fails the run.
TSAN_UNIT = test_pool test_build test_mail
tsan: $(FONTS)
	$(MAKE) TSAN=1 build/tsan/leaflet $(TSAN_UNIT:%=build/tsan/tests/%)
	@set -e; for t in $(TSAN_UNIT); do echo "== build/tsan/tests/$$t"; \
	  TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$(CURDIR)/tests/tsan.supp" build/tsan/tests/$$t; done
	sh tests/parallel/run.sh build/tsan/leaflet

# The parallel paths under valgrind: no leaks, no memory errors.
VALGRIND = valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9
valgrind: $(BUILD)/leaflet $(FONTS)
	LEAFLET_WRAPPER="$(VALGRIND)" sh tests/parallel/run.sh $(BUILD)/leaflet

# Further test targets come from mk/*.mk fragments, each adding its own to
# CHECK_TESTS (part of the fast loop: batch and mailing tests ...) or
# EXTRA_TESTS (the rest of make test: fuzz corpus replay, hostile input ...).
CHECK_TESTS ?=
EXTRA_TESTS ?=
-include $(sort $(wildcard mk/*.mk))

# The two tiers.  Each checking tool's pass runs once: make test builds
# build/san and build/tsan itself, so run it without SAN=1 or TSAN=1.
# make check runs its parts side by side (one per core), each part's output
# kept together: the loop stays under a minute on two cores.  The batch and
# end-to-end tests start first; the unit tests, which run a program per
# core themselves, take both cores when those are done.
CHECK_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
check: $(BUILD)/leaflet $(UNIT_BIN) $(FONTS)
	@$(MAKE) --no-print-directory --output-sync=target -j$(CHECK_JOBS) $(CHECK_TESTS) e2e unit
test: test-build check pdfua $(EXTRA_TESTS) san tsan valgrind

# Everything make test runs, compiled first with one job per core (on a
# clean clone, compiling the plain, ASan and TSan builds one file at a time
# took a fifth of make test's ten minutes); the tests then run in order,
# each one's output whole.  The three builds share the job slots (their
# sub-makes take no -j of their own), so that one's linking, a job at a
# time, overlaps the others' compiling: one after the other they took
# 139 s.  The Debian packages and fonts are in place before they start.
test-build: $(FONTS)
	@$(MAKE) --no-print-directory -j$(CHECK_JOBS) test-build-plain test-build-san \
	  test-build-tsan
test-build-plain:
	$(MAKE) $(BUILD)/leaflet $(UNIT_BIN)
test-build-san:
	$(MAKE) SAN=1 build/san/leaflet $(UNIT_SRC:tests/unit/%.c=build/san/tests/%) \
	  fuzz-replay-bins
test-build-tsan:
	$(MAKE) TSAN=1 build/tsan/leaflet $(TSAN_UNIT:%=build/tsan/tests/%)
ifneq ($(filter test,$(MAKECMDGOALS)),)
ifneq ($(SAN)$(TSAN),)
$(error make test runs the ASan and TSan passes itself: run it without SAN=1 or TSAN=1)
endif
endif

# Speed and size figures (quoted in the README); never part of make test.
bench: $(BUILD)/leaflet $(FONTS)
	python3 bench/bench.py $(BUILD)/leaflet

# Our TrueType subsetter against hb-subset (README, "Fonts in the PDF"):
# bytes and time on the English overview's glyphs, then what each does with
# every damaged font of the fuzz corpus and the hostile tests.
$(BUILD)/bench/subset_compare: bench/subset_compare.c $(BUILD)/libleaflet.a | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libleaflet.a $(LDFLAGS) $(LDLIBS)

subset-compare: $(BUILD)/bench/subset_compare $(BUILD)/leaflet $(FONTS)
	rm -rf build/subset-compare
	$(BUILD)/leaflet build --out build/subset-compare --today 2026-01-01 net-drugs-overview >/dev/null
	pdftotext build/subset-compare/net-drugs-overview.standard.pdf build/subset-compare/text
	$(BUILD)/bench/subset_compare "$$(cat build/subset-compare/text)" \
	  fonts/AtkinsonHyperlegibleNext-Regular.ttf
	$(BUILD)/bench/subset_compare "$$(cat build/subset-compare/text)" \
	  fonts/AtkinsonHyperlegibleNext-Bold.ttf
	$(BUILD)/bench/subset_compare "$$(cat build/subset-compare/text)" \
	  tests/fuzz/corpus/fuzz_font/* $$(find tests/hostile -name '*.ttf')

clean:
	rm -rf build out

-include $(LIB_OBJ:.o=.d) $(UNIT_BIN:=.d) $(BUILD)/src/main.d
