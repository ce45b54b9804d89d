#ifndef DFP_QUANTIZE_QUANTIZERUNS_H
#define DFP_QUANTIZE_QUANTIZERUNS_H

#include "dfp/quantize/Quantize.h"

#include <functional>

namespace dfp::quant {

/// Receives elements [first, first + count) of the quantized tensor in
/// `values` (a per-worker buffer, valid during the call). Runs of one call
/// of quantizeRuns go to distinct workers concurrently.
using RunSink = std::function<Status(int64_t first, const int16_t *values,
                                     int64_t count, int worker)>;

/// dfp::quantize with the int16 tensor handed to `sink` in runs of
/// `runElements` consecutive elements (the last run may be shorter) instead
/// of stored: a caller that writes its own layout (the conv views) reads the
/// FP32 data twice (maxima, convert) and writes the layout once, never the
/// int16 tensor. The values are bit-identical to quantize's for every ISA,
/// thread count and run length. `metadata` gets the shape, format and
/// exponents (no values). Errors: those of quantize, runElements < 1, the
/// first failing run's sink error.
Status quantizeRuns(const float *x, const std::vector<int64_t> &shape,
                    const DfpFormat &format, Rounding rounding,
                    const StochasticSeed &seed, int64_t runElements,
                    const RunSink &sink, QuantizedTensor &metadata,
                    const QuantizeOptions &options = {});

} // namespace dfp::quant

#endif // DFP_QUANTIZE_QUANTIZERUNS_H
