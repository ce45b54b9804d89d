#ifndef DFP_IMPORT_ONNXIMPORTER_H
#define DFP_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;

namespace dfp {

/// Upper bounds checked before anything is allocated for a model: a model
/// that asks for more is rejected with an error naming the limit.
struct OnnxImportLimits {
  int64_t maxFileBytes =
      (int64_t(1) << 31) - 1;                   ///< model file (protobuf limit)
  int64_t maxRank = 8;                          ///< dimensions per tensor
  int64_t maxDimSize = int64_t(1) << 31;        ///< one dimension
  int64_t maxTensorElements = int64_t(1) << 28; ///< elements per tensor
  int64_t maxTotalDataBytes = int64_t(1) << 31; ///< all initializer data
  int64_t maxNodes = int64_t(1) << 20;          ///< nodes in the graph
};

/// What float initializers become.
enum class InitializerPolicy {
  /// Float initializers read as a Conv/ConvTranspose weight or bias, a Gemm
  /// B or C, a MatMul B, or a BatchNormalization scale or bias become
  /// function arguments marked `dfp.param = "<initializer name>"`;
  /// BatchNormalization running mean and variance become arguments marked
  /// `dfp.state = "<initializer name>"`. Both carry
  /// `dfp.initial_value = dense_resource<...>` (the data, kept in the
  /// module's resource section so the printed module still holds it).
  /// Every other initializer becomes an arith.constant.
  Parameters,
  /// Every initializer becomes an arith.constant.
  Constants,
};

struct OnnxImportOptions {
  InitializerPolicy initializers = InitializerPolicy::Parameters;
  OnnxImportLimits limits;
  /// Values for symbolic dimensions (dim_param) of the graph inputs, e.g.
  /// {"batch_size", 32}; any other symbolic dimension is an error.
  std::map<std::string, int64_t> dimParams;
  /// The size of a leading dimension (the batch) that is symbolic and not in
  /// dimParams; unset: such a dimension is an error.
  std::optional<int64_t> leadingDimension;
  /// The graph's function; the training-step pass and the runtime look for
  /// `forward`.
  std::string functionName = "forward";
};

/// Imports an ONNX model file into a module with one func.func holding the
/// graph on f32 tensors, its arguments the graph inputs (`dfp.name`) first,
/// then the parameters and state (see InitializerPolicy), its results the
/// graph outputs (`dfp.name`): Dfp ops where the dialect has them, linalg,
/// tensor, arith and math ops elsewhere. Runs the ONNX checker and shape
/// inference first; external data must stay inside the model's directory. Every
/// failure (I/O, malformed or hostile model, unsupported op, dtype or
/// attribute) is an error whose message names what is at fault.
llvm::Expected<OwningOpRef<ModuleOp>>
importOnnxFile(llvm::StringRef path, MLIRContext &context,
               const OnnxImportOptions &options = {});

/// As importOnnxFile, from serialized ModelProto bytes; external data is
/// resolved relative to `modelDirectory` (none is allowed when it is empty).
llvm::Expected<OwningOpRef<ModuleOp>>
importOnnxBytes(llvm::StringRef bytes, llvm::StringRef modelDirectory,
                MLIRContext &context, const OnnxImportOptions &options = {});

/// As importOnnxFile, reporting the error as an MLIR diagnostic at `path`.
FailureOr<OwningOpRef<ModuleOp>>
importOnnxFileOrEmitError(llvm::StringRef path, MLIRContext &context,
                          const OnnxImportOptions &options = {});

/// The op types of the nodes of a model's main graph, in order (the model
/// is parsed, not checked).
llvm::Expected<std::vector<std::string>>
readOnnxOpTypes(llvm::StringRef path, const OnnxImportLimits &limits = {});

/// Loads the dialects an imported module uses.
void loadOnnxImportDialects(MLIRContext &context);

} // namespace dfp
} // namespace mlir

#endif // DFP_IMPORT_ONNXIMPORTER_H
