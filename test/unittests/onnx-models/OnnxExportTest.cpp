// Export of Dfp forward functions to ONNX: the exported model passes the
// checker, re-imports with the same parameters and state, and computes what
// the original function computes.
#include "CompiledModel.h"

#include "dfp/Export/OnnxExporter.h"
#include "dfp/Import/OnnxImporter.h"
#include "dfp/Registration/InitAllDialects.h"
#include "dfp/runtime/JitModule.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/TargetSelect.h"

#include <gmock/gmock.h>

#include <cstring>
#include <random>

namespace dfp::testing {
namespace {

using ::dfp::runtime::NamedTensor;
using ::testing::HasSubstr;

// The fmnist_cnn layers at a small size, plus the other exported forms: a
// convolution bias (Conv's B), a bias on a value used twice (Reshape + Add),
// a residual dfp.add, average pooling with padding.
const char *kSmallCnn = R"mlir(
func.func @forward(%x: tensor<2x1x8x8xf32> {dfp.name = "image"},
    %w1: tensor<4x1x3x3xf32> {dfp.param = "conv1.weight"},
    %s1: tensor<4xf32> {dfp.param = "bn1.weight"},
    %b1: tensor<4xf32> {dfp.param = "bn1.bias"},
    %m1: tensor<4xf32> {dfp.state = "bn1.running_mean"},
    %v1: tensor<4xf32> {dfp.state = "bn1.running_var"},
    %w2: tensor<4x4x3x3xf32> {dfp.param = "conv2.weight"},
    %c2: tensor<4xf32> {dfp.param = "conv2.bias"},
    %d2: tensor<4xf32> {dfp.param = "shift.bias"},
    %w3: tensor<8x4x3x3xf32> {dfp.param = "conv3.weight"},
    %fw: tensor<8x10xf32> {dfp.param = "fc.weight"},
    %fb: tensor<10xf32> {dfp.param = "fc.bias"}) -> (tensor<2x10xf32> {dfp.name = "logits"}) {
  %0 = dfp.conv2d %x, %w1 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x1x8x8xf32>, tensor<4x1x3x3xf32> -> tensor<2x4x8x8xf32>
  %1 = dfp.batch_norm_inference %0, %s1, %b1, %m1, %v1 epsilon(1.0e-05) : tensor<2x4x8x8xf32>, tensor<4xf32>
  %2 = dfp.relu %1 : tensor<2x4x8x8xf32>
  %3 = dfp.conv2d %2, %w2 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<2x4x8x8xf32>
  %4 = dfp.bias_add %3, %c2 : tensor<2x4x8x8xf32>, tensor<4xf32>
  %5 = dfp.relu %4 : tensor<2x4x8x8xf32>
  %6 = dfp.bias_add %5, %d2 : tensor<2x4x8x8xf32>, tensor<4xf32>
  %7 = dfp.add %6, %2 : tensor<2x4x8x8xf32>
  %8 = dfp.max_pool2d %7 kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
  %9 = dfp.avg_pool2d %8 kernel [3, 3] strides [1, 1] padding [1, 1, 1, 1] : tensor<2x4x4x4xf32> -> tensor<2x4x4x4xf32>
  %10 = dfp.conv2d %9, %w3 strides [2, 2] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x4x4xf32>, tensor<8x4x3x3xf32> -> tensor<2x8x2x2xf32>
  %11 = dfp.relu %10 : tensor<2x8x2x2xf32>
  %12 = dfp.global_avg_pool %11 : tensor<2x8x2x2xf32> -> tensor<2x8x1x1xf32>
  %13 = dfp.reshape %12 : tensor<2x8x1x1xf32> -> tensor<2x8xf32>
  %14 = dfp.matmul %13, %fw : tensor<2x8xf32>, tensor<8x10xf32> -> tensor<2x10xf32>
  %15 = dfp.bias_add %14, %fb : tensor<2x10xf32>, tensor<10xf32>
  return %15 : tensor<2x10xf32>
}
)mlir";

class OnnxExport : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  }

  OnnxExport() : context(makeRegistry()) {
    mlir::dfp::loadOnnxImportDialects(context);
  }

  static mlir::DialectRegistry makeRegistry() {
    mlir::DialectRegistry registry;
    mlir::dfp::registerAllDialects(registry);
    return registry;
  }

  mlir::OwningOpRef<mlir::ModuleOp> parse(llvm::StringRef source) {
    auto module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    EXPECT_TRUE(module) << "cannot parse the test module";
    return module;
  }

  /// Random values for every dfp.param / dfp.state argument (variances
  /// positive).
  static std::vector<NamedTensor> randomValues(mlir::func::FuncOp forward,
                                               uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<NamedTensor> values;
    for (unsigned i = 0; i < forward.getNumArguments(); ++i) {
      auto param = forward.getArgAttrOfType<mlir::StringAttr>(i, "dfp.param");
      auto state = forward.getArgAttrOfType<mlir::StringAttr>(i, "dfp.state");
      if (!param && !state)
        continue;
      auto type =
          llvm::cast<mlir::RankedTensorType>(forward.getArgument(i).getType());
      NamedTensor tensor{
          (param ? param : state).str(), type.getShape().vec(), {}};
      bool positive = tensor.name.find("var") != std::string::npos;
      std::uniform_real_distribution<float> dist(positive ? 0.5f : -0.5f,
                                                 positive ? 2.0f : 0.5f);
      for (int64_t e = 0; e < type.getNumElements(); ++e)
        tensor.values.push_back(dist(rng));
      values.push_back(std::move(tensor));
    }
    return values;
  }

  /// Runs the original function on `input` with the parameter values.
  std::vector<float> runOriginal(mlir::ModuleOp module,
                                 const std::vector<float> &input,
                                 std::vector<NamedTensor> &values) {
    auto jit = JitModule::fromModule(module);
    if (!jit) {
      ADD_FAILURE() << llvm::toString(jit.takeError());
      return {};
    }
    std::vector<JitArgument> arguments = {
        JitArgument::of(TensorView::of(input.data(), {2, 1, 8, 8}))};
    for (NamedTensor &tensor : values)
      arguments.push_back(
          JitArgument::of(TensorView::of(tensor.values.data(), tensor.shape)));
    std::vector<float> logits(20);
    auto status =
        (*jit)->call("forward", arguments,
                     {JitArgument::of(TensorView::of(logits.data(), {2, 10}))});
    EXPECT_TRUE(bool(status)) << llvm::toString(status.takeError());
    return logits;
  }

  std::vector<float> runExported(const std::string &bytes,
                                 const std::vector<float> &input) {
    mlir::dfp::OnnxImportOptions options;
    options.initializers = mlir::dfp::InitializerPolicy::Constants;
    auto module = mlir::dfp::importOnnxBytes(bytes, "", context, options);
    if (!module) {
      ADD_FAILURE() << llvm::toString(module.takeError());
      return {};
    }
    auto compiled = run::CompiledModel::compile(**module, run::Precision::Fp32);
    if (!compiled) {
      ADD_FAILURE() << llvm::toString(compiled.takeError());
      return {};
    }
    mlir::dfp::OnnxTensor image;
    image.name = "image";
    image.shape = {2, 1, 8, 8};
    image.floats = input;
    auto outputs = (*compiled)->run({image});
    if (!outputs) {
      ADD_FAILURE() << llvm::toString(outputs.takeError());
      return {};
    }
    EXPECT_EQ((*outputs)[0].name, "logits");
    return (*outputs)[0].floats;
  }

  std::string exportError(mlir::ModuleOp module,
                          const std::vector<NamedTensor> &values) {
    auto bytes = mlir::dfp::exportOnnxBytes(module, values);
    if (bytes) {
      ADD_FAILURE() << "expected an export error";
      return "";
    }
    return llvm::toString(bytes.takeError());
  }

  mlir::MLIRContext context;
};

