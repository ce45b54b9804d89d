// RUN: dfp-opt %s -split-input-file -verify-diagnostics -dfp-chain-length=emit-remarks=true

// Tests that the remark names the chosen chain and the bound of each operand.
func.func @chosen(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) {
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
  // expected-remark @+1 {{chain 32: lhs |q| <= 8191 (2^13 - 1), rhs |q| <= 8191 (2^13 - 1)}}
  %0 = dfp.matmul %qx, %qw : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that the remark says why an argument is bounded by 2^15 and when the formats cap a chain that a quantized constant would allow.
func.func @reasons(%arg: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %x: tensor<8x4xf32>) {
  %c = arith.constant dense<1.0> : tensor<8x16xf32>
  %qc = dfp.quantize %c rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
  // expected-remark @+1 {{chain 14: lhs |q| <= 32768 (2^15: may hold -2^15, not produced by dfp.quantize or dfp.requantize), rhs |q| <= 4096 (quantized constant)}}
  %0 = dfp.matmul %arg, %qc : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<8x4xf32> -> !dfp.tensor<8x4xi16, mag = 13, exp = tensor>
  // expected-remark @+1 {{chain 32: lhs |q| <= 8191 (2^13 - 1), rhs |q| <= 4096 (quantized constant); capped from 64 at the operand formats' bound}}
  %1 = dfp.matmul %qx, %qc {transpose_lhs} : !dfp.tensor<8x4xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that a kept user chain is reported with the longest exact one.
func.func @kept(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) {
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 12, exp = tensor>
  %qw = dfp.quantize %w rounding(stochastic) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 12, exp = tensor>
  // expected-remark @+1 {{kept chain 64 (longest exact 128): lhs |q| <= 4095 (2^12 - 1), rhs |q| <= 4095 (2^12 - 1)}}
  %0 = dfp.matmul %qx, %qw chain(64) : !dfp.tensor<4x8xi16, mag = 12, exp = tensor>, !dfp.tensor<8x16xi16, mag = 12, exp = tensor> -> tensor<4x16xf32>
  return
}
