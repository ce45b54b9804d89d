#!/usr/bin/env bash
# The main job until dfp-train exists: the example module through dfp-opt,
# then a quick DFP16-vs-oneDNN GEMM run with the numeric results.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$root/build/${DFP_PRESET:-release}/bin"

echo "== dfp-opt examples/fmnist_head.mlir -canonicalize"
"$bin/dfp-opt" "$root/examples/fmnist_head.mlir" -canonicalize

echo
echo "== the same module with chain(64): dfp-opt names the overflow"
if sed 's/chain(32)/chain(64)/' "$root/examples/fmnist_head.mlir" |
    "$bin/dfp-opt" -o /dev/null; then
  echo "error: dfp-opt accepted an overflowing chain" >&2
  exit 1
fi

echo
echo "== dfp-bench --quick: DFP16 GEMM vs oneDNN FP32 on this CPU (results checked)"
"$bin/dfp-bench" --quick
