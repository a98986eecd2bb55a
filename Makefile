# leaflet -- accessible patient-information leaflets from YAML content.
#
#   make            build build/leaflet (installing missing Debian packages)
#   make leaflets   render every leaflet, edition and format into out/
#   make test       unit tests, end-to-end tests, sanitizer and valgrind runs
#
# Variables: BUILD (object folder), SAN=1 (AddressSanitizer and
# UndefinedBehaviorSanitizer build in build/san), CC.

CC      ?= cc
BUILD   ?= build
ifeq ($(SAN),1)
BUILD   := build/san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Wshadow \
           -Wstrict-prototypes -Iinclude $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
LDLIBS   = -lhpdf -lyaml -lharfbuzz -lfribidi -lunibreak -lz -lm -lpthread

# Debian packages the build and the tests need.
DEB_PACKAGES = libhpdf-dev libyaml-dev zlib1g-dev libcmocka-dev poppler-utils \
               qpdf mupdf-tools fonts-dejavu-core python3 python3-pikepdf valgrind \
               curl ca-certificates libharfbuzz-dev libfribidi-dev libunibreak-dev \
               fonts-noto-core fonts-noto-cjk
DEPS_STAMP   = build/.deps-installed

LIB_SRC  = $(sort $(wildcard src/*/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FONTS    = fonts/AtkinsonHyperlegible-Regular.ttf fonts/AtkinsonHyperlegible-Bold.ttf \
           fonts/AtkinsonHyperlegibleNext-Regular.ttf fonts/AtkinsonHyperlegibleNext-Bold.ttf

.PHONY: all deps fonts check-content leaflets test unit e2e pdfua san valgrind bench clean
.DELETE_ON_ERROR:

all: $(BUILD)/leaflet

# Install what a fresh Debian machine lacks (as root, or through sudo).
deps: $(DEPS_STAMP)
$(DEPS_STAMP): Makefile
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
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

leaflets: $(BUILD)/leaflet $(FONTS)
	$(BUILD)/leaflet build --all --out out

unit: $(UNIT_BIN) $(FONTS)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

e2e: $(BUILD)/leaflet $(FONTS)
	sh tests/e2e/run.sh $(BUILD)/leaflet

# Every PDF make leaflets writes, through the project's own PDF/UA-1
# checker, and deliberately broken PDFs to show each check can fail.
pdfua: $(BUILD)/leaflet $(FONTS)
	rm -rf build/pdfua-out
	$(BUILD)/leaflet build --all --out build/pdfua-out --today 2026-01-01 >/dev/null
	sh tests/pdfua/run.sh build/pdfua-out/*.pdf

# The unit tests and the command again under ASan and UBSan.
san:
	$(MAKE) SAN=1 unit
	$(MAKE) SAN=1 $(BUILD)/san/leaflet
	ASAN_OPTIONS=detect_leaks=1 build/san/leaflet build --all --force --out build/san/out --today 2026-01-01 >/dev/null

# The command under valgrind: no leaks, no memory errors.
VALGRIND = valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9
valgrind: $(BUILD)/leaflet $(FONTS)
	$(VALGRIND) $(BUILD)/leaflet build --all --force --out build/valgrind-out --today 2026-01-01 >/dev/null

# Further test targets come from mk/*.mk fragments, each adding its own to
# EXTRA_TESTS (fuzz corpus replay, batch and mailing tests ...).
EXTRA_TESTS ?=
-include $(sort $(wildcard mk/*.mk))

test: unit e2e pdfua $(EXTRA_TESTS) san valgrind

# Speed and size figures (quoted in the README); never part of make test.
bench: $(BUILD)/leaflet $(FONTS)
	python3 bench/bench.py $(BUILD)/leaflet

clean:
	rm -rf build out

-include $(LIB_OBJ:.o=.d) $(UNIT_BIN:=.d) $(BUILD)/src/main.d
