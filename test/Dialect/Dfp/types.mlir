// RUN: dfp-opt %s -split-input-file > %t.1.mlir
// RUN: dfp-opt %t.1.mlir -split-input-file > %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir
// RUN: FileCheck %s --input-file=%t.1.mlir
// RUN: dfp-opt %s -split-input-file -mlir-print-op-generic \
// RUN:   | dfp-opt -split-input-file | FileCheck %s

// Tests that one exponent per tensor prints back as `exp = tensor`.
// CHECK-LABEL: func.func @per_tensor
// CHECK-SAME: !dfp.tensor<64x128xi16, mag = 13, exp = tensor>
func.func @per_tensor(%arg0: !dfp.tensor<64x128xi16, mag = 13, exp = tensor>) {
  return
}

// -----

// Tests that a per-axis grouping round-trips.
// CHECK-LABEL: func.func @per_axis
// CHECK-SAME: !dfp.tensor<64x128xi16, mag = 15, exp = axis 0>
// CHECK-SAME: !dfp.tensor<64x128xi16, mag = 1, exp = axis 1>
func.func @per_axis(%arg0: !dfp.tensor<64x128xi16, mag = 15, exp = axis 0>,
                    %arg1: !dfp.tensor<64x128xi16, mag = 1, exp = axis 1>) {
  return
}

// -----

// Tests that block groupings round-trip, including blocks as long as the axis.
// CHECK-LABEL: func.func @per_block
// CHECK-SAME: !dfp.tensor<64x128xi16, mag = 13, exp = block 32 on 1>
// CHECK-SAME: !dfp.tensor<64x128xi16, mag = 13, exp = block 64 on 0>
// CHECK-SAME: !dfp.tensor<64x128xi16, mag = 13, exp = block 1 on 1>
func.func @per_block(%arg0: !dfp.tensor<64x128xi16, mag = 13, exp = block 32 on 1>,
                     %arg1: !dfp.tensor<64x128xi16, mag = 13, exp = block 64 on 0>,
                     %arg2: !dfp.tensor<64x128xi16, mag = 13, exp = block 1 on 1>) {
  return
}

// -----

// Tests that 8-bit storage round-trips with every legal magnitude bound.
// CHECK-LABEL: func.func @int8_storage
// CHECK-SAME: !dfp.tensor<16xi8, mag = 7, exp = tensor>
// CHECK-SAME: !dfp.tensor<16xi8, mag = 1, exp = block 16 on 0>
func.func @int8_storage(%arg0: !dfp.tensor<16xi8, mag = 7, exp = tensor>,
                        %arg1: !dfp.tensor<16xi8, mag = 1, exp = block 16 on 0>) {
  return
}

// -----

// Tests that rank-0 and rank-4 DFP tensors round-trip.
// CHECK-LABEL: func.func @ranks
// CHECK-SAME: !dfp.tensor<i16, mag = 13, exp = tensor>
// CHECK-SAME: !dfp.tensor<2x3x4x5xi16, mag = 12, exp = axis 3>
func.func @ranks(%arg0: !dfp.tensor<i16, mag = 13, exp = tensor>,
                 %arg1: !dfp.tensor<2x3x4x5xi16, mag = 12, exp = axis 3>) {
  return
}

// -----

// Tests that every rounding mode attribute round-trips.
// CHECK-LABEL: func.func @rounding_attributes
// CHECK-SAME: a = #dfp.rounding<nearest_even>
// CHECK-SAME: b = #dfp.rounding<nearest_up>
// CHECK-SAME: c = #dfp.rounding<toward_zero>
// CHECK-SAME: d = #dfp.rounding<stochastic>
func.func @rounding_attributes() attributes {
    a = #dfp.rounding<nearest_even>, b = #dfp.rounding<nearest_up>,
    c = #dfp.rounding<toward_zero>, d = #dfp.rounding<stochastic>} {
  return
}
