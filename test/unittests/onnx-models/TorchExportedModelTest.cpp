// A model laid out as torch.onnx.export (opset 13) writes a small CNN:
// Conv+BatchNorm+Relu+MaxPool, Conv(stride 2)+BatchNorm+Relu, flatten, Linear
// (Gemm with transB), with PyTorch's initializer and node names. The
// libonnx-testdata package has no such model (its "real" models are only
// download links), so the test writes one, with reference outputs computed
// by ReferenceOps, in the node-test layout and runs it through dfp-run's
// suite.
#include "NodeTestSuite.h"
#include "ReferenceOps.h"

#include "dfp/Import/OnnxImporter.h"
#include "dfp/Import/OnnxTensorFile.h"
#include "dfp/Registration/InitAllDialects.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "onnx/onnx_pb.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace dfp::testing {
namespace {

using mlir::dfp::OnnxTensor;

/// How the classifier flattens its features before the Linear layer.
enum class FlattenStyle {
  Flatten,   ///< torch.flatten(x, 1): a Flatten node
  ViewChain, ///< x.view(x.size(0), -1): Shape, Gather, Unsqueeze, Concat
};

Tensor randomTensor(std::vector<int64_t> shape, std::mt19937 &rng, float low,
                    float high) {
  std::uniform_real_distribution<float> dist(low, high);
  Tensor tensor{std::move(shape), {}};
  int64_t count = 1;
  for (int64_t dim : tensor.shape)
    count *= dim;
  for (int64_t i = 0; i < count; ++i)
    tensor.values.push_back(dist(rng));
  return tensor;
}

struct TorchCnn {
  Tensor conv1Weight, conv1Bias, bn1Weight, bn1Bias, bn1Mean, bn1Var;
  Tensor conv2Weight, conv2Bias, bn2Weight, bn2Bias, bn2Mean, bn2Var;
  Tensor fcWeight, fcBias; // nn.Linear: [out, in]

  explicit TorchCnn(uint32_t seed) {
    std::mt19937 rng(seed);
    conv1Weight = randomTensor({4, 3, 3, 3}, rng, -0.5f, 0.5f);
    conv1Bias = randomTensor({4}, rng, -0.1f, 0.1f);
    bn1Weight = randomTensor({4}, rng, 0.5f, 1.5f);
    bn1Bias = randomTensor({4}, rng, -0.2f, 0.2f);
    bn1Mean = randomTensor({4}, rng, -0.3f, 0.3f);
    bn1Var = randomTensor({4}, rng, 0.5f, 2.0f);
    conv2Weight = randomTensor({8, 4, 3, 3}, rng, -0.3f, 0.3f);
    conv2Bias = randomTensor({8}, rng, -0.1f, 0.1f);
    bn2Weight = randomTensor({8}, rng, 0.5f, 1.5f);
    bn2Bias = randomTensor({8}, rng, -0.2f, 0.2f);
    bn2Mean = randomTensor({8}, rng, -0.3f, 0.3f);
    bn2Var = randomTensor({8}, rng, 0.5f, 2.0f);
    fcWeight = randomTensor({10, 32}, rng, -0.3f, 0.3f);
    fcBias = randomTensor({10}, rng, -0.1f, 0.1f);
  }

  Tensor forward(const Tensor &input) const {
    Tensor x = conv2d(input, conv1Weight, &conv1Bias, 1, 1);
    x = relu(batchNorm(x, bn1Weight, bn1Bias, bn1Mean, bn1Var, 1e-5f));
    x = maxPool(x, 2, 2);
    x = conv2d(x, conv2Weight, &conv2Bias, 2, 1);
    x = relu(batchNorm(x, bn2Weight, bn2Bias, bn2Mean, bn2Var, 1e-5f));
    return linear(flatten(x), fcWeight, fcBias, /*weightIsOutIn=*/true);
  }
};

void setShape(onnx::ValueInfoProto &info, const std::string &name,
              const std::vector<int64_t> &dims) {
  info.set_name(name);
  auto *tensor = info.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t dim : dims)
    tensor->mutable_shape()->add_dim()->set_dim_value(dim);
}

