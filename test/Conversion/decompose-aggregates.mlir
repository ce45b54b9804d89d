// RUN: dfp-opt %s -split-input-file -dfp-decompose-aggregates | FileCheck %s

// Tests that linalg.softmax is decomposed into max, exp of the difference,
// sum and division.
// CHECK-LABEL: func.func @softmax
// CHECK-NOT: linalg.softmax
// CHECK: linalg.generic {{.*}}["parallel", "reduction"]
// CHECK: arith.maxnumf
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: linalg.generic {{.*}}["parallel", "reduction"]
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: arith.divf
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %e = tensor.empty() : tensor<2x5xf32>
  %s = linalg.softmax dimension(1) ins(%x : tensor<2x5xf32>) outs(%e : tensor<2x5xf32>) -> tensor<2x5xf32>
  return %s : tensor<2x5xf32>
}

// -----

// Tests that tensor.concat becomes inserts into an empty tensor.
// CHECK-LABEL: func.func @concat
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x8xf32>
// CHECK: %[[A:.*]] = tensor.insert_slice %{{.*}} into %[[E]][0, 0] [2, 5] [1, 1]
// CHECK: tensor.insert_slice %{{.*}} into %[[A]][0, 5] [2, 3] [1, 1]
func.func @concat(%x: tensor<2x5xf32>, %y: tensor<2x3xf32>) -> tensor<2x8xf32> {
  %c = tensor.concat dim(1) %x, %y : (tensor<2x5xf32>, tensor<2x3xf32>) -> tensor<2x8xf32>
  return %c : tensor<2x8xf32>
}
