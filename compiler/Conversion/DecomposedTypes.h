#ifndef DFP_COMPILER_CONVERSION_DECOMPOSEDTYPES_H
#define DFP_COMPILER_CONVERSION_DECOMPOSEDTYPES_H

#include "dfp/Dialect/Dfp/IR/DfpTypes.h"
#include "mlir/Transforms/OneToNTypeConversion.h"

namespace mlir::dfp {

/// The runtime form of a DFP tensor: its integers `tensor<SHAPExiB>` and its
/// exponents `tensor<Gxi32>` (G groups). Every other type is kept.
class DecomposedTypeConverter : public OneToNTypeConverter {
public:
  DecomposedTypeConverter();
};

/// The integers' type of a DFP tensor.
RankedTensorType getValuesType(DfpTensorType type);
/// Exponent groups of a DFP tensor: 1, the extent of the axis, or the
/// number of blocks.
int64_t getNumGroups(DfpTensorType type);
/// The exponents' type: one i32 per group, `tensor<Gxi32>`.
RankedTensorType getExponentsType(DfpTensorType type);

} // namespace mlir::dfp

#endif // DFP_COMPILER_CONVERSION_DECOMPOSEDTYPES_H
