# Default toolchain: clang and lld of the pinned LLVM release.
file(READ "${CMAKE_CURRENT_LIST_DIR}/llvm-version.txt" _dfp_llvm_major)
string(STRIP "${_dfp_llvm_major}" _dfp_llvm_major)
set(CMAKE_C_COMPILER "/usr/lib/llvm-${_dfp_llvm_major}/bin/clang")
set(CMAKE_CXX_COMPILER "/usr/lib/llvm-${_dfp_llvm_major}/bin/clang++")
set(CMAKE_LINKER_TYPE LLD)
set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-fuse-ld=lld")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-fuse-ld=lld")
