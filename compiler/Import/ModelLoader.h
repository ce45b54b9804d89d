#ifndef DFP_COMPILER_IMPORT_MODELLOADER_H
#define DFP_COMPILER_IMPORT_MODELLOADER_H

#include "dfp/Import/OnnxImporter.h"

#include <memory>

namespace onnx {
class ModelProto;
} // namespace onnx

namespace mlir::dfp::onnx_import {

/// Lowest and highest default-domain opset the importer maps.
constexpr int64_t kMinOpset = 7;
constexpr int64_t kMaxOpset = 18;

/// Reads, size-checks and parses a model, inlines its external data (after
/// checking that it stays inside the model's directory), then runs the ONNX
/// checker and shape inference. Exceptions of the ONNX library never escape:
/// they become the returned error.
llvm::Expected<std::unique_ptr<onnx::ModelProto>>
loadModelFile(llvm::StringRef path, const OnnxImportLimits &limits);

llvm::Expected<std::unique_ptr<onnx::ModelProto>>
loadModelBytes(llvm::StringRef bytes, llvm::StringRef modelDirectory,
               const OnnxImportLimits &limits);

} // namespace mlir::dfp::onnx_import

#endif // DFP_COMPILER_IMPORT_MODELLOADER_H
