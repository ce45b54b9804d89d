// RUN: dfp-opt %s -split-input-file > %t.1.mlir
// RUN: dfp-opt %t.1.mlir -split-input-file > %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir
// RUN: FileCheck %s --input-file=%t.1.mlir
// RUN: dfp-opt %s -split-input-file -mlir-print-op-generic \
// RUN:   | dfp-opt -split-input-file | FileCheck %s

// Tests that the element-wise ops round-trip.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x8x8xf32>, %[[Y:.*]]: tensor<2x4x8x8xf32>)
// CHECK: dfp.relu %[[X]] : tensor<2x4x8x8xf32>
// CHECK: dfp.relu_backward %[[Y]], %[[X]] : tensor<2x4x8x8xf32>
// CHECK: dfp.add %[[X]], %[[Y]] : tensor<2x4x8x8xf32>
func.func @elementwise(%x: tensor<2x4x8x8xf32>, %y: tensor<2x4x8x8xf32>) {
  %0 = dfp.relu %x : tensor<2x4x8x8xf32>
  %1 = dfp.relu_backward %y, %x : tensor<2x4x8x8xf32>
  %2 = dfp.add %x, %y : tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that the per-channel bias and its gradient round-trip on NCHW and matrix inputs.
// CHECK-LABEL: func.func @bias_add
// CHECK: %[[Y:.*]] = dfp.bias_add %{{.*}}, %{{.*}} : tensor<2x4x8x8xf32>, tensor<4xf32>
// CHECK: dfp.bias_add_backward %[[Y]] : tensor<2x4x8x8xf32> -> tensor<4xf32>
// CHECK: dfp.bias_add %{{.*}}, %{{.*}} : tensor<3x4xf32>, tensor<4xf32>
func.func @bias_add(%x: tensor<2x4x8x8xf32>, %b: tensor<4xf32>, %m: tensor<3x4xf32>) {
  %0 = dfp.bias_add %x, %b : tensor<2x4x8x8xf32>, tensor<4xf32>
  %1 = dfp.bias_add_backward %0 : tensor<2x4x8x8xf32> -> tensor<4xf32>
  %2 = dfp.bias_add %m, %b : tensor<3x4xf32>, tensor<4xf32>
  return
}

// -----

// Tests that reshape round-trips on f32 and on per-tensor DFP values.
// CHECK-LABEL: func.func @reshape
// CHECK: dfp.reshape %{{.*}} : tensor<2x4x8x8xf32> -> tensor<2x256xf32>
// CHECK: dfp.reshape %{{.*}} : !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<2x256xi16, mag = 13, exp = tensor>
func.func @reshape(%x: tensor<2x4x8x8xf32>, %q: !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor>) {
  %0 = dfp.reshape %x : tensor<2x4x8x8xf32> -> tensor<2x256xf32>
  %1 = dfp.reshape %q : !dfp.tensor<2x4x8x8xi16, mag = 13, exp = tensor> -> !dfp.tensor<2x256xi16, mag = 13, exp = tensor>
  return
}

// -----

// Tests that max pooling and its backward form round-trip.
// CHECK-LABEL: func.func @max_pool2d
// CHECK: dfp.max_pool2d %{{.*}} kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
// CHECK: dfp.max_pool2d_backward %{{.*}}, %{{.*}} kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] : tensor<2x4x4x4xf32>, tensor<2x4x8x8xf32> -> tensor<2x4x8x8xf32>
func.func @max_pool2d(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  %0 = dfp.max_pool2d %x kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
  %1 = dfp.max_pool2d_backward %dy, %x kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] : tensor<2x4x4x4xf32>, tensor<2x4x8x8xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that average pooling (with and without counting padding) and its backward round-trip.
// CHECK-LABEL: func.func @avg_pool2d
// CHECK: dfp.avg_pool2d %{{.*}} kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] {count_include_pad} : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
// CHECK: dfp.avg_pool2d %{{.*}} kernel [3, 2] strides [1, 2] padding [0, 1, 2, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x8x4xf32>
// CHECK: dfp.avg_pool2d_backward %{{.*}} kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x4x4xf32> -> tensor<2x4x8x8xf32>
func.func @avg_pool2d(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x4x4x4xf32>) {
  %0 = dfp.avg_pool2d %x kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] {count_include_pad} : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
  %1 = dfp.avg_pool2d %x kernel [3, 2] strides [1, 2] padding [0, 1, 2, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x8x4xf32>
  %2 = dfp.avg_pool2d_backward %dy kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x4x4xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that global average pooling and its backward form round-trip.
// CHECK-LABEL: func.func @global_avg_pool
// CHECK: %[[P:.*]] = dfp.global_avg_pool %{{.*}} : tensor<2x4x8x8xf32> -> tensor<2x4x1x1xf32>
// CHECK: dfp.global_avg_pool_backward %[[P]] : tensor<2x4x1x1xf32> -> tensor<2x4x8x8xf32>
func.func @global_avg_pool(%x: tensor<2x4x8x8xf32>) {
  %0 = dfp.global_avg_pool %x : tensor<2x4x8x8xf32> -> tensor<2x4x1x1xf32>
  %1 = dfp.global_avg_pool_backward %0 : tensor<2x4x1x1xf32> -> tensor<2x4x8x8xf32>
  return
}

// -----

// Tests that batch normalization (training, inference) and its backward form round-trip.
// CHECK-LABEL: func.func @batch_norm
// CHECK: %[[Y:.*]], %[[MEAN:.*]], %[[VAR:.*]] = dfp.batch_norm %{{.*}}, %{{.*}}, %{{.*}} epsilon(9.99999974E-6) : tensor<8x4x6x6xf32>, tensor<4xf32>
// CHECK: dfp.batch_norm_inference %{{.*}}, %{{.*}}, %{{.*}}, %[[MEAN]], %[[VAR]] epsilon(9.99999974E-6) : tensor<8x4x6x6xf32>, tensor<4xf32>
// CHECK: dfp.batch_norm_backward %[[Y]], %{{.*}}, %{{.*}}, %[[MEAN]], %[[VAR]] epsilon(9.99999974E-6) : tensor<8x4x6x6xf32>, tensor<4xf32>
// CHECK: dfp.batch_norm %{{.*}}, %{{.*}}, %{{.*}} epsilon(0.000000e+00) : tensor<8x4xf32>, tensor<4xf32>
func.func @batch_norm(%x: tensor<8x4x6x6xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %x2: tensor<8x4xf32>) {
  %y, %mean, %var = dfp.batch_norm %x, %s, %b epsilon(1.0e-05) : tensor<8x4x6x6xf32>, tensor<4xf32>
  %0 = dfp.batch_norm_inference %x, %s, %b, %mean, %var epsilon(1.0e-05) : tensor<8x4x6x6xf32>, tensor<4xf32>
  %dx, %ds, %db = dfp.batch_norm_backward %y, %x, %s, %mean, %var epsilon(1.0e-05) : tensor<8x4x6x6xf32>, tensor<4xf32>
  %y2, %mean2, %var2 = dfp.batch_norm %x2, %s, %b epsilon(0.0) : tensor<8x4xf32>, tensor<4xf32>
  return
}

// -----

// Tests that the loss and its gradient round-trip with i32 and i64 labels.
// CHECK-LABEL: func.func @softmax_cross_entropy
// CHECK: %[[LOSS:.*]] = dfp.softmax_cross_entropy %{{.*}}, %{{.*}} : tensor<4x10xf32>, tensor<4xi32> -> tensor<f32>
// CHECK: dfp.softmax_cross_entropy %{{.*}}, %{{.*}} : tensor<4x10xf32>, tensor<4xi64> -> tensor<f32>
// CHECK: dfp.softmax_cross_entropy_backward %[[LOSS]], %{{.*}}, %{{.*}} : tensor<4x10xf32>, tensor<4xi32>
func.func @softmax_cross_entropy(%l: tensor<4x10xf32>, %t: tensor<4xi32>, %t64: tensor<4xi64>) {
  %0 = dfp.softmax_cross_entropy %l, %t : tensor<4x10xf32>, tensor<4xi32> -> tensor<f32>
  %1 = dfp.softmax_cross_entropy %l, %t64 : tensor<4x10xf32>, tensor<4xi64> -> tensor<f32>
  %2 = dfp.softmax_cross_entropy_backward %0, %l, %t : tensor<4x10xf32>, tensor<4xi32>
  return
}

// -----

// Tests that the SGD update round-trips with its run-time learning rate and
// its hyper-parameters.
// CHECK-LABEL: func.func @sgd_update
// CHECK-SAME: %[[LR:[^:]*]]: tensor<f32>)
// CHECK: dfp.sgd_update %{{.*}}, %{{.*}}, %{{.*}} lr(%[[LR]]) momentum(0.899999976) weight_decay(5.000000e-04) : tensor<16x8xf32>
// CHECK: dfp.sgd_update %{{.*}}, %{{.*}}, %{{.*}} lr(%[[LR]]) momentum(0.000000e+00) weight_decay(0.000000e+00) : tensor<16x8xf32>
func.func @sgd_update(%p: tensor<16x8xf32>, %g: tensor<16x8xf32>, %v: tensor<16x8xf32>, %lr: tensor<f32>) {
  %p1, %v1 = dfp.sgd_update %p, %g, %v lr(%lr) momentum(0.9) weight_decay(5.0e-04) : tensor<16x8xf32>
  %p2, %v2 = dfp.sgd_update %p, %g, %v lr(%lr) momentum(0.0) weight_decay(0.0) : tensor<16x8xf32>
  return
}

// -----

// Tests that the running-statistics update round-trips.
// CHECK-LABEL: func.func @running_stat_update
// CHECK: dfp.running_stat_update %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} momentum(1.000000e-01) count(512) : tensor<4xf32>
func.func @running_stat_update(%m: tensor<4xf32>, %v: tensor<4xf32>, %bm: tensor<4xf32>, %bv: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %m1, %v1 = dfp.running_stat_update %m, %v, %bm, %bv momentum(0.1) count(512) : tensor<4xf32>
  return %m1, %v1 : tensor<4xf32>, tensor<4xf32>
}
