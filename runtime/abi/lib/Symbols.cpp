#include "dfp/abi/Symbols.h"

#include "dfp/abi/KernelAbi.h"

namespace dfp::abi {

const std::vector<std::pair<const char *, void *>> &kernelAbiSymbols() {
  static const std::vector<std::pair<const char *, void *>> symbols = {
      {"dfp_rt_matmul_dispatch",
       reinterpret_cast<void *>(&dfp_rt_matmul_dispatch)},
      {"_mlir_ciface_dfp_rt_matmul_invoke",
       reinterpret_cast<void *>(&dfp_rt_matmul_invoke)},
      {"dfp_rt_conv2d_dispatch",
       reinterpret_cast<void *>(&dfp_rt_conv2d_dispatch)},
      {"_mlir_ciface_dfp_rt_conv2d_invoke",
       reinterpret_cast<void *>(&dfp_rt_conv2d_invoke)},
      {"dfp_rt_set_threads", reinterpret_cast<void *>(&dfp_rt_set_threads)},
      {"dfp_rt_last_error", reinterpret_cast<void *>(&dfp_rt_last_error)},
      {"dfp_rt_clear_error", reinterpret_cast<void *>(&dfp_rt_clear_error)},
  };
  return symbols;
}

} // namespace dfp::abi
