// RUN: dfp-opt %s -split-input-file -dfp-lower-to-kernels | FileCheck %s

// Tests that a DFP matmul becomes one dispatch at the function entry (the
// descriptor m, n, k, transposes, per operand the magnitude bits and the
// exponent axis (-1: per tensor), chain) and an invoke on the
// decomposed operands read as memrefs, writing a fresh result buffer.
// CHECK-DAG: func.func private @dfp_rt_matmul_dispatch(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) -> !llvm.ptr
// CHECK-DAG: func.func private @dfp_rt_matmul_invoke(!llvm.ptr, memref<?x?xi16>, memref<?xi32>, memref<?x?xi16>, memref<?xi32>, memref<?x?xf32>) -> i32 attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: !dfp.tensor<5x7xi16, mag = 13, exp = tensor>, %[[B:.*]]: !dfp.tensor<7x3xi16, mag = 12, exp = tensor>)
// CHECK-DAG: %[[C5:.*]] = arith.constant 5 : i64
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[C7:.*]] = arith.constant 7 : i64
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[C13:.*]] = arith.constant 13 : i64
// CHECK-DAG: %[[C12:.*]] = arith.constant 12 : i64
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : i64
// CHECK-DAG: %[[PER_TENSOR:.*]] = arith.constant -1 : i64
// CHECK: %[[H:.*]] = call @dfp_rt_matmul_dispatch(%[[C5]], %[[C3]], %[[C7]], %[[C0]], %[[C0]], %[[C13]], %[[PER_TENSOR]], %[[C12]], %[[PER_TENSOR]], %[[C64]])
// CHECK: %[[AD:.*]]:2 = builtin.unrealized_conversion_cast %[[A]] : !dfp.tensor<5x7xi16, mag = 13, exp = tensor> to tensor<5x7xi16>, tensor<1xi32>
// CHECK: %[[AV:.*]] = bufferization.to_memref %[[AD]]#0 read_only : memref<5x7xi16>
// CHECK: %[[AVD:.*]] = memref.cast %[[AV]] : memref<5x7xi16> to memref<?x?xi16>
// CHECK: %[[AE:.*]] = bufferization.to_memref %[[AD]]#1 read_only : memref<1xi32>
// CHECK: %[[AED:.*]] = memref.cast %[[AE]] : memref<1xi32> to memref<?xi32>
// CHECK: %[[BD:.*]]:2 = builtin.unrealized_conversion_cast %[[B]]
// CHECK: %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<5x3xf32>
// CHECK: %[[OUTD:.*]] = memref.cast %[[OUT]] : memref<5x3xf32> to memref<?x?xf32>
// CHECK: call @dfp_rt_matmul_invoke(%[[H]], %[[AVD]], %[[AED]], %{{.*}}, %{{.*}}, %[[OUTD]])
// CHECK: %[[R:.*]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<5x3xf32>
// CHECK: return %[[R]]
func.func @matmul(%a: !dfp.tensor<5x7xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<7x3xi16, mag = 12, exp = tensor>) -> tensor<5x3xf32> {
  %c = dfp.matmul %a, %b chain(64) : !dfp.tensor<5x7xi16, mag = 13, exp = tensor>, !dfp.tensor<7x3xi16, mag = 12, exp = tensor> -> tensor<5x3xf32>
  return %c : tensor<5x3xf32>
}

// -----

// Tests that contractions with the same descriptor share one dispatch and
// that transposes are part of the descriptor (k read from dimension 0 of a
// transposed lhs).
// CHECK-LABEL: func.func @shared_dispatch
// CHECK: %[[H:.*]] = call @dfp_rt_matmul_dispatch
// CHECK-NOT: call @dfp_rt_matmul_dispatch
// CHECK: call @dfp_rt_matmul_invoke(%[[H]]
// CHECK: call @dfp_rt_matmul_invoke(%[[H]]
// CHECK-LABEL: func.func @transposed
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : i64
// CHECK-DAG: %[[C6:.*]] = arith.constant 6 : i64
// CHECK-DAG: %[[C9:.*]] = arith.constant 9 : i64
// CHECK: call @dfp_rt_matmul_dispatch(%[[C4]], %[[C6]], %[[C9]], %[[C1]], %[[C0]],
func.func @shared_dispatch(%a: !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<8x2xi16, mag = 13, exp = tensor>) -> tensor<4x2xf32> {
  %c = dfp.matmul %a, %b chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x2xi16, mag = 13, exp = tensor> -> tensor<4x2xf32>
  %d = dfp.matmul %a, %b chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x2xi16, mag = 13, exp = tensor> -> tensor<4x2xf32>
  %e = dfp.add %c, %d : tensor<4x2xf32>
  return %e : tensor<4x2xf32>
}
func.func @transposed(%a: !dfp.tensor<9x4xi16, mag = 13, exp = tensor>, %b: !dfp.tensor<9x6xi16, mag = 13, exp = tensor>) -> tensor<4x6xf32> {
  %c = dfp.matmul %a, %b chain(32) {transpose_lhs} : !dfp.tensor<9x4xi16, mag = 13, exp = tensor>, !dfp.tensor<9x6xi16, mag = 13, exp = tensor> -> tensor<4x6xf32>
  return %c : tensor<4x6xf32>
}

// -----

