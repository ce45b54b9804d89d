#include "CompiledModel.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/Support/FormatVariadic.h"

namespace dfp::run {

using mlir::dfp::OnnxTensor;

static llvm::Error runError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string pipelineFor(Precision precision) {
  return precision == Precision::Dfp16
             ? "dfp-quantize-pipeline,dfp-lower-to-llvm"
             : "dfp-lower-to-llvm";
}

static llvm::Expected<ElementType> elementTypeOf(mlir::Type type) {
  if (type.isF32())
    return ElementType::F32;
  if (type.isInteger(64))
    return ElementType::I64;
  if (type.isInteger(32))
    return ElementType::I32;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return runError("element type " + text + " cannot be passed");
}

static std::string shapeText(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  return text + "]";
}

CompiledModel::CompiledModel(std::unique_ptr<JitModule> jit,
                             std::vector<Slot> inputs,
                             std::vector<Slot> outputs)
    : jit(std::move(jit)), inputSlots(std::move(inputs)),
      outputSlots(std::move(outputs)) {}

/// Returns a copy of every result: MLIR 19's buffer-results-to-out-params
/// dereferences null when a returned buffer is not an allocation of the
/// function (an argument, as after Identity, or a view of one, as after a
/// reshape).
static void copyReturnedArguments(mlir::func::FuncOp function) {
  function.walk([](mlir::func::ReturnOp ret) {
    mlir::OpBuilder builder(ret);
    for (mlir::OpOperand &operand : ret->getOpOperands()) {
      auto type =
          llvm::dyn_cast<mlir::RankedTensorType>(operand.get().getType());
      if (!type)
        continue;
      mlir::Value init = builder.create<mlir::tensor::EmptyOp>(
          ret.getLoc(), type.getShape(), type.getElementType());
      operand.set(
          builder
              .create<mlir::linalg::CopyOp>(ret.getLoc(), operand.get(), init)
              .getResult(0));
    }
  });
}

llvm::Expected<std::unique_ptr<CompiledModel>>
CompiledModel::compile(mlir::ModuleOp module, Precision precision) {
  auto forward = module.lookupSymbol<mlir::func::FuncOp>("forward");
  if (!forward)
    return runError("the module has no @forward function");
  copyReturnedArguments(forward);
  auto slotsOf = [](mlir::TypeRange types,
                    auto nameOf) -> llvm::Expected<std::vector<Slot>> {
    std::vector<Slot> slots;
    for (auto [index, type] : llvm::enumerate(types)) {
      auto tensor = llvm::dyn_cast<mlir::RankedTensorType>(type);
      if (!tensor)
        return runError(
            llvm::formatv("value {0} is not a ranked tensor", index));
      llvm::Expected<ElementType> element =
          elementTypeOf(tensor.getElementType());
      if (!element)
        return element.takeError();
      slots.push_back({nameOf(index),
                       std::vector<int64_t>(tensor.getShape().begin(),
                                            tensor.getShape().end()),
                       *element});
    }
    return slots;
  };
  auto nameAttr = [&](mlir::DictionaryAttr attrs) -> std::string {
    if (auto name = attrs ? attrs.getAs<mlir::StringAttr>("dfp.name")
                          : mlir::StringAttr())
      return name.str();
    return "";
  };
  auto inputs = slotsOf(forward.getArgumentTypes(), [&](unsigned index) {
    return nameAttr(forward.getArgAttrDict(index));
  });
  if (!inputs)
    return inputs.takeError();
  auto outputs = slotsOf(forward.getResultTypes(), [&](unsigned index) {
    return nameAttr(forward.getResultAttrDict(index));
  });
  if (!outputs)
    return outputs.takeError();
  // dfp-quantize-pipeline adds a status result without extending the
  // result attributes, which then fail to verify; the names are kept above.
  forward.removeArgAttrsAttr();
  forward.removeResAttrsAttr();
  JitOptions options;
  options.pipeline = pipelineFor(precision);
  llvm::Expected<std::unique_ptr<JitModule>> jit =
      JitModule::fromModule(module, options);
  if (!jit)
    return jit.takeError();
  return std::unique_ptr<CompiledModel>(new CompiledModel(
      std::move(*jit), std::move(*inputs), std::move(*outputs)));
}

llvm::Expected<std::vector<OnnxTensor>>
CompiledModel::run(llvm::ArrayRef<OnnxTensor> inputs) {
  if (inputs.size() != inputSlots.size())
    return runError(llvm::formatv("the model takes {0} inputs, {1} given",
                                  inputSlots.size(), inputs.size()));
  // Narrowed copies of int64 data passed as i32 stay alive for the call.
  std::vector<std::vector<int32_t>> narrowed;
  narrowed.reserve(inputs.size());
  std::vector<JitArgument> arguments;
  for (auto [slot, input] : llvm::zip(inputSlots, inputs)) {
    if (input.shape != slot.shape)
      return runError("input '" + slot.name + "' has shape " +
                      shapeText(input.shape) + ", the model expects " +
                      shapeText(slot.shape));
    bool wantsFloat = slot.type == ElementType::F32;
    if (input.isFloat != wantsFloat)
      return runError("input '" + slot.name + "' must hold " +
                      toString(slot.type) + " data");
    TensorView view;
    if (slot.type == ElementType::F32) {
      view = TensorView::of(input.floats.data(), slot.shape);
    } else if (slot.type == ElementType::I64) {
      view = TensorView::of(input.ints.data(), slot.shape);
    } else {
      narrowed.emplace_back(input.ints.begin(), input.ints.end());
      view = TensorView::of(narrowed.back().data(), slot.shape);
    }
    arguments.push_back(JitArgument::of(std::move(view)));
  }
  std::vector<OnnxTensor> outputs(outputSlots.size());
  std::vector<std::vector<int32_t>> narrowOutputs(outputSlots.size());
  std::vector<JitArgument> results;
  for (auto [slot, output, narrow] :
       llvm::zip(outputSlots, outputs, narrowOutputs)) {
    output.name = slot.name;
    output.shape = slot.shape;
    int64_t count = 1;
    for (int64_t dim : slot.shape)
      count *= dim;
    output.isFloat = slot.type == ElementType::F32;
    TensorView view;
    if (slot.type == ElementType::F32) {
      output.floats.resize(count);
      view = TensorView::of(output.floats.data(), slot.shape);
    } else if (slot.type == ElementType::I64) {
      output.ints.resize(count);
      view = TensorView::of(output.ints.data(), slot.shape);
    } else {
      narrow.resize(count);
      view = TensorView::of(narrow.data(), slot.shape);
    }
    results.push_back(JitArgument::of(std::move(view)));
  }
  llvm::Expected<CallStatus> status = jit->call("forward", arguments, results);
  if (!status)
    return status.takeError();
  for (auto [slot, output, narrow] :
       llvm::zip(outputSlots, outputs, narrowOutputs))
    if (slot.type == ElementType::I32)
      output.ints.assign(narrow.begin(), narrow.end());
  return outputs;
}

} // namespace dfp::run