mlir::func::FuncOp forwardOf(mlir::ModuleOp module) {
  return module.lookupSymbol<mlir::func::FuncOp>("forward");
}

TEST_F(OnnxExport, ReimportedModelComputesTheSameOutputs) {
  auto module = parse(kSmallCnn);
  ASSERT_TRUE(module);
  std::vector<NamedTensor> values = randomValues(forwardOf(*module), 3);
  auto bytes = mlir::dfp::exportOnnxBytes(*module, values);
  ASSERT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> input(2 * 8 * 8);
  for (float &value : input)
    value = dist(rng);
  std::vector<float> expected = runOriginal(*module, input, values);
  std::vector<float> actual = runExported(*bytes, input);
  ASSERT_EQ(actual.size(), expected.size());
  // The same Dfp ops in the same order: the same FP32 results, bit for bit.
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(actual[i], expected[i]) << "logit " << i;
}

TEST_F(OnnxExport, ReimportKeepsParameterNamesRolesAndValues) {
  auto module = parse(kSmallCnn);
  ASSERT_TRUE(module);
  mlir::func::FuncOp original = forwardOf(*module);
  std::vector<NamedTensor> values = randomValues(original, 5);
  auto bytes = mlir::dfp::exportOnnxBytes(*module, values);
  ASSERT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
  auto reimported = mlir::dfp::importOnnxBytes(*bytes, "", context);
  ASSERT_TRUE(bool(reimported)) << llvm::toString(reimported.takeError());
  mlir::func::FuncOp forward = forwardOf(**reimported);
  ASSERT_TRUE(forward);
  // shift.bias is read by a Reshape, which the importer keeps constant;
  // every other parameter and state comes back in order, with its value.
  std::vector<std::string> expectedNames;
  for (const NamedTensor &tensor : values)
    if (tensor.name != "shift.bias")
      expectedNames.push_back(tensor.name);
  std::vector<std::string> names;
  for (unsigned i = 1; i < forward.getNumArguments(); ++i) {
    for (llvm::StringRef key : {"dfp.param", "dfp.state"})
      if (auto name = forward.getArgAttrOfType<mlir::StringAttr>(i, key)) {
        names.push_back(name.str());
        auto originalIndex = llvm::find_if(values, [&](const NamedTensor &t) {
          return t.name == name.getValue();
        });
        ASSERT_NE(originalIndex, values.end());
        // Running statistics stay state, parameters stay parameters.
        bool isState = key == llvm::StringRef("dfp.state");
        EXPECT_EQ(isState, name.getValue().contains("running")) << name.str();
        auto initial =
            forward.getArgAttrOfType<mlir::DenseResourceElementsAttr>(
                i, "dfp.initial_value");
        ASSERT_TRUE(initial) << name.str();
        llvm::ArrayRef<char> data = initial.getRawHandle().getBlob()->getData();
        ASSERT_EQ(data.size(), originalIndex->values.size() * sizeof(float));
        EXPECT_EQ(
            std::memcmp(data.data(), originalIndex->values.data(), data.size()),
            0)
            << name.str();
      }
  }
  EXPECT_EQ(names, expectedNames);
  EXPECT_EQ(forward.getArgAttrOfType<mlir::StringAttr>(0, "dfp.name").str(),
            "image");
}

