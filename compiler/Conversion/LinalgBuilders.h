#ifndef DFP_COMPILER_CONVERSION_LINALGBUILDERS_H
#define DFP_COMPILER_CONVERSION_LINALGBUILDERS_H

#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <functional>

namespace mlir::dfp {

/// Body of an element-wise op: scalar inputs in, scalar result out.
using ElementwiseBody =
    std::function<Value(ImplicitLocOpBuilder &, ValueRange)>;

/// linalg.generic applying `body` element by element to `inputs` (all of
/// `resultType`'s shape) into a new tensor of `resultType`.
Value buildElementwise(ImplicitLocOpBuilder &b, ValueRange inputs,
                       RankedTensorType resultType,
                       const ElementwiseBody &body);

/// max |x| over every element of an f32 tensor, as a 0-d tensor.
Value buildMaxAbs(ImplicitLocOpBuilder &b, Value input);

/// `input` with the same elements in row-major order and `resultType`'s shape.
Value buildReshape(ImplicitLocOpBuilder &b, Value input,
                   RankedTensorType resultType);

/// Pads dimensions 2 and 3 of an NCHW tensor by [top, left, bottom, right]
/// with `value` (an f32 constant).
Value buildSpatialPad(ImplicitLocOpBuilder &b, Value input,
                      ArrayRef<int64_t> padding, float value);

/// A tensor of `type` filled with `value`.
Value buildFilled(ImplicitLocOpBuilder &b, RankedTensorType type, float value);

/// Swaps the two dimensions of a 2-D tensor.
Value buildTranspose2d(ImplicitLocOpBuilder &b, Value input);

} // namespace mlir::dfp

#endif // DFP_COMPILER_CONVERSION_LINALGBUILDERS_H
