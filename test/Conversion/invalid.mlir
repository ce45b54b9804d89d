// RUN: dfp-opt %s -split-input-file -verify-diagnostics -convert-dfp-to-linalg

// Tests that exponent blocks are refused, naming the op.
func.func @blocks(%x: tensor<4x8xf32>) -> !dfp.tensor<4x8xi16, mag = 13, exp = block 4 on 1> {
  // expected-error @+1 {{'dfp.quantize' op is not yet lowered by convert-dfp-to-linalg: exponent blocks, and per-axis exponents outside quantize, dequantize and matmul, are not lowered}}
  %q = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = block 4 on 1>
  return %q : !dfp.tensor<4x8xi16, mag = 13, exp = block 4 on 1>
}

// -----

// Tests that a DFP matmul without a chain length is refused.
func.func @no_chain(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<8x2xi16, mag = 13, exp = tensor>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'dfp.matmul' op on DFP operands needs `chain` to be lowered (run dfp-chain-length)}}
  %c = dfp.matmul %a, %b : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x2xi16, mag = 13, exp = tensor> -> tensor<4x2xf32>
  return %c : tensor<4x2xf32>
}

// -----

// Tests that a quantize nested in a region is refused (its status could not
// reach the function's results).
func.func @nested(%x: tensor<4xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error @+1 {{'dfp.quantize' op is not yet lowered by convert-dfp-to-linalg: only quantizes directly in a func.func body}}
    %q = dfp.quantize %x rounding(nearest_even) : tensor<4xf32> -> !dfp.tensor<4xi16, mag = 13, exp = tensor>
  }
  return
}

// -----

// Tests that calls to a function that quantizes are refused.
func.func private @quantizes(%x: tensor<4xf32>) -> !dfp.tensor<4xi16, mag = 13, exp = tensor> {
  %q = dfp.quantize %x rounding(nearest_even) : tensor<4xf32> -> !dfp.tensor<4xi16, mag = 13, exp = tensor>
  return %q : !dfp.tensor<4xi16, mag = 13, exp = tensor>
}

func.func @caller(%x: tensor<4xf32>) -> !dfp.tensor<4xi16, mag = 13, exp = tensor> {
  // expected-error @+1 {{'func.call' op calls @quantizes, which quantizes: convert-dfp-to-linalg does not yet lower calls to functions with a non-finite status}}
  %q = func.call @quantizes(%x) : (tensor<4xf32>) -> !dfp.tensor<4xi16, mag = 13, exp = tensor>
  return %q : !dfp.tensor<4xi16, mag = 13, exp = tensor>
}

// -----

// Tests that an op without a lowering is named.
func.func @requantize(%q: !dfp.tensor<4xi16, mag = 13, exp = tensor>) -> !dfp.tensor<4xi16, mag = 11, exp = tensor> {
  // expected-error @+1 {{'dfp.requantize' op is not yet lowered by convert-dfp-to-linalg: no lowering for this op}}
  %r = dfp.requantize %q rounding(nearest_even) : !dfp.tensor<4xi16, mag = 13, exp = tensor> -> !dfp.tensor<4xi16, mag = 11, exp = tensor>
  return %r : !dfp.tensor<4xi16, mag = 11, exp = tensor>
}
