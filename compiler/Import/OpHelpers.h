#ifndef DFP_COMPILER_IMPORT_OPHELPERS_H
#define DFP_COMPILER_IMPORT_OPHELPERS_H

#include "NodeContext.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::dfp::onnx_import {

/// Builds the scalar computation of an element-wise op from the scalar
/// arguments (one per input, in order).
using ScalarBody = llvm::function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// The numpy (multidirectional) broadcast of two shapes, or an error.
llvm::Expected<llvm::SmallVector<int64_t>>
broadcastShapes(NodeContext &node, llvm::ArrayRef<int64_t> lhs,
                llvm::ArrayRef<int64_t> rhs);

/// A linalg.generic computing `body` over `inputs` broadcast to `shape`
/// (f32 result).
Value buildElementwise(NodeContext &node, ValueRange inputs,
                       llvm::ArrayRef<int64_t> shape, ScalarBody body);

/// An f32 element-wise op over inputs broadcast to their common shape.
llvm::Expected<Value> buildBroadcastElementwise(NodeContext &node,
                                                ValueRange inputs,
                                                ScalarBody body);

Value buildEmptyF32(OpBuilder &builder, Location loc,
                    llvm::ArrayRef<int64_t> shape);
Value buildF32Scalar(OpBuilder &builder, Location loc, float value);
Value buildReshape(NodeContext &node, Value input,
                   llvm::ArrayRef<int64_t> shape);

/// `axis` in [-rank, rank) made non-negative, or an error naming the
/// attribute.
llvm::Expected<int64_t> normalizeAxis(NodeContext &node,
                                      llvm::StringRef attrName, int64_t axis,
                                      int64_t rank);

/// The product of `values`, saturated at INT64_MAX (hostile shapes may
/// overflow).
int64_t product(llvm::ArrayRef<int64_t> values);

std::string listText(llvm::ArrayRef<int64_t> values);

} // namespace mlir::dfp::onnx_import

#endif // DFP_COMPILER_IMPORT_OPHELPERS_H
