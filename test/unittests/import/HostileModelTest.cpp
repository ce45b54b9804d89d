// Hand-made hostile models: every one gets an error naming what is wrong,
// before anything large is allocated, and never a crash.
#include "OnnxModels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace dfp::testing {
namespace {

using ::testing::HasSubstr;

TEST(HostileModelTest, ReluModelImports) {
  EXPECT_EQ(importError(reluModel()), "");
}

TEST(HostileModelTest, DimensionAboveLimit) {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {2, int64_t(1) << 40});
  addNode(graph, "Relu", {"x"}, {"y"});
  addOutput(graph, "y", {2, int64_t(1) << 40});
  EXPECT_THAT(importError(model),
              HasSubstr("value 'x' has dimension 1099511627776, above the "
                        "limit of 2147483648"));
}

TEST(HostileModelTest, ElementCountAboveLimitBeforeAllocation) {
  // 2^20 x 2^20 floats (4 TiB) declared, no data: the count is refused.
  onnx::ModelProto model = reluModel();
  onnx::TensorProto &weights =
      addInitializer(*model.mutable_graph(), "w", {1 << 20, 1 << 20}, 0);
  (void)weights;
  EXPECT_THAT(importError(model),
              HasSubstr("tensor 'w' has more than 268435456 elements, the "
                        "limit per tensor"));
}

TEST(HostileModelTest, ElementCountOverflowIsCaught) {
  onnx::ModelProto model = reluModel();
  addInitializer(*model.mutable_graph(), "w",
                 {int64_t(1) << 31, int64_t(1) << 31, int64_t(1) << 31}, 0);
  EXPECT_THAT(importError(model), HasSubstr("tensor 'w' has more than"));
}

TEST(HostileModelTest, TotalBytesAboveLimit) {
  onnx::ModelProto model = reluModel();
  addInitializer(*model.mutable_graph(), "a", {1024}, 1024);
  addInitializer(*model.mutable_graph(), "b", {1024}, 1024);
  mlir::dfp::OnnxImportOptions options;
  options.limits.maxTotalDataBytes = 6000;
  EXPECT_THAT(importError(model, options),
              HasSubstr("tensor data passes 6000 bytes, the limit for a "
                        "model (at tensor 'b')"));
}

TEST(HostileModelTest, RankAboveLimit) {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {1, 1, 1, 1, 1, 1, 1, 1, 1});
  addNode(graph, "Relu", {"x"}, {"y"});
  addOutput(graph, "y", {1, 1, 1, 1, 1, 1, 1, 1, 1});
  EXPECT_THAT(importError(model),
              HasSubstr("value 'x' has rank 9, above the limit of 8"));
}

TEST(HostileModelTest, NodeCountAboveLimit) {
  onnx::ModelProto model = reluModel();
  mlir::dfp::OnnxImportOptions options;
  options.limits.maxNodes = 0;
  EXPECT_THAT(importError(model, options),
              HasSubstr("model has more than 0 nodes, the limit"));
}

TEST(HostileModelTest, FileSizeAboveLimit) {
  mlir::dfp::OnnxImportOptions options;
  options.limits.maxFileBytes = 16;
  EXPECT_THAT(importError(reluModel(), options),
              HasSubstr("bytes, above the limit of 16"));
}

TEST(HostileModelTest, RawDataShorterThanDims) {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {1, 1, 4, 4});
  addInitializer(graph, "w", {1, 1, 3, 3}, 4);
  addNode(graph, "Conv", {"x", "w"}, {"y"});
  addOutput(graph, "y", {1, 1, 2, 2});
  EXPECT_THAT(importError(model),
              HasSubstr("tensor 'w' declares 9 elements but holds 16 bytes"));
}