TEST_F(OnnxExport, DefaultModelExportsAndReimportsWithItsSignature) {
  auto module = mlir::parseSourceFile<mlir::ModuleOp>(
      DFP_SOURCE_DIR "/examples/fmnist_cnn.mlir", &context);
  ASSERT_TRUE(module);
  mlir::func::FuncOp original = forwardOf(*module);
  auto bytes = mlir::dfp::exportOnnxBytes(*module, randomValues(original, 1));
  ASSERT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
  auto reimported = mlir::dfp::importOnnxBytes(*bytes, "", context);
  ASSERT_TRUE(bool(reimported)) << llvm::toString(reimported.takeError());
  mlir::func::FuncOp forward = forwardOf(**reimported);
  EXPECT_EQ(forward.getFunctionType(), original.getFunctionType());
  for (unsigned i = 1; i < original.getNumArguments(); ++i)
    for (llvm::StringRef key : {"dfp.param", "dfp.state"})
      EXPECT_EQ(original.getArgAttr(i, key), forward.getArgAttr(i, key))
          << "argument " << i << " " << key.str();
}

TEST_F(OnnxExport, InitialValuesServeWhenNoTensorIsGiven) {
  auto module = parse(R"mlir(
func.func @forward(%x: tensor<1x2xf32>,
    %w: tensor<2x2xf32> {dfp.param = "w", dfp.initial_value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>})
    -> tensor<1x2xf32> {
  %y = dfp.matmul %x, %w : tensor<1x2xf32>, tensor<2x2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
})mlir");
  ASSERT_TRUE(module);
  auto bytes = mlir::dfp::exportOnnxBytes(*module);
  ASSERT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
  mlir::dfp::OnnxImportOptions options;
  options.initializers = mlir::dfp::InitializerPolicy::Constants;
  auto reimported = mlir::dfp::importOnnxBytes(*bytes, "", context, options);
  ASSERT_TRUE(bool(reimported)) << llvm::toString(reimported.takeError());
  auto compiled =
      run::CompiledModel::compile(**reimported, run::Precision::Fp32);
  ASSERT_TRUE(bool(compiled)) << llvm::toString(compiled.takeError());
  mlir::dfp::OnnxTensor x;
  x.shape = {1, 2};
  x.floats = {1.0f, 1.0f};
  auto outputs = (*compiled)->run({x});
  ASSERT_TRUE(bool(outputs)) << llvm::toString(outputs.takeError());
  EXPECT_EQ((*outputs)[0].floats, (std::vector<float>{4.0f, 6.0f}));
}

