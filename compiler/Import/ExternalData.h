#ifndef DFP_COMPILER_IMPORT_EXTERNALDATA_H
#define DFP_COMPILER_IMPORT_EXTERNALDATA_H

#include "dfp/Import/OnnxImporter.h"

namespace onnx {
class TensorProto;
} // namespace onnx

namespace mlir::dfp::onnx_import {

/// Reads the external data of `tensor` into its raw_data and marks it as
/// internal. The location must be a relative path without `..` that resolves
/// (through no symbolic link) to a regular file with a single hard link
/// inside `modelDirectory`; offset and length must lie within that file and
/// the length must match the tensor's declared size.
llvm::Error inlineExternalData(onnx::TensorProto &tensor,
                               llvm::StringRef modelDirectory,
                               int64_t expectedBytes);

} // namespace mlir::dfp::onnx_import

#endif // DFP_COMPILER_IMPORT_EXTERNALDATA_H
