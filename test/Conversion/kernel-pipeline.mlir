// RUN: dfp-opt %s -dfp-kernel-pipeline | FileCheck %s

// Tests that dfp-kernel-pipeline ends in the LLVM dialect: quantizes lowered
// like dfp-lower-to-llvm, the matmul a dispatch at the entry and an invoke
// through its C interface (memref descriptors by pointer), and no Dfp,
// tensor or bufferization op left.
// CHECK-DAG: llvm.func @dfp_rt_matmul_dispatch(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @_mlir_ciface_dfp_rt_matmul_invoke(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// CHECK-LABEL: llvm.func @quantized_matmul
// CHECK: llvm.call @dfp_rt_matmul_dispatch
// CHECK: llvm.call @dfp_rt_matmul_invoke
// CHECK-NOT: dfp.
// CHECK-NOT: bufferization.
// CHECK-NOT: tensor<
func.func @quantized_matmul(%x: tensor<6x45xf32>, %w: tensor<45x11xf32>) -> tensor<6x11xf32> {
  %a = dfp.quantize %x rounding(nearest_even) : tensor<6x45xf32> -> !dfp.tensor<6x45xi16, mag = 13, exp = tensor>
  %b = dfp.quantize %w rounding(nearest_even) : tensor<45x11xf32> -> !dfp.tensor<45x11xi16, mag = 13, exp = tensor>
  %c = dfp.matmul %a, %b chain(32) : !dfp.tensor<6x45xi16, mag = 13, exp = tensor>, !dfp.tensor<45x11xi16, mag = 13, exp = tensor> -> tensor<6x11xf32>
  return %c : tensor<6x11xf32>
}
