#include "WindowAttributes.h"

#include "OpHelpers.h"

#include "llvm/Support/FormatVariadic.h"

namespace mlir::dfp::onnx_import {

llvm::Error requireRank4(NodeContext &node, RankedTensorType type,
                         llvm::StringRef what) {
  if (type.getRank() == 4)
    return llvm::Error::success();
  return node.error(llvm::formatv(
      "{0} has rank {1}; only 2-D windows (NCHW, rank 4) are supported", what,
      type.getRank()));
}

/// Reads a 2-element attribute, defaulting to `fallback` in each axis.
static llvm::Expected<llvm::SmallVector<int64_t, 2>>
pairAttr(NodeContext &node, llvm::StringRef name, int64_t fallback,
         int64_t minimum) {
  std::optional<llvm::SmallVector<int64_t>> values = node.intsAttr(name);
  if (!values)
    return llvm::SmallVector<int64_t, 2>{fallback, fallback};
  if (values->size() != 2)
    return node.unsupportedAttr(name,
                                listText(*values) + " (expected 2 values)");
  for (int64_t value : *values)
    if (value < minimum || value > node.options().limits.maxDimSize)
      return node.unsupportedAttr(name, listText(*values));
  return llvm::SmallVector<int64_t, 2>(values->begin(), values->end());
}

static int64_t dilatedExtent(int64_t kernel, int64_t dilation) {
  return dilation * (kernel - 1) + 1;
}

llvm::Expected<Window2d> readWindow2d(NodeContext &node, int64_t height,
                                      int64_t width,
                                      llvm::ArrayRef<int64_t> kernel) {
  Window2d window;
  std::optional<llvm::SmallVector<int64_t>> kernelShape =
      node.intsAttr("kernel_shape");
  if (kernelShape && !kernel.empty() &&
      llvm::ArrayRef<int64_t>(*kernelShape) != kernel)
    return node.unsupportedAttr("kernel_shape", listText(*kernelShape) +
                                                    " (the weights give " +
                                                    listText(kernel) + ")");
  if (kernel.empty()) {
    if (!kernelShape || kernelShape->size() != 2)
      return node.unsupportedAttr("kernel_shape",
                                  kernelShape ? listText(*kernelShape)
                                              : std::string("(absent)"));
    kernel = *kernelShape;
  }
  window.kernel.assign(kernel.begin(), kernel.end());
  if (llvm::any_of(kernel, [&](int64_t size) {
        return size < 1 || size > node.options().limits.maxDimSize;
      }))
    return node.unsupportedAttr("kernel_shape", listText(kernel));
  auto strides = pairAttr(node, "strides", 1, 1);
  if (!strides)
    return strides.takeError();
  auto dilations = pairAttr(node, "dilations", 1, 1);
  if (!dilations)
    return dilations.takeError();
  window.strides = *strides;
  window.dilations = *dilations;

  int64_t sizes[2] = {height, width};
  std::string autoPad = node.stringAttr("auto_pad", "NOTSET");
  window.padding.assign(4, 0);
  if (autoPad == "NOTSET") {
    if (std::optional<llvm::SmallVector<int64_t>> pads =
            node.intsAttr("pads")) {
      if (pads->size() != 4 || llvm::any_of(*pads, [&](int64_t pad) {
            return pad < 0 || pad > node.options().limits.maxDimSize;
          }))
        return node.unsupportedAttr("pads", listText(*pads));
      window.padding.assign(pads->begin(), pads->end());
    }
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int axis = 0; axis < 2; ++axis) {
      int64_t output =
          (sizes[axis] + window.strides[axis] - 1) / window.strides[axis];
      int64_t total = std::max<int64_t>(
          0, (output - 1) * window.strides[axis] +
                 dilatedExtent(kernel[axis], window.dilations[axis]) -
                 sizes[axis]);
      int64_t small = total / 2, large = total - small;
      window.padding[axis] = autoPad == "SAME_UPPER" ? small : large;
      window.padding[axis + 2] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad != "VALID") {
    return node.unsupportedAttr("auto_pad", "'" + autoPad + "'");
  }

  bool ceilMode = node.intAttr("ceil_mode", 0) != 0;
  for (int axis = 0; axis < 2; ++axis) {
    int64_t padded =
        sizes[axis] + window.padding[axis] + window.padding[axis + 2];
    int64_t extent = dilatedExtent(kernel[axis], window.dilations[axis]);
    if (padded < extent)
      return node.error(llvm::formatv(
          "window of {0} (dilated) does not fit the padded input size {1}",
          extent, padded));
    int64_t span = padded - extent;
    int64_t floorSize = span / window.strides[axis] + 1;
    int64_t ceilSize =
        (span + window.strides[axis] - 1) / window.strides[axis] + 1;
    if (ceilMode && ceilSize != floorSize)
      return node.unsupportedAttr(
          "ceil_mode", "1 (rounding up changes the output size here)");
    window.output.push_back(floorSize);
  }
  return window;
}

} // namespace mlir::dfp::onnx_import
