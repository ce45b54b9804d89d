#ifndef DFP_QUANTIZE_QUANTIZE_H
#define DFP_QUANTIZE_QUANTIZE_H

#include "dfp/jit/Isa.h"
#include "dfp/jit/JitKernel.h"
#include "dfp/reference/Format.h"
#include "dfp/reference/Quantize.h"
#include "dfp/reference/Status.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace dfp::quant {

/// Where and how the fused quantization kernels run. None of these settings
/// changes a single bit of the result.
struct QuantizeOptions {
  /// Level of the generated kernels; unset means jit::effectiveMaxIsa().
  /// Isa::Scalar runs the reference arithmetic element by element.
  std::optional<jit::Isa> isa;
  /// Auto runs natively when the host supports `isa`, else through the
  /// emulator; Emulated forces the emulator.
  jit::ExecutionMode mode = jit::ExecutionMode::Auto;
  /// Worker threads for both passes.
  int threads = 1;
  /// Upper bound on the elements one kernel call handles (the unit of work
  /// split across threads); 0 picks a size that suits the cache.
  int64_t chunkElements = 0;
};

/// dfp::quantize (DESIGN §2) with generated kernels: one pass finds the
/// maximum magnitude of every exponent group (and any NaN/Inf), one pass
/// scales, rounds, clamps and stores int16. Bit-identical to the reference
/// for every ISA, thread count and chunk size.
Status quantize(const float *x, const std::vector<int64_t> &shape,
                const DfpFormat &format, Rounding rounding,
                const StochasticSeed &seed, QuantizedTensor &out,
                const QuantizeOptions &options = {});

/// dfp::quantizeWithExponents with generated kernels (the exponents are
/// given; the input is still checked for NaN/Inf).
Status quantizeWithExponents(const float *x, const std::vector<int64_t> &shape,
                             const DfpFormat &format,
                             const std::vector<int32_t> &exponents,
                             Rounding rounding, const StochasticSeed &seed,
                             QuantizedTensor &out,
                             const QuantizeOptions &options = {});

} // namespace dfp::quant

#endif // DFP_QUANTIZE_QUANTIZE_H
