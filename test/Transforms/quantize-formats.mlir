// RUN: dfp-opt %s -split-input-file -dfp-quantize="activation-format=i16:14:block4 weight-format=i8:7:channel gradient-format=i16:12:channel activation-rounding=nearest_up weight-rounding=toward_zero gradient-rounding=stochastic seed=42" | FileCheck %s
// RUN: dfp-opt %s -split-input-file -dfp-quantize="activation-format=i16:15:block2on0 gradient-rounding=nearest_even" | FileCheck %s --check-prefix=EXPLICIT

// Tests per-role formats and roundings on a matmul: block along K for the activation, one exponent per output column for the weight.
// CHECK-LABEL: func.func @matmul
// CHECK: dfp.quantize %{{.*}} rounding(nearest_up) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 14, exp = block 4 on 1>
// CHECK: dfp.quantize %{{.*}} rounding(toward_zero) : tensor<8x16xf32> -> !dfp.tensor<8x16xi8, mag = 7, exp = axis 1>
func.func @matmul(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests that relative groupings follow transposes: K is axis 0 of a transposed lhs, N is axis 0 of a transposed rhs.
// CHECK-LABEL: func.func @matmul_transposed
// CHECK: dfp.quantize %{{.*}} : tensor<8x4xf32> -> !dfp.tensor<8x4xi16, mag = 14, exp = block 4 on 0>
// CHECK: dfp.quantize %{{.*}} : tensor<16x8xf32> -> !dfp.tensor<16x8xi8, mag = 7, exp = axis 0>
func.func @matmul_transposed(%x: tensor<8x4xf32>, %w: tensor<16x8xf32>) -> tensor<4x16xf32> {
  %0 = dfp.matmul %x, %w {transpose_lhs, transpose_rhs} : tensor<8x4xf32>, tensor<16x8xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests relative groupings on each convolution form and that a value quantized into two groupings gets two quantizations, with distinct streams.
// CHECK-LABEL: func.func @convolutions
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x4x8x8xf32>, %[[W:[^:]*]]: tensor<4x4x3x3xf32>, %[[DY:[^:]*]]: tensor<2x4x8x8xf32>)
// CHECK-DAG: %[[QX:.*]] = dfp.quantize %[[X]] rounding(nearest_up) : tensor<2x4x8x8xf32> -> !dfp.tensor<2x4x8x8xi16, mag = 14, exp = block 4 on 1>
// CHECK-DAG: %[[QW:.*]] = dfp.quantize %[[W]] rounding(toward_zero) : tensor<4x4x3x3xf32> -> !dfp.tensor<4x4x3x3xi8, mag = 7, exp = axis 0>
// CHECK-DAG: %[[QWT:.*]] = dfp.quantize %[[W]] rounding(toward_zero) : tensor<4x4x3x3xf32> -> !dfp.tensor<4x4x3x3xi8, mag = 7, exp = axis 1>
// CHECK-DAG: %[[QDY:.*]] = dfp.quantize %[[DY]] rounding(stochastic) seed(42) stream(0) : tensor<2x4x8x8xf32> -> !dfp.tensor<2x4x8x8xi16, mag = 12, exp = axis 0>
// CHECK-DAG: %[[QXW:.*]] = dfp.quantize %[[X]] rounding(nearest_up) : tensor<2x4x8x8xf32> -> !dfp.tensor<2x4x8x8xi16, mag = 14, exp = block 4 on 3>
// CHECK-DAG: %[[QDYW:.*]] = dfp.quantize %[[DY]] rounding(stochastic) seed(42) stream(1) : tensor<2x4x8x8xf32> -> !dfp.tensor<2x4x8x8xi16, mag = 12, exp = axis 1>
// CHECK: dfp.conv2d %[[QX]], %[[QW]]
// CHECK: dfp.conv2d_backward_data %[[QDY]], %[[QWT]]
// CHECK: dfp.conv2d_backward_filter %[[QXW]], %[[QDYW]] strides
// EXPLICIT-LABEL: func.func @convolutions
// EXPLICIT: dfp.quantize %{{.*}} rounding(nearest_even) : tensor<2x4x8x8xf32> -> !dfp.tensor<2x4x8x8xi16, mag = 15, exp = block 2 on 0>
// EXPLICIT-NOT: stochastic
func.func @convolutions(%x: tensor<2x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %dy: tensor<2x4x8x8xf32>) {
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<2x4x8x8xf32>
  %1 = dfp.conv2d_backward_data %dy, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<2x4x8x8xf32>
  %2 = dfp.conv2d_backward_filter %x, %dy strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x4x3x3xf32>
  return
}
