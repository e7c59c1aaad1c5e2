#!/usr/bin/env bash
# MediaCache benchmark, one run, on this machine:
#  (a) cache-hit requests/s over HTTP for a ~100 KB processed file: our persistent address and
#      our Fetch (authenticated, cache hit) against nginx serving the same file from disk, run
#      back to back in ROUNDS rounds after one uncounted warm-up round (the ratio of each round,
#      then the median: the machine is
#      shared, and a ratio within one round compares like with like); also the host's empty
#      /health/live (the pipeline's floor) and each server's CPU time per request;
#  (b) transcode wall time of a 60 s MP3 through the layer (Fetch miss) against the plain
#      ffmpeg command line with the same arguments (each file: CLI then layer; median of FILES);
#  (c) 100 concurrent cold-miss requests: wall time and origin request count.
# The host runs with the product's default logging (appsettings.json), nginx with its access log.
# Usage: bench/MediaCache/run.sh [seconds-per-load-run=5] [connections=32] [rounds=5] [files=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-5}"
CONNECTIONS="${2:-32}"
ROUNDS="${3:-5}"
FILES="${4:-5}"
HOST_PORT=5099
NGINX_PORT=8089
SID=AC0123456789abcdef0123456789abcdef
TOKEN=0123456789abcdef0123456789abcdef

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
command -v ffmpeg >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null; }

for port in $HOST_PORT $NGINX_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use: stop what listens there first" >&2; exit 1; fi
done

