#ifndef DFP_RUNTIME_SESSION_CONTRACTIONS_H
#define DFP_RUNTIME_SESSION_CONTRACTIONS_H

#include "dfp/conv/Conv.h"
#include "dfp/jit/Gemm.h"
#include "dfp/quantize/Quantize.h"

#include <memory>
#include <vector>

namespace dfp::runtime::session {

/// One dfp.quantize result: the quantized tensor, and the filter packed for
/// each forward / backward-data plan that takes it as weight. Quantized once
/// per run; every consumer shares it. (Quantizing straight into the conv
/// views, conv::quantizeActivation, measured slower on fmnist_cnn than this
/// plain quantization plus the views the conv runs build from int16.)
struct QuantizedValue {
  std::vector<int64_t> shape;
  DfpFormat format;
  Rounding rounding = Rounding::NearestEven;
  StochasticSeed seed;
  const int32_t *step = nullptr; ///< the stochastic stream's step, or null
  const float *source = nullptr;
  quant::QuantizeOptions options;
  /// The quantized tensor, with max |q| <= 2^M - 1 (what dfp.quantize
  /// guarantees and dfp-chain-length assumed) for the chain checks, so that
  /// the conv runs need not scan it. No views: the runs build them.
  conv::ConvActivation activation;
  QuantizedTensor &tensor = activation.tensor;
  struct Pack {
    const conv::ConvPlan *plan;
    conv::PackedConvWeights packed;
  };
  std::vector<std::unique_ptr<Pack>> packs;

  /// Quantizes `source` and packs the filters; fails on NaN/Inf.
  Status run();
};

/// The DFP GEMM of one dfp.matmul: layout planned once, operands packed
/// every run.
struct GemmRun {
  jit::GemmLayout layout;
  jit::GemmOptions options;
  const QuantizedValue *lhs = nullptr, *rhs = nullptr;
  bool transposeLhs = false, transposeRhs = false;
  QuantizedTensor lhsT, rhsT;
  jit::PackedOperand a, b;

  Status run(float *c);
};

} // namespace dfp::runtime::session

#endif // DFP_RUNTIME_SESSION_CONTRACTIONS_H
