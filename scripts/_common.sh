# Shared by the scripts in this folder: find or install uv, the only tool jobpilot needs first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
if command -v uv >/dev/null 2>&1; then
  UV=(uv)
else
  if ! "$PYTHON" -m uv --version >/dev/null 2>&1; then
    echo "==> installing uv with pip" >&2
    "$PYTHON" -m pip install --quiet uv 2>/dev/null || "$PYTHON" -m pip install --quiet --user uv
  fi
  UV=("$PYTHON" -m uv)
fi
export UV_PYTHON="${UV_PYTHON:-$PYTHON}"

# The semantic extra needs the CPU build of torch==2.13.0. Where a folder of wheels provides
# it (WHEELS, default /opt/wheels), uv looks there; without it the extra is not installed.
WHEELS="${WHEELS:-/opt/wheels}"
EXTRAS=(--extra otel --extra sentry)
if compgen -G "$WHEELS/torch-2.13.0+cpu-*.whl" >/dev/null; then
  export UV_FIND_LINKS="$WHEELS"
  EXTRAS+=(--extra semantic)
  SEMANTIC=1
else
  SEMANTIC=0
fi
