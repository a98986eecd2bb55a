# mk/scripts.mk -- text in every script (issue 13).
#
#   make scripts-test   tests/scripts/test_scripts.py: the test leaflets of
#                       tests/scripts/content (Welsh, Polish, Romanian,
#                       Portuguese, Urdu, Arabic, Farsi, Bengali, Panjabi,
#                       Gujarati, Hindi, Tamil, Simplified and Traditional
#                       Chinese) in standard and large print, read back:
#                       words, kerning, right to left, Chinese line breaks,
#                       Welsh letters, languages in the structure tree, fonts
#
# Part of `make check` (about 25 s: 32 PDFs and a mailing, each read back by
# four tools), so part of `make test` too.

.PHONY: scripts-test

CHECK_TESTS += scripts-test

scripts-test: $(BUILD)/leaflet $(FONTS)
	python3 tests/scripts/test_scripts.py $(BUILD)/leaflet