void addFloats(onnx::GraphProto &graph, const std::string &name,
               const Tensor &tensor) {
  onnx::TensorProto &proto = *graph.add_initializer();
  proto.set_name(name);
  proto.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t dim : tensor.shape)
    proto.add_dims(dim);
  proto.set_raw_data(
      std::string(reinterpret_cast<const char *>(tensor.values.data()),
                  tensor.values.size() * sizeof(float)));
}

/// PyTorch 2 names: node "/conv1/Conv", output "/conv1/Conv_output_0".
onnx::NodeProto &addNode(onnx::GraphProto &graph, const std::string &scope,
                         const std::string &opType,
                         std::vector<std::string> inputs,
                         const std::string &output = "") {
  onnx::NodeProto &node = *graph.add_node();
  node.set_name(scope + "/" + opType);
  node.set_op_type(opType);
  for (const std::string &input : inputs)
    node.add_input(input);
  node.add_output(output.empty() ? scope + "/" + opType + "_output_0" : output);
  return node;
}

void setInts(onnx::NodeProto &node, const std::string &name,
             std::vector<int64_t> values) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name);
  attr.set_type(onnx::AttributeProto::INTS);
  for (int64_t value : values)
    attr.add_ints(value);
}

void setInt(onnx::NodeProto &node, const std::string &name, int64_t value) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name);
  attr.set_type(onnx::AttributeProto::INT);
  attr.set_i(value);
}

void setFloat(onnx::NodeProto &node, const std::string &name, float value) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name);
  attr.set_type(onnx::AttributeProto::FLOAT);
  attr.set_f(value);
}

/// A Constant node holding an int64 tensor (the dims empty for a scalar).
std::string addInt64Constant(onnx::GraphProto &graph, const std::string &scope,
                             std::vector<int64_t> dims,
                             std::vector<int64_t> values) {
  onnx::NodeProto &node = addNode(graph, scope, "Constant", {});
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name("value");
  attr.set_type(onnx::AttributeProto::TENSOR);
  onnx::TensorProto &tensor = *attr.mutable_t();
  tensor.set_data_type(onnx::TensorProto::INT64);
  for (int64_t dim : dims)
    tensor.add_dims(dim);
  for (int64_t value : values)
    tensor.add_int64_data(value);
  return node.output(0);
}

std::string addConvBnRelu(onnx::GraphProto &graph, const std::string &input,
                          const std::string &conv, const std::string &bn,
                          const std::string &reluScope, int64_t stride) {
  onnx::NodeProto &convNode = addNode(
      graph, "/" + conv, "Conv", {input, conv + ".weight", conv + ".bias"});
  setInts(convNode, "dilations", {1, 1});
  setInt(convNode, "group", 1);
  setInts(convNode, "kernel_shape", {3, 3});
  setInts(convNode, "pads", {1, 1, 1, 1});
  setInts(convNode, "strides", {stride, stride});
  onnx::NodeProto &bnNode =
      addNode(graph, "/" + bn, "BatchNormalization",
              {convNode.output(0), bn + ".weight", bn + ".bias",
               bn + ".running_mean", bn + ".running_var"});
  setFloat(bnNode, "epsilon", 1e-5f);
  setFloat(bnNode, "momentum", 0.9f);
  return addNode(graph, "/" + reluScope, "Relu", {bnNode.output(0)}).output(0);
}

