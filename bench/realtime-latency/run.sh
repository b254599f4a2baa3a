#!/usr/bin/env bash
# The appliance's own added latency on a live realtime call: RTP arrival -> WebSocket send and WebSocket receive ->
# RTP departure, measured by RealtimeLatencyTests (tests/Appliance.Interop.Tests/Realtime) against the AOT binary, a
# SIPp-signalled PCMU call whose media is the test's own socket, and the in-process fake OpenAI Realtime server.
# Usage: [APPLIANCE_BINARY=dist/appliance] bench/realtime-latency/run.sh [PACKETS=1500] [DELTAS=500]
# PACKETS caller packets (20 ms each, back to back) and DELTAS lone 20 ms model deltas (70-130 ms apart).
set -euo pipefail
cd "$(dirname "$0")/../.."
report=$(mktemp)
log=$(mktemp)
trap 'rm -f "$report" "$log"' EXIT
if ! REALTIME_LATENCY_PACKETS=${1:-1500} REALTIME_LATENCY_DELTAS=${2:-500} REALTIME_LATENCY_REPORT=$report \
  dotnet test tests/Appliance.Interop.Tests -c Release --filter "FullyQualifiedName~RealtimeLatencyTests" >"$log" 2>&1; then
  echo "realtime-latency: the run failed:" >&2
  tail -n 60 "$log" >&2
  exit 1
fi
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$report"
