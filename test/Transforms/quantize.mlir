// RUN: dfp-opt %s -split-input-file -dfp-quantize | FileCheck %s

// Tests that both matmul operands are quantized with the default format and rounding and that the relu stays FP32.
// CHECK-LABEL: func.func @matmul_relu
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[W:.*]]: tensor<8x16xf32>)
// CHECK: %[[QX:.*]] = dfp.quantize %[[X]] rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
// CHECK: %[[QW:.*]] = dfp.quantize %[[W]] rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
// CHECK: %[[Y:.*]] = dfp.matmul %[[QX]], %[[QW]] : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
// CHECK: dfp.relu %[[Y]] : tensor<4x16xf32>
func.func @matmul_relu(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  %1 = dfp.relu %0 : tensor<4x16xf32>
  return %1 : tensor<4x16xf32>
}

// -----

// Tests that a quantization is placed after the op defining its input and reused by every contraction with the same format.
// CHECK-LABEL: func.func @reuse
// CHECK: %[[R:.*]] = dfp.relu
// CHECK-NEXT: %[[QR:.*]] = dfp.quantize %[[R]] rounding(nearest_even)
// CHECK-NOT: dfp.quantize %[[R]]
// CHECK: dfp.matmul %[[QR]], %{{.*}} : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16
// CHECK: dfp.matmul %[[QR]], %{{.*}} : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x2xi16
func.func @reuse(%x: tensor<4x8xf32>, %w1: tensor<8x16xf32>, %w2: tensor<8x2xf32>) -> (tensor<4x16xf32>, tensor<4x2xf32>) {
  %r = dfp.relu %x : tensor<4x8xf32>
  %0 = dfp.matmul %r, %w1 : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  %1 = dfp.matmul %r, %w2 : tensor<4x8xf32>, tensor<8x2xf32> -> tensor<4x2xf32>
  return %0, %1 : tensor<4x16xf32>, tensor<4x2xf32>
}

// -----

// Tests the roles of the convolution forms: gradients are quantized stochastically, each gradient with a stream of its own, activations and weights to nearest even.
// CHECK-LABEL: func.func @conv_roles
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3x8x8xf32>, %[[W:[^:]*]]: tensor<4x3x3x3xf32>, %[[DY:[^:]*]]: tensor<2x4x8x8xf32>, %[[DZ:[^:]*]]: tensor<2x4x8x8xf32>)
// CHECK-DAG: %[[QX:.*]] = dfp.quantize %[[X]] rounding(nearest_even) :
// CHECK-DAG: %[[QW:.*]] = dfp.quantize %[[W]] rounding(nearest_even) :
// CHECK-DAG: %[[QDY:.*]] = dfp.quantize %[[DY]] rounding(stochastic) seed(0) stream(0) :
// CHECK-DAG: %[[QDZ:.*]] = dfp.quantize %[[DZ]] rounding(stochastic) seed(0) stream(1) :
// CHECK: dfp.conv2d %[[QX]], %[[QW]]
// CHECK: dfp.conv2d_backward_data %[[QDY]], %[[QW]]
// CHECK: dfp.conv2d_backward_filter %[[QX]], %[[QDY]]
// CHECK: dfp.conv2d_backward_filter %[[QX]], %[[QDZ]]
func.func @conv_roles(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %dy: tensor<2x4x8x8xf32>, %dz: tensor<2x4x8x8xf32>) {
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  %1 = dfp.conv2d_backward_data %dy, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x8x8xf32>
  %2 = dfp.conv2d_backward_filter %x, %dy strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x3x3x3xf32>
  %3 = dfp.conv2d_backward_filter %x, %dz strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x3x3x3xf32>
  return
}

// -----

