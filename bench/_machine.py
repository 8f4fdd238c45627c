"""What every benchmark reports about the machine it ran on."""

from __future__ import annotations

import os
import platform


def machine_info() -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
