#ifndef DFP_RUNTIME_SESSION_TRAININGMODULE_H
#define DFP_RUNTIME_SESSION_TRAININGMODULE_H

#include "dfp/runtime/Session.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <memory>

namespace dfp::runtime::session {

/// A parsed module holding @forward and the generated @train_step, both in
/// the precision of the options (DFP16: contractions quantized with the
/// dfp-quantize defaults and chained by dfp-chain-length).
struct TrainingModule {
  std::unique_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

/// Parses `text`, sets the batch of @forward to options.batch (every value
/// computed from the input keeps its other dimensions), then runs
/// dfp-build-training-step and, for DFP16, dfp-quantize and dfp-chain-length.
/// Errors carry the MLIR diagnostics (location: message).
Status buildTrainingModule(const std::string &text,
                           const SessionOptions &options, TrainingModule &out);

} // namespace dfp::runtime::session

#endif // DFP_RUNTIME_SESSION_TRAININGMODULE_H
