// Fuzz target: Dfp IR text that parses and verifies goes through the dfpc
// pass pipelines (default and non-default options). A pass may reject the IR
// with an error, but must not crash, must leave verified IR (the pass manager
// checks) and that IR must print and parse back (FuzzMlir.h).
#include "FuzzMlir.h"

#include "dfp/Transforms/Passes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include <cstdio>
#include <cstdlib>

namespace {

const char *const kPipelines[] = {
    "builtin.module(dfp-quantize-pipeline)",
    "builtin.module(dfp-quantize{contractions=all "
    "activation-format=i16:14:block4 weight-format=i8:7:channel "
    "gradient-format=i16:12:channel gradient-rounding=stochastic seed=42},"
    "dfp-chain-length{target-chain=16 emit-remarks=true})",
    "builtin.module(dfp-chain-length{trust-formats=true})",
    "builtin.module(dfp-training-pipeline)",
    "builtin.module(dfp-build-training-step{momentum=0.0 weight-decay=0.0 "
    "bn-momentum=1.0})",
};

void runPipeline(mlir::ModuleOp module, const char *pipeline) {
  mlir::PassManager pm(module->getContext());
  if (mlir::failed(mlir::parsePassPipeline(pipeline, pm))) {
    std::fprintf(stderr, "bad pipeline %s\n", pipeline);
    std::abort();
  }
  mlir::OwningOpRef<mlir::ModuleOp> copy(module.clone());
  if (mlir::succeeded(pm.run(*copy)))
    dfp::fuzz::checkRoundTrip(*copy);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static bool registered = [] {
    mlir::dfp::registerAllDfpPasses();
    return true;
  }();
  (void)registered;
  mlir::MLIRContext &context = dfp::fuzz::contextForNextInput();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      dfp::fuzz::parseInput(context, data, size);
  if (!module)
    return 0;
  for (const char *pipeline : kPipelines)
    runPipeline(*module, pipeline);
  return 0;
}
