#include "TrainingModule.h"

#include "dfp/Registration/InitAllDialects.h"
#include "dfp/Support/DiagnosticCollector.h"
#include "dfp/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/raw_ostream.h"

namespace dfp::runtime::session {
namespace {

using mlir::dfp::DiagnosticCollector;

Status errorWith(const DiagnosticCollector &diagnostics,
                 const std::string &what) {
  return Status::error(diagnostics.message(what));
}

/// Gives every value computed from the input of `forward` (the first
/// argument) the leading dimension `batch` instead of the input's.
Status setBatch(mlir::func::FuncOp forward, int64_t batch) {
  if (forward.getNumArguments() == 0)
    return Status::error("@forward has no input argument");
  mlir::BlockArgument input = forward.getArgument(0);
  auto inputType = llvm::dyn_cast<mlir::RankedTensorType>(input.getType());
  if (!inputType || inputType.getRank() < 1 || inputType.isDynamicDim(0))
    return Status::error("@forward: the input must be a ranked tensor with a "
                         "static batch dimension");
  const int64_t old = inputType.getDimSize(0);
  if (old == batch)
    return Status::success();
  auto rebatched = [&](mlir::Type type) -> mlir::Type {
    auto ranked = llvm::dyn_cast<mlir::RankedTensorType>(type);
    if (!ranked || ranked.getRank() < 1 || ranked.getDimSize(0) != old)
      return nullptr;
    llvm::SmallVector<int64_t> shape(ranked.getShape());
    shape[0] = batch;
    return ranked.clone(shape);
  };
  llvm::DenseSet<mlir::Value> batched;
  input.setType(rebatched(input.getType()));
  batched.insert(input);
  forward.walk([&](mlir::Operation *op) {
    if (llvm::none_of(op->getOperands(),
                      [&](mlir::Value v) { return batched.contains(v); }))
      return;
    for (mlir::Value result : op->getResults())
      if (mlir::Type type = rebatched(result.getType())) {
        result.setType(type);
        batched.insert(result);
      }
  });
  mlir::Operation *terminator = forward.getBody().front().getTerminator();
  forward.setFunctionType(mlir::FunctionType::get(
      forward.getContext(), forward.getBody().front().getArgumentTypes(),
      terminator->getOperandTypes()));
  return Status::success();
}

std::optional<mlir::dfp::RoundingMode> parseRounding(const std::string &name) {
  if (name == "nearest_even")
    return mlir::dfp::RoundingMode::NearestEven;
  if (name == "biased" || name == "nearest_up")
    return mlir::dfp::RoundingMode::NearestUp;
  if (name == "truncate" || name == "toward_zero")
    return mlir::dfp::RoundingMode::TowardZero;
  if (name == "stochastic")
    return mlir::dfp::RoundingMode::Stochastic;
  return std::nullopt;
}

} // namespace

Status buildTrainingModule(const std::string &text,
                           const SessionOptions &options, TrainingModule &out) {
  if (options.batch < 1)
    return Status::error("session: batch must be positive, got " +
                         std::to_string(options.batch));
  std::optional<mlir::dfp::RoundingMode> gradientRounding =
      parseRounding(options.gradientRounding);
  if (!gradientRounding)
    return Status::error("session: unknown gradient rounding '" +
                         options.gradientRounding +
                         "' (nearest_even, biased, truncate, stochastic)");
  if (options.magnitudeBits < 0 || options.magnitudeBits > 15)
    return Status::error("session: magnitude bits must be 1..15 (0: the "
                         "default), got " +
                         std::to_string(options.magnitudeBits));

  mlir::DialectRegistry registry;
  mlir::dfp::registerAllDialects(registry);
  out.context = std::make_unique<mlir::MLIRContext>(registry);
  out.context->loadAllAvailableDialects();
  out.context->disableMultithreading();
  DiagnosticCollector diagnostics(out.context.get());
  out.module = mlir::parseSourceString<mlir::ModuleOp>(text, out.context.get());
  if (!out.module)
    return errorWith(diagnostics, "session: cannot parse the model");
  auto forward = out.module->lookupSymbol<mlir::func::FuncOp>("forward");
  if (!forward || forward.isDeclaration())
    return Status::error("session: the model has no @forward function");
  if (Status status = setBatch(forward, options.batch); !status)
    return status;
  if (mlir::failed(mlir::verify(*out.module)))
    return errorWith(diagnostics, "session: @forward does not take batch " +
                                      std::to_string(options.batch));

  mlir::PassManager pm(out.context.get());
  mlir::dfp::DfpBuildTrainingStepOptions build;
  build.momentum = options.momentum;
  build.weightDecay = options.weightDecay;
  pm.addPass(mlir::dfp::createDfpBuildTrainingStep(build));
  if (options.precision == Precision::Dfp16) {
    mlir::dfp::DfpQuantizeOptions quantize;
    quantize.seed = options.seed;
    if (options.keepFirstLastFp32)
      quantize.contractions = mlir::dfp::ContractionSelection::SkipFirstLast;
    quantize.gradientRounding = *gradientRounding;
    if (options.magnitudeBits) {
      const std::string format =
          "i16:" + std::to_string(options.magnitudeBits) + ":tensor";
      quantize.activationFormat = format;
      quantize.weightFormat = format;
      quantize.gradientFormat = format;
    }
    pm.addPass(mlir::dfp::createDfpQuantize(quantize));
    pm.addPass(mlir::dfp::createDfpChainLength());
  }
  if (mlir::failed(pm.run(*out.module)))
    return errorWith(diagnostics, "session: cannot build the training step");
  return Status::success();
}

} // namespace dfp::runtime::session
