#!/usr/bin/env bash
# Sets up and runs every test: unit, integration (real SQLite, Hangfire, ffmpeg, HTTP, WebSockets),
# architecture, and the single-file binary check.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-ffmpeg.sh
dotnet tool restore >/dev/null
dotnet build Telephony.sln -c Release -nologo -clp:ErrorsOnly

results=$(mktemp -d)
status=0
dotnet test Telephony.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results" || status=$?

scripts/check-single-file.sh || status=$?

# One closing line for every runner that reads it: the sum over all test assemblies.
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed")); failed += int(counters.get("failed"))
    skipped += int(counters.get("notExecuted"))
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
exit $status
