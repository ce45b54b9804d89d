// RUN: dfp-opt %s -split-input-file -dfp-chain-length=target-chain=32 | FileCheck %s --check-prefix=T32
// RUN: dfp-opt %s -split-input-file -dfp-chain-length=target-chain=16 | FileCheck %s --check-prefix=T16
// RUN: dfp-opt %s -split-input-file -dfp-chain-length=target-chain=2 | FileCheck %s --check-prefix=T2

// Tests that the largest magnitude bits reaching the target are chosen (15 x 15 lowered to 13 x 13 for 32; raised to 15 x 15 for 2), lowering the first operand on ties (13 x 14 for 16).
// T32-LABEL: func.func @choose_mag
// T32: dfp.quantize %{{.*}} -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
// T32: dfp.quantize %{{.*}} -> !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
// T32: dfp.matmul %{{.*}}, %{{.*}} chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
// T16-LABEL: func.func @choose_mag
// T16: dfp.matmul %{{.*}}, %{{.*}} chain(16) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 14, exp = tensor>
// T2-LABEL: func.func @choose_mag
// T2: dfp.matmul %{{.*}}, %{{.*}} chain(2) : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, !dfp.tensor<8x16xi16, mag = 15, exp = tensor>
func.func @choose_mag(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 15, exp = tensor>
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 14, exp = tensor>
  %0 = dfp.matmul %qx, %qw : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, !dfp.tensor<8x16xi16, mag = 14, exp = tensor> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests that only the quantized side is adjusted against a full-range argument (32 x 32768 x 2047 fits: M = 11), that a quantization shared with another contraction takes the smaller M, and that reshapes follow.
// T32-LABEL: func.func @shared
// T32: %[[QW:.*]] = dfp.quantize %{{.*}} -> !dfp.tensor<8x16xi16, mag = 11, exp = tensor>
// T32: %[[QX:.*]] = dfp.quantize %{{.*}} -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
// T32: dfp.matmul %[[QX]], %[[QW]] chain(128) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 11, exp = tensor>
// T32: dfp.matmul %{{.*}}, %[[QW]] chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 11, exp = tensor>
// T32: %[[R:.*]] = dfp.reshape %[[QW]] : !dfp.tensor<8x16xi16, mag = 11, exp = tensor> -> !dfp.tensor<16x8xi16, mag = 11, exp = tensor>
// T32: dfp.dequantize %[[R]] : !dfp.tensor<16x8xi16, mag = 11, exp = tensor> -> tensor<16x8xf32>
func.func @shared(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %arg: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>) -> tensor<16x8xf32> {
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 15, exp = tensor>
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 15, exp = tensor>
  %0 = dfp.matmul %qx, %qw : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, !dfp.tensor<8x16xi16, mag = 15, exp = tensor> -> tensor<4x16xf32>
  %1 = dfp.matmul %arg, %qw : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 15, exp = tensor> -> tensor<4x16xf32>
  %r = dfp.reshape %qw : !dfp.tensor<8x16xi16, mag = 15, exp = tensor> -> !dfp.tensor<16x8xi16, mag = 15, exp = tensor>
  %d = dfp.dequantize %r : !dfp.tensor<16x8xi16, mag = 15, exp = tensor> -> tensor<16x8xf32>
  return %d : tensor<16x8xf32>
}

// -----

// Tests that a quantization whose result escapes to a non-DFP user (here the return) keeps its format while the other operand adapts (32 x 32767 x 2047 fits: M = 11).
// T32-LABEL: func.func @escaping
// T32: dfp.matmul %{{.*}}, %{{.*}} chain(32) : !dfp.tensor<4x8xi16, mag = 11, exp = tensor>, !dfp.tensor<8x16xi16, mag = 15, exp = tensor>
func.func @escaping(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) -> !dfp.tensor<8x16xi16, mag = 15, exp = tensor> {
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 15, exp = tensor>
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 15, exp = tensor>
  %0 = dfp.matmul %qx, %qw : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, !dfp.tensor<8x16xi16, mag = 15, exp = tensor> -> tensor<4x16xf32>
  return %qw : !dfp.tensor<8x16xi16, mag = 15, exp = tensor>
}
