// RUN: dfp-opt %s -split-input-file -verify-diagnostics -dfp-quantize="activation-format=i16:13:block3 gradient-format=i16:13:axis0"
// RUN: not dfp-opt %s -dfp-quantize="weight-format=i16:16:tensor" 2>&1 | FileCheck %s --check-prefix=MAG
// RUN: not dfp-opt %s -dfp-quantize="gradient-format=i32:13:tensor" 2>&1 | FileCheck %s --check-prefix=STORAGE
// RUN: not dfp-opt %s -dfp-quantize="activation-format=i16:13:rows" 2>&1 | FileCheck %s --check-prefix=GROUPING
// MAG: error: dfp-quantize: weight-format: invalid format 'i16:16:tensor': magnitude bits must be in [1, 15]
// STORAGE: error: dfp-quantize: gradient-format: invalid format 'i32:13:tensor': storage must be i8 or i16
// GROUPING: error: dfp-quantize: activation-format: invalid format 'i16:13:rows': unknown grouping 'rows'

// Tests that a block that does not divide the dimension it runs along is rejected with the operand named.
func.func @block_not_dividing(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{cannot quantize lhs of 'tensor<4x8xf32>': exponent block size 3 does not divide dimension 1 of size 8}}
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests that a format with one exponent per index of a summed axis is rejected by the contraction's verifier.
func.func @per_index_along_sum(%x: tensor<2x4x8x8xf32> {dfp.role = "gradient"}, %dy: tensor<2x4x8x8xf32>) -> tensor<4x4x3x3xf32> {
  // expected-error @+1 {{'dfp.conv2d_backward_filter' op expects input exponents shared along summed axis 0, got one per index (exp = axis 0)}}
  %0 = dfp.conv2d_backward_filter %x, %dy strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x4x3x3xf32>
  return %0 : tensor<4x4x3x3xf32>
}

// -----

// Tests that an unknown dfp.role is rejected on the function.
// expected-error @+1 {{argument 1 has unknown dfp.role "bias" (expected activation, weight or gradient)}}
func.func @unknown_role(%x: tensor<4x8xf32> {dfp.role = "weight"}, %w: tensor<8x16xf32> {dfp.role = "bias"}) -> tensor<4x16xf32> {
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests that dfp.operand_roles names two known roles.
func.func @unknown_operand_role(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'dfp.matmul' op expects dfp.operand_roles to name two roles (activation, weight or gradient), got ["gradient", "bias"]}}
  %0 = dfp.matmul %x, %w {dfp.operand_roles = ["gradient", "bias"]} : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests that the step counter argument must be an i32.
// expected-error @+1 {{argument 2 marked dfp.step must be i32, got 'i64'}}
func.func @step_not_i32(%dy: tensor<2x4x8x8xf32>, %w: tensor<4x3x3x3xf32>, %step: i64 {dfp.step}) -> tensor<2x3x8x8xf32> {
  %0 = dfp.conv2d_backward_data %dy, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x8x8xf32>
  return %0 : tensor<2x3x8x8xf32>
}
