// RUN: dfp-opt %s -split-input-file -verify-diagnostics

// Every error the Dfp dialect emits has at least one case here: dialect/IR has
// 35 emitOpError/emitError sites and this file 102 cases (some sites, such as
// the shape and window checks shared by several ops, have one case per op).
// A few cases also cover ODS-generated operand type checks.

// Tests that 32-bit storage is rejected.
// expected-error @+1 {{DFP storage must be i8 or i16, got 'i32'}}
func.func private @f(%arg0: !dfp.tensor<4xi32, mag = 13, exp = tensor>)

// -----

// Tests that signed storage is rejected (DFP storage is signless).
// expected-error @+1 {{DFP storage must be i8 or i16, got 'si16'}}
func.func private @f(%arg0: !dfp.tensor<4xsi16, mag = 13, exp = tensor>)

// -----

// Tests that floating-point storage is rejected.
// expected-error @+1 {{DFP storage must be i8 or i16, got 'f16'}}
func.func private @f(%arg0: !dfp.tensor<4xf16, mag = 13, exp = tensor>)

// -----

// Tests that 16 magnitude bits do not fit i16 storage.
// expected-error @+1 {{magnitude bits of 'i16' storage must be in [1, 15], got 16}}
func.func private @f(%arg0: !dfp.tensor<4xi16, mag = 16, exp = tensor>)

// -----

// Tests that zero magnitude bits are rejected.
// expected-error @+1 {{magnitude bits of 'i16' storage must be in [1, 15], got 0}}
func.func private @f(%arg0: !dfp.tensor<4xi16, mag = 0, exp = tensor>)

// -----

// Tests that 8 magnitude bits do not fit i8 storage.
// expected-error @+1 {{magnitude bits of 'i8' storage must be in [1, 7], got 8}}
func.func private @f(%arg0: !dfp.tensor<4xi8, mag = 8, exp = tensor>)

// -----

// Tests that dynamic sizes are rejected.
// expected-error @+1 {{DFP tensors have static shapes}}
func.func private @f(%arg0: !dfp.tensor<?x4xi16, mag = 13, exp = tensor>)

// -----

// Tests that an exponent axis past the rank is rejected.
// expected-error @+1 {{exponent axis 2 is out of range for a tensor of rank 2}}
func.func private @f(%arg0: !dfp.tensor<4x8xi16, mag = 13, exp = axis 2>)

// -----

// Tests that a negative exponent axis is rejected.
// expected-error @+1 {{exponent axis -1 is out of range for a tensor of rank 2}}
func.func private @f(%arg0: !dfp.tensor<4x8xi16, mag = 13, exp = axis -1>)

// -----

// Tests that a per-axis grouping of a rank-0 tensor is rejected.
// expected-error @+1 {{exponent axis 0 is out of range for a tensor of rank 0}}
func.func private @f(%arg0: !dfp.tensor<i16, mag = 13, exp = axis 0>)

// -----

// Tests that a block on an axis past the rank is rejected.
// expected-error @+1 {{exponent axis 3 is out of range for a tensor of rank 2}}
func.func private @f(%arg0: !dfp.tensor<4x8xi16, mag = 13, exp = block 4 on 3>)

// -----

// Tests that an empty block is rejected.
// expected-error @+1 {{exponent block size must be positive, got 0}}
func.func private @f(%arg0: !dfp.tensor<4x8xi16, mag = 13, exp = block 0 on 1>)

// -----

// Tests that a block must divide its dimension.
// expected-error @+1 {{exponent block size 5 does not divide dimension 1 of size 8}}
func.func private @f(%arg0: !dfp.tensor<4x8xi16, mag = 13, exp = block 5 on 1>)

// -----

// Tests that an unknown grouping keyword is rejected.
// expected-error @+1 {{expected exponent grouping 'tensor', 'axis <A>' or 'block <N> on <A>', got 'channel'}}
func.func private @f(%arg0: !dfp.tensor<4x8xi16, mag = 13, exp = channel 1>)

// -----

