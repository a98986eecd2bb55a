#!/bin/sh
# End-to-end tests: render the real content and read the PDFs back with
# independent tools (qpdf, poppler, mupdf, pikepdf).
# Usage: tests/e2e/run.sh LEAFLET_BINARY
set -eu
bin=${1:-build/leaflet}
# a python3 that has pikepdf (Debian's python3-pikepdf), as the PDF/UA check
for py in ${PYTHON:-} python3 /usr/bin/python3; do
  if "$py" -c 'import pikepdf' >/dev/null 2>&1; then
    exec "$py" tests/e2e/test_e2e.py "$bin"
  fi
done
echo "e2e: no python3 with pikepdf (install python3-pikepdf)" >&2
echo "e2e: 0 passed, 1 failed"
exit 1
