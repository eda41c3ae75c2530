#!/usr/bin/env bash
# esep setup on a fresh Debian machine, then the main job on the bundled samples.
#   ./setup.sh            install everything, then ingest samples/ into ./dataset
#   ./setup.sh --no-run   install only (what CI does before the tests)
set -euo pipefail
cd "$(dirname "$0")"

run_job=1
[ "${1:-}" = "--no-run" ] && run_job=0

# External programs esep drives (OCR of scans, conversion of DOC/RTF/ODT, PDF
# rendering; util-linux's unshare cuts their network off), and Chromium, in
# which the tests open the summary page of `esep report` (headless, offline).
# Installed from Debian's packages when we may; never assumed.
APT_PACKAGES="tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz libreoffice-writer-nogui poppler-utils fonts-dejavu-core util-linux chromium"
missing=""
for pkg in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "setup: warning: missing Debian packages:$missing (run as root to install them;" \
         "scanned and DOC/RTF/ODT reports will fail with a message until then, and so will the browser tests)" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
# the dask extra too: the tests run esep ingest --cluster on a local Dask cluster
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,dask]'
echo "setup: esep $(.venv/bin/esep --version | awk '{print $NF}') installed in .venv"

if [ "$run_job" = 1 ]; then
  .venv/bin/esep ingest samples --out dataset --include "*.docx" --include "*.pdf" --include "*.doc"
fi
