// RUN: dfp-opt %s -split-input-file > %t.1.mlir
// RUN: dfp-opt %t.1.mlir -split-input-file > %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir
// RUN: FileCheck %s --input-file=%t.1.mlir
// RUN: dfp-opt %s -split-input-file -mlir-print-op-generic \
// RUN:   | dfp-opt -split-input-file | FileCheck %s

// Tests that quantize prints each rounding mode as a bare keyword.
// CHECK-LABEL: func.func @quantize_rounding_modes
// CHECK: dfp.quantize %{{.*}} rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
// CHECK: dfp.quantize %{{.*}} rounding(nearest_up) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 15, exp = axis 0>
// CHECK: dfp.quantize %{{.*}} rounding(toward_zero) : tensor<4x8xf32> -> !dfp.tensor<4x8xi8, mag = 7, exp = block 4 on 1>
// CHECK: dfp.quantize %{{.*}} rounding(stochastic) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
func.func @quantize_rounding_modes(%x: tensor<4x8xf32>) {
  %0 = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  %1 = dfp.quantize %x rounding(nearest_up) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 15, exp = axis 0>
  %2 = dfp.quantize %x rounding(toward_zero) : tensor<4x8xf32> -> !dfp.tensor<4x8xi8, mag = 7, exp = block 4 on 1>
  %3 = dfp.quantize %x rounding(stochastic) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  return
}

// -----

// Tests that the random-stream parameters of stochastic rounding round-trip.
// CHECK-LABEL: func.func @quantize_stochastic_stream
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[STEP:.*]]: i32)
// CHECK: dfp.quantize %[[X]] rounding(stochastic) seed(42) stream(3) step(%[[STEP]]) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>
// CHECK: dfp.quantize %[[X]] rounding(stochastic) seed(7) : tensor<4x8xf32>
// CHECK: dfp.quantize %[[X]] rounding(stochastic) step(%[[STEP]]) : tensor<4x8xf32>
func.func @quantize_stochastic_stream(%x: tensor<4x8xf32>, %step: i32) {
  %0 = dfp.quantize %x rounding(stochastic) seed(42) stream(3) step(%step) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>
  %1 = dfp.quantize %x rounding(stochastic) seed(7) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>
  %2 = dfp.quantize %x rounding(stochastic) step(%step) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>
  return
}

// -----

// Tests that dequantize round-trips.
// CHECK-LABEL: func.func @dequantize
// CHECK: dfp.dequantize %{{.*}} : !dfp.tensor<4x8xi16, mag = 13, exp = block 8 on 1> -> tensor<4x8xf32>
func.func @dequantize(%q: !dfp.tensor<4x8xi16, mag = 13, exp = block 8 on 1>) -> tensor<4x8xf32> {
  %0 = dfp.dequantize %q : !dfp.tensor<4x8xi16, mag = 13, exp = block 8 on 1> -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Tests that requantize round-trips, with and without stochastic parameters.
// CHECK-LABEL: func.func @requantize
// CHECK: dfp.requantize %{{.*}} rounding(nearest_even) : !dfp.tensor<4x8xi16, mag = 15, exp = tensor> -> !dfp.tensor<4x8xi8, mag = 7, exp = axis 1>
// CHECK: dfp.requantize %{{.*}} rounding(stochastic) seed(1) stream(2) step(%{{.*}}) : !dfp.tensor<4x8xi16, mag = 15, exp = tensor> -> !dfp.tensor<4x8xi16, mag = 12, exp = tensor>
func.func @requantize(%q: !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, %step: i32) {
  %0 = dfp.requantize %q rounding(nearest_even) : !dfp.tensor<4x8xi16, mag = 15, exp = tensor> -> !dfp.tensor<4x8xi8, mag = 7, exp = axis 1>
  %1 = dfp.requantize %q rounding(stochastic) seed(1) stream(2) step(%step) : !dfp.tensor<4x8xi16, mag = 15, exp = tensor> -> !dfp.tensor<4x8xi16, mag = 12, exp = tensor>
  return
}
