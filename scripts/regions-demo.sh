#!/usr/bin/env bash
# Two regions as two processes on loopback: us1 (media, near the endpoint) and ie1 (the
# tenant's home, signaling and central media service). Walks a session through them:
# create it in ie1 with its media in us1, add a recording, stream 10 s of a tone over the
# media WebSocket, and fetch the recording from ie1 as a WAV.
#
#   scripts/regions-demo.sh            (needs the .NET 10 SDK, curl and python3)
set -euo pipefail
cd "$(dirname "$0")/.."

BOOT_SID=AC0123456789abcdef0123456789abcdef
BOOT_TOKEN=0123456789abcdef0123456789abcdef
PEER_TOKEN=${PEER_TOKEN:-demo-peer-token-$RANDOM$RANDOM}
US1=http://127.0.0.1:5481
IE1=http://127.0.0.1:5482
WORK=$(mktemp -d /tmp/regions-demo.XXXXXX)

dotnet build -c Release src/Telephony.Host -v quiet -nologo >/dev/null
dotnet build -c Release bench/Regions -v quiet -nologo >/dev/null
HOST=src/Telephony.Host/bin/Release/net10.0/Telephony.Host.dll
TOOL=bench/Regions/bin/Release/net10.0/Telephony.Regions.Bench.dll

region() { # region <id> <url> <data folder>
  dotnet "$HOST" --urls "$2" --Telephony:DataPath="$3" \
    --Bootstrap:AccountSid=$BOOT_SID --Bootstrap:AuthToken=$BOOT_TOKEN \
    --Regions:Local="$1" --Regions:PeerToken="$PEER_TOKEN" \
    --Regions:Catalog:0:Id=us1 --Regions:Catalog:0:BaseUrl=$US1 \
    --Regions:Catalog:1:Id=ie1 --Regions:Catalog:1:BaseUrl=$IE1 \
    --Regions:Edges:dublin=ie1 --Regions:Edges:ashburn=us1 \
    --Logging:LogLevel:Default=Warning >"$3.log" 2>&1 &
  echo $!
}
US1_PID=$(region us1 $US1 "$WORK/us1")
IE1_PID=$(region ie1 $IE1 "$WORK/ie1")
trap 'kill $US1_PID $IE1_PID 2>/dev/null || true' EXIT
for url in $US1 $IE1; do
  until curl -fs "$url/health/ready" >/dev/null; do sleep 0.2; done
done
echo "== two regions up: us1 $US1 (pid $US1_PID), ie1 $IE1 (pid $IE1_PID); data in $WORK"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }

ACCOUNT=$(curl -fs -u $BOOT_SID:$BOOT_TOKEN -d FriendlyName=demo "$IE1/2010-04-01/Accounts.json")
SID=$(echo "$ACCOUNT" | json "d['sid']"); TOKEN=$(echo "$ACCOUNT" | json "d['auth_token']")
echo "== tenant $SID is homed in ie1"

echo "== GET ie1/v1/Regions"
curl -fs -u $SID:$TOKEN "$IE1/v1/Regions" | python3 -m json.tool

SESSION=$(curl -fs -u $SID:$TOKEN -d Edge=ashburn "$IE1/v1/Sessions")
SESSION_SID=$(echo "$SESSION" | json "d['sid']"); STREAM=$(echo "$SESSION" | json "d['media_stream_url']")
echo "== session $SESSION_SID: signaling ie1, media $(echo "$SESSION" | json "d['media_region']"), stream $STREAM"

echo "== add the record requirement (selected in the media region; tunneled home to ie1)"
curl -fs -u $SID:$TOKEN -d Add=record "$IE1/v1/Sessions/$SESSION_SID/Requirements" \
  | python3 -c "import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d[k] for k in ('requirements','media_path','explain','recordings')}, indent=2))"
RECORDING=$(curl -fs -u $SID:$TOKEN "$IE1/v1/Sessions/$SESSION_SID" | json "d['recordings'][0]")

echo "== streaming 10 s of a 440 Hz tone to us1 over the media WebSocket (Twilio Media Streams messages)"
dotnet "$TOOL" stream --url "$STREAM" --seconds 10 --out "$WORK/sent.ulaw"

until [ "$(curl -fs -u $SID:$TOKEN "$IE1/v1/Recordings/$RECORDING" | json "d['status']")" = completed ]; do sleep 0.2; done
echo "== recording $RECORDING in ie1:"
curl -fs -u $SID:$TOKEN "$IE1/v1/Recordings/$RECORDING" | python3 -m json.tool
curl -fs -u $SID:$TOKEN -o "$WORK/recording.wav" "$IE1/v1/Recordings/$RECORDING/Content"
tail -c +59 "$WORK/recording.wav" | cmp - "$WORK/sent.ulaw" && echo "== the WAV's audio is byte for byte what the endpoint sent ($WORK/recording.wav)"
command -v ffprobe >/dev/null && ffprobe -hide_banner "$WORK/recording.wav" 2>&1 | grep -E "Duration|Stream" || true

curl -fs -u $SID:$TOKEN -d Status=completed "$IE1/v1/Sessions/$SESSION_SID" | json "'== session ' + d['status']"
