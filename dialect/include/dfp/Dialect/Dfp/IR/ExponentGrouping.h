#ifndef DFP_DIALECT_DFP_IR_EXPONENTGROUPING_H
#define DFP_DIALECT_DFP_IR_EXPONENTGROUPING_H

#include "llvm/ADT/Hashing.h"

#include <cstdint>

namespace mlir::dfp {

/// Which elements of a DFP tensor share one exponent.
struct ExponentGrouping {
  enum class Kind : uint8_t {
    Tensor, ///< one exponent for the whole tensor
    Axis,   ///< one exponent per index of `axis` (per channel)
    Block,  ///< one exponent per `blockSize` consecutive elements on `axis`
  };
  Kind kind = Kind::Tensor;
  int64_t axis = 0;
  int64_t blockSize = 0;

  static ExponentGrouping tensor() { return {}; }
  static ExponentGrouping perAxis(int64_t axis) {
    return {Kind::Axis, axis, 0};
  }
  static ExponentGrouping block(int64_t blockSize, int64_t axis) {
    return {Kind::Block, axis, blockSize};
  }

  bool operator==(const ExponentGrouping &other) const {
    return kind == other.kind && axis == other.axis &&
           blockSize == other.blockSize;
  }
  bool operator!=(const ExponentGrouping &other) const {
    return !(*this == other);
  }
};

inline llvm::hash_code hash_value(const ExponentGrouping &grouping) {
  return llvm::hash_combine(grouping.kind, grouping.axis, grouping.blockSize);
}

} // namespace mlir::dfp

#endif // DFP_DIALECT_DFP_IR_EXPONENTGROUPING_H
