#ifndef DFP_COMPILER_TRANSFORMS_QUANTIZEFORMAT_H
#define DFP_COMPILER_TRANSFORMS_QUANTIZEFORMAT_H

#include "ContractedOperands.h"

namespace mlir::dfp {

/// A format of the dfp-quantize options, `i<B>:<M>:<grouping>`, whose
/// grouping may name an axis relative to the operand it quantizes.
struct QuantizeFormat {
  /// Where the grouping's axis comes from.
  enum class AxisSource {
    Fixed,     ///< as written (`tensor`, `axis<A>`, `block<N>on<A>`)
    Kept,      ///< the operand's non-summed axis (`channel`)
    Reduction, ///< the operand's reduction axis (`block<N>`)
  };
  unsigned storageBits = 16;
  unsigned magBits = 13;
  ExponentGrouping grouping;
  AxisSource axisSource = AxisSource::Fixed;

  /// Parses `spec`; on failure the message says what is wrong.
  static FailureOr<QuantizeFormat> parse(StringRef spec, std::string &error);

  /// The DFP type of `operand` (of f32 type `type`) in this format; fails
  /// with the dialect's type error at `loc` if the grouping does not fit the
  /// shape.
  FailureOr<DfpTensorType> typeFor(const ContractedOperand &operand,
                                   ShapedType type, Location loc) const;
};

} // namespace mlir::dfp

#endif // DFP_COMPILER_TRANSFORMS_QUANTIZEFORMAT_H
