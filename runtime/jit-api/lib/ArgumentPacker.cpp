#include "ArgumentPacker.h"

#include <cstring>

namespace dfp::jitapi {

namespace {

std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text + "]";
}

const char *kindName(JitArgument::Kind kind) {
  switch (kind) {
  case JitArgument::Kind::Tensor:
    return "a tensor";
  case JitArgument::Kind::Dfp:
    return "a DFP tensor (values and exponents)";
  case JitArgument::Kind::I32:
    return "an i32 scalar";
  case JitArgument::Kind::I64:
    return "an i64 scalar";
  }
  return "?";
}

/// Copies a strided N-d block of `elementBytes`-sized elements.
void copyStrided(const char *source, llvm::ArrayRef<int64_t> sourceStrides,
                 char *destination, llvm::ArrayRef<int64_t> destinationStrides,
                 llvm::ArrayRef<int64_t> shape, int64_t elementBytes) {
  if (shape.empty()) {
    std::memcpy(destination, source, size_t(elementBytes));
    return;
  }
  for (int64_t i = 0; i < shape.front(); ++i)
    copyStrided(source + i * sourceStrides.front() * elementBytes,
                sourceStrides.drop_front(),
                destination + i * destinationStrides.front() * elementBytes,
                destinationStrides.drop_front(), shape.drop_front(),
                elementBytes);
}

std::vector<int64_t> rowMajorStrides(llvm::ArrayRef<int64_t> shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;)
    strides[i - 1] = strides[i] * shape[i];
  return strides;
}

} // namespace

llvm::Error ArgumentPacker::addBuffer(const FunctionSignature &signature,
                                      const char *what, size_t index,
                                      const char *part,
                                      const BufferType &expected,
                                      const TensorView &view, bool isOutput) {
  auto mismatch = [&](const std::string &detail) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "@%s %s #%zu%s: %s", signature.name.c_str(),
                                   what, index, part, detail.c_str());
  };
  if (view.type != expected.type)
    return mismatch(std::string("expected element type ") +
                    toString(expected.type) + ", got " + toString(view.type));
  if (view.shape != expected.shape)
    return mismatch("expected shape " + formatShape(expected.shape) + ", got " +
                    formatShape(view.shape));
  if (!view.strides.empty() && view.strides.size() != view.shape.size())
    return mismatch(std::to_string(view.strides.size()) + " strides for rank " +
                    std::to_string(view.shape.size()));
  if (!view.data && view.numElements() != 0)
    return mismatch("null data");

  void *data = view.data;
  if (!view.isContiguous()) {
    Staged &staged = staged_.emplace_back();
    staged.view = view;
    staged.copy.reset(new char[size_t(
        std::max<int64_t>(1, view.numElements() * byteWidth(view.type)))]);
    copyStrided(static_cast<const char *>(view.data), view.effectiveStrides(),
                staged.copy.get(), rowMajorStrides(view.shape), view.shape,
                byteWidth(view.type));
    if (isOutput)
      stagedOutputs_.push_back(&staged);
    data = staged.copy.get();
  }
  std::vector<int64_t> &fields = fields_.emplace_back();
  fields.push_back(int64_t(reinterpret_cast<intptr_t>(data)));
  fields.push_back(int64_t(reinterpret_cast<intptr_t>(data)));
  fields.push_back(0);
  fields.insert(fields.end(), view.shape.begin(), view.shape.end());
  std::vector<int64_t> strides = rowMajorStrides(view.shape);
  fields.insert(fields.end(), strides.begin(), strides.end());
  for (int64_t &field : fields)
    arguments_.push_back(&field);
  return llvm::Error::success();
}

llvm::Error ArgumentPacker::addParameter(const FunctionSignature &signature,
                                         const char *what, size_t index,
                                         const Parameter &parameter,
                                         const JitArgument &argument,
                                         bool isOutput) {
  if (argument.kind != parameter.kind)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "@%s %s #%zu: expected %s (%s), got %s",
        signature.name.c_str(), what, index, kindName(parameter.kind),
        parameter.spelling.c_str(), kindName(argument.kind));
  switch (parameter.kind) {
  case JitArgument::Kind::Tensor:
    return addBuffer(signature, what, index, "", parameter.tensor,
                     argument.tensor, isOutput);
  case JitArgument::Kind::Dfp:
    if (llvm::Error error =
            addBuffer(signature, what, index, " (values)", parameter.tensor,
                      argument.tensor, isOutput))
      return error;
    return addBuffer(signature, what, index, " (exponents)",
                     parameter.exponents, argument.exponents, isOutput);
  case JitArgument::Kind::I32:
    if (argument.scalar < INT32_MIN || argument.scalar > INT32_MAX)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(), "@%s %s #%zu: %lld does not fit i32",
          signature.name.c_str(), what, index, (long long)argument.scalar);
    arguments_.push_back(&i32s_.emplace_back(int32_t(argument.scalar)));
    return llvm::Error::success();
  case JitArgument::Kind::I64:
    arguments_.push_back(&i64s_.emplace_back(argument.scalar));
    return llvm::Error::success();
  }
  return llvm::Error::success();
}

llvm::Error ArgumentPacker::pack(const FunctionSignature &signature,
                                 llvm::ArrayRef<JitArgument> inputs,
                                 llvm::ArrayRef<JitArgument> outputs) {
  if (inputs.size() != signature.inputs.size() ||
      outputs.size() != signature.outputs.size())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "@%s takes %zu inputs and %zu outputs, got %zu and %zu",
        signature.name.c_str(), signature.inputs.size(),
        signature.outputs.size(), inputs.size(), outputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    if (llvm::Error error = addParameter(signature, "argument", i,
                                         signature.inputs[i], inputs[i],
                                         /*isOutput=*/false))
      return error;
  for (size_t i = 0; i < outputs.size(); ++i)
    if (llvm::Error error = addParameter(signature, "result", i,
                                         signature.outputs[i], outputs[i],
                                         /*isOutput=*/true))
      return error;
  if (signature.hasStatus)
    arguments_.push_back(&status_);
  return llvm::Error::success();
}

void ArgumentPacker::finish() {
  for (Staged *staged : stagedOutputs_)
    copyStrided(staged->copy.get(), rowMajorStrides(staged->view.shape),
                static_cast<char *>(staged->view.data),
                staged->view.effectiveStrides(), staged->view.shape,
                byteWidth(staged->view.type));
}

} // namespace dfp::jitapi
