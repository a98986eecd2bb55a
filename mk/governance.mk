# mk/governance.mk -- review history, diffs and the library report (issue 18).
#
#   make governance-test  tests/governance/test_governance.py: leaflet diff
#                         between the content and an edited copy (folders and
#                         git revisions), the proof's marks and PDF/UA,
#                         leaflet report against the content row by row, and
#                         the version, review dates and approver in PDFs and
#                         the manifest (part of `make test`)
#   make governance-san   the same with the AddressSanitizer and UBSan build
#                         (part of `make test`)

.PHONY: governance-test governance-san

EXTRA_TESTS += governance-test governance-san

governance-test: $(BUILD)/leaflet $(FONTS)
	sh tests/governance/run.sh $(BUILD)/leaflet

governance-san: $(FONTS)
	$(MAKE) SAN=1 build/san/leaflet
	ASAN_OPTIONS=detect_leaks=1 sh tests/governance/run.sh build/san/leaflet