// Tests that an unknown rounding mode is rejected with the list of modes.
func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{unknown rounding mode 'nearest', expected one of: nearest_even, nearest_up, toward_zero, stochastic}}
  %0 = dfp.quantize %x rounding(nearest) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  return
}

// -----

// Tests that quantize keeps the shape.
func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'dfp.quantize' op expects result of shape 4x8, got 8x4}}
  %0 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<8x4xi16, mag = 13, exp = tensor>
  return
}

// -----

// Tests that a seed needs stochastic rounding.
func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'dfp.quantize' op seed, stream and step are only legal with stochastic rounding, got nearest_even}}
  %0 = dfp.quantize %x rounding(nearest_even) seed(3) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  return
}

// -----

// Tests that quantize takes f32 input only.
func.func @f(%x: tensor<4x8xf16>) {
  // expected-error @+1 {{'dfp.quantize' op operand #0 must be statically shaped tensor of 32-bit float values}}
  %0 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf16> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  return
}

// -----

// Tests that a step needs stochastic rounding in requantize too.
func.func @f(%q: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %step: i32) {
  // expected-error @+1 {{'dfp.requantize' op seed, stream and step are only legal with stochastic rounding, got toward_zero}}
  %0 = dfp.requantize %q rounding(toward_zero) step(%step) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<4x8xi16, mag = 12, exp = tensor>
  return
}

// -----

// Tests that requantize keeps the shape.
func.func @f(%q: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.requantize' op expects result of shape 4x8, got 32}}
  %0 = dfp.requantize %q rounding(nearest_even) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<32xi16, mag = 13, exp = tensor>
  return
}

// -----

// Tests that dequantize keeps the shape.
func.func @f(%q: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.dequantize' op expects result of shape 4x8, got 4x4}}
  %0 = dfp.dequantize %q : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> tensor<4x4xf32>
  return
}

// -----

// Tests that dequantize takes a DFP operand.
func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'dfp.dequantize' op operand #0 must be DFP tensor}}
  %0 = dfp.dequantize %x : tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

// Tests that matmul operands are both f32 or both DFP.
func.func @f(%a: tensor<4x8xf32>, %b: !dfp.tensor<8x16xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.matmul' op expects both contracted operands f32 or both DFP, got 'tensor<4x8xf32>' and '!dfp.tensor<8x16xi16, mag = 13, exp = tensor>'}}
  %0 = dfp.matmul %a, %b : tensor<4x8xf32>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that chain is rejected on f32 operands.
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error @+1 {{'dfp.matmul' op chain is only legal on DFP operands}}
  %0 = dfp.matmul %a, %b chain(32) : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return
}

// -----

