#include "QuantizeFormat.h"

#include "mlir/IR/Diagnostics.h"

namespace mlir::dfp {

/// Consumes a non-negative decimal integer from the front of `text`.
static std::optional<int64_t> consumeInteger(StringRef &text) {
  unsigned long long value;
  if (text.consumeInteger(10, value))
    return std::nullopt;
  return static_cast<int64_t>(value);
}

/// Parses the grouping part of a format spec into `format`.
static LogicalResult parseGrouping(StringRef text, QuantizeFormat &format) {
  using AxisSource = QuantizeFormat::AxisSource;
  if (text == "tensor") {
    format.grouping = ExponentGrouping::tensor();
    return success();
  }
  if (text == "channel") {
    format.grouping = ExponentGrouping::perAxis(0);
    format.axisSource = AxisSource::Kept;
    return success();
  }
  if (text.consume_front("axis")) {
    std::optional<int64_t> axis = consumeInteger(text);
    if (!axis || !text.empty())
      return failure();
    format.grouping = ExponentGrouping::perAxis(*axis);
    return success();
  }
  if (!text.consume_front("block"))
    return failure();
  std::optional<int64_t> blockSize = consumeInteger(text);
  if (!blockSize || *blockSize <= 0)
    return failure();
  if (text.empty()) {
    format.grouping = ExponentGrouping::block(*blockSize, 0);
    format.axisSource = AxisSource::Reduction;
    return success();
  }
  if (!text.consume_front("on"))
    return failure();
  std::optional<int64_t> axis = consumeInteger(text);
  if (!axis || !text.empty())
    return failure();
  format.grouping = ExponentGrouping::block(*blockSize, *axis);
  return success();
}

FailureOr<QuantizeFormat> QuantizeFormat::parse(StringRef spec,
                                                std::string &error) {
  SmallVector<StringRef, 3> parts;
  spec.split(parts, ':');
  QuantizeFormat format;
  auto fail = [&](const Twine &why) -> FailureOr<QuantizeFormat> {
    error = ("invalid format '" + spec + "': " + why +
             " (expected i<B>:<M>:<grouping>, grouping one of tensor, "
             "channel, axis<A>, block<N>, block<N>on<A>)")
                .str();
    return failure();
  };
  if (parts.size() != 3)
    return fail("three ':'-separated parts needed");
  StringRef storage = parts[0], magnitude = parts[1];
  std::optional<int64_t> storageBits, magBits;
  if (storage.consume_front("i"))
    storageBits = consumeInteger(storage);
  if (!storageBits || !storage.empty() ||
      (*storageBits != 8 && *storageBits != 16))
    return fail("storage must be i8 or i16");
  magBits = consumeInteger(magnitude);
  if (!magBits || !magnitude.empty() || *magBits < 1 ||
      *magBits > *storageBits - 1)
    return fail("magnitude bits must be in [1, " + Twine(*storageBits - 1) +
                "]");
  format.storageBits = static_cast<unsigned>(*storageBits);
  format.magBits = static_cast<unsigned>(*magBits);
  if (failed(parseGrouping(parts[2], format)))
    return fail("unknown grouping '" + parts[2] + "'");
  return format;
}

FailureOr<DfpTensorType>
QuantizeFormat::typeFor(const ContractedOperand &operand, ShapedType type,
                        Location loc) const {
  ExponentGrouping resolved = grouping;
  if (axisSource == AxisSource::Kept)
    resolved.axis = operand.keptAxis;
  else if (axisSource == AxisSource::Reduction)
    resolved.axis = operand.reductionAxis;
  MLIRContext *context = loc.getContext();
  DfpTensorType result = DfpTensorType::getChecked(
      [&] {
        return emitError(loc)
               << "cannot quantize " << operand.name << " of " << type << ": ";
      },
      context, type.getShape(), IntegerType::get(context, storageBits), magBits,
      resolved);
  if (!result)
    return failure();
  return result;
}

} // namespace mlir::dfp
