// RUN: dfp-opt %s -split-input-file -verify-diagnostics -dfp-lower-to-kernels

// Tests that a DFP contraction without a chain length is refused, naming the
// pass to run.
func.func @unchained(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<8x2xi16, mag = 13, exp = tensor>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'dfp.matmul' op on DFP operands needs `chain` to be lowered to a kernel (run dfp-chain-length)}}
  %c = dfp.matmul %a, %b : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x2xi16, mag = 13, exp = tensor> -> tensor<4x2xf32>
  return %c : tensor<4x2xf32>
}

// -----

// Tests that an unchained DFP convolution is refused too.
func.func @unchained_conv(%x: !dfp.tensor<1x2x4x4xi16, mag = 13, exp = tensor>, %w: !dfp.tensor<3x2x3x3xi16, mag = 13, exp = tensor>) -> tensor<1x3x2x2xf32> {
  // expected-error @+1 {{'dfp.conv2d' op on DFP operands needs `chain` to be lowered to a kernel (run dfp-chain-length)}}
  %y = dfp.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : !dfp.tensor<1x2x4x4xi16, mag = 13, exp = tensor>, !dfp.tensor<3x2x3x3xi16, mag = 13, exp = tensor> -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}