// Tests that a zero chain is rejected.
func.func @f(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<8x16xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.matmul' op chain must be positive and a multiple of 2, got 0}}
  %0 = dfp.matmul %a, %b chain(0) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that a negative chain is rejected.
func.func @f(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<8x16xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.matmul' op chain must be positive and a multiple of 2, got -2}}
  %0 = dfp.matmul %a, %b chain(-2) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that an odd chain is rejected.
func.func @f(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<8x16xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.matmul' op chain must be positive and a multiple of 2, got 3}}
  %0 = dfp.matmul %a, %b chain(3) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that a chain past the INT32 bound for 13 magnitude bits is rejected.
func.func @f(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<8x16xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.matmul' op chain 34 overflows INT32 with 13 and 13 magnitude bits (longest exact chain: 32)}}
  %0 = dfp.matmul %a, %b chain(34) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that the chain bound uses both operands' magnitude bits.
func.func @f(%a: !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, %b: !dfp.tensor<8x16xi16, mag = 14, exp = tensor>) {
  // expected-error @+1 {{'dfp.matmul' op chain 6 overflows INT32 with 15 and 14 magnitude bits (longest exact chain: 4)}}
  %0 = dfp.matmul %a, %b chain(6) : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, !dfp.tensor<8x16xi16, mag = 14, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that matmul rejects one lhs exponent per index of K.
func.func @f(%a: !dfp.tensor<4x8xi16, mag = 13, exp = axis 1>, %b: !dfp.tensor<8x16xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.matmul' op expects lhs exponents shared along summed axis 1, got one per index (exp = axis 1)}}
  %0 = dfp.matmul %a, %b : !dfp.tensor<4x8xi16, mag = 13, exp = axis 1>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that transpose_rhs moves K of the rhs to axis 1.
func.func @f(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<16x8xi16, mag = 13, exp = axis 1>) {
  // expected-error @+1 {{'dfp.matmul' op expects rhs exponents shared along summed axis 1, got one per index (exp = axis 1)}}
  %0 = dfp.matmul %a, %b {transpose_rhs} : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<16x8xi16, mag = 13, exp = axis 1> -> tensor<4x16xf32>
  return
}

// -----

// Tests that exponent blocks along K hold whole chain steps.
func.func @f(%a: !dfp.tensor<4x6xi16, mag = 13, exp = block 3 on 1>, %b: !dfp.tensor<6x16xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.matmul' op expects lhs exponent blocks along summed axis 1 to hold a multiple of 2 elements, got 3}}
  %0 = dfp.matmul %a, %b : !dfp.tensor<4x6xi16, mag = 13, exp = block 3 on 1>, !dfp.tensor<6x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}

// -----

// Tests that conv2d sums over the input channels, so they share exponents.
func.func @f(%x: !dfp.tensor<2x3x8x8xi16, mag = 13, exp = axis 1>, %w: !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.conv2d' op expects input exponents shared along summed axis 1, got one per index (exp = axis 1)}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : !dfp.tensor<2x3x8x8xi16, mag = 13, exp = axis 1>, !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that conv2d_backward_data sums over the filter count.
func.func @f(%x: !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor>, %w: !dfp.tensor<4x3x3x3xi16, mag = 13, exp = axis 0>) {
  // expected-error @+1 {{'dfp.conv2d_backward_data' op expects filter exponents shared along summed axis 0, got one per index (exp = axis 0)}}
  %0 = dfp.conv2d_backward_data %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor>, !dfp.tensor<4x3x3x3xi16, mag = 13, exp = axis 0> -> tensor<2x3x8x8xf32>
  return
}

// -----

// Tests that conv2d_backward_filter sums over the batch.
func.func @f(%x: !dfp.tensor<2x3x8x8xi16, mag = 13, exp = axis 0>, %w: !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.conv2d_backward_filter' op expects input exponents shared along summed axis 0, got one per index (exp = axis 0)}}
  %0 = dfp.conv2d_backward_filter %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : !dfp.tensor<2x3x8x8xi16, mag = 13, exp = axis 0>, !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor> -> tensor<4x3x3x3xf32>
  return
}

// -----

// Tests that matmul operands have rank 2.
func.func @f(%a: tensor<2x4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error @+1 {{'dfp.matmul' op expects lhs of rank 2, got 'tensor<2x4x8xf32>'}}
  %0 = dfp.matmul %a, %b : tensor<2x4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return
}

// -----

// Tests that the rhs has rank 2 too.
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'dfp.matmul' op expects rhs of rank 2, got 'tensor<8xf32>'}}
  %0 = dfp.matmul %a, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x16xf32>
  return
}

// -----

// Tests that the contracted dimensions agree.
func.func @f(%a: tensor<4x8xf32>, %b: tensor<9x16xf32>) {
  // expected-error @+1 {{'dfp.matmul' op contracts K = 8 of lhs with K = 9 of rhs}}
  %0 = dfp.matmul %a, %b : tensor<4x8xf32>, tensor<9x16xf32> -> tensor<4x16xf32>
  return
}

// -----

// Tests that transpose_lhs reads the lhs as K x M.
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error @+1 {{'dfp.matmul' op contracts K = 4 of lhs with K = 8 of rhs}}
  %0 = dfp.matmul %a, %b {transpose_lhs} : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<8x16xf32>
  return
}

// -----

// Tests that transpose_rhs reads the rhs as N x K.
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error @+1 {{'dfp.matmul' op contracts K = 8 of lhs with K = 16 of rhs}}
  %0 = dfp.matmul %a, %b {transpose_rhs} : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x8xf32>
  return
}

// -----

// Tests that the result is M x N.
func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error @+1 {{'dfp.matmul' op expects result of shape 4x16, got 4x8}}
  %0 = dfp.matmul %a, %b : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x8xf32>
  return
}

// -----

// Tests that the result is f32.
func.func @f(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<8x16xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.matmul' op result #0 must be statically shaped tensor of 32-bit float values}}
  %0 = "dfp.matmul"(%a, %b) : (!dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor>) -> !dfp.tensor<4x16xi16, mag = 13, exp = tensor>
  return
}

// -----

// Tests that conv2d expects two strides.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects 2 values in `strides`, got 3}}
  %0 = dfp.conv2d %x, %w strides [1, 1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that conv2d strides are positive.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects every value in `strides` to be at least 1, got [1, 0]}}
  %0 = dfp.conv2d %x, %w strides [1, 0] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that conv2d dilations are positive.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects every value in `dilations` to be at least 1, got [0, 1]}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [0, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that conv2d expects two dilations.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects 2 values in `dilations`, got 1}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that conv2d padding is non-negative.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects every value in `padding` to be at least 0, got [1, -1, 1, 1]}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, -1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that conv2d padding has four values (top, left, bottom, right).
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects 4 values in `padding`, got 2}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that conv2d groups are positive.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects positive groups, got 0}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 0 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that groups divide the input channels.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op groups 2 must divide input channels 3 and filter count 4}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 2 : tensor<2x3x8x8xf32>, tensor<4x1x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that groups divide the filter count.
func.func @f(%x: tensor<2x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op groups 2 must divide input channels 4 and filter count 3}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 2 : tensor<2x4x8x8xf32>, tensor<3x2x3x3xf32> -> tensor<2x3x8x8xf32>
  return
}

