#include "TensorLimits.h"

#include "onnx/onnx_pb.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::dfp::onnx_import {

using onnx::TensorProto;

std::optional<int64_t> elementByteWidth(int32_t dataType) {
  switch (dataType) {
  case TensorProto::BOOL:
  case TensorProto::INT8:
  case TensorProto::UINT8:
    return 1;
  case TensorProto::INT16:
  case TensorProto::UINT16:
  case TensorProto::FLOAT16:
  case TensorProto::BFLOAT16:
    return 2;
  case TensorProto::INT32:
  case TensorProto::UINT32:
  case TensorProto::FLOAT:
    return 4;
  case TensorProto::INT64:
  case TensorProto::UINT64:
  case TensorProto::DOUBLE:
  case TensorProto::COMPLEX64:
    return 8;
  case TensorProto::COMPLEX128:
    return 16;
  default:
    return std::nullopt;
  }
}

std::string dataTypeName(int32_t dataType) {
  if (TensorProto::DataType_IsValid(dataType))
    return TensorProto::DataType_Name(
        static_cast<TensorProto::DataType>(dataType));
  return llvm::formatv("unknown data type {0}", dataType).str();
}

static llvm::Error limitError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Multiplies dimensions one by one, stopping at the first that would pass
/// the element limit, so a product never overflows.
static llvm::Expected<int64_t> checkedProduct(llvm::StringRef what,
                                              llvm::ArrayRef<int64_t> dims,
                                              const OnnxImportLimits &limits) {
  if (static_cast<int64_t>(dims.size()) > limits.maxRank)
    return limitError(llvm::formatv("{0} has rank {1}, above the limit of {2}",
                                    what, dims.size(), limits.maxRank));
  int64_t count = 1;
  for (int64_t dim : dims) {
    if (dim < 0)
      return limitError(
          llvm::formatv("{0} has a negative dimension {1}", what, dim));
    if (dim > limits.maxDimSize)
      return limitError(
          llvm::formatv("{0} has dimension {1}, above the limit of {2}", what,
                        dim, limits.maxDimSize));
    if (dim != 0 && count > limits.maxTensorElements / dim)
      return limitError(
          llvm::formatv("{0} has more than {1} elements, the limit per tensor",
                        what, limits.maxTensorElements));
    count *= dim;
  }
  return count;
}

llvm::Expected<int64_t> checkedElementCount(const TensorProto &tensor,
                                            const OnnxImportLimits &limits) {
  std::string what = "tensor '" + tensor.name() + "'";
  llvm::SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  return checkedProduct(what, dims, limits);
}

llvm::Error checkTypeLimits(llvm::StringRef valueName,
                            const onnx::TypeProto &type,
                            const OnnxImportLimits &limits) {
  // Shape inference (ConvTranspose's, at least) dereferences the dimension
  // of a value without checking it is set, so unset ones stop here.
  if (type.has_sequence_type())
    return checkTypeLimits(valueName, type.sequence_type().elem_type(), limits);
  if (type.has_optional_type())
    return checkTypeLimits(valueName, type.optional_type().elem_type(), limits);
  if (type.has_map_type())
    return checkTypeLimits(valueName, type.map_type().value_type(), limits);
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return llvm::Error::success();
  llvm::SmallVector<int64_t> dims;
  for (const auto &[index, dim] :
       llvm::enumerate(type.tensor_type().shape().dim())) {
    if (!dim.has_dim_value() && !dim.has_dim_param())
      return limitError(llvm::formatv(
          "value '{0}' has dimension {1} with neither a size nor a name",
          valueName, index));
    dims.push_back(dim.has_dim_value() ? dim.dim_value() : 0);
  }
  std::string what = ("value '" + valueName + "'").str();
  llvm::Expected<int64_t> count = checkedProduct(what, dims, limits);
  return count ? llvm::Error::success() : count.takeError();
}

} // namespace mlir::dfp::onnx_import
