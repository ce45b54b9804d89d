// RUN: dfp-opt --show-dialects | FileCheck %s --check-prefix=DIALECTS
// RUN: dfp-opt %s -split-input-file \
// RUN:   -one-shot-bufferize="bufferize-function-boundaries" \
// RUN:   | FileCheck %s --check-prefix=BUFFERIZE
// RUN: dfp-opt %s -split-input-file \
// RUN:   -pass-pipeline="builtin.module(func.func(canonicalize),convert-to-llvm)" \
// RUN:   | FileCheck %s --check-prefix=LLVM

// Tests that dfp-opt loads the Dfp dialect and the dialects the lowering pipelines use.
// DIALECTS: Available Dialects:
// DIALECTS-SAME: affine
// DIALECTS-SAME: arith
// DIALECTS-SAME: bufferization
// DIALECTS-SAME: dfp
// DIALECTS-SAME: func
// DIALECTS-SAME: linalg
// DIALECTS-SAME: llvm
// DIALECTS-SAME: math
// DIALECTS-SAME: memref
// DIALECTS-SAME: scf
// DIALECTS-SAME: tensor
// DIALECTS-SAME: vector

// Tests that the bufferization models of func, linalg and tensor are registered.
// BUFFERIZE-LABEL: func.func @fill
// BUFFERIZE-SAME: (%{{.*}}: memref<4xf32{{.*}}>) -> memref<4xf32{{.*}}>
// BUFFERIZE: linalg.fill
func.func @fill(%t: tensor<4xf32>) -> tensor<4xf32> {
  %c = arith.constant 1.0 : f32
  %0 = linalg.fill ins(%c : f32) outs(%t : tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that the LLVM conversion interfaces of func, arith and math are registered.
// BUFFERIZE-LABEL: func.func @scale
// LLVM-LABEL: llvm.func @scale
// LLVM: llvm.fmul
// LLVM: llvm.intr.sqrt
func.func @scale(%x: f32) -> f32 {
  %c = arith.constant 2.0 : f32
  %0 = arith.mulf %x, %c : f32
  %1 = math.sqrt %0 : f32
  return %1 : f32
}
