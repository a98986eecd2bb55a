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
# Not yet part of `make test`: it fails until the shaping engine and the
# PDF side of issue 13 are in.  When they are, the lead adds it with
#     EXTRA_TESTS += scripts-test
# (or CHECK_TESTS, once the two test tiers are merged).

.PHONY: scripts-test

scripts-test: $(BUILD)/leaflet $(FONTS)
	python3 tests/scripts/test_scripts.py $(BUILD)/leaflet
