#ifndef DFP_TEST_IMPORT_ONNXMODELS_H
#define DFP_TEST_IMPORT_ONNXMODELS_H

#include "dfp/Import/OnnxImporter.h"

#include "mlir/IR/MLIRContext.h"
#include "onnx/onnx_pb.h"

#include <initializer_list>
#include <string>

namespace dfp::testing {

/// A ModelProto at opset 13 with an empty graph.
onnx::ModelProto emptyModel();

/// Adds a graph input (or output) of `elemType` and static `dims`.
onnx::ValueInfoProto &addInput(onnx::GraphProto &graph, const std::string &name,
                               std::initializer_list<int64_t> dims,
                               int32_t elemType = onnx::TensorProto::FLOAT);
onnx::ValueInfoProto &addOutput(onnx::GraphProto &graph,
                                const std::string &name,
                                std::initializer_list<int64_t> dims,
                                int32_t elemType = onnx::TensorProto::FLOAT);

onnx::NodeProto &addNode(onnx::GraphProto &graph, const std::string &opType,
                         std::initializer_list<std::string> inputs,
                         std::initializer_list<std::string> outputs);

/// Adds a FLOAT initializer of `dims` holding `count` floats of raw data.
onnx::TensorProto &addInitializer(onnx::GraphProto &graph,
                                  const std::string &name,
                                  std::initializer_list<int64_t> dims,
                                  int64_t count);

/// A Relu model: x[2, 3] -> y.
onnx::ModelProto reluModel();

/// Imports serialized `model`; the error message, or "" on success.
std::string importError(const onnx::ModelProto &model,
                        const mlir::dfp::OnnxImportOptions &options = {},
                        const std::string &directory = "");
std::string importBytesError(const std::string &bytes,
                             const mlir::dfp::OnnxImportOptions &options = {});

/// The imported module printed, or "error: ..." on failure.
std::string importText(const onnx::ModelProto &model,
                       const mlir::dfp::OnnxImportOptions &options = {});

} // namespace dfp::testing

#endif // DFP_TEST_IMPORT_ONNXMODELS_H
