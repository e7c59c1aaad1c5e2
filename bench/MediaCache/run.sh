#!/usr/bin/env bash
# MediaCache benchmark, one run, on this machine:
#  (a) cache-hit requests/s over HTTP for a ~100 KB processed file: our persistent address and
#      our Fetch (authenticated, cache hit) against nginx serving the same file from disk;
#  (b) transcode wall time of a 60 s MP3 through the layer (Fetch miss) against the plain
#      ffmpeg command line with the same arguments (median of 3 distinct files);
#  (c) 100 concurrent cold-miss requests: wall time and origin request count.
# Usage: bench/MediaCache/run.sh [seconds-per-load-run] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-10}"
CONNECTIONS="${2:-32}"
HOST_PORT=5099
NGINX_PORT=8089
SID=AC0123456789abcdef0123456789abcdef
TOKEN=0123456789abcdef0123456789abcdef

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
command -v ffmpeg >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null; }

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
for f in 1 2 3; do gen "long$f.mp3" $((200 + f * 50)) 60 "-c:a libmp3lame -b:a 128k"; done

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
  --Bootstrap:AccountSid=$SID --Bootstrap:AuthToken=$TOKEN --Outbound:AllowPrivateAddresses=true \
  --Logging:LogLevel:Default=Warning --Logging:LogLevel:System.Net.Http.HttpClient=Warning >"$WORK/host.log" 2>&1 & HOST_PID=$!
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
echo "load runs: ${SECONDS_PER_RUN}s each, $CONNECTIONS connections, file $SIZE bytes" >&2
NGINX_RUN=$($DRIVER load "http://127.0.0.1:$NGINX_PORT/processed.wav" "$SECONDS_PER_RUN" "$CONNECTIONS")
CONTENT_RUN=$($DRIVER load "http://127.0.0.1:$HOST_PORT/v1/Media/Content/$SHA.wav" "$SECONDS_PER_RUN" "$CONNECTIONS")
FETCH_RUN=$($DRIVER load "$FETCH$(enc "http://127.0.0.1:$NGINX_PORT/prompt.wav")" "$SECONDS_PER_RUN" "$CONNECTIONS" "$SID:$TOKEN")

# (b) 60 s MP3: plain ffmpeg vs through the layer (Fetch miss: download from nginx, probe, transcode, NAudio check, publish)
ARGS="-map 0:a:0 -vn -sn -dn -ac 1 -ar 8000 -c:a pcm_mulaw -map_metadata -1 -fflags +bitexact -flags:a +bitexact -f wav"
CLI=(); LAYER=()
for f in 1 2 3; do
  s=$(date +%s%N); ffmpeg -hide_banner -loglevel error -y -i "$WORK/www/long$f.mp3" $ARGS "$WORK/cli$f.wav"; e=$(date +%s%N)
  CLI+=($(( (e - s) / 1000000 )))
  R=$($DRIVER fetch "$FETCH$(enc "http://127.0.0.1:$NGINX_PORT/long$f.mp3")" "$SID:$TOKEN")
  LAYER+=($(num "$R" ms))
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
CLI_MS=$(median "${CLI[@]}"); LAYER_MS=$(median "${LAYER[@]}")

# (c) 100 concurrent cold misses for one new URL
BURST=$($DRIVER burst "$FETCH$(enc "http://127.0.0.1:$NGINX_PORT/cold.wav")" 100 "$SID:$TOKEN")
ORIGIN_COUNT=$(grep -c '"GET /cold.wav' "$WORK/nginx/access.log" || true)

python3 - "$NGINX_RUN" "$CONTENT_RUN" "$FETCH_RUN" "$CLI_MS" "$LAYER_MS" "${CLI[*]}" "${LAYER[*]}" "$BURST" "$ORIGIN_COUNT" "$SIZE" <<'PY'
import json, sys
nginx, content, fetch = (json.loads(a) for a in sys.argv[1:4])
cli, layer = float(sys.argv[4]), float(sys.argv[5])
burst = json.loads(sys.argv[8])
print(f"(a) {sys.argv[10]}-byte file, cache hit, requests/s")
print(f"    nginx static file          {nginx['rps']:>8}")
print(f"    /v1/Media/Content/{{sha}}   {content['rps']:>8}   ratio {content['rps']/nginx['rps']:.2f}")
print(f"    /v1/Media/Fetch (hit)      {fetch['rps']:>8}   ratio {fetch['rps']/nginx['rps']:.2f}")
print(f"(b) 60 s MP3 -> 8 kHz mu-law WAV, median of 3 files (ms)")
print(f"    ffmpeg CLI {cli:.0f} (runs {sys.argv[6]}), through the layer {layer:.0f} (runs {sys.argv[7]}), ratio {layer/cli:.2f}")
print(f"(c) 100 concurrent cold misses: wall {burst['ms']:.0f} ms, {burst['ok']}/100 OK, origin requests {sys.argv[9]}")
PY
