#include "ModelCheck.h"

#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

namespace mlir::dfp::onnx_export {

static llvm::Error checkError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Error checkExportedModel(const onnx::ModelProto &model) {
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &error) {
    return checkError(llvm::Twine("ONNX checker: ") + error.what());
  }
  try {
    onnx::ModelProto inferred = model;
    onnx::ShapeInferenceOptions options(/*check_type_val=*/true,
                                        /*strict_mode_val=*/1,
                                        /*data_prop_val=*/true);
    onnx::shape_inference::InferShapes(
        inferred, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &error) {
    return checkError(llvm::Twine("ONNX shape inference: ") + error.what());
  }
  return llvm::Error::success();
}

} // namespace mlir::dfp::onnx_export