WORK=$(mktemp -d /tmp/mediacache-bench-XXXXXX)
HOST_PID=""; NGINX_PID=""
cleanup() {
  [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building (Release)..." >&2
dotnet build src/Telephony.Host -c Release -v q -nologo >/dev/null
dotnet build bench/MediaCache -c Release -v q -nologo >/dev/null
DRIVER="dotnet bench/MediaCache/bin/Release/net10.0/MediaCacheBench.dll"

mkdir -p "$WORK/www" "$WORK/data" "$WORK/nginx"
gen() { ffmpeg -hide_banner -loglevel error -y -f lavfi -i "sine=frequency=$2:sample_rate=44100:duration=$3" -ac 2 $4 "$WORK/www/$1"; }
gen prompt.wav 440 12.8 "-c:a pcm_s16le"      # 12.8 s -> a 102,458-byte mu-law WAV once processed
gen cold.wav 523 10 "-c:a pcm_s16le"
for f in $(seq 1 "$FILES"); do gen "long$f.mp3" $((200 + f * 50)) 60 "-c:a libmp3lame -b:a 128k"; done

# nginx workers run as an unprivileged user: let them read the files.
chmod -R a+rX "$WORK"

cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log $WORK/nginx/access.log;
  sendfile on; tcp_nopush on; keepalive_requests 1000000; keepalive_timeout 65;
  types { audio/wav wav; audio/mpeg mp3; }
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
CONF
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" & NGINX_PID=$!

ASPNETCORE_ENVIRONMENT=Production dotnet src/Telephony.Host/bin/Release/net10.0/Telephony.Host.dll \
  --urls "http://127.0.0.1:$HOST_PORT" --Telephony:DataPath="$WORK/data" \
  --Bootstrap:AccountSid=$SID --Bootstrap:AuthToken=$TOKEN --Outbound:AllowPrivateAddresses=true >"$WORK/host.log" 2>&1 & HOST_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$HOST_PORT/health/live" >/dev/null 2>&1 && break; sleep 0.3; done
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$NGINX_PORT/prompt.wav" -o /dev/null && break; sleep 0.2; done

enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$1"; }
FETCH="http://127.0.0.1:$HOST_PORT/v1/Media/Fetch?Url="
num() { python3 -c 'import sys,json;print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# (a) the processed file, served three ways
curl -fsS -u "$SID:$TOKEN" -o "$WORK/www/processed.wav" "$FETCH$(enc "http://127.0.0.1:$NGINX_PORT/prompt.wav")"
SHA=$(sha256sum "$WORK/www/processed.wav" | cut -d' ' -f1)
SIZE=$(stat -c %s "$WORK/www/processed.wav")
chmod a+r "$WORK/www/processed.wav"
echo "load runs: ${SECONDS_PER_RUN}s each (after as long a warm-up, up to 3 s), $CONNECTIONS connections, $ROUNDS rounds, file $SIZE bytes" >&2
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# CPU time (user + system, clock ticks) of a process and its children (nginx's workers).
ticks() { local t=0 p; for p in $(pgrep -P "$1") "$1"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
# load <server pid> <url> [credentials] -> the driver's JSON with the server's CPU ticks added
load() {
  local before after r
  before=$(ticks "$1"); r=$($DRIVER load "$2" "$SECONDS_PER_RUN" "$CONNECTIONS" ${3:-}); after=$(ticks "$1")
  echo "${r%\}},\"server_ticks\":$((after - before))}"
}
ROUND_RESULTS=()
# Round 0 is not counted: on a loaded 2-core machine the JIT's optimised tiers take more than
# the driver's 3 s warm-up to arrive (nginx, compiled ahead of time, needs none).
for r in $(seq 0 "$ROUNDS"); do
  N=$(load "$NGINX_PID" "http://127.0.0.1:$NGINX_PORT/processed.wav")
  C=$(load "$HOST_PID" "http://127.0.0.1:$HOST_PORT/v1/Media/Content/$SHA.wav")
  F=$(load "$HOST_PID" "$FETCH$(enc "http://127.0.0.1:$NGINX_PORT/prompt.wav")" "$SID:$TOKEN")
  L=$(load "$HOST_PID" "http://127.0.0.1:$HOST_PORT/health/live")
  [ "$r" -gt 0 ] && ROUND_RESULTS+=("{\"nginx\":$N,\"content\":$C,\"fetch\":$F,\"live\":$L}")
  echo "  round $r$([ "$r" -eq 0 ] && echo ' (warm-up, not counted)'): nginx $(num "$N" rps), content $(num "$C" rps), fetch $(num "$F" rps), live $(num "$L" rps) req/s" >&2
done
LOAD_AFTER_A=$(cut -d' ' -f1-3 /proc/loadavg)

# (b) 60 s MP3: plain ffmpeg vs through the layer (Fetch miss: download from nginx, transcode, NAudio check, publish, answer)
ARGS="-map 0:a:0 -vn -sn -dn -ac 1 -ar 8000 -c:a pcm_mulaw -map_metadata -1 -fflags +bitexact -flags:a +bitexact -f wav"
CLI=(); LAYER=()
for f in $(seq 1 "$FILES"); do
  s=$(date +%s%N); ffmpeg -hide_banner -loglevel error -y -i "$WORK/www/long$f.mp3" $ARGS "$WORK/cli$f.wav"; e=$(date +%s%N)
  CLI+=($(( (e - s) / 1000000 )))
  R=$($DRIVER fetch "$FETCH$(enc "http://127.0.0.1:$NGINX_PORT/long$f.mp3")" "$SID:$TOKEN")
  LAYER+=($(num "$R" ms))
  echo "  file $f: ffmpeg CLI ${CLI[-1]} ms, layer ${LAYER[-1]} ms" >&2
done

# (c) 100 concurrent cold misses for one new URL
BURST=$($DRIVER burst "$FETCH$(enc "http://127.0.0.1:$NGINX_PORT/cold.wav")" 100 "$SID:$TOKEN")
ORIGIN_COUNT=$(grep -c '"GET /cold.wav' "$WORK/nginx/access.log" || true)

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$SIZE" "$CONNECTIONS" "$SECONDS_PER_RUN" "$(getconf CLK_TCK)" "${CLI[*]}" "${LAYER[*]}" "$BURST" "$ORIGIN_COUNT" "$LOAD_BEFORE" "$LOAD_AFTER_A" "$LOAD_AFTER" "${ROUND_RESULTS[@]}" <<'PY'
import json, statistics, sys
size, conns, secs, tck = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cli = [float(x) for x in sys.argv[5].split()]
layer = [float(x) for x in sys.argv[6].split()]
burst, origin = json.loads(sys.argv[7]), sys.argv[8]
load_before, load_after_a, load_after = sys.argv[9:12]
rounds = [json.loads(a) for a in sys.argv[12:]]
med = statistics.median
def cpu_us(run):  # server CPU per request, warm-up requests included
    return run["server_ticks"] / tck * 1e6 / max(1, run["completed"] + run["failed"] + run.get("warmup", 0))
print(f"(a) {size}-byte file, cache hit, {conns} connections, {secs} s per run, {len(rounds)} rounds back to back")
print(f"    load average before {load_before}, after {load_after_a}")
print(f"    {'':28}{'req/s (median)':>15}{'ratio (median)':>16}{'ratios per round':>30}{'server CPU/req':>16}")
for name, label in [("nginx", "nginx static file"), ("content", "/v1/Media/Content/{sha}"), ("fetch", "/v1/Media/Fetch (hit)"), ("live", "/health/live (empty)")]:
    rps = med(r[name]["rps"] for r in rounds)
    ratios = [r[name]["rps"] / r["nginx"]["rps"] for r in rounds]
    failed = sum(r[name]["failed"] for r in rounds)
    print(f"    {label:28}{rps:>15.0f}{med(ratios):>16.2f}  {' '.join(f'{x:.2f}' for x in ratios):>28}{med(cpu_us(r[name]) for r in rounds):>13.0f} us" + (f"  ({failed} failed)" if failed else ""))
ratios = [l / c for l, c in zip(layer, cli)]
print(f"(b) 60 s MP3 -> 8 kHz mu-law WAV, {len(cli)} files, each: CLI then layer (ms)")
print(f"    ffmpeg CLI median {med(cli):.0f} ({' '.join(f'{x:.0f}' for x in cli)})")
print(f"    through the layer median {med(layer):.0f} ({' '.join(f'{x:.0f}' for x in layer)})")
print(f"    ratio of medians {med(layer) / med(cli):.2f}; per-file ratios {' '.join(f'{x:.2f}' for x in ratios)} (median {med(ratios):.2f})")
print(f"(c) 100 concurrent cold misses: wall {burst['ms']:.0f} ms, {burst['ok']}/100 OK, origin requests {origin}")
print(f"load average at the end {load_after}")
PY
