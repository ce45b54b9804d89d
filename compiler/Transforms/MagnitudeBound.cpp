#include "MagnitudeBound.h"

#include "dfp/reference/Quantize.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

namespace mlir::dfp {

Operation *getFormatSource(Value value) {
  Operation *definingOp = value.getDefiningOp();
  if (auto reshape = dyn_cast_or_null<ReshapeOp>(definingOp))
    return getFormatSource(reshape.getInput());
  if (isa_and_nonnull<QuantizeOp, RequantizeOp>(definingOp))
    return definingOp;
  return nullptr;
}

static bool acceptsAnyFormat(Value value) {
  return llvm::all_of(value.getUsers(), [](Operation *user) {
    if (auto reshape = dyn_cast<ReshapeOp>(user))
      return acceptsAnyFormat(reshape.getResult());
    return isa<ContractionOpInterface, DequantizeOp, RequantizeOp>(user);
  });
}

bool hasAdjustableFormat(Operation *source) {
  return acceptsAnyFormat(source->getResult(0));
}

static ::dfp::Rounding toReference(RoundingMode rounding) {
  switch (rounding) {
  case RoundingMode::NearestEven:
    return ::dfp::Rounding::NearestEven;
  case RoundingMode::NearestUp:
    return ::dfp::Rounding::NearestUp;
  case RoundingMode::TowardZero:
    return ::dfp::Rounding::TowardZero;
  case RoundingMode::Stochastic:
    return ::dfp::Rounding::Stochastic;
  }
  llvm_unreachable("unknown rounding mode");
}

static ::dfp::ExponentGrouping
toReference(mlir::dfp::ExponentGrouping grouping) {
  switch (grouping.kind) {
  case mlir::dfp::ExponentGrouping::Kind::Tensor:
    return ::dfp::ExponentGrouping::tensor();
  case mlir::dfp::ExponentGrouping::Kind::Axis:
    return ::dfp::ExponentGrouping::perAxis(static_cast<int>(grouping.axis));
  case mlir::dfp::ExponentGrouping::Kind::Block:
    return ::dfp::ExponentGrouping::block(grouping.blockSize,
                                          static_cast<int>(grouping.axis));
  }
  llvm_unreachable("unknown exponent grouping");
}

/// The largest |q| quantizing `constant` into `type` (with `magBits`) gives:
/// each group's largest |x| scaled by its exponent and rounded, taking the
/// rounding that gives it the largest magnitude (stochastic with u = 0 is
/// ceil). None for non-finite data, which fails to quantize at run time.
static std::optional<int64_t>
largestQuantizedMagnitude(DenseElementsAttr constant, DfpTensorType type,
                          unsigned magBits, RoundingMode rounding) {
  ::dfp::DfpFormat format;
  format.storageBits = static_cast<int>(type.getStorageBits());
  format.magBits = static_cast<int>(magBits);
  format.grouping = toReference(type.getGrouping());
  std::vector<int64_t> shape(type.getShape().begin(), type.getShape().end());
  std::vector<float> groupMax(size_t(::dfp::numGroups(shape, format)), 0.0f);
  int64_t index = 0;
  for (float x : constant.getValues<float>()) {
    if (!std::isfinite(x))
      return std::nullopt;
    float &largest = groupMax[size_t(::dfp::groupOf(shape, format, index++))];
    largest = std::max(largest, std::fabs(x));
  }
  int64_t largestMagnitude = 0;
  for (float maxAbs : groupMax) {
    int32_t exponent = ::dfp::exponentForMaxAbs(maxAbs, format.magBits);
    float scaled = ::dfp::scaleByExponent(maxAbs, exponent);
    int32_t q = ::dfp::roundAndClamp(scaled, toReference(rounding),
                                     /*randomBits=*/0, format.magBits);
    largestMagnitude = std::max<int64_t>(largestMagnitude, std::abs(q));
  }
  return largestMagnitude;
}

MagnitudeBound boundMagnitude(TypedValue<ShapedType> value, bool trustFormats,
                              std::optional<unsigned> magBits) {
  auto type = cast<DfpTensorType>(value.getType());
  Operation *source = getFormatSource(value);
  unsigned mag = magBits.value_or(type.getMagBits());
  int64_t formatBound = (int64_t(1) << mag) - 1;
  std::string formatReason = "2^" + std::to_string(mag) + " - 1";
  if (auto quantize = dyn_cast_or_null<QuantizeOp>(source)) {
    DenseElementsAttr constant;
    if (matchPattern(quantize.getInput(), m_Constant(&constant))) {
      if (std::optional<int64_t> largest = largestQuantizedMagnitude(
              constant, cast<DfpTensorType>(quantize.getType()), mag,
              quantize.getRounding()))
        return {*largest, "quantized constant"};
    }
  }
  if (source || trustFormats)
    return {formatBound, formatReason};
  unsigned halfRangeBits = type.getStorageBits() - 1;
  return {int64_t(1) << halfRangeBits,
          "2^" + std::to_string(halfRangeBits) + ": may hold -2^" +
              std::to_string(halfRangeBits) +
              ", not produced by dfp.quantize or dfp.requantize"};
}

} // namespace mlir::dfp