// Tests that stream numbers keep counting across functions and that the argument marked dfp.step is the counter's step.
// CHECK-LABEL: func.func @first
// CHECK: dfp.quantize %{{.*}} rounding(stochastic) seed(0) stream(0) :
// CHECK-LABEL: func.func @second
// CHECK-SAME: %[[STEP:[^:]*]]: i32 {dfp.step}
// CHECK: dfp.quantize %{{.*}} rounding(stochastic) seed(0) stream(1) step(%[[STEP]]) :
func.func @first(%dy: tensor<2x4x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32> {
  %0 = dfp.conv2d_backward_data %dy, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x8x8xf32>
  return %0 : tensor<2x3x8x8xf32>
}
func.func @second(%dy: tensor<2x4x8x8xf32>, %w: tensor<4x3x3x3xf32>, %step: i32 {dfp.step}) -> tensor<2x3x8x8xf32> {
  %0 = dfp.conv2d_backward_data %dy, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x8x8xf32>
  return %0 : tensor<2x3x8x8xf32>
}

// -----

// Tests that a dfp.role on a function argument overrides the role of its position.
// CHECK-LABEL: func.func @role_override
// CHECK-SAME: (%[[DY:[^:]*]]: tensor<4x8xf32> {dfp.role = "gradient"}, %[[X:[^:]*]]: tensor<8x16xf32> {dfp.role = "activation"})
// CHECK: dfp.quantize %[[DY]] rounding(stochastic) seed(0) stream(0) :
// CHECK: dfp.quantize %[[X]] rounding(nearest_even) :
func.func @role_override(%dy: tensor<4x8xf32> {dfp.role = "gradient"}, %x: tensor<8x16xf32> {dfp.role = "activation"}) -> tensor<4x16xf32> {
  %0 = dfp.matmul %dy, %x : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests that dfp.operand_roles on a matmul (the backward matmuls of dfp-build-training-step) gives its operands their roles, and that a dfp.role on an argument still overrides it.
// CHECK-LABEL: func.func @operand_roles
// CHECK-SAME: (%[[DY:[^:]*]]: tensor<4x8xf32>, %[[W:[^:]*]]: tensor<16x8xf32>, %[[X:[^:]*]]: tensor<4x16xf32> {dfp.role = "weight"})
// CHECK: %[[QDY:.*]] = dfp.quantize %[[DY]] rounding(stochastic) seed(0) stream(0) :
// CHECK: %[[QW:.*]] = dfp.quantize %[[W]] rounding(nearest_even) :
// CHECK: %[[QX:.*]] = dfp.quantize %[[X]] rounding(nearest_even) :
// CHECK: dfp.matmul %[[QDY]], %[[QW]] {dfp.operand_roles = ["gradient", "weight"], transpose_rhs}
// CHECK: dfp.matmul %[[QX]], %[[QDY]] {dfp.operand_roles = ["activation", "gradient"], transpose_lhs}
func.func @operand_roles(%dy: tensor<4x8xf32>, %w: tensor<16x8xf32>, %x: tensor<4x16xf32> {dfp.role = "weight"}) -> (tensor<4x16xf32>, tensor<16x8xf32>) {
  %0 = dfp.matmul %dy, %w {dfp.operand_roles = ["gradient", "weight"], transpose_rhs} : tensor<4x8xf32>, tensor<16x8xf32> -> tensor<4x16xf32>
  %1 = dfp.matmul %x, %dy {dfp.operand_roles = ["activation", "gradient"], transpose_lhs} : tensor<4x16xf32>, tensor<4x8xf32> -> tensor<16x8xf32>
  return %0, %1 : tensor<4x16xf32>, tensor<16x8xf32>
}

// -----

// Tests that contractions already on DFP operands and non-contractions are left alone.
// CHECK-LABEL: func.func @untouched
// CHECK-NOT: dfp.quantize
// CHECK: dfp.matmul %{{.*}}, %{{.*}} : !dfp.tensor
// CHECK: dfp.add
func.func @untouched(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<8x16xi16, mag = 13, exp = tensor>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = dfp.matmul %a, %b : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  %1 = dfp.add %0, %c : tensor<4x16xf32>
  return %1 : tensor<4x16xf32>
}
