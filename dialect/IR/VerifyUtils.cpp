#include "VerifyUtils.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::dfp::detail {

std::string shapeString(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(shape, os, "x");
  return text;
}

LogicalResult verifyShape(Operation *op, StringRef name,
                          ArrayRef<int64_t> expected,
                          ArrayRef<int64_t> actual) {
  if (expected == actual)
    return success();
  return op->emitOpError("expects ")
         << name << " of shape " << shapeString(expected) << ", got "
         << shapeString(actual);
}

LogicalResult verifyRank(Operation *op, StringRef name, ShapedType type,
                         int64_t rank) {
  if (type.getRank() == rank)
    return success();
  return op->emitOpError("expects ")
         << name << " of rank " << rank << ", got " << type;
}

LogicalResult verifyPerChannel(Operation *op, ShapedType input, StringRef name,
                               ShapedType perChannel) {
  if (input.getRank() < 2)
    return op->emitOpError("expects input of rank at least 2 (N, C, ...), got ")
           << input;
  return verifyShape(op, name, {input.getDimSize(1)}, perChannel.getShape());
}

LogicalResult verifyArrayAttribute(Operation *op, StringRef name,
                                   ArrayRef<int64_t> values, size_t count,
                                   int64_t minimum) {
  if (values.size() != count)
    return op->emitOpError("expects ")
           << count << " values in `" << name << "`, got " << values.size();
  if (llvm::any_of(values, [&](int64_t value) { return value < minimum; }))
    return op->emitOpError("expects every value in `")
           << name << "` to be at least " << minimum << ", got [" << values
           << "]";
  return success();
}

static int64_t slidingWindowCount(int64_t size, int64_t window, int64_t stride,
                                  int64_t dilation, int64_t padBefore,
                                  int64_t padAfter) {
  int64_t extent = dilation * (window - 1) + 1;
  int64_t padded = size + padBefore + padAfter;
  return padded < extent ? 0 : (padded - extent) / stride + 1;
}

FailureOr<SmallVector<int64_t, 2>> windowOutputSize(Operation *op,
                                                    int64_t height,
                                                    int64_t width,
                                                    const Window2d &window) {
  SmallVector<int64_t, 2> output = {
      slidingWindowCount(height, window.height, window.strides[0],
                         window.dilations[0], window.padding[0],
                         window.padding[2]),
      slidingWindowCount(width, window.width, window.strides[1],
                         window.dilations[1], window.padding[1],
                         window.padding[3])};
  if (output[0] < 1 || output[1] < 1)
    return op->emitOpError("window of ")
           << window.height << "x" << window.width
           << " (dilated) does not fit the padded input of " << height << "x"
           << width;
  return output;
}

} // namespace mlir::dfp::detail
