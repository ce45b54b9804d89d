#ifndef DFP_EXPORT_ONNXEXPORTER_H
#define DFP_EXPORT_ONNXEXPORTER_H

#include "dfp/runtime/Checkpoint.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir::dfp {

struct OnnxExportOptions {
  /// The function to export: a Dfp forward function on f32 tensors.
  std::string functionName = "forward";
  std::string graphName = "dfpc";
};

/// Writes the function `options.functionName` of `module` as a serialized
/// ONNX ModelProto (opset 13, the layout torch.onnx.export gives): its
/// arguments marked `dfp.param = "<name>"` or `dfp.state = "<name>"` become
/// initializers of that name, the others graph inputs (named by `dfp.name`,
/// else input_<i>), its results graph outputs (named by `dfp.name`, else
/// output_<i>). An initializer takes its data from the tensor of `values`
/// with its name, else from the argument's `dfp.initial_value`; tensors of
/// other names (a checkpoint's momenta) are ignored.
///
/// Maps dfp.conv2d (with a following dfp.bias_add as Conv's B),
/// dfp.matmul (Gemm, a following dfp.bias_add as C), dfp.bias_add, dfp.add,
/// dfp.relu, dfp.max_pool2d, dfp.avg_pool2d, dfp.global_avg_pool,
/// dfp.batch_norm_inference, dfp.reshape and f32/i64/i32 arith.constant.
/// Any other op, a DFP-typed value (export before quantizing), or a value of
/// the wrong shape is an error naming it. The model passes the ONNX checker
/// and strict shape inference, whose output shapes must match the function's.
llvm::Expected<std::string>
exportOnnxBytes(ModuleOp module,
                llvm::ArrayRef<::dfp::runtime::NamedTensor> values = {},
                const OnnxExportOptions &options = {});

/// As exportOnnxBytes, written to `path`.
llvm::Error
exportOnnxFile(llvm::StringRef path, ModuleOp module,
               llvm::ArrayRef<::dfp::runtime::NamedTensor> values = {},
               const OnnxExportOptions &options = {});

} // namespace mlir::dfp

#endif // DFP_EXPORT_ONNXEXPORTER_H
