// RUN: dfp-opt %s -split-input-file -dfp-quantize-pipeline | FileCheck %s
// RUN: dfp-opt %s -split-input-file -dfp-quantize-pipeline="contractions=skip-first-last seed=5 target-chain=128" | FileCheck %s --check-prefix=PIPELINE-OPTIONS
// RUN: dfp-opt %s -split-input-file -pass-pipeline="builtin.module(dfp-quantize{weight-format=i16:12:channel},dfp-chain-length)" | FileCheck %s --check-prefix=OPTIONS

// Tests that the pipeline quantizes an f32 graph, a constant weight included, and sets every chain; explicit pass options reach the passes.
// CHECK-LABEL: func.func @two_layers
// CHECK: %[[C:.*]] = arith.constant
// CHECK-NEXT: %[[QC:.*]] = dfp.quantize %[[C]] rounding(nearest_even)
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x8xi16, mag = 13, exp = tensor>
// CHECK: dfp.relu
// CHECK: dfp.matmul %{{.*}}, %[[QC]] chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x2xi16, mag = 13, exp = tensor>
// OPTIONS-LABEL: func.func @two_layers
// OPTIONS: dfp.matmul %{{.*}}, %{{.*}} chain(64) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x8xi16, mag = 12, exp = axis 1>
// OPTIONS: dfp.matmul %{{.*}}, %{{.*}} chain(64) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x2xi16, mag = 12, exp = axis 1>
// With skip-first-last both layers stay FP32: the pipeline options reach the passes.
// PIPELINE-OPTIONS-LABEL: func.func @two_layers
// PIPELINE-OPTIONS-NOT: dfp.quantize
func.func @two_layers(%x: tensor<4x8xf32>, %w: tensor<8x8xf32>) -> tensor<4x2xf32> {
  %c = arith.constant dense<0.5> : tensor<8x2xf32>
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
  %1 = dfp.relu %0 : tensor<4x8xf32>
  %2 = dfp.matmul %1, %c : tensor<4x8xf32>, tensor<8x2xf32> -> tensor<4x2xf32>
  return %2 : tensor<4x2xf32>
}

// -----

// Tests that the pipeline options reach both passes: skip-first-last quantizes the middle matmul and the backward convolution (not part of the first or last layer), stochastic rounding uses seed 5, and target-chain 128 lowers the formats to M = 12.
// PIPELINE-OPTIONS-LABEL: func.func @three_layers
// PIPELINE-OPTIONS: dfp.quantize %{{.*}} rounding(stochastic) seed(5) stream(0) : tensor<2x4x8x8xf32> -> !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>
// PIPELINE-OPTIONS: dfp.matmul %{{.*}}, %{{.*}} : tensor<4x8xf32>
// PIPELINE-OPTIONS: dfp.matmul %{{.*}}, %{{.*}} chain(128) : !dfp.tensor<4x8xi16, mag = 12, exp = tensor>, !dfp.tensor<8x8xi16, mag = 12, exp = tensor>
// PIPELINE-OPTIONS: dfp.matmul %{{.*}}, %{{.*}} : tensor<4x8xf32>
// PIPELINE-OPTIONS: dfp.conv2d_backward_data {{.*}} chain(128) : !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>, !dfp.tensor<4x3x3x3xi16, mag = 12, exp = tensor>
func.func @three_layers(%x: tensor<4x8xf32>, %w1: tensor<8x8xf32>, %w2: tensor<8x8xf32>, %w3: tensor<8x2xf32>, %dy: tensor<2x4x8x8xf32>, %f: tensor<4x3x3x3xf32>) -> (tensor<4x2xf32>, tensor<2x3x8x8xf32>) {
  %0 = dfp.matmul %x, %w1 : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
  %1 = dfp.matmul %0, %w2 : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
  %2 = dfp.matmul %1, %w3 : tensor<4x8xf32>, tensor<8x2xf32> -> tensor<4x2xf32>
  %3 = dfp.conv2d_backward_data %dy, %f strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x8x8xf32>
  return %2, %3 : tensor<4x2xf32>, tensor<2x3x8x8xf32>
}
