// RUN: dfp-opt %s -split-input-file -convert-dfp-to-linalg -canonicalize | FileCheck %s

// Tests that an f32 matmul becomes linalg.matmul on a zero-filled output.
// CHECK-LABEL: func.func @f32_matmul
// CHECK: %[[INIT:.*]] = linalg.fill
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x3xf32>) outs(%[[INIT]] : tensor<4x3xf32>)
func.func @f32_matmul(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %c = dfp.matmul %a, %b : tensor<4x8xf32>, tensor<8x3xf32> -> tensor<4x3xf32>
  return %c : tensor<4x3xf32>
}

// -----

// Tests that relu and add become element-wise linalg.generic ops.
// CHECK-LABEL: func.func @relu_add
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK: linalg.generic
// CHECK: arith.addf
func.func @relu_add(%x: tensor<2x5xf32>, %y: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %r = dfp.relu %x : tensor<2x5xf32>
  %s = dfp.add %r, %y : tensor<2x5xf32>
  return %s : tensor<2x5xf32>
}

// -----

// Tests that a reshape collapses to 1-D and expands into the new shape, and
// that a DFP reshape keeps its exponents.
// CHECK-LABEL: func.func @reshapes
// CHECK-SAME: (%{{.*}}: tensor<2x3x4xf32>, %[[Q:.*]]: tensor<6x4xi16>, %[[E:.*]]: tensor<1xi32>)
// CHECK: tensor.collapse_shape {{.*}} : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: tensor.expand_shape {{.*}} : tensor<24xf32> into tensor<4x6xf32>
// CHECK: %[[QR:.*]] = tensor.collapse_shape %[[Q]]
// CHECK: %[[QE:.*]] = tensor.expand_shape %[[QR]]
// CHECK: return %{{.*}}, %[[QE]], %[[E]] : tensor<4x6xf32>, tensor<3x8xi16>, tensor<1xi32>
func.func @reshapes(%x: tensor<2x3x4xf32>, %q: !dfp.tensor<6x4xi16, mag = 13, exp = tensor>) -> (tensor<4x6xf32>, !dfp.tensor<3x8xi16, mag = 13, exp = tensor>) {
  %r = dfp.reshape %x : tensor<2x3x4xf32> -> tensor<4x6xf32>
  %s = dfp.reshape %q : !dfp.tensor<6x4xi16, mag = 13, exp = tensor> -> !dfp.tensor<3x8xi16, mag = 13, exp = tensor>
  return %r, %s : tensor<4x6xf32>, !dfp.tensor<3x8xi16, mag = 13, exp = tensor>
}
