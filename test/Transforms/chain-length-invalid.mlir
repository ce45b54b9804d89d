// RUN: dfp-opt %s -split-input-file -verify-diagnostics -dfp-chain-length
// RUN: not dfp-opt %s -split-input-file -dfp-chain-length=target-chain=3 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: error: dfp-chain-length: target-chain must be a positive multiple of 2, got 3

// Tests that a user chain within the formats' bound is rejected when an operand may hold -2^15, naming the op and the overflow.
func.func @user_chain_overflows(%arg: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %w: tensor<8x16xf32>) {
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
  // expected-error @+1 {{'dfp.matmul' op chain 32 overflows INT32: 32 * 32768 * 8191 > 2^31 - 1 with lhs |q| <= 32768 (2^15: may hold -2^15, not produced by dfp.quantize or dfp.requantize), rhs |q| <= 8191 (2^13 - 1); longest exact chain: 8}}
  %0 = dfp.matmul %arg, %qw chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that a user chain is rejected on an 8-bit convolution whose filter may hold -2^7.
func.func @user_chain_overflows_i8(%x: tensor<2x4x8x8xf32>, %w: !dfp.tensor<4x4x3x3xi8, mag = 7, exp = tensor>) {
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<2x4x8x8xf32> -> !dfp.tensor<2x4x8x8xi8, mag = 7, exp = tensor>
  // expected-error @+1 {{'dfp.conv2d' op chain 133144 overflows INT32: 133144 * 127 * 128 > 2^31 - 1 with input |q| <= 127 (2^7 - 1), filter |q| <= 128 (2^7: may hold -2^7, not produced by dfp.quantize or dfp.requantize); longest exact chain: 132104}}
  %0 = dfp.conv2d %qx, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(133144) : !dfp.tensor<2x4x8x8xi8, mag = 7, exp = tensor>, !dfp.tensor<4x4x3x3xi8, mag = 7, exp = tensor> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that two 16-bit operands that may both hold -2^15 have no exact chain (one vpdpwssd step reaches 2^31).
func.func @no_exact_chain(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<8x16xi16, mag = 15, exp = tensor>) {
  // expected-error @+1 {{'dfp.matmul' op has no exact INT32 chain: one step of 2 products can overflow with lhs |q| <= 32768 (2^15: may hold -2^15, not produced by dfp.quantize or dfp.requantize), rhs |q| <= 32768 (2^15: may hold -2^15, not produced by dfp.quantize or dfp.requantize); requantize an operand to fewer magnitude bits}}
  %0 = dfp.matmul %a, %b : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 15, exp = tensor> -> tensor<4x16xf32>
  return
}
