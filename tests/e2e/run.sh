#!/bin/sh
# End-to-end tests: render the real content and read the PDFs back with
# independent tools (qpdf, poppler, mupdf, pikepdf), the braille back
# with liblouis's back-translation (python3-louis), and tables, figures,
# QR codes (zbarimg), write-in spaces and label boxes (test_features.py).
# Usage: tests/e2e/run.sh LEAFLET_BINARY
set -eu
bin=${1:-build/leaflet}
# a python3 that has pikepdf and louis (Debian's python3-pikepdf, python3-louis)
for py in ${PYTHON:-} python3 /usr/bin/python3; do
  if "$py" -c 'import pikepdf, louis' >/dev/null 2>&1; then
    status=0
    "$py" tests/e2e/test_e2e.py "$bin" || status=1
    "$py" tests/e2e/test_braille.py "$bin" || status=1
    "$py" tests/e2e/test_features.py "$bin" || status=1
    exit $status
  fi
done
echo "e2e: no python3 with pikepdf and louis (install python3-pikepdf python3-louis)" >&2
echo "e2e: 0 passed, 1 failed"
exit 1