TEST(HostileModelTest, MalformedProtobuf) {
  EXPECT_THAT(importBytesError("\xff\xff\xff\xff garbage"),
              HasSubstr("malformed model: not a valid ONNX ModelProto"));
  std::string bytes = reluModel().SerializeAsString();
  EXPECT_THAT(importBytesError(bytes.substr(0, bytes.size() / 2)),
              HasSubstr("malformed model"));
  EXPECT_THAT(importBytesError(""), HasSubstr("malformed model: no graph"));
}

TEST(HostileModelTest, TypeMismatch) {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "a", {2}, onnx::TensorProto::FLOAT);
  addInput(graph, "b", {2}, onnx::TensorProto::INT64);
  addNode(graph, "Add", {"a", "b"}, {"c"});
  addOutput(graph, "c", {2});
  EXPECT_THAT(importError(model), HasSubstr("ONNX shape inference"));
}

TEST(HostileModelTest, UnsupportedDataType) {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {2}, onnx::TensorProto::DOUBLE);
  addNode(graph, "Relu", {"x"}, {"y"});
  addOutput(graph, "y", {2}, onnx::TensorProto::DOUBLE);
  EXPECT_THAT(importError(model),
              HasSubstr("value 'x' has data type DOUBLE; supported: FLOAT"));
}

TEST(HostileModelTest, Cycle) {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {2});
  addNode(graph, "Add", {"x", "b"}, {"a"});
  addNode(graph, "Relu", {"a"}, {"b"});
  addOutput(graph, "b", {2});
  EXPECT_THAT(importError(model),
              HasSubstr("node 'Add1' (Add): input 'b' is produced by a later "
                        "node (the graph has a cycle"));
}

TEST(HostileModelTest, MissingInput) {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {2});
  addNode(graph, "Add", {"x", "nowhere"}, {"y"});
  addOutput(graph, "y", {2});
  EXPECT_THAT(importError(model),
              HasSubstr("node 'Add1' (Add): input 'nowhere' is not defined"));
}

TEST(HostileModelTest, UndefinedGraphOutput) {
  onnx::ModelProto model = reluModel();
  addOutput(*model.mutable_graph(), "ghost", {2, 3});
  EXPECT_THAT(importError(model),
              HasSubstr("graph output 'ghost' is not defined"));
}

TEST(HostileModelTest, ConflictingDeclarations) {
  // ONNX 1.12 Conv shape inference indexed by the rank of the later one.
  onnx::ModelProto model = reluModel();
  addOutput(*model.mutable_graph(), "x", {6});
  EXPECT_THAT(importError(model),
              HasSubstr("value 'x' is declared twice with different types"));
}

TEST(HostileModelTest, OutputDefinedTwice) {
  onnx::ModelProto model = reluModel();
  addNode(*model.mutable_graph(), "Relu", {"x"}, {"y"});
  EXPECT_THAT(importError(model),
              HasSubstr("node 'Relu2' (Relu): output 'y' is already defined"));
}

TEST(HostileModelTest, UnsupportedOpNamedBeforeShapeInference) {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {2});
  addNode(graph, "Loop", {"x"}, {"y"});
  addOutput(graph, "y", {2});
  EXPECT_THAT(importError(model),
              HasSubstr("node 'Loop1' (Loop): op type is not supported"));
}

TEST(HostileModelTest, CustomDomain) {
  onnx::ModelProto model = reluModel();
  model.mutable_graph()->mutable_node(0)->set_domain("com.example");
  EXPECT_THAT(importError(model),
              HasSubstr("(Relu): domain 'com.example' is not supported"));
}

TEST(HostileModelTest, DimensionWithoutValueOrName) {
  onnx::ModelProto model = reluModel();
  model.mutable_graph()
      ->mutable_input(0)
      ->mutable_type()
      ->mutable_tensor_type()
      ->mutable_shape()
      ->add_dim();
  EXPECT_THAT(importError(model),
              HasSubstr("value 'x' has dimension 2 with neither a size nor a "
                        "name"));
}

