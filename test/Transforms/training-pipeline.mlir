// RUN: dfp-opt %s -dfp-training-pipeline=forward=model | FileCheck %s
// RUN: dfp-opt %s -dfp-training-pipeline="forward=model momentum=0.5 weight-decay=0.001 bn-momentum=0.2 seed=7 target-chain=128" | FileCheck %s --check-prefix=OPTIONS
// RUN: dfp-opt %s -dfp-training-pipeline="forward=model contractions=skip-first-last" | FileCheck %s --check-prefix=SKIP

// Tests that the pipeline builds the step of the function named by `forward`, then quantizes and chains its contractions, and that every option reaches its pass: SGD and batch-norm momenta, weight decay, the Philox seed and the target chain; with skip-first-last the backward matmuls of the last layer stay FP32 with its forward.
// CHECK-LABEL: func.func @train_step(
// CHECK: dfp.running_stat_update {{.*}} momentum(1.000000e-01) count(32)
// CHECK: dfp.matmul {{.*}} chain(32) : !dfp.tensor<2x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x3xi16, mag = 13, exp = tensor>
// CHECK: dfp.quantize {{.*}} rounding(stochastic) seed(0) stream(0) {{.*}} : tensor<2x3xf32>
// CHECK: dfp.sgd_update {{.*}} momentum(0.899999976) weight_decay(5.000000e-04) : tensor<8x3xf32>
// OPTIONS-LABEL: func.func @train_step(
// OPTIONS: dfp.running_stat_update {{.*}} momentum(2.000000e-01) count(32)
// OPTIONS: dfp.matmul {{.*}} chain(128) : !dfp.tensor<2x8xi16, mag = 12, exp = tensor>, !dfp.tensor<8x3xi16, mag = 12, exp = tensor>
// OPTIONS: dfp.quantize {{.*}} rounding(stochastic) seed(7) stream(0) {{.*}} : tensor<2x3xf32>
// OPTIONS: dfp.sgd_update {{.*}} momentum(5.000000e-01) weight_decay(1.000000e-03) : tensor<8x3xf32>
// SKIP-LABEL: func.func @train_step(
// SKIP: dfp.conv2d %{{.*}}, %{{.*}} strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<2x1x4x4xf32>, tensor<8x1x1x1xf32>
// SKIP: dfp.matmul %{{.*}}, %{{.*}} : tensor<2x8xf32>, tensor<8x3xf32>
// SKIP: dfp.matmul %{{.*}}, %{{.*}} {dfp.operand_roles = ["gradient", "weight"], transpose_rhs} : tensor<2x3xf32>, tensor<8x3xf32>
// SKIP: dfp.matmul %{{.*}}, %{{.*}} {dfp.operand_roles = ["activation", "gradient"], transpose_lhs} : tensor<2x8xf32>, tensor<2x3xf32>
// SKIP: dfp.conv2d_backward_filter %{{.*}}, %{{.*}} strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<2x1x4x4xf32>, tensor<2x8x4x4xf32>
func.func @model(%x: tensor<2x1x4x4xf32>, %w: tensor<8x1x1x1xf32> {dfp.param = "conv.weight"}, %s: tensor<8xf32> {dfp.param = "bn.weight"}, %b: tensor<8xf32> {dfp.param = "bn.bias"}, %rm: tensor<8xf32> {dfp.state = "bn.running_mean"}, %rv: tensor<8xf32> {dfp.state = "bn.running_var"}, %fw: tensor<8x3xf32> {dfp.param = "fc.weight"}) -> tensor<2x3xf32> {
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<2x1x4x4xf32>, tensor<8x1x1x1xf32> -> tensor<2x8x4x4xf32>
  %1 = dfp.batch_norm_inference %0, %s, %b, %rm, %rv epsilon(1.0e-05) : tensor<2x8x4x4xf32>, tensor<8xf32>
  %2 = dfp.relu %1 : tensor<2x8x4x4xf32>
  %3 = dfp.global_avg_pool %2 : tensor<2x8x4x4xf32> -> tensor<2x8x1x1xf32>
  %4 = dfp.reshape %3 : tensor<2x8x1x1xf32> -> tensor<2x8xf32>
  %5 = dfp.matmul %4, %fw : tensor<2x8xf32>, tensor<8x3xf32> -> tensor<2x3xf32>
  return %5 : tensor<2x3xf32>
}
