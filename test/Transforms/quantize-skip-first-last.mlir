// RUN: dfp-opt %s -split-input-file -dfp-quantize="contractions=skip-first-last" | FileCheck %s
// RUN: dfp-opt %s -split-input-file -dfp-quantize="contractions=skip-first-last" | FileCheck %s --check-prefix=COUNT
// RUN: dfp-opt %s -split-input-file -dfp-quantize="contractions=all" | FileCheck %s --check-prefix=ALL
// RUN: dfp-opt %s -split-input-file -dfp-quantize="contractions=all" | FileCheck %s --check-prefix=ALLF32

// Tests that skip-first-last keeps the first and last layer of a three-layer training step in FP32, forward and backward, and quantizes the middle layer.
// CHECK-LABEL: func.func @three_layers
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3x8x8xf32>, %[[W1:[^:]*]]: tensor<4x3x3x3xf32>, %[[W2:[^:]*]]: tensor<4x4x3x3xf32>, %[[W3:[^:]*]]: tensor<4x4x3x3xf32>, %[[DY3:[^:]*]]: tensor<2x4x8x8xf32>)
// CHECK: %[[QW2:.*]] = dfp.quantize %[[W2]] rounding(nearest_even)
// CHECK: dfp.conv2d %[[X]], %[[W1]] {{.*}} : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>
// CHECK: %[[Y1:.*]] = dfp.relu
// CHECK-NEXT: %[[QY1:.*]] = dfp.quantize %[[Y1]] rounding(nearest_even)
// CHECK: dfp.conv2d %[[QY1]], %[[QW2]] {{.*}} : !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor>, !dfp.tensor<4x4x3x3xi16, mag = 13, exp = tensor>
// CHECK: %[[Y2:.*]] = dfp.relu
// CHECK: dfp.conv2d %[[Y2]], %[[W3]] {{.*}} : tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32>
// CHECK: dfp.conv2d_backward_filter %[[Y2]], %[[DY3]] {{.*}} : tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>
// CHECK: %[[DY2:.*]] = dfp.conv2d_backward_data %[[DY3]], %[[W3]] {{.*}} : tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32>
// CHECK-NEXT: %[[QDY2:.*]] = dfp.quantize %[[DY2]] rounding(stochastic) seed(0) stream(0)
// CHECK: dfp.conv2d_backward_filter %[[QY1]], %[[QDY2]] {{.*}} : !dfp.tensor
// CHECK: %[[DY1:.*]] = dfp.conv2d_backward_data %[[QDY2]], %[[QW2]] {{.*}} : !dfp.tensor
// CHECK: dfp.conv2d_backward_filter %[[X]], %[[DY1]] {{.*}} : tensor<2x3x8x8xf32>, tensor<2x4x8x8xf32>

// Three values are quantized: relu 1, w2 and dy2.
// COUNT-LABEL: func.func @three_layers
// COUNT-COUNT-3: dfp.quantize
// COUNT-NOT: dfp.quantize
// COUNT: {{^}}// -----

// Every operand is quantized once: x, w1, relu 1, w2, relu 2, w3, dy3, dy2, dy1.
// ALL-LABEL: func.func @three_layers
// ALL-COUNT-9: dfp.quantize
// ALL-NOT: dfp.quantize
// ALL: {{^}}// -----

// ALLF32-LABEL: func.func @three_layers
// ALLF32-NOT: xf32>, tensor<{{.*}}xf32> ->
// ALLF32: {{^}}// -----
func.func @three_layers(%x: tensor<2x3x8x8xf32>, %w1: tensor<4x3x3x3xf32>, %w2: tensor<4x4x3x3xf32>, %w3: tensor<4x4x3x3xf32>, %dy3: tensor<2x4x8x8xf32>) -> (tensor<4x3x3x3xf32>, tensor<4x4x3x3xf32>, tensor<4x4x3x3xf32>) {
  %y1 = dfp.conv2d %x, %w1 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  %r1 = dfp.relu %y1 : tensor<2x4x8x8xf32>
  %y2 = dfp.conv2d %r1, %w2 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<2x4x8x8xf32>
  %r2 = dfp.relu %y2 : tensor<2x4x8x8xf32>
  %y3 = dfp.conv2d %r2, %w3 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<2x4x8x8xf32>
  %dw3 = dfp.conv2d_backward_filter %r2, %dy3 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x4x3x3xf32>
  %dy2 = dfp.conv2d_backward_data %dy3, %w3 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<2x4x8x8xf32>
  %dw2 = dfp.conv2d_backward_filter %r1, %dy2 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x4x3x3xf32>
  %dy1 = dfp.conv2d_backward_data %dy2, %w2 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<2x4x8x8xf32>
  %dw1 = dfp.conv2d_backward_filter %x, %dy1 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x3x3x3xf32>
  return %dw1, %dw2, %dw3 : tensor<4x3x3x3xf32>, tensor<4x4x3x3xf32>, tensor<4x4x3x3xf32>
}

