# Sourced by scripts/test and scripts/run: installs missing packages, then
# configures and builds the preset named by DFP_PRESET (default: release).
set -euo pipefail

DFP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DFP_PRESET="${DFP_PRESET:-release}"
DFP_BUILD_DIR="$DFP_ROOT/build/$DFP_PRESET"
LLVM_MAJOR="$(tr -d '[:space:]' <"$DFP_ROOT/cmake/llvm-version.txt")"

dfp_packages=(
  cmake ninja-build
  "clang-$LLVM_MAJOR" "lld-$LLVM_MAJOR" "llvm-$LLVM_MAJOR-dev" "llvm-$LLVM_MAJOR-tools"
  "libmlir-$LLVM_MAJOR-dev" "mlir-$LLVM_MAJOR-tools"
  libxbyak-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev libdnnl-dev
  # dnnl-config.cmake looks for OpenCL (a Recommends that --no-install-recommends drops).
  ocl-icd-opencl-dev
  libzydis-dev zlib1g-dev libonnx-dev libonnx-testdata protobuf-compiler
  libprotobuf-dev dataset-fashion-mnist python3 binutils
  # test/dfp-train/write_torch_layout_model.py (run with /usr/bin/python3).
  python3-onnx python3-numpy
  "clang-format-$LLVM_MAJOR"
  # libFuzzer runtime for the `fuzz` preset (test/fuzz, scripts/fuzz).
  "libclang-rt-$LLVM_MAJOR-dev"
)

dfp_install_packages() {
  local missing=()
  for pkg in "${dfp_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "dfpc: installing ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
}

dfp_build() {
  cd "$DFP_ROOT"
  if [ ! -f "$DFP_BUILD_DIR/build.ninja" ]; then
    cmake --preset "$DFP_PRESET"
  fi
  cmake --build --preset "$DFP_PRESET"
}

dfp_install_packages
dfp_build
