#include "TensorData.h"

#include "TensorLimits.h"

#include "onnx/onnx_pb.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstring>
#include <optional>

namespace mlir::dfp::onnx_import {

using onnx::TensorProto;

static llvm::Error dataError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<Type> elementTypeOf(int32_t dataType, MLIRContext &context,
                                   const llvm::Twine &what) {
  switch (dataType) {
  case TensorProto::FLOAT:
    return Float32Type::get(&context);
  case TensorProto::INT64:
    return IntegerType::get(&context, 64);
  case TensorProto::INT32:
    return IntegerType::get(&context, 32);
  default:
    return dataError(what + " has data type " + dataTypeName(dataType) +
                     "; supported: FLOAT, INT64, INT32");
  }
}

llvm::Expected<RankedTensorType>
tensorTypeOf(llvm::StringRef name, const onnx::TypeProto &type,
             MLIRContext &context, const OnnxImportOptions &options) {
  std::string what = ("value '" + name + "'").str();
  if (!type.has_tensor_type())
    return dataError(what + " is not a tensor");
  const auto &tensorType = type.tensor_type();
  llvm::Expected<Type> elementType =
      elementTypeOf(tensorType.elem_type(), context, what);
  if (!elementType)
    return elementType.takeError();
  if (!tensorType.has_shape())
    return dataError(what + " has no static shape");
  if (llvm::Error error = checkTypeLimits(name, type, options.limits))
    return std::move(error);
  llvm::SmallVector<int64_t> shape;
  for (const auto &dim : tensorType.shape().dim()) {
    if (dim.has_dim_value()) {
      shape.push_back(dim.dim_value());
      continue;
    }
    auto bound = options.dimParams.find(dim.dim_param());
    std::optional<int64_t> size;
    if (dim.has_dim_param() && bound != options.dimParams.end())
      size = bound->second;
    else if (shape.empty() && options.leadingDimension)
      size = *options.leadingDimension;
    if (!size)
      return dataError(what + " has dynamic dimension '" + dim.dim_param() +
                       "'; give it a value (dimParams / --dim-param)");
    if (*size < 0 || *size > options.limits.maxDimSize)
      return dataError(llvm::formatv("dimension '{0}' = {1} is outside [0, "
                                     "{2}]",
                                     dim.dim_param(), *size,
                                     options.limits.maxDimSize));
    shape.push_back(*size);
  }
  return RankedTensorType::get(shape, *elementType);
}

/// Copies `count` elements of type T from raw_data or from the typed field.
template <typename T, typename Field>
static llvm::Expected<std::vector<T>>
copyElements(const TensorProto &tensor, int64_t count, const Field &field) {
  std::vector<T> values;
  if (tensor.has_raw_data() || !tensor.raw_data().empty()) {
    const std::string &raw = tensor.raw_data();
    if (static_cast<int64_t>(raw.size()) != count * int64_t(sizeof(T)))
      return dataError(llvm::formatv(
          "tensor '{0}' declares {1} elements but holds {2} bytes of raw data",
          tensor.name(), count, raw.size()));
    values.resize(static_cast<size_t>(count));
    if (count != 0)
      std::memcpy(values.data(), raw.data(), raw.size());
    return values;
  }
  if (static_cast<int64_t>(field.size()) != count)
    return dataError(
        llvm::formatv("tensor '{0}' declares {1} elements but holds {2}",
                      tensor.name(), count, field.size()));
  values.assign(field.begin(), field.end());
  return values;
}

llvm::Expected<std::vector<float>>
floatElements(const TensorProto &tensor, const OnnxImportLimits &limits) {
  if (tensor.data_type() != TensorProto::FLOAT)
    return dataError("tensor '" + tensor.name() + "' has data type " +
                     dataTypeName(tensor.data_type()) + ", expected FLOAT");
  llvm::Expected<int64_t> count = checkedElementCount(tensor, limits);
  if (!count)
    return count.takeError();
  return copyElements<float>(tensor, *count, tensor.float_data());
}

llvm::Expected<IntTensor> intElements(const TensorProto &tensor,
                                      const OnnxImportLimits &limits) {
  llvm::Expected<int64_t> count = checkedElementCount(tensor, limits);
  if (!count)
    return count.takeError();
  IntTensor result;
  result.shape.assign(tensor.dims().begin(), tensor.dims().end());
  if (tensor.data_type() == TensorProto::INT64) {
    auto values = copyElements<int64_t>(tensor, *count, tensor.int64_data());
    if (!values)
      return values.takeError();
    result.values.assign(values->begin(), values->end());
    return result;
  }
  if (tensor.data_type() == TensorProto::INT32) {
    auto values = copyElements<int32_t>(tensor, *count, tensor.int32_data());
    if (!values)
      return values.takeError();
    result.values.assign(values->begin(), values->end());
    return result;
  }
  return dataError("tensor '" + tensor.name() + "' has data type " +
                   dataTypeName(tensor.data_type()) +
                   ", expected INT64 or INT32");
}

DenseElementsAttr denseAttrOf(const IntTensor &values, MLIRContext &context) {
  auto type =
      RankedTensorType::get(values.shape, IntegerType::get(&context, 64));
  return DenseElementsAttr::get(type, llvm::ArrayRef(values.values));
}

llvm::Expected<DenseElementsAttr> denseAttrOf(const TensorProto &tensor,
                                              MLIRContext &context,
                                              const OnnxImportLimits &limits) {
  llvm::SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  if (tensor.data_type() == TensorProto::FLOAT) {
    llvm::Expected<std::vector<float>> values = floatElements(tensor, limits);
    if (!values)
      return values.takeError();
    auto type = RankedTensorType::get(shape, Float32Type::get(&context));
    return DenseElementsAttr::get(type, llvm::ArrayRef(*values));
  }
  if (tensor.data_type() == TensorProto::INT32) {
    llvm::Expected<IntTensor> values = intElements(tensor, limits);
    if (!values)
      return values.takeError();
    llvm::SmallVector<int32_t> narrow(values->values.begin(),
                                      values->values.end());
    auto type = RankedTensorType::get(shape, IntegerType::get(&context, 32));
    return DenseElementsAttr::get(type, llvm::ArrayRef(narrow));
  }
  llvm::Expected<IntTensor> values = intElements(tensor, limits);
  if (!values)
    return values.takeError();
  return denseAttrOf(*values, context);
}

} // namespace mlir::dfp::onnx_import
