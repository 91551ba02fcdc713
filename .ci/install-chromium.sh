#!/bin/sh
# Install Debian's Chromium for the browser tests (pytest -m browser), unless a
# chromium command is already on PATH. Needs root, as CI runs.
set -eu
export DEBIAN_FRONTEND=noninteractive

command -v chromium >/dev/null 2>&1 || (
    apt-get update &&
        apt-get install -y --no-install-recommends chromium
)
