#!/usr/bin/env bash
# Installs ffmpeg (and ffprobe) from Debian's packages when the machine has none.
set -euo pipefail
if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then
  exit 0
fi
echo "ffmpeg not found: installing it with apt-get" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ffmpeg >/dev/null
ffmpeg -version | head -n 1
