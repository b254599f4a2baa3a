#!/usr/bin/env python3
"""Time from exec to READY=1 (sd_notify) for the appliance binary, over several runs.

Usage: bench/startup/measure.py [BINARY] [RUNS]
READY=1 is sent once every hosted service has started (SIP and admin sockets bound), so this
is the time an operator waits before the appliance can take calls.
"""
import os, socket, statistics, subprocess, sys, tempfile, time

binary = sys.argv[1] if len(sys.argv) > 1 else "dist/appliance"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

samples = []
for i in range(runs):
    admin, sip = free_port(), free_port()
    path = os.path.join(tempfile.gettempdir(), f"appliance-startup-{os.getpid()}.sock")
    if os.path.exists(path):
        os.unlink(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(10)
    env = dict(os.environ, NOTIFY_SOCKET=path)
    start = time.perf_counter()
    proc = subprocess.Popen([binary, f"--admin:listen=127.0.0.1:{admin}", "--sip:listen:0:address=127.0.0.1",
                             f"--sip:listen:0:port={sip}", "--sip:listen:1:transport=tcp", "--sip:listen:1:address=127.0.0.1", f"--sip:listen:1:port={sip}"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        msg = sock.recv(4096).decode()
        if "READY=1" in msg:
            samples.append((time.perf_counter() - start) * 1000)
            break
    proc.terminate()
    proc.wait()
    sock.close()
    os.unlink(path)
samples.sort()
print(f"exec->READY=1 over {runs} runs: median {statistics.median(samples):.1f} ms, "
      f"min {samples[0]:.1f} ms, p90 {samples[int(0.9 * (len(samples) - 1))]:.1f} ms")
