#include "Signature.h"

#include "dfp/Dialect/Dfp/IR/DfpTypes.h"
#include "llvm/Support/raw_ostream.h"

namespace dfp::jitapi {

namespace {

std::string spell(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

std::optional<ElementType> toElementType(mlir::Type type) {
  if (type.isF32())
    return ElementType::F32;
  if (type.isSignlessInteger(8))
    return ElementType::I8;
  if (type.isSignlessInteger(16))
    return ElementType::I16;
  if (type.isSignlessInteger(32))
    return ElementType::I32;
  if (type.isSignlessInteger(64))
    return ElementType::I64;
  return std::nullopt;
}

llvm::Error unsupported(const FunctionSignature &signature, const char *what,
                        size_t index, mlir::Type type, const char *reason) {
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(), "@%s %s #%zu of type %s: %s",
      signature.name.c_str(), what, index, spell(type).c_str(), reason);
}

llvm::Expected<Parameter> readParameter(const FunctionSignature &signature,
                                        const char *what, size_t index,
                                        mlir::Type type) {
  Parameter parameter;
  parameter.spelling = spell(type);
  if (type.isSignlessInteger(32) || type.isSignlessInteger(64)) {
    if (std::string_view(what) != "argument")
      return unsupported(signature, what, index, type,
                         "scalar results are not supported");
    parameter.kind = type.isSignlessInteger(32) ? JitArgument::Kind::I32
                                                : JitArgument::Kind::I64;
    return parameter;
  }
  if (auto dfpType = llvm::dyn_cast<mlir::dfp::DfpTensorType>(type)) {
    mlir::dfp::ExponentGrouping grouping = dfpType.getGrouping();
    if (grouping.kind == mlir::dfp::ExponentGrouping::Kind::Block)
      return unsupported(signature, what, index, type,
                         "DFP values with exponent blocks are not passed yet");
    parameter.kind = JitArgument::Kind::Dfp;
    parameter.tensor.type = *toElementType(dfpType.getElementType());
    parameter.tensor.shape = dfpType.getShape().vec();
    parameter.exponents.type = ElementType::I32;
    parameter.exponents.shape = {grouping.kind ==
                                         mlir::dfp::ExponentGrouping::Kind::Axis
                                     ? dfpType.getShape()[grouping.axis]
                                     : 1};
    return parameter;
  }
  auto tensorType = llvm::dyn_cast<mlir::RankedTensorType>(type);
  if (!tensorType || !tensorType.hasStaticShape())
    return unsupported(signature, what, index, type,
                       "expected a statically shaped tensor, a DFP tensor or "
                       "an i32/i64 scalar");
  std::optional<ElementType> element =
      toElementType(tensorType.getElementType());
  if (!element)
    return unsupported(signature, what, index, type,
                       "element type must be f32, i8, i16, i32 or i64");
  parameter.tensor.type = *element;
  parameter.tensor.shape = tensorType.getShape().vec();
  return parameter;
}

/// allocated, aligned, offset, sizes, strides.
size_t descriptorFields(const BufferType &buffer) {
  return 3 + 2 * buffer.shape.size();
}

} // namespace

size_t FunctionSignature::numLoweredArguments() const {
  size_t count = 0;
  for (const std::vector<Parameter> *list : {&inputs, &outputs})
    for (const Parameter &parameter : *list) {
      switch (parameter.kind) {
      case JitArgument::Kind::Tensor:
        count += descriptorFields(parameter.tensor);
        break;
      case JitArgument::Kind::Dfp:
        count += descriptorFields(parameter.tensor) +
                 descriptorFields(parameter.exponents);
        break;
      case JitArgument::Kind::I32:
      case JitArgument::Kind::I64:
        ++count;
        break;
      }
    }
  return count;
}

std::string FunctionSignature::describe() const {
  std::string text = "@" + name + "(";
  for (size_t i = 0; i < inputs.size(); ++i)
    text += (i ? ", " : "") + inputs[i].spelling;
  text += ") -> (";
  for (size_t i = 0; i < outputs.size(); ++i)
    text += (i ? ", " : "") + outputs[i].spelling;
  text += ")";
  if (hasStatus)
    text += " with non-finite status";
  return text;
}

llvm::Expected<FunctionSignature> readSignature(mlir::func::FuncOp func) {
  FunctionSignature signature;
  signature.name = func.getSymName().str();
  for (auto [index, type] : llvm::enumerate(func.getArgumentTypes())) {
    llvm::Expected<Parameter> parameter =
        readParameter(signature, "argument", index, type);
    if (!parameter)
      return parameter.takeError();
    signature.inputs.push_back(std::move(*parameter));
  }
  for (auto [index, type] : llvm::enumerate(func.getResultTypes())) {
    llvm::Expected<Parameter> parameter =
        readParameter(signature, "result", index, type);
    if (!parameter)
      return parameter.takeError();
    signature.outputs.push_back(std::move(*parameter));
  }
  return signature;
}

llvm::Error checkLoweredSignature(FunctionSignature &signature,
                                  mlir::LLVM::LLVMFuncOp lowered) {
  mlir::LLVM::LLVMFunctionType type = lowered.getFunctionType();
  size_t expected = signature.numLoweredArguments();
  if (type.getNumParams() != expected)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "@%s: the pipeline lowered it to %u LLVM arguments, the JIT passes "
        "%zu (results must become out-parameters: does the pipeline end in "
        "dfp-lower-to-llvm?)",
        signature.name.c_str(), type.getNumParams(), expected);
  mlir::Type result = type.getReturnType();
  // The pipeline may quantize a function that did not (dfp-quantize), which
  // then returns the status, or fold away every quantize of one that did.
  if (result.isSignlessInteger(1)) {
    signature.hasStatus = true;
    return llvm::Error::success();
  }
  if (llvm::isa<mlir::LLVM::LLVMVoidType>(result)) {
    signature.hasStatus = false;
    return llvm::Error::success();
  }
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "@%s: the lowered function returns %s, expected nothing or the i1 "
      "non-finite status",
      signature.name.c_str(), spell(result).c_str());
}

} // namespace dfp::jitapi
