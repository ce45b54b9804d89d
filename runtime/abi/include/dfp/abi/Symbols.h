#ifndef DFP_ABI_SYMBOLS_H
#define DFP_ABI_SYMBOLS_H

#include <utility>
#include <vector>

namespace dfp::abi {

/// (name, address) of every entry point, under the names the LLVM dialect
/// calls them by (_mlir_ciface_ for the invokes), for a JIT's symbol map.
const std::vector<std::pair<const char *, void *>> &kernelAbiSymbols();

} // namespace dfp::abi

#endif // DFP_ABI_SYMBOLS_H
