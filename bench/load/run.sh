#!/usr/bin/env bash
# Load harness: N concurrent echo calls with RTP both ways against the AOT binary on loopback,
# reading the appliance's own metrics before and after to report CPU and allocation per call.
# Usage: [AGENT=echo|parrot] bench/load/run.sh [CONCURRENT=100] [CALL_SECONDS=20] [TOTAL_CALLS=CONCURRENT]
# Bounded in count and time; loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
concurrent=${1:-100}
seconds=${2:-20}
total=${3:-$concurrent}
binary=${APPLIANCE_BINARY:-dist/appliance}
work=$(mktemp -d)
trap 'kill $app 2>/dev/null || true; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sip=$(free_port); admin=$(free_port)
"$binary" --admin:listen=127.0.0.1:$admin --sip:listen:0:address=127.0.0.1 --sip:listen:0:port=$sip \
  --sip:listen:1:transport=tcp --sip:listen:1:address=127.0.0.1 --sip:listen:1:port=$sip \
  --sip:maxConcurrentCalls=$((concurrent * 2)) --defaultAgent=${AGENT:-echo} --log:levels:Default=Warning > "$work/appliance.log" 2>&1 &
app=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$admin/readyz" >/dev/null && break; sleep 0.05; done

metric() { curl -s "http://127.0.0.1:$admin/metrics" | awk -v m="$1" '$1==m {print $2}'; }
# rtp_stream plays raw µ-law (a 440 Hz tone, 1 s on / 0.5 s off), looped for the call's length.
sed "s#@TONE@#$PWD/bench/load/tone440_10s.pcmu#" bench/load/uac_rtp.xml > "$work/uac_rtp.xml"

alloc0=$(metric dotnet_gc_heap_total_allocated_bytes_total); cpu0=$(metric process_cpu_seconds_total)
start=$(date +%s.%N)
sipp -sf "$work/uac_rtp.xml" -i 127.0.0.1 -mi 127.0.0.1 -s agent -d $((seconds * 1000)) \
  -l "$concurrent" -m "$total" -r "$concurrent" -rp 1000 -nostdin -timeout $((seconds * 4 + 60))s -timeout_error \
  -trace_stat -stf "$work/stat.csv" "127.0.0.1:$sip" > "$work/sipp.log" 2>&1 || { echo "sipp failed:"; tail -20 "$work/sipp.log"; exit 1; }
end=$(date +%s.%N)
alloc1=$(metric dotnet_gc_heap_total_allocated_bytes_total); cpu1=$(metric process_cpu_seconds_total)
rss=$(metric process_working_set_bytes)

python3 - "$concurrent" "$seconds" "$total" "$alloc0" "$alloc1" "$cpu0" "$cpu1" "$start" "$end" "$rss" <<'PY'
import sys
c, s, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
a0, a1, p0, p1, t0, t1, rss = map(float, sys.argv[4:11])
call_minutes = n * s / 60
print(f"{n} calls, {c} concurrent, {s} s each, wall {t1 - t0:.1f} s")
print(f"CPU: {p1 - p0:.2f} s total, {(p1 - p0) / call_minutes * 1000:.1f} ms per call-minute, "
      f"{(p1 - p0) / (t1 - t0) * 100:.0f}% of one core while loaded")
print(f"allocated: {(a1 - a0) / 1e6:.2f} MB total, {(a1 - a0) / n / 1024:.1f} KiB per call "
      f"({(a1 - a0) / (n * s * 50 * 2):.2f} B per RTP packet in+out)")
print(f"working set after: {rss / 1e6:.1f} MB")
PY
