#include "OnnxModels.h"

#include "dfp/Registration/InitAllDialects.h"
#include "mlir/IR/DialectRegistry.h"
#include "llvm/Support/raw_ostream.h"

namespace dfp::testing {

onnx::ModelProto emptyModel() {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.set_producer_name("dfp-import-tests");
  onnx::OperatorSetIdProto *opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(13);
  model.mutable_graph()->set_name("hostile");
  return model;
}

static void setType(onnx::ValueInfoProto &value, const std::string &name,
                    std::initializer_list<int64_t> dims, int32_t elemType) {
  value.set_name(name);
  onnx::TypeProto::Tensor *tensor = value.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(elemType);
  onnx::TensorShapeProto *shape = tensor->mutable_shape();
  for (int64_t dim : dims)
    shape->add_dim()->set_dim_value(dim);
}

onnx::ValueInfoProto &addInput(onnx::GraphProto &graph, const std::string &name,
                               std::initializer_list<int64_t> dims,
                               int32_t elemType) {
  onnx::ValueInfoProto &value = *graph.add_input();
  setType(value, name, dims, elemType);
  return value;
}

onnx::ValueInfoProto &addOutput(onnx::GraphProto &graph,
                                const std::string &name,
                                std::initializer_list<int64_t> dims,
                                int32_t elemType) {
  onnx::ValueInfoProto &value = *graph.add_output();
  setType(value, name, dims, elemType);
  return value;
}

onnx::NodeProto &addNode(onnx::GraphProto &graph, const std::string &opType,
                         std::initializer_list<std::string> inputs,
                         std::initializer_list<std::string> outputs) {
  onnx::NodeProto &node = *graph.add_node();
  node.set_op_type(opType);
  node.set_name(opType + std::to_string(graph.node_size()));
  for (const std::string &input : inputs)
    node.add_input(input);
  for (const std::string &output : outputs)
    node.add_output(output);
  return node;
}

onnx::TensorProto &addInitializer(onnx::GraphProto &graph,
                                  const std::string &name,
                                  std::initializer_list<int64_t> dims,
                                  int64_t count) {
  onnx::TensorProto &tensor = *graph.add_initializer();
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t dim : dims)
    tensor.add_dims(dim);
  tensor.set_raw_data(std::string(static_cast<size_t>(count) * 4, '\0'));
  return tensor;
}

onnx::ModelProto reluModel() {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {2, 3});
  addNode(graph, "Relu", {"x"}, {"y"});
  addOutput(graph, "y", {2, 3});
  return model;
}

static mlir::MLIRContext &freshContext() {
  static mlir::DialectRegistry registry = [] {
    mlir::DialectRegistry dialects;
    mlir::dfp::registerAllDialects(dialects);
    return dialects;
  }();
  thread_local std::unique_ptr<mlir::MLIRContext> context;
  context = std::make_unique<mlir::MLIRContext>(registry);
  return *context;
}

std::string importBytesError(const std::string &bytes,
                             const mlir::dfp::OnnxImportOptions &options) {
  auto module = mlir::dfp::importOnnxBytes(bytes, "", freshContext(), options);
  return module ? "" : llvm::toString(module.takeError());
}

std::string importError(const onnx::ModelProto &model,
                        const mlir::dfp::OnnxImportOptions &options,
                        const std::string &directory) {
  auto module = mlir::dfp::importOnnxBytes(model.SerializeAsString(), directory,
                                           freshContext(), options);
  return module ? "" : llvm::toString(module.takeError());
}

std::string importText(const onnx::ModelProto &model,
                       const mlir::dfp::OnnxImportOptions &options) {
  auto module = mlir::dfp::importOnnxBytes(model.SerializeAsString(), "",
                                           freshContext(), options);
  if (!module)
    return "error: " + llvm::toString(module.takeError());
  std::string text;
  llvm::raw_string_ostream os(text);
  (*module)->print(os);
  return text;
}

} // namespace dfp::testing
