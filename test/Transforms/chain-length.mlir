// RUN: dfp-opt %s -split-input-file -dfp-chain-length | FileCheck %s
// RUN: dfp-opt %s -split-input-file -dfp-chain-length=trust-formats=true | FileCheck %s --check-prefix=TRUST

// Tests the chain lengths of DESIGN section 2 for quantized operands of M = 11..15 magnitude bits.
// CHECK-LABEL: func.func @design_table
// CHECK: dfp.matmul {{.*}} chain(512) : !dfp.tensor<4x8xi16, mag = 11
// CHECK: dfp.matmul {{.*}} chain(128) : !dfp.tensor<4x8xi16, mag = 12
// CHECK: dfp.matmul {{.*}} chain(32) : !dfp.tensor<4x8xi16, mag = 13
// CHECK: dfp.matmul {{.*}} chain(8) : !dfp.tensor<4x8xi16, mag = 14
// CHECK: dfp.matmul {{.*}} chain(2) : !dfp.tensor<4x8xi16, mag = 15
func.func @design_table(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) {
  %a11 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 11, exp = tensor>
  %b11 = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 11, exp = tensor>
  %0 = dfp.matmul %a11, %b11 : !dfp.tensor<4x8xi16, mag = 11, exp = tensor>, !dfp.tensor<8x16xi16, mag = 11, exp = tensor> -> tensor<4x16xf32>
  %a12 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 12, exp = tensor>
  %b12 = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 12, exp = tensor>
  %1 = dfp.matmul %a12, %b12 : !dfp.tensor<4x8xi16, mag = 12, exp = tensor>, !dfp.tensor<8x16xi16, mag = 12, exp = tensor> -> tensor<4x16xf32>
  %a13 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  %b13 = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
  %2 = dfp.matmul %a13, %b13 : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  %a14 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 14, exp = tensor>
  %b14 = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 14, exp = tensor>
  %3 = dfp.matmul %a14, %b14 : !dfp.tensor<4x8xi16, mag = 14, exp = tensor>, !dfp.tensor<8x16xi16, mag = 14, exp = tensor> -> tensor<4x16xf32>
  %a15 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 15, exp = tensor>
  %b15 = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 15, exp = tensor>
  %4 = dfp.matmul %a15, %b15 : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, !dfp.tensor<8x16xi16, mag = 15, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests mixed magnitude bits (15 x 14: 4, 13 x 14: 16) and 8-bit storage (7 x 7: 133144, 7 x 15: 516).
// CHECK-LABEL: func.func @mixed_formats
// CHECK: dfp.matmul {{.*}} chain(4) :
// CHECK: dfp.matmul {{.*}} chain(16) :
// CHECK: dfp.matmul {{.*}} chain(133144) :
// CHECK: dfp.matmul {{.*}} chain(516) :
func.func @mixed_formats(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) {
  %a15 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 15, exp = tensor>
  %b14 = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 14, exp = tensor>
  %a13 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  %a7 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi8, mag = 7, exp = tensor>
  %b7 = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi8, mag = 7, exp = tensor>
  %b15 = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 15, exp = tensor>
  %0 = dfp.matmul %a15, %b14 : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, !dfp.tensor<8x16xi16, mag = 14, exp = tensor> -> tensor<4x16xf32>
  %1 = dfp.matmul %a13, %b14 : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 14, exp = tensor> -> tensor<4x16xf32>
  %2 = dfp.matmul %a7, %b7 : !dfp.tensor<4x8xi8, mag = 7, exp = tensor>, !dfp.tensor<8x16xi8, mag = 7, exp = tensor> -> tensor<4x16xf32>
  %3 = dfp.matmul %a7, %b15 : !dfp.tensor<4x8xi8, mag = 7, exp = tensor>, !dfp.tensor<8x16xi16, mag = 15, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that every convolution form gets its chain and that f32 contractions get none.
// CHECK-LABEL: func.func @convolutions
// CHECK: dfp.conv2d {{.*}} groups 1 chain(128) :
// CHECK: dfp.conv2d_backward_data {{.*}} groups 1 chain(128) :
// CHECK: dfp.conv2d_backward_filter {{.*}} groups 1 chain(128) :
// CHECK: dfp.conv2d {{.*}} groups 1 : tensor<2x4x8x8xf32>
func.func @convolutions(%x: tensor<2x4x8x8xf32>, %w: tensor<4x4x3x3xf32>, %dy: tensor<2x4x8x8xf32>) {
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<2x4x8x8xf32> -> !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<4x4x3x3xf32> -> !dfp.tensor<4x4x3x3xi16, mag = 12, exp = tensor>
  %qdy = dfp.quantize %dy rounding(stochastic) seed(1) stream(0) : tensor<2x4x8x8xf32> -> !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>
  %0 = dfp.conv2d %qx, %qw strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>, !dfp.tensor<4x4x3x3xi16, mag = 12, exp = tensor> -> tensor<2x4x8x8xf32>
  %1 = dfp.conv2d_backward_data %qdy, %qw strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>, !dfp.tensor<4x4x3x3xi16, mag = 12, exp = tensor> -> tensor<2x4x8x8xf32>
  %2 = dfp.conv2d_backward_filter %qx, %qdy strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>, !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor> -> tensor<4x4x3x3xf32>
  %3 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that a DFP argument may hold -2^15 (32768 x 8191: chain 8) and an 8-bit one -2^7 (128 x 128: 131070), while requantized and reshaped quantized values keep 2^M - 1.
// CHECK-LABEL: func.func @full_range
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(8) :
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(131070) :
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(32) :
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(32) :
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(8) :
// With trust-formats, arguments hold at most 2^M - 1 like quantized values.
// TRUST-LABEL: func.func @full_range
// TRUST: dfp.matmul %{{.*}}, %{{.*}} chain(32) :
// TRUST: dfp.matmul %{{.*}}, %{{.*}} chain(133144) :
// TRUST: dfp.matmul %{{.*}}, %{{.*}} chain(32) :
// TRUST: dfp.matmul %{{.*}}, %{{.*}} chain(32) :
// TRUST: dfp.matmul %{{.*}}, %{{.*}} chain(32) :
func.func @full_range(%arg: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %a8: !dfp.tensor<4x8xi8, mag = 7, exp = tensor>, %b8: !dfp.tensor<8x16xi8, mag = 7, exp = tensor>, %x: tensor<4x8xf32>, %w: tensor<8x16xf32>) {
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
  %0 = dfp.matmul %arg, %qw : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  %1 = dfp.matmul %a8, %b8 : !dfp.tensor<4x8xi8, mag = 7, exp = tensor>, !dfp.tensor<8x16xi8, mag = 7, exp = tensor> -> tensor<4x16xf32>
  %rq = dfp.requantize %arg rounding(nearest_even) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>
  %2 = dfp.matmul %rq, %qw : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  %r = dfp.reshape %qx : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<8x4xi16, mag = 13, exp = tensor>
  %3 = dfp.matmul %r, %qx : !dfp.tensor<8x4xi16, mag = 13, exp = tensor>, !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> tensor<8x8xf32>
  %ra = dfp.reshape %arg : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<8x4xi16, mag = 13, exp = tensor>
  %4 = dfp.matmul %ra, %qx : !dfp.tensor<8x4xi16, mag = 13, exp = tensor>, !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> tensor<8x8xf32>
  return
}

// -----

// Tests that the quantization of a constant is bounded by its true largest |q| (1.0 gives 4096 with M = 13: chain 14 against a full-range argument, not 8), per exponent group (0.75 in its own group gives 6144: chain 10), and an all-zero constant by the formats.
// CHECK-LABEL: func.func @constants
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(14) :
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(10) :
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(32) :
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(32) :
func.func @constants(%arg: !dfp.tensor<2x4xi16, mag = 13, exp = tensor>, %x: tensor<2x4xf32>) {
  %c = arith.constant dense<[[1.0, 0.5], [0.75, 0.25]]> : tensor<2x2xf32>
  %qt = dfp.quantize %c rounding(nearest_even) : tensor<2x2xf32> -> !dfp.tensor<2x2xi16, mag = 13, exp = tensor>
  %0 = dfp.matmul %qt, %arg : !dfp.tensor<2x2xi16, mag = 13, exp = tensor>, !dfp.tensor<2x4xi16, mag = 13, exp = tensor> -> tensor<2x4xf32>
  %qa = dfp.quantize %c rounding(nearest_even) : tensor<2x2xf32> -> !dfp.tensor<2x2xi16, mag = 13, exp = axis 0>
  %1 = dfp.matmul %qa, %arg : !dfp.tensor<2x2xi16, mag = 13, exp = axis 0>, !dfp.tensor<2x4xi16, mag = 13, exp = tensor> -> tensor<2x4xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %qz = dfp.quantize %z rounding(nearest_even) : tensor<2x2xf32> -> !dfp.tensor<2x2xi16, mag = 13, exp = tensor>
  %2 = dfp.matmul %qz, %arg : !dfp.tensor<2x2xi16, mag = 13, exp = tensor>, !dfp.tensor<2x4xi16, mag = 13, exp = tensor> -> tensor<2x4xf32>
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<2x4xf32> -> !dfp.tensor<2x4xi16, mag = 13, exp = tensor>
  %3 = dfp.matmul %qt, %qx : !dfp.tensor<2x2xi16, mag = 13, exp = tensor>, !dfp.tensor<2x4xi16, mag = 13, exp = tensor> -> tensor<2x4xf32>
  return
}

// -----

// Tests that a chain set by the user is kept when it is exact, even if shorter than the longest.
// CHECK-LABEL: func.func @user_chain
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(16) :
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(8) :
func.func @user_chain(%arg: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %x: tensor<4x8xf32>, %w: tensor<8x16xf32>) {
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
  %0 = dfp.matmul %qx, %qw chain(16) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  %1 = dfp.matmul %arg, %qw chain(8) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}
