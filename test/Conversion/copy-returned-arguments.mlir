// RUN: dfp-opt %s -dfp-copy-returned-arguments | FileCheck %s
// RUN: dfp-opt %s -dfp-lower-to-llvm | FileCheck %s --check-prefix=LLVM

// Tests that a returned tensor argument is returned as a copy, so that the
// result becomes an out-parameter the argument is copied into.
// CHECK-LABEL: func.func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<2x3xf32>)
// CHECK: %[[R:.*]] = arith.addf
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[C:.*]] = linalg.copy ins(%[[X]] : tensor<2x3xf32>) outs(%[[E]] : tensor<2x3xf32>)
// CHECK: return %[[C]], %[[R]]
// LLVM-LABEL: llvm.func @identity
// LLVM: llvm.return
func.func @identity(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %r = arith.addf %x, %y : tensor<2x3xf32>
  return %x, %r : tensor<2x3xf32>, tensor<2x3xf32>
}
