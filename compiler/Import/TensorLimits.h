#ifndef DFP_COMPILER_IMPORT_TENSORLIMITS_H
#define DFP_COMPILER_IMPORT_TENSORLIMITS_H

#include "dfp/Import/OnnxImporter.h"

#include <cstdint>
#include <optional>

namespace onnx {
class TensorProto;
class TypeProto;
} // namespace onnx

namespace mlir::dfp::onnx_import {

/// Bytes per element of an ONNX TensorProto data type, or nullopt for types
/// without a fixed width (string, undefined) or unknown codes.
std::optional<int64_t> elementByteWidth(int32_t dataType);

/// Name of an ONNX data type code, e.g. "FLOAT16", for error messages.
std::string dataTypeName(int32_t dataType);

/// Element count of `tensor` (checked against the limits and against
/// overflow), or an error naming the tensor and the limit it exceeds.
llvm::Expected<int64_t> checkedElementCount(const onnx::TensorProto &tensor,
                                            const OnnxImportLimits &limits);

/// Checks rank and static dimensions of a value's declared type.
llvm::Error checkTypeLimits(llvm::StringRef valueName,
                            const onnx::TypeProto &type,
                            const OnnxImportLimits &limits);

} // namespace mlir::dfp::onnx_import

#endif // DFP_COMPILER_IMPORT_TENSORLIMITS_H