// Tests that the three convolution forms dispatch with their direction
// (0, 1, 2) and the whole geometry: N, C, H, W, K, R, S, strides, padding
// (top, left, bottom, right), dilations, groups, magnitude bits and exponent
// axes, chain; the
// input and filter shapes come from the result for the backward forms.
// CHECK-DAG: func.func private @dfp_rt_conv2d_dispatch(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) -> !llvm.ptr
// CHECK-DAG: func.func private @dfp_rt_conv2d_invoke(!llvm.ptr, memref<?x?x?x?xi16>, memref<?xi32>, memref<?x?x?x?xi16>, memref<?xi32>, memref<?x?x?x?xf32>) -> i32 attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @conv_step
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : i64
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : i64
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : i64
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : i64
// CHECK-DAG: %[[C12:.*]] = arith.constant 12 : i64
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : i64
// CHECK-DAG: %[[PT:.*]] = arith.constant -1 : i64
// CHECK-DAG: call @dfp_rt_conv2d_dispatch(%[[C0]], %[[C2]], %[[C4]], %[[C8]], %[[C8]], %[[C4]], %[[C3]], %[[C3]], %[[C1]], %[[C1]], %[[C1]], %[[C1]], %[[C1]], %[[C1]], %[[C1]], %[[C1]], %[[C1]], %[[C12]], %[[PT]], %[[C12]], %[[PT]], %[[C128]])
// CHECK-DAG: call @dfp_rt_conv2d_dispatch(%[[C1]], %[[C2]], %[[C4]], %[[C8]], %[[C8]], %[[C4]], %[[C3]], %[[C3]],
// CHECK-DAG: call @dfp_rt_conv2d_dispatch(%[[C2]], %[[C2]], %[[C4]], %[[C8]], %[[C8]], %[[C4]], %[[C3]], %[[C3]],
// CHECK-COUNT-3: call @dfp_rt_conv2d_invoke
func.func @conv_step(%qx: !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>, %qw: !dfp.tensor<4x4x3x3xi16, mag = 12, exp = tensor>, %qdy: !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>) -> (tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32>) {
  %0 = dfp.conv2d %qx, %qw strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(128) : !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>, !dfp.tensor<4x4x3x3xi16, mag = 12, exp = tensor> -> tensor<2x4x8x8xf32>
  %1 = dfp.conv2d_backward_data %qdy, %qw strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(128) : !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>, !dfp.tensor<4x4x3x3xi16, mag = 12, exp = tensor> -> tensor<2x4x8x8xf32>
  %2 = dfp.conv2d_backward_filter %qx, %qdy strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 chain(128) : !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor>, !dfp.tensor<2x4x8x8xi16, mag = 12, exp = tensor> -> tensor<4x4x3x3xf32>
  return %0, %1, %2 : tensor<2x4x8x8xf32>, tensor<2x4x8x8xf32>, tensor<4x4x3x3xf32>
}

// -----

// Tests that per-axis exponents pass their axis (of the operand as stored)
// and their count: one exponent per row of A, per column of B.
// CHECK-LABEL: func.func @per_axis
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i64
// CHECK-DAG: %[[C13:.*]] = arith.constant 13 : i64
// CHECK: call @dfp_rt_matmul_dispatch(%{{.*}}, %{{.*}}, %{{.*}}, %[[C0]], %[[C0]], %[[C13]], %[[C0]], %[[C13]], %[[C1]],
// CHECK: builtin.unrealized_conversion_cast %{{.*}} : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0> to tensor<4x8xi16>, tensor<4xi32>
// CHECK: builtin.unrealized_conversion_cast %{{.*}} : !dfp.tensor<8x2xi16, mag = 13, exp = axis 1> to tensor<8x2xi16>, tensor<2xi32>
func.func @per_axis(%a: !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>, %b: !dfp.tensor<8x2xi16, mag = 13, exp = axis 1>) -> tensor<4x2xf32> {
  %c = dfp.matmul %a, %b chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>, !dfp.tensor<8x2xi16, mag = 13, exp = axis 1> -> tensor<4x2xf32>
  return %c : tensor<4x2xf32>
}

// -----

// Tests that FP32 contractions and DFP ones the kernels do not take (i8
// storage, block exponents) are left for the LLVM path.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: dfp_rt_
// CHECK: dfp.matmul %{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x2xf32>
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(32) : !dfp.tensor<4x8xi8
// CHECK: dfp.matmul %{{.*}}, %{{.*}} chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = block 4 on 1>
func.func @left_alone(%x: tensor<4x8xf32>, %w: tensor<8x2xf32>, %a8: !dfp.tensor<4x8xi8, mag = 7, exp = tensor>, %b8: !dfp.tensor<8x2xi8, mag = 7, exp = tensor>, %ab: !dfp.tensor<4x8xi16, mag = 13, exp = block 4 on 1>, %b: !dfp.tensor<8x2xi16, mag = 13, exp = tensor>) -> (tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>) {
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x2xf32> -> tensor<4x2xf32>
  %1 = dfp.matmul %a8, %b8 chain(32) : !dfp.tensor<4x8xi8, mag = 7, exp = tensor>, !dfp.tensor<8x2xi8, mag = 7, exp = tensor> -> tensor<4x2xf32>
  %2 = dfp.matmul %ab, %b chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = block 4 on 1>, !dfp.tensor<8x2xi16, mag = 13, exp = tensor> -> tensor<4x2xf32>
  return %0, %1, %2 : tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>
}
