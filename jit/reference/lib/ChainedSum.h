#ifndef DFP_REFERENCE_LIB_CHAINEDSUM_H
#define DFP_REFERENCE_LIB_CHAINEDSUM_H

#include "dfp/reference/Quantize.h"
#include "dfp/reference/Status.h"

#include <cstdint>
#include <vector>

namespace dfp {

/// One factor of a product: the integer, its exponent group and exponent.
struct Term {
  int32_t value = 0;
  int64_t group = 0;
  int32_t exponent = 0;
};

/// A contraction operand with each element's group precomputed.
class Operand {
public:
  explicit Operand(const QuantizedTensor &tensor);

  Term at(int64_t index) const;
  /// A zero standing for padding, in the group of element `groupSource`.
  Term zeroLike(int64_t groupSource) const;

private:
  const QuantizedTensor &tensor_;
  std::vector<int64_t> groups_;
};

/// The chained accumulation of one output element (DESIGN §2): INT32 chain
/// sums of at most `chain` products, cut early by cut() or where the group
/// of either factor changes, flushed in order as
/// acc = fmaf(float(sum), 2^(ea + eb), acc) from acc = 0.
class ChainedSum {
public:
  explicit ChainedSum(int64_t chain) : chain_(chain) {}

  void add(const Term &a, const Term &b);
  /// Ends the current chain (a structural boundary: filter tap, image).
  void cut();
  /// Flushes the last chain and returns the FP32 accumulator.
  float result();

private:
  int64_t chain_;
  int64_t length_ = 0;
  int64_t sum_ = 0; // stays within INT32 (checkChainFits), kept wide to assert
  int64_t groupA_ = 0, groupB_ = 0;
  int64_t exponentSum_ = 0;
  float acc_ = 0.0f;
};

/// Errors unless chain > 0, chain * max|a| * max|b| <= 2^31 - 1 for the
/// operands' true ranges (so no INT32 chain sum can overflow), and
/// max ea + max eb <= 127 (so the FP32 scale 2^(ea + eb) is finite).
Status checkChainFits(const char *op, int64_t chain, const QuantizedTensor &a,
                      const QuantizedTensor &b);

} // namespace dfp

#endif // DFP_REFERENCE_LIB_CHAINEDSUM_H