// -----

// Tests that the filter has input channels / groups channels.
func.func @f(%x: tensor<2x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects filter with 2 channels (input channels / groups), got 4}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 2 : tensor<2x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<2x6x8x8xf32>
  return
}

// -----

// Tests that the window fits the padded input.
func.func @f(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op window of 3x3 (dilated) does not fit the padded input of 2x2}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 : tensor<1x1x2x2xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x1x1xf32>
  return
}

// -----

// Tests that dilation widens the window.
func.func @f(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op window of 3x3 (dilated) does not fit the padded input of 4x4}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [2, 2] groups 1 : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x1x1xf32>
  return
}

// -----

// Tests that the conv2d result shape follows strides and padding.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects result of shape 2x4x8x8, got 2x4x4x4}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x4x4xf32>
  return
}

// -----

// Tests that conv2d input is rank 4.
func.func @f(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects input of rank 4, got 'tensor<3x8x8xf32>'}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that conv2d filter is rank 4.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x27xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op expects filter of rank 4, got 'tensor<4x27xf32>'}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x27xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that conv2d operands are both f32 or both DFP.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.conv2d' op expects both contracted operands f32 or both DFP}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that chain is rejected on an f32 conv2d.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d' op chain is only legal on DFP operands}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(32) : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that a DFP conv2d chain is even.
func.func @f(%x: !dfp.tensor<2x3x8x8xi16, mag = 13, exp = tensor>, %w: !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.conv2d' op chain must be positive and a multiple of 2, got 31}}
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(31) : !dfp.tensor<2x3x8x8xi16, mag = 13, exp = tensor>, !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that conv2d_backward_data checks grad_output against the input shape it returns.
func.func @f(%x: tensor<2x4x7x7xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d_backward_data' op expects grad_output of shape 2x4x8x8, got 2x4x7x7}}
  %0 = dfp.conv2d_backward_data %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x7x7xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x8x8xf32>
  return
}

// -----

// Tests that conv2d_backward_data returns a rank-4 input gradient.
func.func @f(%x: tensor<2x4x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d_backward_data' op expects result (input gradient) of rank 4, got 'tensor<2x3x64xf32>'}}
  %0 = dfp.conv2d_backward_data %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x64xf32>
  return
}

// -----

// Tests that conv2d_backward_data rejects a chain on f32 operands.
func.func @f(%x: tensor<2x4x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'dfp.conv2d_backward_data' op chain is only legal on DFP operands}}
  %0 = dfp.conv2d_backward_data %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(2) : tensor<2x4x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x8x8xf32>
  return
}

