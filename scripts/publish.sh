#!/usr/bin/env bash
# Publishes the host as one self-contained file for linux-x64: ./publish/Telephony.Host
# (with appsettings.json beside it; the binary also starts without it).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-publish}"
dotnet publish src/Telephony.Host -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
  -p:DebugType=None -p:GenerateDocumentationFile=false -nologo -clp:ErrorsOnly -o "$out"
ls -l "$out"
