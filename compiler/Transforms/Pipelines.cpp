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
/// The options of dfp-training-pipeline: those of dfp-build-training-step
/// and of dfp-quantize-pipeline.
struct TrainingPipelineOptions
    : public PassPipelineOptions<TrainingPipelineOptions> {
  Option<std::string> forward{*this, "forward",
                              llvm::cl::desc("Name of the forward function"),
                              llvm::cl::init("forward")};
  Option<float> momentum{*this, "momentum", llvm::cl::desc("SGD momentum"),
                         llvm::cl::init(0.9f)};
  Option<float> weightDecay{*this, "weight-decay",
                            llvm::cl::desc("SGD weight decay"),
                            llvm::cl::init(5.0e-4f)};
  Option<float> bnMomentum{
      *this, "bn-momentum",
      llvm::cl::desc("Weight of the batch in the running statistics"),
      llvm::cl::init(0.1f)};
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

void addQuantizePasses(OpPassManager &pm, ContractionSelection contractions,
                       uint64_t seed, int64_t targetChain) {
  DfpQuantizeOptions quantize;
  quantize.contractions = contractions;
  quantize.seed = seed;
  pm.addPass(createDfpQuantize(quantize));
  DfpChainLengthOptions chainLength;
  chainLength.targetChain = targetChain;
  pm.addPass(createDfpChainLength(chainLength));
}
} // namespace

void registerDfpPipelines() {
  PassPipelineRegistration<QuantizePipelineOptions>(
      "dfp-quantize-pipeline",
      "Quantizes f32 contractions (dfp-quantize) and sets their INT32 chains "
      "(dfp-chain-length)",
      [](OpPassManager &pm, const QuantizePipelineOptions &options) {
        addQuantizePasses(pm, options.contractions, options.seed,
                          options.targetChain);
      });
  PassPipelineRegistration<TrainingPipelineOptions>(
      "dfp-training-pipeline",
      "Builds the training step of a forward function "
      "(dfp-build-training-step), quantizes its f32 contractions "
      "(dfp-quantize) and sets their INT32 chains (dfp-chain-length)",
      [](OpPassManager &pm, const TrainingPipelineOptions &options) {
        DfpBuildTrainingStepOptions build;
        build.forwardName = options.forward;
        build.momentum = options.momentum;
        build.weightDecay = options.weightDecay;
        build.bnMomentum = options.bnMomentum;
        pm.addPass(createDfpBuildTrainingStep(build));
        addQuantizePasses(pm, options.contractions, options.seed,
                          options.targetChain);
      });
}

} // namespace mlir::dfp
