#ifndef DFP_COMPILER_IMPORT_MODELLOADER_H
#define DFP_COMPILER_IMPORT_MODELLOADER_H

#include "dfp/Import/OnnxImporter.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <memory>

namespace onnx {
class ModelProto;
} // namespace onnx

namespace mlir::dfp::onnx_import {

/// Lowest and highest default-domain opset the importer maps.
constexpr int64_t kMinOpset = 7;
constexpr int64_t kMaxOpset = 18;
/// Older models are first converted to kMinOpset by the ONNX version
/// converter.
constexpr int64_t kMinConvertibleOpset = 1;

/// Whether the importer maps a default-domain op type.
using OpTypePredicate = llvm::function_ref<bool(llvm::StringRef)>;

/// Reads, size-checks and parses a model, inlines its external data (after
/// checking that it stays inside the model's directory), rejects nodes whose
/// op type `isSupported` refuses, then runs the ONNX checker and shape
/// inference. Unsupported nodes are refused before shape inference so that
/// only the inference functions of supported ops ever see hostile input.
/// Exceptions of the ONNX library never escape: they become the returned
/// error.
llvm::Expected<std::unique_ptr<onnx::ModelProto>>
loadModelFile(llvm::StringRef path, const OnnxImportLimits &limits,
              OpTypePredicate isSupported);

llvm::Expected<std::unique_ptr<onnx::ModelProto>>
loadModelBytes(llvm::StringRef bytes, llvm::StringRef modelDirectory,
               const OnnxImportLimits &limits, OpTypePredicate isSupported);

} // namespace mlir::dfp::onnx_import

#endif // DFP_COMPILER_IMPORT_MODELLOADER_H