std::string flattenFeatures(onnx::GraphProto &graph, const std::string &x,
                            FlattenStyle style) {
  if (style == FlattenStyle::Flatten) {
    onnx::NodeProto &node = addNode(graph, "", "Flatten", {x});
    setInt(node, "axis", 1);
    return node.output(0);
  }
  std::string shape = addNode(graph, "", "Shape", {x}).output(0);
  std::string index = addInt64Constant(graph, "", {}, {0});
  onnx::NodeProto &gather = addNode(graph, "", "Gather", {shape, index});
  setInt(gather, "axis", 0);
  std::string axes = addInt64Constant(graph, "/Constant_1", {1}, {0});
  std::string batch =
      addNode(graph, "", "Unsqueeze", {gather.output(0), axes}).output(0);
  std::string rest = addInt64Constant(graph, "/Constant_2", {1}, {-1});
  onnx::NodeProto &concat = addNode(graph, "", "Concat", {batch, rest});
  setInt(concat, "axis", 0);
  return addNode(graph, "", "Reshape", {x, concat.output(0)}).output(0);
}

onnx::ModelProto torchCnnModel(const TorchCnn &cnn, FlattenStyle style) {
  onnx::ModelProto model;
  model.set_ir_version(7);
  model.set_producer_name("pytorch");
  model.set_producer_version("2.0.1");
  onnx::OperatorSetIdProto &opset = *model.add_opset_import();
  opset.set_domain("");
  opset.set_version(13);
  onnx::GraphProto &graph = *model.mutable_graph();
  graph.set_name("torch_jit");
  setShape(*graph.add_input(), "input", {2, 3, 8, 8});
  std::string x = addConvBnRelu(graph, "input", "conv1", "bn1", "relu", 1);
  onnx::NodeProto &pool = addNode(graph, "/pool", "MaxPool", {x});
  setInt(pool, "ceil_mode", 0);
  setInts(pool, "kernel_shape", {2, 2});
  setInts(pool, "pads", {0, 0, 0, 0});
  setInts(pool, "strides", {2, 2});
  x = addConvBnRelu(graph, pool.output(0), "conv2", "bn2", "relu_1", 2);
  x = flattenFeatures(graph, x, style);
  onnx::NodeProto &fc =
      addNode(graph, "/fc", "Gemm", {x, "fc.weight", "fc.bias"}, "output");
  setFloat(fc, "alpha", 1.0f);
  setFloat(fc, "beta", 1.0f);
  setInt(fc, "transB", 1);
  setShape(*graph.add_output(), "output", {2, 10});
  addFloats(graph, "conv1.weight", cnn.conv1Weight);
  addFloats(graph, "conv1.bias", cnn.conv1Bias);
  addFloats(graph, "bn1.weight", cnn.bn1Weight);
  addFloats(graph, "bn1.bias", cnn.bn1Bias);
  addFloats(graph, "bn1.running_mean", cnn.bn1Mean);
  addFloats(graph, "bn1.running_var", cnn.bn1Var);
  addFloats(graph, "conv2.weight", cnn.conv2Weight);
  addFloats(graph, "conv2.bias", cnn.conv2Bias);
  addFloats(graph, "bn2.weight", cnn.bn2Weight);
  addFloats(graph, "bn2.bias", cnn.bn2Bias);
  addFloats(graph, "bn2.running_mean", cnn.bn2Mean);
  addFloats(graph, "bn2.running_var", cnn.bn2Var);
  addFloats(graph, "fc.weight", cnn.fcWeight);
  addFloats(graph, "fc.bias", cnn.fcBias);
  return model;
}

OnnxTensor toOnnx(const std::string &name, const Tensor &tensor) {
  OnnxTensor onnx;
  onnx.name = name;
  onnx.shape = tensor.shape;
  onnx.floats = tensor.values;
  return onnx;
}

