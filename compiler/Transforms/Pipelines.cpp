#include "dfp/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"

namespace mlir::dfp {

namespace {
/// The options of dfp-quantize-pipeline; formats and roundings keep their
/// defaults (spell the passes out in -pass-pipeline to change them).
struct QuantizePipelineOptions
    : public PassPipelineOptions<QuantizePipelineOptions> {
  Option<ContractionSelection> contractions{
      *this, "contractions",
      llvm::cl::desc("Which f32 contractions to quantize"),
      llvm::cl::init(ContractionSelection::All),
      llvm::cl::values(
          clEnumValN(ContractionSelection::All, "all", "every contraction"),
          clEnumValN(ContractionSelection::SkipFirstLast, "skip-first-last",
                     "all but the first and last layer of each function"))};
  Option<uint64_t> seed{*this, "seed",
                        llvm::cl::desc("Philox key of stochastic rounding"),
                        llvm::cl::init(0)};
  Option<int64_t> targetChain{
      *this, "target-chain",
      llvm::cl::desc("Choose magnitude bits to reach this chain length (0: "
                     "keep the formats)"),
      llvm::cl::init(0)};
};
} // namespace

void registerDfpPipelines() {
  PassPipelineRegistration<QuantizePipelineOptions>(
      "dfp-quantize-pipeline",
      "Quantizes f32 contractions (dfp-quantize) and sets their INT32 chains "
      "(dfp-chain-length)",
      [](OpPassManager &pm, const QuantizePipelineOptions &options) {
        DfpQuantizeOptions quantize;
        quantize.contractions = options.contractions;
        quantize.seed = options.seed;
        pm.addPass(createDfpQuantize(quantize));
        DfpChainLengthOptions chainLength;
        chainLength.targetChain = options.targetChain;
        pm.addPass(createDfpChainLength(chainLength));
      });
}

} // namespace mlir::dfp
