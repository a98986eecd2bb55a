#!/bin/sh
# End-to-end tests: render the real content and read the PDFs back with
# independent tools (qpdf, poppler, mupdf).  Usage: tests/e2e/run.sh LEAFLET_BINARY
set -eu
bin=${1:-build/leaflet}
exec python3 tests/e2e/test_e2e.py "$bin"
