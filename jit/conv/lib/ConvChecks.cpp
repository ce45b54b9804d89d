#include "ConvChecks.h"

#include "Vectorized.h"
#include "dfp/reference/ChainLength.h"

#include <algorithm>
#include <climits>

namespace dfp::conv {
namespace {

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text;
}

int64_t maxExponent(const std::vector<int32_t> &exponents) {
  return exponents.empty()
             ? 0
             : *std::max_element(exponents.begin(), exponents.end());
}

} // namespace

Status checkActivationFormat(const std::string &op, const char *name,
                             const DfpFormat &format) {
  const ExponentGrouping &g = format.grouping;
  if (g.kind == ExponentGrouping::Kind::Tensor || g.axis < 2)
    return Status::success();
  return Status::error(op + " " + name +
                       ": exponent groups may not vary along H or W "
                       "(grouping on axis " +
                       std::to_string(g.axis) + ")");
}

Status checkOperand(const std::string &op, const char *name,
                    const QuantizedTensor &tensor,
                    const std::vector<int64_t> &shape,
                    const DfpFormat &plannedFormat) {
  const std::string prefix = op + " " + name;
  // Every int16 fits 16-bit storage: only narrower storage needs the
  // reference's scan of the values.
  if (tensor.format.storageBits != 16) {
    if (Status status = verifyQuantizedTensor(tensor, prefix); !status)
      return status;
  } else if (Status status = tensor.format.verify(tensor.shape); !status) {
    return Status::error(prefix + ": " + status.message());
  } else if (int64_t(tensor.values.size()) != tensor.numElements() ||
             int64_t(tensor.exponents.size()) !=
                 numGroups(tensor.shape, tensor.format)) {
    return Status::error(prefix + ": " + std::to_string(tensor.values.size()) +
                         " values and " +
                         std::to_string(tensor.exponents.size()) +
                         " exponents do not match the shape and format");
  }
  if (tensor.shape != shape)
    return Status::error(prefix + ": shape " + shapeToString(tensor.shape) +
                         " does not match the plan, expected " +
                         shapeToString(shape));
  if (!(tensor.format.grouping == plannedFormat.grouping))
    return Status::error(prefix +
                         ": exponent grouping differs from the planned one");
  return Status::success();
}

// int16 lanes (no widening) so that the loop vectorises to packed min/max.
DFP_CONV_VECTORIZED int32_t maxMagnitude(const QuantizedTensor &tensor) {
  int16_t low = 0, high = 0;
  const int16_t *values = tensor.values.data();
  const size_t count = tensor.values.size();
  for (size_t i = 0; i < count; ++i) {
    low = std::min(low, values[i]);
    high = std::max(high, values[i]);
  }
  return std::max(-int32_t(low), int32_t(high));
}

Status checkChainFits(const std::string &op, int64_t chain, int32_t maxAbsA,
                      const std::vector<int32_t> &exponentsA, int32_t maxAbsB,
                      const std::vector<int32_t> &exponentsB) {
  int64_t scale = maxExponent(exponentsA) + maxExponent(exponentsB);
  if (scale > 127)
    return Status::error(op + ": exponent sum " + std::to_string(scale) +
                         " makes the FP32 scale 2^(ea + eb) infinite (at "
                         "most 127)");
  int64_t product = int64_t(maxAbsA) * maxAbsB;
  if (product == 0 || chain <= INT32_MAX / product)
    return Status::success();
  return Status::error(
      op + ": chain " + std::to_string(chain) +
      " could overflow INT32: " + std::to_string(chain) + " * " +
      std::to_string(maxAbsA) + " * " + std::to_string(maxAbsB) +
      " > 2^31 - 1 (max |q| of the operands; the longest safe chain is " +
      std::to_string(chainLengthForRange(maxAbsA, maxAbsB, 1)) + ")");
}

} // namespace dfp::conv
