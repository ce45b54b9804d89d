# Every external package dfpc uses is found here. The LLVM/MLIR major version is
# pinned in llvm-version.txt, read by CMake and by scripts/lib/setup.sh alike.
file(READ "${CMAKE_CURRENT_LIST_DIR}/llvm-version.txt" DFP_LLVM_MAJOR)
string(STRIP "${DFP_LLVM_MAJOR}" DFP_LLVM_MAJOR)
set(DFP_LLVM_ROOT "/usr/lib/llvm-${DFP_LLVM_MAJOR}")

find_package(MLIR REQUIRED CONFIG PATHS "${DFP_LLVM_ROOT}/lib/cmake/mlir"
             NO_DEFAULT_PATH)
find_package(LLVM REQUIRED CONFIG PATHS "${DFP_LLVM_ROOT}/lib/cmake/llvm"
             NO_DEFAULT_PATH)
if(NOT LLVM_VERSION_MAJOR EQUAL DFP_LLVM_MAJOR)
  message(FATAL_ERROR "dfpc needs LLVM ${DFP_LLVM_MAJOR}, found ${LLVM_VERSION}")
endif()
list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
include(TableGen)
include(AddLLVM)
include(AddMLIR)

find_package(xbyak REQUIRED CONFIG)
find_package(fmt REQUIRED CONFIG)
find_package(GTest REQUIRED CONFIG)
find_package(zydis REQUIRED CONFIG)
find_package(dnnl REQUIRED CONFIG)
find_package(benchmark REQUIRED CONFIG)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)

set(DFP_LIT "${DFP_LLVM_ROOT}/build/utils/lit/lit.py")
set(DFP_LLVM_TOOLS_DIR "${DFP_LLVM_ROOT}/bin")
foreach(tool FileCheck not count llc mlir-translate)
  if(NOT EXISTS "${DFP_LLVM_TOOLS_DIR}/${tool}")
    message(FATAL_ERROR "${tool} not found in ${DFP_LLVM_TOOLS_DIR}: "
                        "install llvm-${DFP_LLVM_MAJOR}-tools")
  endif()
endforeach()
