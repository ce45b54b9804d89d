// RUN: dfp-opt %s -split-input-file -verify-diagnostics -dfp-chain-length="target-chain=32 emit-remarks=true"

// Tests that the remarks report the magnitude bits chosen for the target and the resulting chain.
func.func @chosen(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) {
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 15, exp = tensor>
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 15, exp = tensor>
  // expected-remark @+2 {{target chain 32: magnitude bits 13 and 13 allow a chain of 32}}
  // expected-remark @+1 {{chain 32: lhs |q| <= 8191 (2^13 - 1), rhs |q| <= 8191 (2^13 - 1)}}
  %0 = dfp.matmul %qx, %qw : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, !dfp.tensor<8x16xi16, mag = 15, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that a target the fixed formats cannot reach is a warning (an argument and a quantization returned as is), and that the longest exact chain is still set.
func.func @unreachable(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %w: tensor<8x16xf32>) -> !dfp.tensor<8x16xi16, mag = 15, exp = tensor> {
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 15, exp = tensor>
  // expected-warning @+2 {{cannot reach chain 32, formats left unchanged: lhs |q| <= 32768 (2^15: may hold -2^15, not produced by dfp.quantize or dfp.requantize), rhs |q| <= 32767 (2^15 - 1) allow at most 2 (only formats set by dfp.quantize/requantize and used by contractions, dequantize or requantize can change)}}
  // expected-remark @+1 {{chain 2: lhs |q| <= 32768}}
  %0 = dfp.matmul %a, %qw : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 15, exp = tensor> -> tensor<4x16xf32>
  return %qw : !dfp.tensor<8x16xi16, mag = 15, exp = tensor>
}