// -----

// Tests that conv2d_backward_filter returns the filter shape.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<2x4x8x8xf32>) {
  // expected-error @+1 {{'dfp.conv2d_backward_filter' op expects result (filter gradient) with 3 channels (input channels / groups), got 2}}
  %0 = dfp.conv2d_backward_filter %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x2x3x3xf32>
  return
}

// -----

// Tests that conv2d_backward_filter checks the batch of grad_output.
func.func @f(%x: tensor<2x3x8x8xf32>, %w: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{'dfp.conv2d_backward_filter' op expects grad_output of shape 2x4x8x8, got 1x4x8x8}}
  %0 = dfp.conv2d_backward_filter %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<1x4x8x8xf32> -> tensor<4x3x3x3xf32>
  return
}

// -----

// Tests that conv2d_backward_filter operands are both f32 or both DFP.
func.func @f(%x: !dfp.tensor<2x3x8x8xi16, mag = 13, exp = tensor>, %w: tensor<2x4x8x8xf32>) {
  // expected-error @+1 {{'dfp.conv2d_backward_filter' op expects both contracted operands f32 or both DFP}}
  %0 = dfp.conv2d_backward_filter %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : !dfp.tensor<2x3x8x8xi16, mag = 13, exp = tensor>, tensor<2x4x8x8xf32> -> tensor<4x3x3x3xf32>
  return
}

// -----

// Tests that a pooling kernel is positive.
func.func @f(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'dfp.max_pool2d' op expects every value in `kernel` to be at least 1, got [0, 2]}}
  %0 = dfp.max_pool2d %x kernel [0, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
  return
}

// -----

// Tests that a pooling kernel has two values.
func.func @f(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'dfp.avg_pool2d' op expects 2 values in `kernel`, got 1}}
  %0 = dfp.avg_pool2d %x kernel [2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
  return
}

// -----

// Tests that pooling strides are positive.
func.func @f(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'dfp.avg_pool2d' op expects every value in `strides` to be at least 1, got [2, -2]}}
  %0 = dfp.avg_pool2d %x kernel [2, 2] strides [2, -2] padding [0, 0, 0, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
  return
}

// -----

// Tests that pooling padding is smaller than the kernel.
func.func @f(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'dfp.max_pool2d' op expects padding smaller than the kernel, got padding [0, 0, 2, 2] for kernel [2, 2]}}
  %0 = dfp.max_pool2d %x kernel [2, 2] strides [2, 2] padding [0, 0, 2, 2] : tensor<2x4x8x8xf32> -> tensor<2x4x5x5xf32>
  return
}

// -----

// Tests that the pooling window fits the input.
func.func @f(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'dfp.max_pool2d' op window of 9x9 (dilated) does not fit the padded input of 8x8}}
  %0 = dfp.max_pool2d %x kernel [9, 9] strides [1, 1] padding [0, 0, 0, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x1x1xf32>
  return
}

// -----

// Tests that the pooling result shape follows the window.
func.func @f(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'dfp.avg_pool2d' op expects result of shape 2x4x4x4, got 2x4x3x3}}
  %0 = dfp.avg_pool2d %x kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x3x3xf32>
  return
}

// -----

// Tests that pooling input is rank 4.
func.func @f(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'dfp.max_pool2d' op expects result of rank 4, got 'tensor<2x4x2xf32>'}}
  %0 = dfp.max_pool2d %dy kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x4x4xf32> -> tensor<2x4x2xf32>
  return
}

// -----

