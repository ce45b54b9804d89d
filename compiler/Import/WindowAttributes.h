#ifndef DFP_COMPILER_IMPORT_WINDOWATTRIBUTES_H
#define DFP_COMPILER_IMPORT_WINDOWATTRIBUTES_H

#include "NodeContext.h"

namespace mlir::dfp::onnx_import {

/// The 2-D window of a Conv or pooling node, from its attributes, in the
/// Dfp order: padding is [top, left, bottom, right] (ONNX `pads` order too).
struct Window2d {
  llvm::SmallVector<int64_t, 2> kernel;
  llvm::SmallVector<int64_t, 2> strides;
  llvm::SmallVector<int64_t, 2> dilations;
  llvm::SmallVector<int64_t, 4> padding;
  /// Output height and width.
  llvm::SmallVector<int64_t, 2> output;
};

/// Reads kernel_shape (or `kernel` when the weights give it), strides,
/// dilations, pads and auto_pad for an input of `height` x `width`;
/// `ceilMode` rounds the output size up (pooling), rejected when it would
/// change the size since the Dfp ops round down.
llvm::Expected<Window2d> readWindow2d(NodeContext &node, int64_t height,
                                      int64_t width,
                                      llvm::ArrayRef<int64_t> kernel);

/// Requires a rank-4 (NCHW) operand: only 2-D windows are supported.
llvm::Error requireRank4(NodeContext &node, RankedTensorType type,
                         llvm::StringRef what);

} // namespace mlir::dfp::onnx_import

#endif // DFP_COMPILER_IMPORT_WINDOWATTRIBUTES_H
