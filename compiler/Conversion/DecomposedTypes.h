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
/// The exponents' type: one i32 per group (only `exp = tensor` is lowered).
RankedTensorType getExponentsType(DfpTensorType type);

} // namespace mlir::dfp

#endif // DFP_COMPILER_CONVERSION_DECOMPOSEDTYPES_H