class TorchExportedModel : public ::testing::TestWithParam<FlattenStyle> {
protected:
  static void SetUpTestSuite() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  }

  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("dfp-torch-cnn", root));
    llvm::SmallString<256> data(root);
    llvm::sys::path::append(data, "test_data_set_0");
    ASSERT_FALSE(llvm::sys::fs::create_directories(data));
    std::mt19937 rng(7);
    Tensor input = randomTensor({2, 3, 8, 8}, rng, -1.0f, 1.0f);
    expected = cnn.forward(input);
    std::string bytes;
    ASSERT_TRUE(torchCnnModel(cnn, GetParam()).SerializeToString(&bytes));
    std::ofstream(path("model.onnx"), std::ios::binary) << bytes;
    ASSERT_FALSE(bool(mlir::dfp::writeOnnxTensorFile(
        path("test_data_set_0/input_0.pb"), toOnnx("input", input))));
    ASSERT_FALSE(bool(mlir::dfp::writeOnnxTensorFile(
        path("test_data_set_0/output_0.pb"), toOnnx("output", expected))));
  }

  void TearDown() override { llvm::sys::fs::remove_directories(root); }

  std::string path(llvm::StringRef relative) const {
    llvm::SmallString<256> full(root);
    llvm::sys::path::append(full, relative);
    return std::string(full);
  }

  TorchCnn cnn{42};
  Tensor expected;
  llvm::SmallString<256> root;
};

TEST_P(TorchExportedModel, ImportsWithNamedParametersAndState) {
  mlir::DialectRegistry registry;
  mlir::dfp::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  auto module = mlir::dfp::importOnnxFile(path("model.onnx"), context);
  ASSERT_TRUE(bool(module)) << llvm::toString(module.takeError());
  auto forward = (*module)->lookupSymbol<mlir::func::FuncOp>("forward");
  ASSERT_TRUE(forward);
  std::vector<std::string> params, states;
  for (unsigned i = 0; i < forward.getNumArguments(); ++i) {
    if (auto name = forward.getArgAttrOfType<mlir::StringAttr>(i, "dfp.param"))
      params.push_back(name.str());
    if (auto name = forward.getArgAttrOfType<mlir::StringAttr>(i, "dfp.state"))
      states.push_back(name.str());
  }
  EXPECT_EQ(params, (std::vector<std::string>{
                        "conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias",
                        "conv2.weight", "conv2.bias", "bn2.weight", "bn2.bias",
                        "fc.weight", "fc.bias"}));
  EXPECT_EQ(states,
            (std::vector<std::string>{"bn1.running_mean", "bn1.running_var",
                                      "bn2.running_mean", "bn2.running_var"}));
}

TEST_P(TorchExportedModel, Fp32OutputsMatchTheReference) {
  // The reference accumulates in double: atol 1e-5 leaves room for FP32
  // rounding of outputs near zero (the backend tests' 1e-7 assumes an FP32
  // reference computed in the same order).
  run::NodeTestSuite suite(run::Precision::Fp32, {1e-3, 1e-5});
  run::TestOutcome outcome = suite.runTest(root);
  EXPECT_EQ(outcome.status, run::TestStatus::Passed) << outcome.reason;
  EXPECT_EQ(outcome.op, "Gemm");
  EXPECT_EQ(outcome.error.elements, 20);
}

TEST_P(TorchExportedModel, Dfp16ErrorsStaySmall) {
  run::NodeTestSuite suite(run::Precision::Dfp16, {});
  run::TestOutcome outcome = suite.runTest(root);
  ASSERT_EQ(outcome.status, run::TestStatus::Passed) << outcome.reason;
  float largest = 0;
  for (float value : expected.values)
    largest = std::max(largest, std::fabs(value));
  // 13 magnitude bits per tensor: each quantized operand is off by at most
  // 2^-14 of its largest element; three contractions compound that to well
  // under 1% of the outputs' range, while a wrong exponent or chain would be
  // off by a factor.
  EXPECT_GT(outcome.error.maxAbs, 0.0) << "DFP16 cannot be exact here";
  EXPECT_LT(outcome.error.maxAbs, 0.01 * largest);
  EXPECT_LT(outcome.error.meanAbs(), 0.002 * largest);
}

INSTANTIATE_TEST_SUITE_P(Styles, TorchExportedModel,
                         ::testing::Values(FlattenStyle::Flatten,
                                           FlattenStyle::ViewChain),
                         [](const auto &info) {
                           return info.param == FlattenStyle::Flatten
                                      ? "Flatten"
                                      : "ViewChain";
                         });

} // namespace
} // namespace dfp::testing
