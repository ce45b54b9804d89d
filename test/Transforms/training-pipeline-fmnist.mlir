// RUN: dfp-opt %S/../../examples/fmnist_cnn.mlir -dfp-training-pipeline | FileCheck %s

// Tests that dfp-training-pipeline turns the default model into a training step whose every contraction (5 convolutions and the linear layer forward, 4 data gradients and 5 filter gradients of the convolutions, 2 matmuls of the linear layer's backward) is DFP16 with a 32-product INT32 chain, that output gradients (of the loss and of each convolution) are quantized stochastically with the step counter, and that @forward (evaluation) is quantized too.
// CHECK-LABEL: func.func @forward(
// CHECK-COUNT-5: dfp.conv2d {{.*}} chain(32) : !dfp.tensor<128x{{[0-9]+}}x{{[0-9]+}}x{{[0-9]+}}xi16, mag = 13, exp = tensor>, !dfp.tensor<
// CHECK: dfp.matmul {{.*}} chain(32) : !dfp.tensor<128x128xi16, mag = 13, exp = tensor>, !dfp.tensor<128x10xi16, mag = 13, exp = tensor> -> tensor<128x10xf32>
// CHECK-NOT: dfp.batch_norm {{.*}}epsilon
// CHECK-LABEL: func.func @train_step(
// CHECK-SAME: %[[STEP:[^:]*]]: i32 {dfp.step}
// CHECK-COUNT-5: dfp.running_stat_update
// CHECK: dfp.matmul {{.*}} chain(32) : !dfp.tensor<128x128xi16, mag = 13, exp = tensor>, !dfp.tensor<128x10xi16, mag = 13, exp = tensor> -> tensor<128x10xf32>
// CHECK: dfp.softmax_cross_entropy
// CHECK: dfp.quantize %{{.*}} rounding(stochastic) seed(0) stream(0) step(%[[STEP]]) : tensor<128x10xf32>
// CHECK: dfp.matmul {{.*}} chain(32) {dfp.operand_roles = ["gradient", "weight"], transpose_rhs} : !dfp.tensor<128x10xi16, mag = 13, exp = tensor>, !dfp.tensor<128x10xi16, mag = 13, exp = tensor> -> tensor<128x128xf32>
// CHECK: dfp.matmul {{.*}} chain(32) {dfp.operand_roles = ["activation", "gradient"], transpose_lhs} : !dfp.tensor<128x128xi16, mag = 13, exp = tensor>, !dfp.tensor<128x10xi16, mag = 13, exp = tensor> -> tensor<128x10xf32>
// CHECK: dfp.quantize %{{.*}} rounding(stochastic) seed(0) stream(1) step(%[[STEP]]) : tensor<128x128x7x7xf32>
// CHECK: dfp.conv2d_backward_data {{.*}} chain(32) : !dfp.tensor<128x128x7x7xi16, mag = 13, exp = tensor>, !dfp.tensor<128x64x3x3xi16, mag = 13, exp = tensor> -> tensor<128x64x7x7xf32>
// CHECK-NEXT: dfp.conv2d_backward_filter {{.*}} chain(32) : !dfp.tensor<128x64x7x7xi16, mag = 13, exp = tensor>, !dfp.tensor<128x128x7x7xi16, mag = 13, exp = tensor> -> tensor<128x64x3x3xf32>
// CHECK: dfp.conv2d_backward_data {{.*}} chain(32) : {{.*}} -> tensor<128x64x14x14xf32>
// CHECK: dfp.conv2d_backward_filter {{.*}} chain(32) : {{.*}} -> tensor<64x64x3x3xf32>
// CHECK: dfp.conv2d_backward_data {{.*}} chain(32) : {{.*}} -> tensor<128x32x14x14xf32>
// CHECK: dfp.conv2d_backward_filter {{.*}} chain(32) : {{.*}} -> tensor<64x32x3x3xf32>
// CHECK: dfp.conv2d_backward_data {{.*}} chain(32) : {{.*}} -> tensor<128x32x28x28xf32>
// CHECK: dfp.conv2d_backward_filter {{.*}} chain(32) : {{.*}} -> tensor<32x32x3x3xf32>
// CHECK-NOT: dfp.conv2d_backward_data
// CHECK: dfp.quantize %{{.*}} rounding(stochastic) seed(0) stream(5) step(%[[STEP]]) : tensor<128x32x28x28xf32>
// CHECK: dfp.conv2d_backward_filter {{.*}} chain(32) : !dfp.tensor<128x1x28x28xi16, mag = 13, exp = tensor>, !dfp.tensor<128x32x28x28xi16, mag = 13, exp = tensor> -> tensor<32x1x3x3xf32>
// CHECK-NEXT: dfp.sgd_update
// CHECK-NEXT: return