// -----

// Tests that skip-first-last keeps a lone matmul (first and last at once) in FP32 and quantizes only the middle of three matmuls.
// CHECK-LABEL: func.func @one_matmul
// CHECK-NOT: dfp.quantize
// CHECK: dfp.matmul {{.*}} : tensor<4x8xf32>, tensor<8x4xf32>
// CHECK-LABEL: func.func @three_matmuls
// CHECK-SAME: (%{{[^:]*}}: tensor<4x8xf32>, %{{[^:]*}}: tensor<8x8xf32>, %[[W2:[^:]*]]: tensor<8x8xf32>,
// CHECK: %[[QW2:.*]] = dfp.quantize %[[W2]]
// CHECK: %[[Y1:.*]] = dfp.matmul {{.*}} : tensor<4x8xf32>, tensor<8x8xf32>
// CHECK: %[[QY1:.*]] = dfp.quantize %[[Y1]]
// CHECK: dfp.matmul %[[QY1]], %[[QW2]] : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x8xi16, mag = 13, exp = tensor>
// CHECK: dfp.matmul {{.*}} : tensor<4x8xf32>, tensor<8x4xf32>
// ALL-LABEL: func.func @one_matmul
// ALL: dfp.matmul {{.*}} : !dfp.tensor
func.func @one_matmul(%x: tensor<4x8xf32>, %w: tensor<8x4xf32>) -> tensor<4x4xf32> {
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x4xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}
func.func @three_matmuls(%x: tensor<4x8xf32>, %w1: tensor<8x8xf32>, %w2: tensor<8x8xf32>, %w3: tensor<8x4xf32>) -> tensor<4x4xf32> {
  %0 = dfp.matmul %x, %w1 : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
  %1 = dfp.matmul %0, %w2 : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
  %2 = dfp.matmul %1, %w3 : tensor<4x8xf32>, tensor<8x4xf32> -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// Tests that skip-first-last tells the backward matmuls (those with a gradient among their dfp.operand_roles) from forward ones: the backward of the first and last layer stays FP32 with them, the middle layer is quantized forward and backward.
// CHECK-LABEL: func.func @mlp_step
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4x8xf32>
// CHECK: dfp.matmul %[[X]], %{{.*}} : tensor<4x8xf32>, tensor<8x8xf32>
// CHECK: dfp.matmul {{.*}} : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x8xi16, mag = 13, exp = tensor>
// CHECK: dfp.matmul {{.*}} : tensor<4x8xf32>, tensor<8x4xf32>
// CHECK: %[[DH2:.*]] = dfp.matmul {{.*}} transpose_rhs} : tensor<4x4xf32>, tensor<8x4xf32>
// CHECK-NEXT: dfp.quantize %[[DH2]] rounding(stochastic)
// CHECK-NEXT: dfp.matmul {{.*}} transpose_lhs} : tensor<4x8xf32>, tensor<4x4xf32>
// CHECK: %[[DH1:.*]] = dfp.matmul {{.*}} transpose_rhs} : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x8xi16, mag = 13, exp = tensor>
// CHECK: dfp.matmul {{.*}} transpose_lhs} : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
// CHECK: dfp.matmul %[[X]], %[[DH1]] {{.*}} transpose_lhs} : tensor<4x8xf32>, tensor<4x8xf32>
func.func @mlp_step(%x: tensor<4x8xf32>, %w1: tensor<8x8xf32>, %w2: tensor<8x8xf32>, %w3: tensor<8x4xf32>, %dy: tensor<4x4xf32>) -> (tensor<8x4xf32>, tensor<8x8xf32>, tensor<8x8xf32>) {
  %h1 = dfp.matmul %x, %w1 : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
  %h2 = dfp.matmul %h1, %w2 : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
  %y = dfp.matmul %h2, %w3 : tensor<4x8xf32>, tensor<8x4xf32> -> tensor<4x4xf32>
  %dh2 = dfp.matmul %dy, %w3 {dfp.operand_roles = ["gradient", "weight"], transpose_rhs} : tensor<4x4xf32>, tensor<8x4xf32> -> tensor<4x8xf32>
  %dw3 = dfp.matmul %h2, %dy {dfp.operand_roles = ["activation", "gradient"], transpose_lhs} : tensor<4x8xf32>, tensor<4x4xf32> -> tensor<8x4xf32>
  %dh1 = dfp.matmul %dh2, %w2 {dfp.operand_roles = ["gradient", "weight"], transpose_rhs} : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
  %dw2 = dfp.matmul %h1, %dh2 {dfp.operand_roles = ["activation", "gradient"], transpose_lhs} : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<8x8xf32>
  %dw1 = dfp.matmul %x, %dh1 {dfp.operand_roles = ["activation", "gradient"], transpose_lhs} : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<8x8xf32>
  return %dw3, %dw2, %dw1 : tensor<8x4xf32>, tensor<8x8xf32>, tensor<8x8xf32>
}
