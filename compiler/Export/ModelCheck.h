#ifndef DFP_COMPILER_EXPORT_MODELCHECK_H
#define DFP_COMPILER_EXPORT_MODELCHECK_H

#include "llvm/Support/Error.h"

namespace onnx {
class ModelProto;
} // namespace onnx

namespace mlir::dfp::onnx_export {

/// Runs the ONNX checker and strict shape inference (declared and inferred
/// shapes must agree) on `model`; their exceptions become the error.
llvm::Error checkExportedModel(const onnx::ModelProto &model);

} // namespace mlir::dfp::onnx_export

#endif // DFP_COMPILER_EXPORT_MODELCHECK_H
