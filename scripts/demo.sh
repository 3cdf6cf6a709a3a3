#!/usr/bin/env bash
# The main job: set up, build the wasm package and serve the demo EMR form on 127.0.0.1.
#   bash scripts/demo.sh [PORT]     (default 8080) → http://127.0.0.1:PORT/
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-${PORT:-8080}}"
bash scripts/setup.sh
bash scripts/build-wasm.sh
echo
echo "Koder demo: http://127.0.0.1:${PORT}/   (Ctrl+C untuk berhenti / to stop)"
exec node tests/browser/serve.mjs www "$PORT"
