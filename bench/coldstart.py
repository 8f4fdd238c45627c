"""Cold start of the embedded stack: process launch → ``GET /health/ready`` answers 200.

Two cases, each repeated ``--size`` times:
- ``first_run``: an empty data dir (initdb, pgvector, migrations, secret key, then serve);
- ``restart``: the same data dir again, with its PostgreSQL stopped (the everyday start).

The server runs with its in-process worker, so readiness includes the first worker heartbeat.
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

JOBPILOT = str(Path(sys.executable).parent / "jobpilot")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_to_ready(data_dir: Path, timeout: float = 120.0) -> float:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBPILOT_")}
    env["JOBPILOT_DATA_DIR"] = str(data_dir)
    env["JOBPILOT_OBSERVABILITY__LOG_LEVEL"] = "WARNING"
    started = time.perf_counter()
    process = subprocess.Popen(
        [JOBPILOT, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < timeout:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1.0)
                if response.status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError("jobpilot did not become ready in time")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def summary(values: list[float]) -> dict[str, float]:
    return {
        "min_s": round(min(values), 3),
        "median_s": round(statistics.median(values), 3),
        "max_s": round(max(values), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=3, help="runs per case")
    args = parser.parse_args()

    first: list[float] = []
    restart: list[float] = []
    for _ in range(args.size):
        data_dir = Path(tempfile.mkdtemp(prefix="jpbench-", dir="/tmp"))
        try:
            first.append(time_to_ready(data_dir))
            restart.append(time_to_ready(data_dir))
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)

    result = {
        "benchmark": "coldstart",
        "size": args.size,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "first_run": summary(first),
        "restart": summary(restart),
        "goal_s": 5.0,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