TEST_F(OnnxExport, ErrorsNameWhatCannotBeExported) {
  auto module = parse(kSmallCnn);
  ASSERT_TRUE(module);
  std::vector<NamedTensor> values = randomValues(forwardOf(*module), 3);
  EXPECT_THAT(exportError(*module, {}),
              HasSubstr("no value for 'conv1.weight'"));
  std::vector<NamedTensor> wrong = values;
  wrong[0].shape = {4, 9};
  EXPECT_THAT(
      exportError(*module, wrong),
      HasSubstr("the tensor given for 'conv1.weight' has shape [4, 9]"));

  auto quantized = parse(R"mlir(
func.func @forward(%x: tensor<2x4xf32>, %w: tensor<4x3xf32> {dfp.param = "w"}) -> tensor<2x3xf32> {
  %q = dfp.quantize %x rounding(nearest_even) : tensor<2x4xf32> -> !dfp.tensor<2x4xi16, mag = 13, exp = tensor>
  %r = dfp.quantize %w rounding(nearest_even) : tensor<4x3xf32> -> !dfp.tensor<4x3xi16, mag = 13, exp = tensor>
  %y = dfp.matmul %q, %r chain(32) : !dfp.tensor<2x4xi16, mag = 13, exp = tensor>, !dfp.tensor<4x3xi16, mag = 13, exp = tensor> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
})mlir");
  ASSERT_TRUE(quantized);
  std::vector<NamedTensor> w = {{"w", {4, 3}, std::vector<float>(12, 1.0f)}};
  EXPECT_THAT(exportError(*quantized, w),
              HasSubstr("export the function before dfp-quantize"));

  auto training = parse(R"mlir(
func.func @forward(%x: tensor<2x4x3x3xf32>, %s: tensor<4xf32> {dfp.param = "s"}, %b: tensor<4xf32> {dfp.param = "b"}) -> tensor<2x4x3x3xf32> {
  %y, %m, %v = dfp.batch_norm %x, %s, %b epsilon(1.0e-05) : tensor<2x4x3x3xf32>, tensor<4xf32>
  return %y : tensor<2x4x3x3xf32>
})mlir");
  ASSERT_TRUE(training);
  std::vector<NamedTensor> sb = {{"s", {4}, std::vector<float>(4, 1.0f)},
                                 {"b", {4}, std::vector<float>(4, 0.0f)}};
  EXPECT_THAT(exportError(*training, sb), HasSubstr("'dfp.batch_norm' at"));
  EXPECT_THAT(exportError(*training, sb), HasSubstr("has no ONNX export"));
}

TEST_F(OnnxExport, ArgumentsAndRepeatedResultsGoThroughIdentity) {
  auto module = parse(R"mlir(
func.func @forward(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %y = dfp.relu %x : tensor<2x3xf32>
  return %y, %x, %y : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
})mlir");
  ASSERT_TRUE(module);
  auto bytes = mlir::dfp::exportOnnxBytes(*module);
  ASSERT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
  mlir::dfp::OnnxImportOptions options;
  options.initializers = mlir::dfp::InitializerPolicy::Constants;
  auto reimported = mlir::dfp::importOnnxBytes(*bytes, "", context, options);
  ASSERT_TRUE(bool(reimported)) << llvm::toString(reimported.takeError());
  auto compiled =
      run::CompiledModel::compile(**reimported, run::Precision::Fp32);
  ASSERT_TRUE(bool(compiled)) << llvm::toString(compiled.takeError());
  mlir::dfp::OnnxTensor x;
  x.shape = {2, 3};
  x.floats = {-1, 2, -3, 4, -5, 6};
  auto outputs = (*compiled)->run({x});
  ASSERT_TRUE(bool(outputs)) << llvm::toString(outputs.takeError());
  ASSERT_EQ(outputs->size(), 3u);
  std::vector<float> relu = {0, 2, 0, 4, 0, 6};
  EXPECT_EQ((*outputs)[0].floats, relu);
  EXPECT_EQ((*outputs)[1].floats, x.floats);
  EXPECT_EQ((*outputs)[2].floats, relu);
  EXPECT_EQ((*outputs)[0].name, "output_0");
  EXPECT_EQ((*outputs)[1].name, "output_1");
  EXPECT_EQ((*outputs)[2].name, "output_2");
}

} // namespace
} // namespace dfp::testing
