#ifndef DFP_COMPILER_EXPORT_OPWRITERS_H
#define DFP_COMPILER_EXPORT_OPWRITERS_H

#include "GraphWriter.h"

namespace mlir::dfp::onnx_export {

/// Appends the ONNX nodes (and initializers) that compute `op` and binds
/// its results; an op without an ONNX form is an error naming it.
llvm::Error writeOp(GraphWriter &writer, Operation *op);

} // namespace mlir::dfp::onnx_export

#endif // DFP_COMPILER_EXPORT_OPWRITERS_H
