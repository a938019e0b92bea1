#!/usr/bin/env python3
"""Save-to-served latency of `credcat serve`, measured from outside, the way a person sees it.

    python3 bench/serve_latency.py --credcat target/release/credcat --root DIR [--edits 25]
                                   [--write in-place|rename]

Starts `credcat serve` on DIR (a catalog from gen_catalog.py) on a free loopback port, waits
for its first build, then for each of N credentials (spread over the catalog, as in
`benches/incremental.rs`): edits the file on disk, then asks the server for the credential's
page over HTTP until the page carries the edit. The time from the file's write to that
response is everything a person waits for: the watcher's debounce, the rebuild, the serve.
Two kinds of edit: the summary (shown on the credential's own page), and the name (shown on
every page that names the credential). Each edit is undone, and the undo served, before the
next.

`--write in-place` (default) writes the file where it is, as VS Code and most IDEs do;
`--write rename` writes a temporary file and renames it over the original, as vim and emacs
do by default. Stdlib only. Prints the medians and the 90th percentiles.
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

POLL_S = 0.001
TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write(path: Path, text: str, how: str) -> None:
    if how == "rename":
        tmp = path.with_name("." + path.name + ".tmp")
        tmp.write_text(text)
        os.replace(tmp, path)
    else:
        with open(path, "w") as f:
            f.write(text)


def get(conn: http.client.HTTPConnection, url: str) -> str:
    conn.request("GET", url)
    resp = conn.getresponse()
    return resp.read().decode("utf-8", "replace")


def wait_for(server: subprocess.Popen, port: int, url: str, marker: str, present: bool) -> float:
    """Polls until the page does (or does not) contain marker; returns when it did."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    deadline = time.monotonic() + TIMEOUT_S
    body = ""
    while time.monotonic() < deadline:
        try:
            body = get(conn, url)
        except (http.client.HTTPException, OSError) as e:
            if server.poll() is not None:
                raise SystemExit(f"credcat serve stopped (see serve-latency.err)")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            continue
        if server.poll() is not None:
            raise SystemExit(f"credcat serve stopped (see serve-latency.err)")
        if (marker in body) == present:
            now = time.monotonic()
            conn.close()
            return now
        time.sleep(POLL_S)
    conn.close()
    print(f"last answer: {len(body)} bytes, marker {marker in body}", file=sys.stderr)
    raise SystemExit(f"timed out waiting for {url} to {'show' if present else 'drop'} {marker!r}")


def pct(xs: list, p: float) -> float:
    xs = sorted(xs)
    return xs[round((len(xs) - 1) * p)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--credcat", default="target/release/credcat")
    ap.add_argument("--root", required=True, type=Path)
    ap.add_argument("--edits", type=int, default=25)
    ap.add_argument("--write", choices=["in-place", "rename"], default="in-place")
    ap.add_argument("--pause", type=float, default=1.0,
                    help="seconds between edits, so each starts on an idle server (default 1)")
    ap.add_argument("--kinds", default="summary,name",
                    help="which edits, comma-separated: summary, name (default both)")
    ap.add_argument("--debounce-ms", type=int, default=None,
                    help="passed to credcat serve (default: credcat's own)")
    args = ap.parse_args()

    creds = sorted((args.root / "content" / "credentials").glob("*.md"))
    if not creds:
        print(f"no credentials in {args.root}/content/credentials", file=sys.stderr)
        return 2
    step = max(1, len(creds) // args.edits)
    picks = creds[::step][: args.edits]

    port = free_port()
    output = args.root / "public-latency"
    cmd = [args.credcat, "serve", "--root", str(args.root), "--port", str(port),
           "--output", str(output)]
    if args.debounce_ms is not None:
        cmd += ["--debounce-ms", str(args.debounce_ms)]
    log = open(args.root / "serve-latency.log", "w")
    errors = open(args.root / "serve-latency.err", "w")
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errors, text=True)
    try:
        t0 = time.monotonic()
        for line in server.stdout:
            if line.startswith("Watching for changes"):
                break
        else:
            raise SystemExit("credcat serve stopped before serving; see serve-latency.log")
        print(f"first build and serve: {time.monotonic() - t0:.1f} s "
              f"(load average {os.getloadavg()[0]:.2f})", flush=True)
        # Drain the server's output so it never blocks on a full pipe.
        threading.Thread(target=lambda: [log.write(l) for l in server.stdout], daemon=True).start()

        results = {}
        kinds = args.kinds.split(",")
        for what, field in [(f"{k} edit", k) for k in ("summary", "name") if k in kinds]:
            times = []
            for i, path in enumerate(picks):
                original = path.read_text()
                marker = f"Edited{i}x{os.getpid()} "
                edited, n = re.subn(rf'^{field} = "', f'{field} = "{marker}', original, count=1,
                                    flags=re.M)
                if n != 1:
                    raise SystemExit(f"{path}: no {field} line")
                url = f"/credentials/{path.stem}/"
                time.sleep(args.pause)  # let the previous rebuild's deferred files finish
                t = time.monotonic()
                write(path, edited, args.write)
                done = wait_for(server, port, url, marker.strip(), True)
                times.append((done - t) * 1000)
                write(path, original, args.write)
                wait_for(server, port, url, marker.strip(), False)
            results[what] = times
            print(f"{what} ({args.write}), saved to served: median {statistics.median(times):.0f} ms, "
                  f"p90 {pct(times, 0.9):.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms "
                  f"over {len(times)} edits (load average {os.getloadavg()[0]:.2f})", flush=True)
    finally:
        server.terminate()
        server.wait()
        log.close()
        errors.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
