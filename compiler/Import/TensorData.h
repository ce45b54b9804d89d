#ifndef DFP_COMPILER_IMPORT_TENSORDATA_H
#define DFP_COMPILER_IMPORT_TENSORDATA_H

#include "NodeContext.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace onnx {
class TensorProto;
class TypeProto;
} // namespace onnx

namespace mlir::dfp::onnx_import {

/// The MLIR element type of an ONNX data type the importer handles (FLOAT,
/// INT64, INT32), or an error naming `what` and the data type.
llvm::Expected<Type> elementTypeOf(int32_t dataType, MLIRContext &context,
                                   const llvm::Twine &what);

/// The static tensor type of a graph value; symbolic dimensions take their
/// value from `dimParams`.
llvm::Expected<RankedTensorType> tensorTypeOf(llvm::StringRef name,
                                              const onnx::TypeProto &type,
                                              MLIRContext &context,
                                              const OnnxImportOptions &options);

/// The elements of a FLOAT tensor.
llvm::Expected<std::vector<float>>
floatElements(const onnx::TensorProto &tensor, const OnnxImportLimits &limits);

/// The elements of an INT64 or INT32 tensor.
llvm::Expected<IntTensor> intElements(const onnx::TensorProto &tensor,
                                      const OnnxImportLimits &limits);

/// A FLOAT, INT64 or INT32 tensor as a dense attribute.
llvm::Expected<DenseElementsAttr> denseAttrOf(const onnx::TensorProto &tensor,
                                              MLIRContext &context,
                                              const OnnxImportLimits &limits);

/// `values` as an i64 dense attribute of `shape`.
DenseElementsAttr denseAttrOf(const IntTensor &values, MLIRContext &context);

} // namespace mlir::dfp::onnx_import

#endif // DFP_COMPILER_IMPORT_TENSORDATA_H