// Tests that max_pool2d_backward returns the input shape.
func.func @f(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'dfp.max_pool2d_backward' op expects result of shape 2x4x8x8, got 2x4x4x4}}
  %0 = dfp.max_pool2d_backward %dy, %x kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x4x4xf32>, tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
  return
}

// -----

// Tests that max_pool2d_backward checks grad_output against the pooled input.
func.func @f(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'dfp.max_pool2d_backward' op expects grad_output of shape 2x4x6x6, got 2x4x4x4}}
  %0 = dfp.max_pool2d_backward %dy, %x kernel [3, 3] strides [1, 1] padding [0, 0, 0, 0] : tensor<2x4x4x4xf32>, tensor<2x4x8x8xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that avg_pool2d_backward checks grad_output against the input shape it returns.
func.func @f(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  // expected-error @+1 {{'dfp.avg_pool2d_backward' op expects grad_output of shape 2x4x3x3, got 2x4x4x4}}
  %0 = dfp.avg_pool2d_backward %dy kernel [3, 3] strides [3, 3] padding [0, 0, 0, 0] : tensor<2x4x4x4xf32> -> tensor<2x4x9x9xf32>
  return
}

// -----

// Tests that global_avg_pool returns N x C x 1 x 1.
func.func @f(%x: tensor<2x4x8x8xf32>) {
  // expected-error @+1 {{'dfp.global_avg_pool' op expects result of shape 2x4x1x1, got 2x4}}
  %0 = dfp.global_avg_pool %x : tensor<2x4x8x8xf32> -> tensor<2x4xf32>
  return
}

// -----

// Tests that global_avg_pool_backward returns a rank-4 gradient.
func.func @f(%dy: tensor<2x4x1x1xf32>) {
  // expected-error @+1 {{'dfp.global_avg_pool_backward' op expects input of rank 4, got 'tensor<2x4xf32>'}}
  %0 = dfp.global_avg_pool_backward %dy : tensor<2x4x1x1xf32> -> tensor<2x4xf32>
  return
}

// -----

// Tests that batch_norm needs a channel axis.
func.func @f(%x: tensor<8xf32>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'dfp.batch_norm' op expects input of rank at least 2 (N, C, ...), got 'tensor<8xf32>'}}
  %y, %m, %v = dfp.batch_norm %x, %s, %s epsilon(1.0e-05) : tensor<8xf32>, tensor<8xf32>
  return
}

// -----

// Tests that batch_norm per-channel operands have C elements.
func.func @f(%x: tensor<8x4x6x6xf32>, %s: tensor<6xf32>) {
  // expected-error @+1 {{'dfp.batch_norm' op expects per-channel operands of shape 4, got 6}}
  %y, %m, %v = dfp.batch_norm %x, %s, %s epsilon(1.0e-05) : tensor<8x4x6x6xf32>, tensor<6xf32>
  return
}

// -----

// Tests that batch_norm epsilon is non-negative.
func.func @f(%x: tensor<8x4x6x6xf32>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'dfp.batch_norm' op expects non-negative epsilon, got -1.000000e+00}}
  %y, %m, %v = dfp.batch_norm %x, %s, %s epsilon(-1.0) : tensor<8x4x6x6xf32>, tensor<4xf32>
  return
}

// -----

// Tests that batch_norm_inference epsilon is not NaN.
func.func @f(%x: tensor<8x4xf32>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'dfp.batch_norm_inference' op expects non-negative epsilon, got nan}}
  %0 = dfp.batch_norm_inference %x, %s, %s, %s, %s epsilon(0x7FC00000) : tensor<8x4xf32>, tensor<4xf32>
  return
}

// -----

// Tests that batch_norm_backward per-channel operands have C elements.
func.func @f(%x: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'dfp.batch_norm_backward' op expects per-channel operands of shape 4, got 8}}
  %dx, %ds, %db = dfp.batch_norm_backward %x, %x, %s, %s, %s epsilon(1.0e-05) : tensor<8x4xf32>, tensor<8xf32>
  return
}

