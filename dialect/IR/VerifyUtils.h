#ifndef DFP_DIALECT_IR_VERIFYUTILS_H
#define DFP_DIALECT_IR_VERIFYUTILS_H

#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "mlir/IR/Operation.h"

#include <string>

namespace mlir::dfp::detail {

/// "2x3x4" (the spelling of shapes in types); "scalar" for rank 0.
std::string shapeString(ArrayRef<int64_t> shape);

/// Reports that `name` should have shape `expected` unless it has.
LogicalResult verifyShape(Operation *op, StringRef name,
                          ArrayRef<int64_t> expected, ArrayRef<int64_t> actual);

/// Reports that `name` should have rank `rank` unless it has.
LogicalResult verifyRank(Operation *op, StringRef name, ShapedType type,
                         int64_t rank);

/// Checks that `input` is [N, C, ...] and `perChannel` (named `name`) is [C].
LogicalResult verifyPerChannel(Operation *op, ShapedType input, StringRef name,
                               ShapedType perChannel);

/// Checks that the array attribute `name` has `count` elements, each at least
/// `minimum`.
LogicalResult verifyArrayAttribute(Operation *op, StringRef name,
                                   ArrayRef<int64_t> values, size_t count,
                                   int64_t minimum);

/// A 2-D window (convolution filter or pooling kernel) sliding over H and W.
struct Window2d {
  int64_t height, width;
  ArrayRef<int64_t> strides;   ///< [h, w]
  ArrayRef<int64_t> dilations; ///< [h, w]
  ArrayRef<int64_t> padding;   ///< [top, left, bottom, right]
};

/// The spatial output size [OH, OW] of `window` over an input of spatial size
/// [height, width]; fails if the window does not fit the padded input.
FailureOr<SmallVector<int64_t, 2>> windowOutputSize(Operation *op,
                                                    int64_t height,
                                                    int64_t width,
                                                    const Window2d &window);

} // namespace mlir::dfp::detail

#endif // DFP_DIALECT_IR_VERIFYUTILS_H
