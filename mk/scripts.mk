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
# Part of `make test` (about 25 s idle: 32 PDFs and a mailing, each read back
# by four tools); kept out of `make check` so that the fast loop stays under
# a minute.  Run it after a change to shaping, fonts or the PDF's text.

.PHONY: scripts-test

EXTRA_TESTS += scripts-test

scripts-test: $(BUILD)/leaflet $(FONTS)
	python3 tests/scripts/test_scripts.py $(BUILD)/leaflet
