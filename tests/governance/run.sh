#!/bin/sh
# Governance tests (issue 18): leaflet diff, leaflet report, review
# metadata.  Usage: tests/governance/run.sh LEAFLET_BINARY
set -eu
bin=${1:-build/leaflet}
# a python3 that has pikepdf and PyYAML (Debian's python3-pikepdf, python3-yaml)
for py in ${PYTHON:-} python3 /usr/bin/python3; do
  if "$py" -c 'import pikepdf, yaml' >/dev/null 2>&1; then
    exec "$py" tests/governance/test_governance.py "$bin"
  fi
done
echo "governance: no python3 with pikepdf and yaml (install python3-pikepdf python3-yaml)" >&2
echo "governance: 0 passed, 1 failed"
exit 1
