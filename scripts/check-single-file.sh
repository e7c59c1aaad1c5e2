#!/usr/bin/env bash
# Proves the single-file binary: published alone into an empty folder, started without an
# appsettings.json, it creates its data folder and answers /health/ready.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
scripts/publish.sh "$work/publish" >/dev/null
mkdir "$work/run" && cp "$work/publish/Telephony.Host" "$work/run/"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$work/run" && ./Telephony.Host --urls "http://127.0.0.1:$port" --Telephony:DataPath=state >"$work/host.log" 2>&1) &
pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/health/ready" >"$work/ready.json" 2>/dev/null; then break; fi
  sleep 0.5
done
if ! grep -q '"status":"Healthy"' "$work/ready.json" 2>/dev/null || [ ! -f "$work/run/state/accounts.db" ]; then
  echo "single-file binary: NOT ready" >&2; cat "$work/host.log" >&2; exit 1
fi
echo "single-file binary: $(du -h "$work/run/Telephony.Host" | cut -f1), started without appsettings.json, data folder created, /health/ready Healthy"
