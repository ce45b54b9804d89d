// RUN: dfp-opt %s -dfp-lower-to-llvm="target-cpu=znver3 target-features=+avx2,+fma" | FileCheck %s
// RUN: dfp-opt %s -dfp-lower-to-llvm | FileCheck %s --check-prefix=HOST
// RUN: dfp-opt %s -dfp-lower-to-llvm="target-cpu=znver3" --mlir-print-ir-after-all -o /dev/null 2>&1 | FileCheck %s --check-prefix=STAGES

// Tests that the pipeline ends in the LLVM dialect with results as
// out-parameters (21 descriptor fields for A, B and C), the non-finite
// status returned, and the target CPU set.
// CHECK-LABEL: llvm.func @matmul
// CHECK-SAME: %arg14: !llvm.ptr, %arg15: !llvm.ptr, %arg16: i64, %arg17: i64, %arg18: i64, %arg19: i64, %arg20: i64) -> i1
// CHECK-SAME: target_cpu = "znver3"
// CHECK-SAME: target_features = #llvm.target_features<["+avx2", "+fma"]>
// CHECK: llvm.return %{{.*}} : i1

// The default target is the host's CPU and its features, never generic x86-64.
// HOST-LABEL: llvm.func @matmul
// HOST-NOT: target_cpu = "x86-64"
// HOST-SAME: target_cpu = "{{[a-z0-9-]+}}"
// HOST-SAME: target_features = #llvm.target_features<["{{[+-]}}

// Tests that --mlir-print-ir-after-all shows every stage.
// STAGES: IR Dump After ConvertDfpToLinalg (convert-dfp-to-linalg)
// STAGES: IR Dump After DfpDecomposeAggregates (dfp-decompose-aggregates)
// STAGES: IR Dump After ConvertElementwiseToLinalgPass (convert-elementwise-to-linalg)
// STAGES: IR Dump After OneShotBufferize (one-shot-bufferize)
// STAGES: IR Dump After BufferResultsToOutParams (buffer-results-to-out-params)
// STAGES: IR Dump After OwnershipBasedBufferDeallocation (ownership-based-buffer-deallocation)
// STAGES: IR Dump After ConvertLinalgToLoopsPass (convert-linalg-to-loops)
// STAGES: IR Dump After ConvertVectorToSCF (convert-vector-to-scf)
// STAGES: IR Dump After SCFToControlFlow (convert-scf-to-cf)
// STAGES: IR Dump After ConvertVectorToLLVMPass (convert-vector-to-llvm)
// STAGES: IR Dump After FinalizeMemRefToLLVMConversionPass (finalize-memref-to-llvm)
// STAGES: IR Dump After ConvertFuncToLLVMPass (convert-func-to-llvm)
// STAGES: IR Dump After ReconcileUnrealizedCasts (reconcile-unrealized-casts)
// STAGES: IR Dump After DfpSetTargetCpu (dfp-set-target-cpu)
// STAGES-NEXT: module
// STAGES: llvm.func @matmul
func.func @matmul(%a: tensor<5x7xf32>, %b: tensor<7x3xf32>) -> tensor<5x3xf32> {
  %qa = dfp.quantize %a rounding(nearest_even) : tensor<5x7xf32> -> !dfp.tensor<5x7xi16, mag = 13, exp = tensor>
  %qb = dfp.quantize %b rounding(nearest_even) : tensor<7x3xf32> -> !dfp.tensor<7x3xi16, mag = 13, exp = tensor>
  %c = dfp.matmul %qa, %qb chain(32) : !dfp.tensor<5x7xi16, mag = 13, exp = tensor>, !dfp.tensor<7x3xi16, mag = 13, exp = tensor> -> tensor<5x3xf32>
  return %c : tensor<5x3xf32>
}
