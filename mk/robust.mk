# mk/robust.mk -- robustness against hostile input (issue 7).
#
#   make fuzz          run every libFuzzer target for FUZZ_SECONDS (default 60)
#                      each, from the saved corpus; new inputs go to
#                      build/fuzz/new/<target>/, crashes to tests/fuzz/crashes/<target>/
#   make fuzz-merge    fold build/fuzz/new/<target>/ into the saved corpus,
#                      minimised (libFuzzer -merge=1)
#   make fuzz-replay   the saved corpus and every crash input ever found,
#                      once each, under AddressSanitizer and UBSan (no clang
#                      needed: tests/fuzz/replay.c against build/san)
#   make hostile       tests/hostile: each hostile input with its expected
#                      diagnostics, with build/leaflet and again under the
#                      sanitizers (build/san/leaflet)
#   make e2e-san       the end-to-end tests with the sanitizer build
#   make e2e-valgrind  the end-to-end tests with every leaflet run under
#                      valgrind (LEAFLET_WRAPPER)
#   make hostile-valgrind  the hostile corpus under valgrind (a few minutes)
#
# fuzz-replay, hostile, e2e-san and e2e-valgrind are part of `make test`.  Fuzzing
# needs clang and libclang-rt-14-dev; `make fuzz` installs them if missing.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD    = build/fuzz
# UBSan findings halt the run (UBSAN_OPTIONS below) unless suppressed in
# tests/fuzz/ubsan.supp, which lists the open ones so fuzzing can go on.
FUZZ_CFLAGS   = -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Iinclude \
                -fno-omit-frame-pointer -fsanitize=address,undefined \
                -fsanitize-recover=undefined
FUZZ_ENV      = UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=tests/fuzz/ubsan.supp
# Extra libFuzzer options for `make fuzz` (e.g. FUZZ_OPTIONS=-jobs=2).
FUZZ_OPTIONS ?=
FUZZ_DEPS_STAMP = build/.fuzz-deps-installed
FUZZ_DEB_PACKAGES = clang libclang-rt-14-dev

# Targets for the mailing CSV reader and the manifest reader only once
# those readers exist.
FUZZ_NAMES = fuzz_yaml fuzz_content fuzz_font fuzz_drawing fuzz_image fuzz_request fuzz_words \
             $(if $(wildcard src/jobs/csv.c),fuzz_csv) \
             $(if $(wildcard src/jobs/manifest.c),fuzz_manifest)
FUZZ_BINS  = $(FUZZ_NAMES:%=$(FUZZ_BUILD)/%)
FUZZ_LIB_OBJ = $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
REPLAY_BINS  = $(FUZZ_NAMES:%=build/san/fuzz/replay-%)

.PHONY: fuzz fuzz-build fuzz-merge fuzz-replay fuzz-replay-bins hostile hostile-valgrind \
        e2e-san e2e-valgrind robust-tests

EXTRA_TESTS += robust-tests

# make test runs these four side by side, a job per core, each one's output
# kept together (each works in folders of its own from mkdtemp): one after
# the other they took 125 s on two cores.  What they share is built first,
# so that no two of them build build/san at once.  The longest,
# e2e-valgrind (about two minutes), starts first, while the other three
# take turns on the other core: started last, it ran alone for a minute
# (174 s against about 120).
robust-tests: $(BUILD)/leaflet $(FONTS)
	$(MAKE) SAN=1 build/san/leaflet fuzz-replay-bins
	@$(MAKE) --no-print-directory --output-sync=target -j$(CHECK_JOBS) \
	  e2e-valgrind hostile e2e-san fuzz-replay

# clang and its fuzzer runtime, installed as the top Makefile installs the rest.
$(FUZZ_DEPS_STAMP): mk/robust.mk | $(DEPS_STAMP)
	$(call install_missing,$(FUZZ_DEB_PACKAGES))
	@mkdir -p $(@D) && touch $@

# The library again, instrumented for libFuzzer, in build/fuzz.
$(FUZZ_BUILD)/%.o: %.c mk/robust.mk | $(FUZZ_DEPS_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/libleaflet.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/harness.h $(FUZZ_BUILD)/libleaflet.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libleaflet.a $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS) $(FONTS)
	@failed=; for t in $(FUZZ_NAMES); do \
	  mkdir -p $(FUZZ_BUILD)/new/$$t tests/fuzz/crashes/$$t; \
	  dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
	  extra=; [ $$t = fuzz_font ] && extra=fonts; \
	  echo "== $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_ENV) $(FUZZ_BUILD)/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=3072 \
	    -print_final_stats=1 $$dict -artifact_prefix=tests/fuzz/crashes/$$t/ $(FUZZ_OPTIONS) \
	    $(FUZZ_BUILD)/new/$$t tests/fuzz/corpus/$$t $$extra || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in$$failed (see tests/fuzz/crashes/)"; exit 1; fi

fuzz-merge: $(FUZZ_BINS)
	@set -e; for t in $(FUZZ_NAMES); do \
	  mkdir -p tests/fuzz/corpus/$$t $(FUZZ_BUILD)/new/$$t; \
	  $(FUZZ_ENV) $(FUZZ_BUILD)/$$t -merge=1 tests/fuzz/corpus/$$t $(FUZZ_BUILD)/new/$$t; \
	done

# Replays: the library's sanitizer build (as `make san` makes it) and a
# plain main() in place of libFuzzer's.
build/san/fuzz/replay-%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/harness.h build/san/libleaflet.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/fuzz -o $@ tests/fuzz/$*.c tests/fuzz/replay.c build/san/libleaflet.a $(LDFLAGS) $(LDLIBS)

fuzz-replay-bins: $(REPLAY_BINS)

fuzz-replay: $(FONTS)
	$(MAKE) SAN=1 fuzz-replay-bins
	@set -e; for t in $(FUZZ_NAMES); do \
	  echo "== replay $$t"; \
	  ASAN_OPTIONS=detect_leaks=1 build/san/fuzz/replay-$$t tests/fuzz/corpus/$$t tests/fuzz/crashes/$$t; \
	done

-include $(FUZZ_LIB_OBJ:.o=.d)

# The hostile-input corpus with the plain build, then under AddressSanitizer
# and UndefinedBehaviorSanitizer (leaks included).
hostile: $(BUILD)/leaflet $(FONTS)
	python3 tests/hostile/run.py $(BUILD)/leaflet
	$(MAKE) SAN=1 build/san/leaflet
	ASAN_OPTIONS=detect_leaks=1 python3 tests/hostile/run.py build/san/leaflet

# The end-to-end tests with the AddressSanitizer and UBSan build (leaks
# included: a report fails the run's exit status and its checks).
e2e-san: $(FONTS)
	$(MAKE) SAN=1 build/san/leaflet
	ASAN_OPTIONS=detect_leaks=1 sh tests/e2e/run.sh build/san/leaflet

# The end-to-end tests with every run of leaflet under valgrind (the
# top Makefile's VALGRIND: no leaks, no memory errors, exit 9 otherwise).
e2e-valgrind: $(BUILD)/leaflet $(FONTS)
	LEAFLET_WRAPPER="$(VALGRIND)" sh tests/e2e/run.sh $(BUILD)/leaflet

# The hostile corpus under valgrind: not in `make test` (a few minutes).
hostile-valgrind: $(BUILD)/leaflet $(FONTS)
	python3 tests/hostile/run.py --wrapper "$(VALGRIND)" $(BUILD)/leaflet
