#include "ChainedSum.h"

#include "PowerOfTwo.h"

#include "dfp/reference/ChainLength.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

namespace dfp {

namespace {

constexpr int64_t kMaxFloatExponent = 127;

int32_t maxExponent(const QuantizedTensor &t) {
  return t.exponents.empty()
             ? 0
             : *std::max_element(t.exponents.begin(), t.exponents.end());
}

} // namespace

Operand::Operand(const QuantizedTensor &tensor) : tensor_(tensor) {
  int64_t n = tensor.numElements();
  groups_.resize(size_t(n));
  for (int64_t i = 0; i < n; ++i)
    groups_[size_t(i)] = tensor.groupOf(i);
}

Term Operand::at(int64_t index) const {
  int64_t group = groups_[size_t(index)];
  return {tensor_.values[size_t(index)], group,
          tensor_.exponents[size_t(group)]};
}

Term Operand::zeroLike(int64_t groupSource) const {
  Term term = at(groupSource);
  term.value = 0;
  return term;
}

void ChainedSum::add(const Term &a, const Term &b) {
  if (length_ == chain_ ||
      (length_ > 0 && (a.group != groupA_ || b.group != groupB_)))
    cut();
  if (length_ == 0) {
    groupA_ = a.group;
    groupB_ = b.group;
    exponentSum_ = int64_t(a.exponent) + b.exponent;
  }
  sum_ += int64_t(a.value) * b.value;
  ++length_;
  assert(sum_ >= INT32_MIN && sum_ <= INT32_MAX && "chain overflowed INT32");
}

void ChainedSum::cut() {
  if (length_ == 0)
    return;
  acc_ = std::fma(float(int32_t(sum_)), ldexpAny(1.0f, exponentSum_), acc_);
  sum_ = 0;
  length_ = 0;
}

float ChainedSum::result() {
  cut();
  return acc_;
}

Status checkChainFits(const char *op, int64_t chain, const QuantizedTensor &a,
                      const QuantizedTensor &b) {
  if (chain <= 0)
    return Status::error(std::string(op) +
                         ": chain length must be positive, got " +
                         std::to_string(chain));
  int64_t maxA = maxAbsValue(a), maxB = maxAbsValue(b);
  // 2^(ea + eb) must be finite in FP32: fmaf(0, inf, acc) would turn an
  // all-zero chain into NaN.
  int64_t scale = int64_t(maxExponent(a)) + maxExponent(b);
  if (scale > kMaxFloatExponent)
    return Status::error(
        std::string(op) + ": exponent sum " + std::to_string(scale) +
        " makes the FP32 scale 2^(ea + eb) infinite (at most " +
        std::to_string(kMaxFloatExponent) + ")");
  if (maxA == 0 || maxB == 0 || chain <= INT32_MAX / (maxA * maxB))
    return Status::success();
  return Status::error(
      std::string(op) + ": chain " + std::to_string(chain) +
      " could overflow INT32: " + std::to_string(chain) + " * " +
      std::to_string(maxA) + " * " + std::to_string(maxB) +
      " > 2^31 - 1 (max |q| of the operands; the longest safe chain is " +
      std::to_string(chainLengthForRange(maxA, maxB, 1)) + ")");
}

} // namespace dfp
