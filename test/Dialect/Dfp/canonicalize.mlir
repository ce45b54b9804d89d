// RUN: dfp-opt %s -split-input-file -canonicalize | FileCheck %s

// Tests that a reshape to its own type folds to its input.
// CHECK-LABEL: func.func @reshape_identity
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
// CHECK-NOT: dfp.reshape
// CHECK: return %[[X]]
func.func @reshape_identity(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = dfp.reshape %x : tensor<4x8xf32> -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that a reshape of a reshape becomes one reshape of the original value.
// CHECK-LABEL: func.func @reshape_of_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
// CHECK: %[[R:.*]] = dfp.reshape %[[X]] : tensor<4x8xf32> -> tensor<2x16xf32>
// CHECK-NOT: dfp.reshape
// CHECK: return %[[R]]
func.func @reshape_of_reshape(%x: tensor<4x8xf32>) -> tensor<2x16xf32> {
  %0 = dfp.reshape %x : tensor<4x8xf32> -> tensor<32xf32>
  %1 = dfp.reshape %0 : tensor<32xf32> -> tensor<2x16xf32>
  return %1 : tensor<2x16xf32>
}

// -----

// Tests that reshapes returning to the original shape fold away entirely.
// CHECK-LABEL: func.func @reshape_round_trip
// CHECK-SAME: (%[[X:.*]]: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>)
// CHECK-NOT: dfp.reshape
// CHECK: return %[[X]]
func.func @reshape_round_trip(%x: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>) -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor> {
  %0 = dfp.reshape %x : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<32xi16, mag = 13, exp = tensor>
  %1 = dfp.reshape %0 : !dfp.tensor<32xi16, mag = 13, exp = tensor> -> !dfp.tensor<2x2x8xi16, mag = 13, exp = tensor>
  %2 = dfp.reshape %1 : !dfp.tensor<2x2x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  return %2 : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
}

// -----

// Tests that a shared intermediate reshape stays while the outer one reads the original value.
// CHECK-LABEL: func.func @reshape_shared_intermediate
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
// CHECK-DAG: %[[A:.*]] = dfp.reshape %[[X]] : tensor<4x8xf32> -> tensor<32xf32>
// CHECK-DAG: %[[B:.*]] = dfp.reshape %[[X]] : tensor<4x8xf32> -> tensor<8x4xf32>
// CHECK: return %[[A]], %[[B]]
func.func @reshape_shared_intermediate(%x: tensor<4x8xf32>) -> (tensor<32xf32>, tensor<8x4xf32>) {
  %0 = dfp.reshape %x : tensor<4x8xf32> -> tensor<32xf32>
  %1 = dfp.reshape %0 : tensor<32xf32> -> tensor<8x4xf32>
  return %0, %1 : tensor<32xf32>, tensor<8x4xf32>
}

// -----

// Tests that requantizing to the value's own format folds away, whatever the rounding.
// CHECK-LABEL: func.func @requantize_same_format
// CHECK-SAME: (%[[Q:.*]]: !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>)
// CHECK-NOT: dfp.requantize
// CHECK: return %[[Q]], %[[Q]]
func.func @requantize_same_format(%q: !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>)
    -> (!dfp.tensor<4x8xi16, mag = 13, exp = axis 0>, !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>) {
  %0 = dfp.requantize %q rounding(nearest_even) : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0> -> !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>
  %1 = dfp.requantize %q rounding(stochastic) seed(5) : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0> -> !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>
  return %0, %1 : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>, !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>
}

// -----

// Tests that requantizing to another format (fewer bits, other grouping) is kept: it may round.
// CHECK-LABEL: func.func @requantize_other_format
// CHECK: dfp.requantize %{{.*}} rounding(nearest_even) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<4x8xi16, mag = 12, exp = tensor>
// CHECK: dfp.requantize %{{.*}} rounding(nearest_even) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<4x8xi16, mag = 13, exp = axis 1>
func.func @requantize_other_format(%q: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>)
    -> (!dfp.tensor<4x8xi16, mag = 12, exp = tensor>, !dfp.tensor<4x8xi16, mag = 13, exp = axis 1>) {
  %0 = dfp.requantize %q rounding(nearest_even) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<4x8xi16, mag = 12, exp = tensor>
  %1 = dfp.requantize %q rounding(nearest_even) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<4x8xi16, mag = 13, exp = axis 1>
  return %0, %1 : !dfp.tensor<4x8xi16, mag = 12, exp = tensor>, !dfp.tensor<4x8xi16, mag = 13, exp = axis 1>
}

// -----

// Tests that dequantize(quantize(x)) is not folded to x: quantization rounds.
// CHECK-LABEL: func.func @quantize_dequantize_kept
// CHECK: %[[Q:.*]] = dfp.quantize
// CHECK: %[[D:.*]] = dfp.dequantize %[[Q]]
// CHECK: return %[[D]]
func.func @quantize_dequantize_kept(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  %1 = dfp.dequantize %0 : !dfp.tensor<4x8xi16, mag = 13, exp = tensor> -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// -----

// Tests that quantize(dequantize(q)) is kept: exponents are re-derived (q may hold -2^(B-1)).
// CHECK-LABEL: func.func @dequantize_quantize_kept
// CHECK: %[[D:.*]] = dfp.dequantize
// CHECK: %[[Q:.*]] = dfp.quantize %[[D]]
// CHECK: return %[[Q]]
func.func @dequantize_quantize_kept(%q: !dfp.tensor<4x8xi16, mag = 15, exp = tensor>) -> !dfp.tensor<4x8xi16, mag = 15, exp = tensor> {
  %0 = dfp.dequantize %q : !dfp.tensor<4x8xi16, mag = 15, exp = tensor> -> tensor<4x8xf32>
  %1 = dfp.quantize %0 rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 15, exp = tensor>
  return %1 : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>
}

// -----

// Tests that relu of relu folds to the inner relu (relu is idempotent).
// CHECK-LABEL: func.func @relu_of_relu
// CHECK: %[[R:.*]] = dfp.relu %{{.*}} : tensor<4x8xf32>
// CHECK-NOT: dfp.relu
// CHECK: return %[[R]], %[[R]]
func.func @relu_of_relu(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = dfp.relu %x : tensor<4x8xf32>
  %1 = dfp.relu %0 : tensor<4x8xf32>
  %2 = dfp.relu %1 : tensor<4x8xf32>
  return %1, %2 : tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// Tests that unused graph ops are erased: they have no side effects.
// CHECK-LABEL: func.func @dead_ops
// CHECK-NOT: dfp.
// CHECK: return
func.func @dead_ops(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  %0 = dfp.matmul %a, %b : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  %1 = dfp.relu %0 : tensor<4x16xf32>
  %2 = dfp.quantize %a rounding(stochastic) seed(1) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  return
}
