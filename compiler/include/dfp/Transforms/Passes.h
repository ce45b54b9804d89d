#ifndef DFP_TRANSFORMS_PASSES_H
#define DFP_TRANSFORMS_PASSES_H

#include "dfp/Dialect/Dfp/IR/DfpAttrs.h"
#include "dfp/Dialect/Dfp/IR/DfpDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir::dfp {

/// Which f32 contractions dfp-quantize rewrites.
enum class ContractionSelection {
  All,
  /// All but the first and last layer of each function.
  SkipFirstLast,
};

/// The loss dfp-build-training-step differentiates.
enum class TrainingLoss {
  /// Mean softmax cross-entropy of the logits against integer labels.
  SoftmaxCrossEntropy,
};

#define GEN_PASS_DECL
#include "dfp/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dfp/Transforms/Passes.h.inc"

/// Registers `dfp-quantize-pipeline` (dfp-quantize then dfp-chain-length) and
/// `dfp-training-pipeline` (dfp-build-training-step, then both).
void registerDfpPipelines();

/// Registers every dfpc pass and pipeline with the global registry.
inline void registerAllDfpPasses() {
  registerDfpTransformsPasses();
  registerDfpPipelines();
}

} // namespace mlir::dfp

#endif // DFP_TRANSFORMS_PASSES_H