// -----

// Tests that batch_norm is FP32 only.
func.func @f(%x: !dfp.tensor<8x4xi16, mag = 13, exp = tensor>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'dfp.batch_norm' op operand #0 must be statically shaped tensor of 32-bit float values}}
  %y, %m, %v = "dfp.batch_norm"(%x, %s, %s) {epsilon = 1.0e-05 : f32} : (!dfp.tensor<8x4xi16, mag = 13, exp = tensor>, tensor<4xf32>, tensor<4xf32>) -> (!dfp.tensor<8x4xi16, mag = 13, exp = tensor>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

// Tests that bias_add needs a channel axis.
func.func @f(%x: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'dfp.bias_add' op expects input of rank at least 2 (N, C, ...), got 'tensor<4xf32>'}}
  %0 = dfp.bias_add %x, %b : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

// Tests that the bias has one value per channel.
func.func @f(%x: tensor<2x4x8x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'dfp.bias_add' op expects bias of shape 4, got 8}}
  %0 = dfp.bias_add %x, %b : tensor<2x4x8x8xf32>, tensor<8xf32>
  return
}

// -----

// Tests that the bias gradient has one value per channel.
func.func @f(%dy: tensor<2x4x8x8xf32>) {
  // expected-error @+1 {{'dfp.bias_add_backward' op expects result of shape 4, got 2x4}}
  %0 = dfp.bias_add_backward %dy : tensor<2x4x8x8xf32> -> tensor<2x4xf32>
  return
}

// -----

// Tests that reshape keeps f32 as f32.
func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'dfp.reshape' op expects input and result both f32 or both DFP, got 'tensor<4x8xf32>' and '!dfp.tensor<32xi16, mag = 13, exp = tensor>'}}
  %0 = dfp.reshape %x : tensor<4x8xf32> -> !dfp.tensor<32xi16, mag = 13, exp = tensor>
  return
}

// -----

// Tests that reshape keeps the number of elements.
func.func @f(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'dfp.reshape' op changes the number of elements from 32 to 30}}
  %0 = dfp.reshape %x : tensor<4x8xf32> -> tensor<30xf32>
  return
}

// -----

// Tests that a DFP reshape keeps the magnitude bits.
func.func @f(%x: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.reshape' op must keep storage and magnitude bits}}
  %0 = dfp.reshape %x : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<32xi16, mag = 12, exp = tensor>
  return
}

// -----

// Tests that a DFP reshape keeps the storage.
func.func @f(%x: !dfp.tensor<4x8xi8, mag = 7, exp = tensor>) {
  // expected-error @+1 {{'dfp.reshape' op must keep storage and magnitude bits}}
  %0 = dfp.reshape %x : !dfp.tensor<4x8xi8, mag = 7, exp = tensor> -> !dfp.tensor<32xi16, mag = 7, exp = tensor>
  return
}

// -----

// Tests that a DFP reshape needs one exponent per tensor.
func.func @f(%x: !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>) {
  // expected-error @+1 {{'dfp.reshape' op reshapes DFP tensors only with one exponent per tensor (exp = tensor)}}
  %0 = dfp.reshape %x : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0> -> !dfp.tensor<32xi16, mag = 13, exp = tensor>
  return
}

// -----

// Tests that a DFP reshape result needs one exponent per tensor.
func.func @f(%x: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>) {
  // expected-error @+1 {{'dfp.reshape' op reshapes DFP tensors only with one exponent per tensor (exp = tensor)}}
  %0 = dfp.reshape %x : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<2x16xi16, mag = 13, exp = block 2 on 1>
  return
}

// -----

// Tests that logits are N x classes.
func.func @f(%l: tensor<10xf32>, %t: tensor<1xi32>) {
  // expected-error @+1 {{'dfp.softmax_cross_entropy' op expects logits of rank 2, got 'tensor<10xf32>'}}
  %0 = dfp.softmax_cross_entropy %l, %t : tensor<10xf32>, tensor<1xi32> -> tensor<f32>
  return
}

// -----

