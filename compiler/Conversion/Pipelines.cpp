#include "dfp/Conversion/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace mlir::dfp {

namespace {

void addBufferization(OpPassManager &pm) {
  bufferization::OneShotBufferizationOptions bufferization;
  bufferization.bufferizeFunctionBoundaries = true;
  bufferization.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  // Results become caller-provided out-parameters (the JIT API's ABI).
  bufferization::BufferResultsToOutParamsOpts outParams;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  bufferization::buildBufferDeallocationPipeline(
      pm, bufferization::BufferDeallocationPipelineOptions());
}

void addConversionToLLVM(OpPassManager &pm) {
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createLoopInvariantCodeMotionPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  // What has no LLVM intrinsic (tanh, erf, ...) calls libm.
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

struct LowerToLLVMPipelineOptions
    : public PassPipelineOptions<LowerToLLVMPipelineOptions> {
  Option<std::string> cpu{*this, "target-cpu",
                          llvm::cl::desc("Target CPU (empty: the host CPU)"),
                          llvm::cl::init("")};
  Option<std::string> features{
      *this, "target-features",
      llvm::cl::desc("Target features (empty: the host's, or those of cpu)"),
      llvm::cl::init("")};
};

} // namespace

void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMOptions &options) {
  pm.addPass(createConvertDfpToLinalg());
  pm.addPass(createDfpDecomposeAggregates());
  // arith/math ops on whole tensors (e.g. from imported graphs).
  pm.addPass(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createDfpCopyReturnedArguments());
  addBufferization(pm);
  addConversionToLLVM(pm);
  DfpSetTargetCpuOptions target;
  target.cpu = options.cpu;
  target.features = options.features;
  pm.addPass(createDfpSetTargetCpu(target));
}

void buildKernelPipeline(OpPassManager &pm, const LowerToLLVMOptions &options) {
  pm.addPass(createDfpLowerToKernels());
  buildLowerToLLVMPipeline(pm, options);
}

void registerDfpConversionPipelines() {
  PassPipelineRegistration<LowerToLLVMPipelineOptions>(
      "dfp-lower-to-llvm",
      "Lowers Dfp ops through linalg, bufferization and vectors to the LLVM "
      "dialect for one target CPU",
      [](OpPassManager &pm, const LowerToLLVMPipelineOptions &options) {
        buildLowerToLLVMPipeline(pm, {options.cpu, options.features});
      });
  PassPipelineRegistration<LowerToLLVMPipelineOptions>(
      "dfp-kernel-pipeline",
      "Lowers DFP contractions to jit/ kernel dispatch and invoke calls and "
      "the rest like dfp-lower-to-llvm, to the LLVM dialect",
      [](OpPassManager &pm, const LowerToLLVMPipelineOptions &options) {
        buildKernelPipeline(pm, {options.cpu, options.features});
      });
}

} // namespace mlir::dfp