TEST(HostileModelTest, ConvTransposeFilterOfLowerRank) {
  // ONNX 1.12 shape inference indexed past W's kernel sizes here.
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {1, 1, 3});
  addInput(graph, "w", {2, 3});
  addNode(graph, "ConvTranspose", {"x", "w"}, {"y"});
  addOutput(graph, "y", {1, 2, 5});
  EXPECT_THAT(importError(model),
              HasSubstr("input 'W' needs a static shape of rank 3 or more"));
}

TEST(HostileModelTest, GemmOperandOfRankOne) {
  // Found by the onnx fuzz target: Gemm-1 shape inference (ONNX 1.12) read
  // a second dimension of a rank-1 B and asked for terabytes.
  onnx::ModelProto model = emptyModel();
  model.mutable_opset_import(0)->set_version(4);
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "a", {3, 7});
  addInput(graph, "b", {7});
  addNode(graph, "Gemm", {"a", "b", "b"}, {"y"});
  addOutput(graph, "y", {3, 3});
  EXPECT_THAT(importError(model),
              HasSubstr("(Gemm): input 'B' has rank 1; Gemm takes rank-2 A "
                        "and B"));
}

TEST(HostileModelTest, ConvFilterRankMustMatchInput) {
  onnx::ModelProto model = emptyModel();
  model.mutable_opset_import(0)->set_version(8);
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {1, 1, 3, 3});
  addInput(graph, "w", {});
  addNode(graph, "ConvTranspose", {"x", "w"}, {"y"});
  addOutput(graph, "y", {1, 2, 5, 5});
  EXPECT_THAT(importError(model),
              HasSubstr("(ConvTranspose): input 'W' needs a static shape"));
  graph.mutable_input(1)->CopyFrom(addInput(graph, "w", {1, 2, 3, 3, 1}));
  graph.mutable_input()->RemoveLast();
  graph.mutable_node(0)->set_op_type("Conv");
  EXPECT_THAT(importError(model),
              HasSubstr("(Conv): input 'X' has rank 4 but 'W' has rank 5"));
}

TEST(HostileModelTest, HugeWindowAttributes) {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {1, 1, 4, 4});
  onnx::NodeProto &pool = addNode(graph, "MaxPool", {"x"}, {"y"});
  onnx::AttributeProto *kernel = pool.add_attribute();
  kernel->set_name("kernel_shape");
  kernel->set_type(onnx::AttributeProto::INTS);
  kernel->add_ints(2);
  kernel->add_ints(2);
  onnx::AttributeProto *strides = pool.add_attribute();
  strides->set_name("strides");
  strides->set_type(onnx::AttributeProto::INTS);
  strides->add_ints(int64_t(1) << 62);
  strides->add_ints(1);
  addOutput(graph, "y", {1, 1, 1, 3});
  EXPECT_THAT(importError(model), HasSubstr("(MaxPool): attribute 'strides'"));
}

TEST(HostileModelTest, ZeroStrideRefusedBeforeShapeInference) {
  // ONNX 1.12 pool shape inference divided by the stride.
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {1, 1, 4, 4});
  onnx::NodeProto &pool = addNode(graph, "MaxPool", {"x"}, {"y"});
  for (const char *name : {"kernel_shape", "strides"}) {
    onnx::AttributeProto *attribute = pool.add_attribute();
    attribute->set_name(name);
    attribute->set_type(onnx::AttributeProto::INTS);
    attribute->add_ints(std::string(name) == "strides" ? 0 : 2);
    attribute->add_ints(2);
  }
  addOutput(graph, "y", {1, 1, 2, 2});
  EXPECT_THAT(importError(model),
              HasSubstr("node 'MaxPool1' (MaxPool): attribute 'strides' holds "
                        "0, outside [1, 2147483648]"));
}

TEST(HostileModelTest, OpsetOutsideRange) {
  onnx::ModelProto model = reluModel();
  model.mutable_opset_import(0)->set_version(99);
  EXPECT_THAT(importError(model),
              HasSubstr("model imports opset 99 of the default domain"));
}

} // namespace
} // namespace dfp::testing