// Tests that there is one label per batch row.
func.func @f(%l: tensor<4x10xf32>, %t: tensor<10xi32>) {
  // expected-error @+1 {{'dfp.softmax_cross_entropy' op expects labels of shape 4, got 10}}
  %0 = dfp.softmax_cross_entropy %l, %t : tensor<4x10xf32>, tensor<10xi32> -> tensor<f32>
  return
}

// -----

// Tests that labels are integers.
func.func @f(%l: tensor<4x10xf32>, %t: tensor<4xf32>) {
  // expected-error @+1 {{'dfp.softmax_cross_entropy' op operand #1 must be statically shaped tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = dfp.softmax_cross_entropy %l, %t : tensor<4x10xf32>, tensor<4xf32> -> tensor<f32>
  return
}

// -----

// Tests that the loss gradient checks its labels too.
func.func @f(%g: tensor<f32>, %l: tensor<4x10xf32>, %t: tensor<4x1xi64>) {
  // expected-error @+1 {{'dfp.softmax_cross_entropy_backward' op expects labels of shape 4, got 4x1}}
  %0 = dfp.softmax_cross_entropy_backward %g, %l, %t : tensor<4x10xf32>, tensor<4x1xi64>
  return
}

// -----

// Tests that the learning rate is a 0-d tensor.
func.func @f(%p: tensor<16xf32>, %lr: tensor<1xf32>) {
  // expected-error @+1 {{'dfp.sgd_update' op operand #3 must be 0D tensor of 32-bit float values, but got 'tensor<1xf32>'}}
  %p1, %v1 = "dfp.sgd_update"(%p, %p, %p, %lr) <{momentum = 9.0e-01 : f32, weight_decay = 0.0 : f32}> : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<1xf32>) -> (tensor<16xf32>, tensor<16xf32>)
  return
}

// -----

// Tests that momentum is below 1.
func.func @f(%p: tensor<16xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{'dfp.sgd_update' op expects momentum in [0, 1), got 1.000000e+00}}
  %p1, %v1 = dfp.sgd_update %p, %p, %p lr(%lr) momentum(1.0) weight_decay(0.0) : tensor<16xf32>
  return
}

// -----

// Tests that momentum is non-negative.
func.func @f(%p: tensor<16xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{'dfp.sgd_update' op expects momentum in [0, 1), got -5.000000e-01}}
  %p1, %v1 = dfp.sgd_update %p, %p, %p lr(%lr) momentum(-0.5) weight_decay(0.0) : tensor<16xf32>
  return
}

// -----

// Tests that weight decay is non-negative.
func.func @f(%p: tensor<16xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{'dfp.sgd_update' op expects non-negative weight_decay, got -1.000000e-04}}
  %p1, %v1 = dfp.sgd_update %p, %p, %p lr(%lr) momentum(0.9) weight_decay(-1.0e-04) : tensor<16xf32>
  return
}

// -----

// Tests that running statistics are per-channel vectors.
func.func @f(%m: tensor<4x2xf32>) {
  // expected-error @+1 {{'dfp.running_stat_update' op expects running statistics of rank 1}}
  %m1, %v1 = dfp.running_stat_update %m, %m, %m, %m momentum(0.1) count(512) : tensor<4x2xf32>
  return
}

// -----

// Tests that the running-statistics momentum is in [0, 1].
func.func @f(%m: tensor<4xf32>) {
  // expected-error @+1 {{'dfp.running_stat_update' op expects momentum in [0, 1], got 1.500000e+00}}
  %m1, %v1 = dfp.running_stat_update %m, %m, %m, %m momentum(1.5) count(512) : tensor<4xf32>
  return
}

// -----

// Tests that the unbiased variance needs at least two elements per channel.
func.func @f(%m: tensor<4xf32>) {
  // expected-error @+1 {{'dfp.running_stat_update' op expects a count of at least 2, got 1}}
  %m1, %v1 = dfp.running_stat_update %m, %m, %m, %m momentum(0.1) count(1) : tensor<4xf32>
  return
}
