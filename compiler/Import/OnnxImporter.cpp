#include "dfp/Import/OnnxImporter.h"

#include "GraphBuilder.h"
#include "ModelLoader.h"

#include "dfp/Dialect/Dfp/IR/DfpDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "onnx/onnx_pb.h"
#include "llvm/Support/MemoryBuffer.h"

namespace mlir::dfp {

void loadOnnxImportDialects(MLIRContext &context) {
  context.loadDialect<DfpDialect, arith::ArithDialect, func::FuncDialect,
                      linalg::LinalgDialect, math::MathDialect,
                      tensor::TensorDialect>();
}

static bool isSupportedOpType(llvm::StringRef opType) {
  return onnx_import::converterTable().count(opType) != 0;
}

static llvm::Expected<OwningOpRef<ModuleOp>>
buildModule(llvm::Expected<std::unique_ptr<onnx::ModelProto>> model,
            MLIRContext &context, const OnnxImportOptions &options) {
  if (!model)
    return model.takeError();
  loadOnnxImportDialects(context);
  onnx_import::GraphBuilder builder(context, **model, options);
  return builder.build();
}

llvm::Expected<OwningOpRef<ModuleOp>>
importOnnxFile(llvm::StringRef path, MLIRContext &context,
               const OnnxImportOptions &options) {
  return buildModule(
      onnx_import::loadModelFile(path, options.limits, isSupportedOpType),
      context, options);
}

llvm::Expected<OwningOpRef<ModuleOp>>
importOnnxBytes(llvm::StringRef bytes, llvm::StringRef modelDirectory,
                MLIRContext &context, const OnnxImportOptions &options) {
  return buildModule(onnx_import::loadModelBytes(bytes, modelDirectory,
                                                 options.limits,
                                                 isSupportedOpType),
                     context, options);
}

llvm::Expected<std::vector<std::string>>
readOnnxOpTypes(llvm::StringRef path, const OnnxImportLimits &limits) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(buffer.getError(),
                                   "cannot open '" + path +
                                       "': " + buffer.getError().message());
  onnx::ModelProto model;
  if (static_cast<int64_t>((*buffer)->getBufferSize()) > limits.maxFileBytes ||
      !model.ParseFromArray((*buffer)->getBufferStart(),
                            static_cast<int>((*buffer)->getBufferSize())))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'" + path +
                                       "' is not a ModelProto within the "
                                       "size limit");
  std::vector<std::string> opTypes;
  for (const onnx::NodeProto &node : model.graph().node())
    opTypes.push_back(node.op_type());
  return opTypes;
}

FailureOr<OwningOpRef<ModuleOp>>
importOnnxFileOrEmitError(llvm::StringRef path, MLIRContext &context,
                          const OnnxImportOptions &options) {
  llvm::Expected<OwningOpRef<ModuleOp>> module =
      importOnnxFile(path, context, options);
  if (!module) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << llvm::toString(module.takeError());
    return failure();
  }
  return std::move(*module);
}

} // namespace mlir::dfp
