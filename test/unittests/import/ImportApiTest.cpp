// The function an import produces: @forward, model inputs first, then
// dfp.param and dfp.state arguments; other initializers are constants.
#include "OnnxModels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace dfp::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// x -> Conv(w, b) -> BatchNormalization(s, bb, m, v) -> Add(k) -> y.
onnx::ModelProto convBnModel() {
  onnx::ModelProto model = emptyModel();
  onnx::GraphProto &graph = *model.mutable_graph();
  addInput(graph, "x", {1, 1, 4, 4});
  addInitializer(graph, "w", {2, 1, 3, 3}, 18);
  addInitializer(graph, "b", {2}, 2);
  for (const char *name : {"s", "bb", "m", "v"})
    addInitializer(graph, name, {2}, 2);
  addInitializer(graph, "k", {1}, 1);
  addNode(graph, "Conv", {"x", "w", "b"}, {"c"});
  addNode(graph, "BatchNormalization", {"c", "s", "bb", "m", "v"}, {"n"});
  addNode(graph, "Add", {"n", "k"}, {"y"});
  addOutput(graph, "y", {1, 2, 2, 2});
  return model;
}

TEST(ImportApiTest, ParametersStateAndConstants) {
  std::string text = importText(convBnModel());
  EXPECT_THAT(text, HasSubstr("func.func @forward(%arg0: tensor<1x1x4x4xf32> "
                              "{dfp.name = \"x\"}, %arg1: tensor<2x1x3x3xf32> "
                              "{dfp.initial_value = dense_resource<onnx_w> : "
                              "tensor<2x1x3x3xf32>, dfp.param = \"w\"}"));
  EXPECT_THAT(text, HasSubstr("dfp.param = \"b\""));
  EXPECT_THAT(text, HasSubstr("dfp.param = \"s\""));
  EXPECT_THAT(text, HasSubstr("dfp.param = \"bb\""));
  EXPECT_THAT(text, HasSubstr("dfp.state = \"m\""));
  EXPECT_THAT(text, HasSubstr("dfp.state = \"v\"}) -> (tensor<1x2x2x2xf32> "
                              "{dfp.name = \"y\"})"));
  EXPECT_THAT(text, Not(HasSubstr("dfp.param = \"k\"")));
  EXPECT_THAT(text, HasSubstr("arith.constant dense<0.000000e+00> : "
                              "tensor<1xf32>"));
  EXPECT_THAT(text, HasSubstr("dfp.batch_norm_inference"));
}

TEST(ImportApiTest, ConstantsPolicyKeepsOnlyInputs) {
  mlir::dfp::OnnxImportOptions options;
  options.initializers = mlir::dfp::InitializerPolicy::Constants;
  std::string text = importText(convBnModel(), options);
  EXPECT_THAT(text, HasSubstr("func.func @forward(%arg0: tensor<1x1x4x4xf32> "
                              "{dfp.name = \"x\"}) ->"));
  EXPECT_THAT(text, Not(HasSubstr("dfp.param")));
}

TEST(ImportApiTest, SymbolicDimensionNeedsAValue) {
  onnx::ModelProto model = reluModel();
  auto *dim = model.mutable_graph()
                  ->mutable_input(0)
                  ->mutable_type()
                  ->mutable_tensor_type()
                  ->mutable_shape()
                  ->mutable_dim(0);
  dim->set_dim_param("batch");
  EXPECT_THAT(importText(model), HasSubstr("has dynamic dimension 'batch'"));
  mlir::dfp::OnnxImportOptions options;
  options.dimParams["batch"] = 2;
  EXPECT_THAT(importText(model, options),
              HasSubstr("dfp.relu %arg0 : tensor<2x3xf32>"));
}

TEST(ImportApiTest, LeadingDimensionFillsOnlyTheFirstSymbolicDimension) {
  onnx::ModelProto model = reluModel();
  auto *shape = model.mutable_graph()
                    ->mutable_input(0)
                    ->mutable_type()
                    ->mutable_tensor_type()
                    ->mutable_shape();
  shape->mutable_dim(0)->set_dim_param("N");
  model.mutable_graph()
      ->mutable_output(0)
      ->mutable_type()
      ->mutable_tensor_type()
      ->mutable_shape()
      ->mutable_dim(0)
      ->set_dim_param("N");
  mlir::dfp::OnnxImportOptions options;
  options.leadingDimension = 5;
  EXPECT_THAT(importText(model, options),
              HasSubstr("dfp.relu %arg0 : tensor<5x3xf32>"));
  shape->mutable_dim(1)->set_dim_param("features");
  EXPECT_THAT(importText(model, options),
              HasSubstr("has dynamic dimension 'features'"));
}

} // namespace
} // namespace dfp::testing
