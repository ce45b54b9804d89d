// RUN: dfp-opt %s -split-input-file -dfp-build-training-step | FileCheck %s
// RUN: dfp-opt %s -split-input-file -dfp-build-training-step="momentum=0.5 weight-decay=0.0 bn-momentum=0.25" | FileCheck %s --check-prefix=OPTIONS

// Tests that an MLP gets a train_step with the contract's signature (input, labels, lr, step, parameters, momenta; loss, logits, new parameters, new momenta), that @forward stays unchanged, and that the backward runs layer by layer with each parameter updated as soon as its gradient is complete; no gradient of the input is computed.
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[FX:.*]]: tensor<4x8xf32>, %{{.*}}: tensor<8x16xf32> {dfp.param = "fc1.weight"}
// CHECK-NEXT: dfp.matmul %[[FX]]
// CHECK-NEXT: dfp.bias_add
// CHECK-NEXT: dfp.relu
// CHECK-NEXT: dfp.matmul
// CHECK-NEXT: dfp.bias_add
// CHECK-NEXT: return
// CHECK-LABEL: func.func @train_step(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x8xf32>,
// CHECK-SAME: %[[LABELS:[^:]*]]: tensor<4xi32> {dfp.labels},
// CHECK-SAME: %[[LR:[^:]*]]: tensor<f32> {dfp.lr},
// CHECK-SAME: %{{[^:]*}}: i32 {dfp.step},
// CHECK-SAME: %[[W1:[^:]*]]: tensor<8x16xf32> {dfp.param = "fc1.weight"},
// CHECK-SAME: %[[B1:[^:]*]]: tensor<16xf32> {dfp.param = "fc1.bias"},
// CHECK-SAME: %[[W2:[^:]*]]: tensor<16x3xf32> {dfp.param = "fc2.weight"},
// CHECK-SAME: %[[B2:[^:]*]]: tensor<3xf32> {dfp.param = "fc2.bias"},
// CHECK-SAME: %[[VW1:[^:]*]]: tensor<8x16xf32> {dfp.momentum = "fc1.weight"},
// CHECK-SAME: %[[VB1:[^:]*]]: tensor<16xf32> {dfp.momentum = "fc1.bias"},
// CHECK-SAME: %[[VW2:[^:]*]]: tensor<16x3xf32> {dfp.momentum = "fc2.weight"},
// CHECK-SAME: %[[VB2:[^:]*]]: tensor<3xf32> {dfp.momentum = "fc2.bias"})
// CHECK-SAME: -> (tensor<f32> {dfp.loss}, tensor<4x3xf32> {dfp.logits},
// CHECK-SAME: tensor<8x16xf32> {dfp.param = "fc1.weight"}, tensor<16xf32> {dfp.param = "fc1.bias"}, tensor<16x3xf32> {dfp.param = "fc2.weight"}, tensor<3xf32> {dfp.param = "fc2.bias"},
// CHECK-SAME: tensor<8x16xf32> {dfp.momentum = "fc1.weight"}, tensor<16xf32> {dfp.momentum = "fc1.bias"}, tensor<16x3xf32> {dfp.momentum = "fc2.weight"}, tensor<3xf32> {dfp.momentum = "fc2.bias"})
// CHECK-NEXT: %[[H:.*]] = dfp.matmul %[[X]], %[[W1]] : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
// CHECK-NEXT: %[[HB:.*]] = dfp.bias_add %[[H]], %[[B1]]
// CHECK-NEXT: %[[A:.*]] = dfp.relu %[[HB]]
// CHECK-NEXT: %[[Z:.*]] = dfp.matmul %[[A]], %[[W2]]
// CHECK-NEXT: %[[LOGITS:.*]] = dfp.bias_add %[[Z]], %[[B2]]
// CHECK-NEXT: %[[LOSS:.*]] = dfp.softmax_cross_entropy %[[LOGITS]], %[[LABELS]] : tensor<4x3xf32>, tensor<4xi32> -> tensor<f32>
// CHECK-NEXT: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT: %[[DLOGITS:.*]] = dfp.softmax_cross_entropy_backward %[[ONE]], %[[LOGITS]], %[[LABELS]]
// CHECK-NEXT: %[[DB2:.*]] = dfp.bias_add_backward %[[DLOGITS]] : tensor<4x3xf32> -> tensor<3xf32>
// CHECK-NEXT: %[[NB2:.*]], %[[NVB2:.*]] = dfp.sgd_update %[[B2]], %[[DB2]], %[[VB2]] lr(%[[LR]]) momentum(0.899999976) weight_decay(5.000000e-04) : tensor<3xf32>
// CHECK-NEXT: %[[DA:.*]] = dfp.matmul %[[DLOGITS]], %[[W2]] {transpose_rhs} : tensor<4x3xf32>, tensor<16x3xf32> -> tensor<4x16xf32>
// CHECK-NEXT: %[[DW2:.*]] = dfp.matmul %[[A]], %[[DLOGITS]] {transpose_lhs} : tensor<4x16xf32>, tensor<4x3xf32> -> tensor<16x3xf32>
// CHECK-NEXT: %[[NW2:.*]], %[[NVW2:.*]] = dfp.sgd_update %[[W2]], %[[DW2]], %[[VW2]] lr(%[[LR]])
// CHECK-NEXT: %[[DHB:.*]] = dfp.relu_backward %[[DA]], %[[HB]] : tensor<4x16xf32>
// CHECK-NEXT: %[[DB1:.*]] = dfp.bias_add_backward %[[DHB]] : tensor<4x16xf32> -> tensor<16xf32>
// CHECK-NEXT: %[[NB1:.*]], %[[NVB1:.*]] = dfp.sgd_update %[[B1]], %[[DB1]], %[[VB1]] lr(%[[LR]])
// CHECK-NEXT: %[[DW1:.*]] = dfp.matmul %[[X]], %[[DHB]] {transpose_lhs} : tensor<4x8xf32>, tensor<4x16xf32> -> tensor<8x16xf32>
// CHECK-NEXT: %[[NW1:.*]], %[[NVW1:.*]] = dfp.sgd_update %[[W1]], %[[DW1]], %[[VW1]] lr(%[[LR]])
// CHECK-NEXT: return %[[LOSS]], %[[LOGITS]], %[[NW1]], %[[NB1]], %[[NW2]], %[[NB2]], %[[NVW1]], %[[NVB1]], %[[NVW2]], %[[NVB2]] :
// OPTIONS-LABEL: func.func @train_step(
// OPTIONS: dfp.sgd_update {{.*}} momentum(5.000000e-01) weight_decay(0.000000e+00) : tensor<3xf32>
func.func @forward(%x: tensor<4x8xf32>, %w1: tensor<8x16xf32> {dfp.param = "fc1.weight"}, %b1: tensor<16xf32> {dfp.param = "fc1.bias"}, %w2: tensor<16x3xf32> {dfp.param = "fc2.weight"}, %b2: tensor<3xf32> {dfp.param = "fc2.bias"}) -> tensor<4x3xf32> {
  %0 = dfp.matmul %x, %w1 : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  %1 = dfp.bias_add %0, %b1 : tensor<4x16xf32>, tensor<16xf32>
  %2 = dfp.relu %1 : tensor<4x16xf32>
  %3 = dfp.matmul %2, %w2 : tensor<4x16xf32>, tensor<16x3xf32> -> tensor<4x3xf32>
  %4 = dfp.bias_add %3, %b2 : tensor<4x3xf32>, tensor<3xf32>
  return %4 : tensor<4x3xf32>
}
