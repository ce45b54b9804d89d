#include "KernelTestSupport.h"

#include "llvm/Support/raw_ostream.h"

#include <chrono>

namespace dfp::testing {
namespace {

/// One step of a two-layer perceptron on a batch of 32: quantized forward
/// matmuls, relu, loss, and the backward matmuls of the second layer on a
/// stochastically quantized gradient (transposed operands).
const char *const kMlpStep = R"mlir(
func.func @step(%x: tensor<32x64xf32>, %w1: tensor<64x48xf32>,
                %w2: tensor<48x10xf32>, %labels: tensor<32xi32>,
                %g: tensor<32x10xf32>)
    -> (tensor<f32>, tensor<48x10xf32>, tensor<32x48xf32>) {
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<32x64xf32> -> !dfp.tensor<32x64xi16, mag = 13, exp = tensor>
  %qw1 = dfp.quantize %w1 rounding(nearest_even) : tensor<64x48xf32> -> !dfp.tensor<64x48xi16, mag = 13, exp = tensor>
  %h = dfp.matmul %qx, %qw1 chain(32) : !dfp.tensor<32x64xi16, mag = 13, exp = tensor>, !dfp.tensor<64x48xi16, mag = 13, exp = tensor> -> tensor<32x48xf32>
  %r = dfp.relu %h : tensor<32x48xf32>
  %qr = dfp.quantize %r rounding(nearest_even) : tensor<32x48xf32> -> !dfp.tensor<32x48xi16, mag = 13, exp = tensor>
  %qw2 = dfp.quantize %w2 rounding(nearest_even) : tensor<48x10xf32> -> !dfp.tensor<48x10xi16, mag = 13, exp = tensor>
  %logits = dfp.matmul %qr, %qw2 chain(32) : !dfp.tensor<32x48xi16, mag = 13, exp = tensor>, !dfp.tensor<48x10xi16, mag = 13, exp = tensor> -> tensor<32x10xf32>
  %loss = dfp.softmax_cross_entropy %logits, %labels : tensor<32x10xf32>, tensor<32xi32> -> tensor<f32>
  %qg = dfp.quantize %g rounding(stochastic) seed(9) stream(1) : tensor<32x10xf32> -> !dfp.tensor<32x10xi16, mag = 12, exp = tensor>
  %dw2 = dfp.matmul %qr, %qg chain(64) {transpose_lhs} : !dfp.tensor<32x48xi16, mag = 13, exp = tensor>, !dfp.tensor<32x10xi16, mag = 12, exp = tensor> -> tensor<48x10xf32>
  %dr = dfp.matmul %qg, %qw2 chain(64) {transpose_rhs} : !dfp.tensor<32x10xi16, mag = 12, exp = tensor>, !dfp.tensor<48x10xi16, mag = 13, exp = tensor> -> tensor<32x48xf32>
  return %loss, %dw2, %dr : tensor<f32>, tensor<48x10xf32>, tensor<32x48xf32>
}
)mlir";

struct StepOutputs {
  std::vector<float> loss = std::vector<float>(1),
                     dw2 = std::vector<float>(480),
                     dr = std::vector<float>(32 * 48);
};

StepOutputs runStep(const std::string &pipeline) {
  StepOutputs outputs;
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<JitModule> module = compileOrFail(kMlpStep, pipeline);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ::testing::Test::RecordProperty(pipeline + "_compile_ms",
                                  std::to_string(int(seconds * 1000)));
  llvm::outs() << pipeline << ": compiled the MLP step in "
               << int(seconds * 1000) << " ms\n";
  if (!module)
    return outputs;
  std::vector<float> x = sampleData(32 * 64, 1, false);
  std::vector<float> w1 = sampleData(64 * 48, 2, false);
  std::vector<float> w2 = sampleData(48 * 10, 3, false);
  std::vector<float> g = sampleData(32 * 10, 4, false);
  std::vector<int32_t> labels(32);
  for (int i = 0; i < 32; ++i)
    labels[size_t(i)] = (i * 7) % 10;
  auto status = module->call(
      "step",
      {JitArgument::of(TensorView::of(x.data(), {32, 64})),
       JitArgument::of(TensorView::of(w1.data(), {64, 48})),
       JitArgument::of(TensorView::of(w2.data(), {48, 10})),
       JitArgument::of(TensorView::of(labels.data(), {32})),
       JitArgument::of(TensorView::of(g.data(), {32, 10}))},
      {JitArgument::of(TensorView::of(outputs.loss.data(), {})),
       JitArgument::of(TensorView::of(outputs.dw2.data(), {48, 10})),
       JitArgument::of(TensorView::of(outputs.dr.data(), {32, 48}))});
  if (!status)
    ADD_FAILURE() << llvm::toString(status.takeError());
  else
    EXPECT_FALSE(status->nonFiniteInput);
  return outputs;
}

TEST(NetworkKernelPath, MlpStepMatchesLlvmPath) {
  StepOutputs viaKernels = runStep(kKernelPipeline);
  StepOutputs viaLlvm = runStep("dfp-lower-to-llvm");
  EXPECT_TRUE(sameBits(viaLlvm.loss, viaKernels.loss));
  EXPECT_TRUE(sameBits(viaLlvm.dw2, viaKernels.dw2));
  EXPECT_TRUE(sameBits(viaLlvm.dr, viaKernels.dr));
  EXPECT_GT(viaKernels.loss[0], 0.0f);
}

} // namespace
} // namespace dfp::testing
