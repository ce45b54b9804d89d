// RUN: dfp-opt %s -verify-diagnostics -dfp-chain-length="target-chain=65536 emit-remarks=true" | FileCheck %s

// Tests that a target out of reach even with one magnitude bit (65534 at most against a full-range argument) leaves the quantization's format as it was.
// CHECK-LABEL: func.func @out_of_reach
// CHECK: dfp.quantize %{{.*}} -> !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(8) :
func.func @out_of_reach(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %w: tensor<8x16xf32>) {
  %qw = dfp.quantize %w rounding(nearest_even) : tensor<8x16xf32> -> !dfp.tensor<8x16xi16, mag = 13, exp = tensor>
  // expected-warning @+2 {{cannot reach chain 65536, formats left unchanged: lhs |q| <= 32768 (2^15: may hold -2^15, not produced by dfp.quantize or dfp.requantize), rhs |q| <= 1 (2^1 - 1) allow at most 65534}}
  // expected-remark @+1 {{chain 8: lhs |q| <= 32768 (2^15: may hold -2^15, not produced by dfp.quantize or dfp.requantize), rhs |q| <= 8191 (2^13 - 1)}}
  %0 = dfp.matmul %a, %qw : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
  return
}
