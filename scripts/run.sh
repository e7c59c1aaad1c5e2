#!/usr/bin/env bash
# Sets up and runs Telephony: http://localhost:5080, Swagger UI at /swagger, Hangfire at /hangfire.
# Extra arguments are passed to the host, e.g. --Telephony:DataPath=/var/lib/telephony.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-ffmpeg.sh
dotnet build src/Telephony.Host -c Release -nologo -clp:ErrorsOnly
exec dotnet run --project src/Telephony.Host -c Release --no-build --no-launch-profile -- "$@"
