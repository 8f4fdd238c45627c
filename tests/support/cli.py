"""Running the ``jobpilot`` executable the way a user or a script does."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.processes import JOBPILOT as JOBPILOT_PATH

JOBPILOT = str(JOBPILOT_PATH)


def run(
    data_dir: Path,
    *args: str,
    env: dict[str, str] | None = None,
    check: bool = True,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("JOBPILOT_")}
    environment.update({"JOBPILOT_DATA_DIR": str(data_dir), **(env or {})})
    result = subprocess.run(
        [JOBPILOT, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        input=stdin if stdin is not None else "",
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"jobpilot {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
        )
    return result
