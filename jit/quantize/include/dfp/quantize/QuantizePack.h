#ifndef DFP_QUANTIZE_QUANTIZEPACK_H
#define DFP_QUANTIZE_QUANTIZEPACK_H

#include "dfp/jit/Gemm.h"
#include "dfp/quantize/Quantize.h"

namespace dfp::quant {

/// Quantizes the row-major FP32 GEMM operand A (layout.m x layout.k) and
/// writes it straight into the packed layout the tile kernels read: the
/// result equals dfp::quantize followed by jit::packA, bit for bit
/// (data, exponents, maxAbs). Pass 2 runs per row panel into a small
/// cache-resident buffer, so the int16 tensor never travels through memory
/// in row-major form. Errors: those of quantize, a shape or exponent block
/// along K that does not match the layout.
Status quantizePackA(const float *a, const jit::GemmLayout &layout,
                     const DfpFormat &format, Rounding rounding,
                     const StochasticSeed &seed, jit::PackedOperand &packed,
                     const QuantizeOptions &options = {});

/// The same for B (layout.k x layout.n), equal to quantize + jit::packB.
Status quantizePackB(const float *b, const jit::GemmLayout &layout,
                     const DfpFormat &format, Rounding rounding,
                     const StochasticSeed &seed, jit::PackedOperand &packed,
                     const QuantizeOptions &options = {});

} // namespace dfp::quant

#endif // DFP_QUANTIZE_QUANTIZEPACK_H
