# mk/batch.mk -- batch builds and mailing runs (issue 5).
#
#   make batch-test   tests/batch/test_batch.py: the manifest, skipping what
#                     is up to date, shards and their merge, a batch killed
#                     with SIGKILL and run again, and a mailing run with bad
#                     rows mixed in (part of `make check`, and so of `make test`)
#   make mail-bench   bench/mail_bench.py: a 1,000-request mailing and the
#                     batch build, timed with 1 worker and one per core
#   make mail-scale-bench  bench/mail_bench.py --scale: mailings of 1,000,
#                     10,000 and 100,000 requests, one worker per core: time,
#                     requests per second, peak RSS, bytes written, print
#                     files (about 4 minutes on 2 cores; 3 GB of disk)

.PHONY: batch-test mail-bench mail-scale-bench

CHECK_TESTS += batch-test

batch-test: $(BUILD)/leaflet $(FONTS)
	python3 tests/batch/test_batch.py $(BUILD)/leaflet

mail-bench: $(BUILD)/leaflet $(FONTS)
	python3 bench/mail_bench.py $(BUILD)/leaflet

mail-scale-bench: $(BUILD)/leaflet $(FONTS)
	python3 bench/mail_bench.py $(BUILD)/leaflet --scale 1000,10000,100000
