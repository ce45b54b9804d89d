// RUN: dfp-opt %s -split-input-file > %t.1.mlir
// RUN: dfp-opt %t.1.mlir -split-input-file > %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir
// RUN: FileCheck %s --input-file=%t.1.mlir
// RUN: dfp-opt %s -split-input-file -mlir-print-op-generic \
// RUN:   | dfp-opt -split-input-file | FileCheck %s

// Tests that an f32 matmul round-trips without a chain.
// CHECK-LABEL: func.func @matmul_f32
// CHECK: dfp.matmul %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
func.func @matmul_f32(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = dfp.matmul %a, %b : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// Tests that a DFP matmul keeps its chain length.
// CHECK-LABEL: func.func @matmul_dfp_chain
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>, !dfp.tensor<8x16xi16, mag = 13, exp = block 4 on 0> -> tensor<4x16xf32>
// CHECK: dfp.matmul %{{.*}}, %{{.*}} : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>
func.func @matmul_dfp_chain(%a: !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>,
                            %b: !dfp.tensor<8x16xi16, mag = 13, exp = block 4 on 0>) {
  %0 = dfp.matmul %a, %b chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>, !dfp.tensor<8x16xi16, mag = 13, exp = block 4 on 0> -> tensor<4x16xf32>
  %1 = dfp.matmul %a, %b : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>, !dfp.tensor<8x16xi16, mag = 13, exp = block 4 on 0> -> tensor<4x16xf32>
  return
}

// -----

// Tests that transposes round-trip, with the longest 15-bit chain (2) and exponents along M/N.
// CHECK-LABEL: func.func @matmul_transposed
// CHECK: dfp.matmul %{{.*}}, %{{.*}} {transpose_lhs, transpose_rhs} : tensor<8x4xf32>, tensor<16x8xf32> -> tensor<4x16xf32>
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(2) {transpose_rhs} : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, !dfp.tensor<16x8xi16, mag = 15, exp = tensor> -> tensor<4x16xf32>
// CHECK: dfp.matmul %{{.*}}, %{{.*}} {transpose_lhs, transpose_rhs} : !dfp.tensor<8x4xi16, mag = 13, exp = axis 1>, !dfp.tensor<16x8xi16, mag = 13, exp = axis 0> -> tensor<4x16xf32>
func.func @matmul_transposed(%a: tensor<8x4xf32>, %b: tensor<16x8xf32>,
                             %qa: !dfp.tensor<4x8xi16, mag = 15, exp = tensor>,
                             %qb: !dfp.tensor<16x8xi16, mag = 15, exp = tensor>,
                             %ta: !dfp.tensor<8x4xi16, mag = 13, exp = axis 1>,
                             %tb: !dfp.tensor<16x8xi16, mag = 13, exp = axis 0>) {
  %0 = dfp.matmul %a, %b {transpose_lhs, transpose_rhs} : tensor<8x4xf32>, tensor<16x8xf32> -> tensor<4x16xf32>
  %1 = dfp.matmul %qa, %qb chain(2) {transpose_rhs} : !dfp.tensor<4x8xi16, mag = 15, exp = tensor>, !dfp.tensor<16x8xi16, mag = 15, exp = tensor> -> tensor<4x16xf32>
  %2 = dfp.matmul %ta, %tb {transpose_lhs, transpose_rhs} : !dfp.tensor<8x4xi16, mag = 13, exp = axis 1>, !dfp.tensor<16x8xi16, mag = 13, exp = axis 0> -> tensor<4x16xf32>
  return
}

// -----

// Tests that a same-padded f32 convolution round-trips.
// CHECK-LABEL: func.func @conv2d_f32
// CHECK: dfp.conv2d %{{.*}}, %{{.*}} strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
func.func @conv2d_f32(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32> {
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  return %0 : tensor<2x4x8x8xf32>
}

// -----

// Tests that grouped, strided, dilated and asymmetrically padded convolutions round-trip.
// CHECK-LABEL: func.func @conv2d_geometry
// CHECK: dfp.conv2d %{{.*}}, %{{.*}} strides [2, 2] padding [0, 0, 0, 0] dilations [2, 2] groups 2 : tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x3x3xf32>
// CHECK: dfp.conv2d %{{.*}}, %{{.*}} strides [1, 2] padding [0, 0, 1, 1] dilations [1, 1] groups 1 : tensor<1x1x5x5xf32>, tensor<1x1x2x2xf32> -> tensor<1x1x5x3xf32>
func.func @conv2d_geometry(%x: tensor<1x4x9x9xf32>, %w: tensor<6x2x3x3xf32>,
                           %x1: tensor<1x1x5x5xf32>, %w1: tensor<1x1x2x2xf32>) {
  %0 = dfp.conv2d %x, %w strides [2, 2] padding [0, 0, 0, 0] dilations [2, 2] groups 2 : tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x3x3xf32>
  %1 = dfp.conv2d %x1, %w1 strides [1, 2] padding [0, 0, 1, 1] dilations [1, 1] groups 1 : tensor<1x1x5x5xf32>, tensor<1x1x2x2xf32> -> tensor<1x1x5x3xf32>
  return
}

// -----

// Tests that a DFP convolution keeps its chain length.
// CHECK-LABEL: func.func @conv2d_dfp
// CHECK: dfp.conv2d %{{.*}}, %{{.*}} strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 chain(32) : !dfp.tensor<2x3x8x8xi16, mag = 13, exp = tensor>, !dfp.tensor<4x3x3x3xi16, mag = 13, exp = axis 0> -> tensor<2x4x6x6xf32>
func.func @conv2d_dfp(%x: !dfp.tensor<2x3x8x8xi16, mag = 13, exp = tensor>,
                      %w: !dfp.tensor<4x3x3x3xi16, mag = 13, exp = axis 0>) -> tensor<2x4x6x6xf32> {
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [0, 0, 0, 0] dilations [1, 1] groups 1 chain(32) : !dfp.tensor<2x3x8x8xi16, mag = 13, exp = tensor>, !dfp.tensor<4x3x3x3xi16, mag = 13, exp = axis 0> -> tensor<2x4x6x6xf32>
  return %0 : tensor<2x4x6x6xf32>
}

// -----

// Tests that conv2d_backward_data round-trips, also where the result picks one of several sizes.
// CHECK-LABEL: func.func @conv2d_backward_data
// CHECK: dfp.conv2d_backward_data %{{.*}}, %{{.*}} strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x8x8xf32>
// CHECK: dfp.conv2d_backward_data %{{.*}}, %{{.*}} strides [2, 2] padding [0, 0, 0, 0] dilations [2, 2] groups 2 : tensor<1x6x3x3xf32>, tensor<6x2x3x3xf32> -> tensor<1x4x10x10xf32>
// CHECK: dfp.conv2d_backward_data %{{.*}}, %{{.*}} strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(32) : !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor>, !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor> -> tensor<2x3x8x8xf32>
func.func @conv2d_backward_data(%dy: tensor<2x4x8x8xf32>, %w: tensor<4x3x3x3xf32>,
                                %dy1: tensor<1x6x3x3xf32>, %w1: tensor<6x2x3x3xf32>,
                                %qdy: !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor>,
                                %qw: !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor>) {
  %0 = dfp.conv2d_backward_data %dy, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x4x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x8x8xf32>
  %1 = dfp.conv2d_backward_data %dy1, %w1 strides [2, 2] padding [0, 0, 0, 0] dilations [2, 2] groups 2 : tensor<1x6x3x3xf32>, tensor<6x2x3x3xf32> -> tensor<1x4x10x10xf32>
  %2 = dfp.conv2d_backward_data %qdy, %qw strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(32) : !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor>, !dfp.tensor<4x3x3x3xi16, mag = 13, exp = tensor> -> tensor<2x3x8x8xf32>
  return
}

// -----

// Tests that conv2d_backward_filter round-trips on f32 and DFP operands.
// CHECK-LABEL: func.func @conv2d_backward_filter
// CHECK: dfp.conv2d_backward_filter %{{.*}}, %{{.*}} strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x3x3x3xf32>
// CHECK: dfp.conv2d_backward_filter %{{.*}}, %{{.*}} strides [2, 2] padding [0, 0, 0, 0] dilations [2, 2] groups 2 chain(8) : !dfp.tensor<1x4x9x9xi16, mag = 14, exp = tensor>, !dfp.tensor<1x6x3x3xi16, mag = 14, exp = axis 1> -> tensor<6x2x3x3xf32>
func.func @conv2d_backward_filter(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x4x8x8xf32>,
                                  %qx: !dfp.tensor<1x4x9x9xi16, mag = 14, exp = tensor>,
                                  %qdy: !dfp.tensor<1x6x3x3xi16, mag = 14, exp = axis 1>) {
  %0 = dfp.conv2d_backward_filter %x, %dy strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x3x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x3x3x3xf32>
  %1 = dfp.conv2d_backward_filter %qx, %qdy strides [2, 2] padding [0, 0, 0, 0] dilations [2, 2] groups 2 chain(8) : !dfp.tensor<1x4x9x9xi16, mag = 14, exp = tensor>, !dfp.tensor<1x6x3x3xi16, mag = 14, exp = axis 1> -> tensor<6x2x3x3xf32>
  return
}
