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
// CHECK-NEXT: %[[DA:.*]] = dfp.matmul %[[DLOGITS]], %[[W2]] {dfp.operand_roles = ["gradient", "weight"], transpose_rhs} : tensor<4x3xf32>, tensor<16x3xf32> -> tensor<4x16xf32>
// CHECK-NEXT: %[[DW2:.*]] = dfp.matmul %[[A]], %[[DLOGITS]] {dfp.operand_roles = ["activation", "gradient"], transpose_lhs} : tensor<4x16xf32>, tensor<4x3xf32> -> tensor<16x3xf32>
// CHECK-NEXT: %[[NW2:.*]], %[[NVW2:.*]] = dfp.sgd_update %[[W2]], %[[DW2]], %[[VW2]] lr(%[[LR]])
// CHECK-NEXT: %[[DHB:.*]] = dfp.relu_backward %[[DA]], %[[A]] : tensor<4x16xf32>
// CHECK-NEXT: %[[DB1:.*]] = dfp.bias_add_backward %[[DHB]] : tensor<4x16xf32> -> tensor<16xf32>
// CHECK-NEXT: %[[NB1:.*]], %[[NVB1:.*]] = dfp.sgd_update %[[B1]], %[[DB1]], %[[VB1]] lr(%[[LR]])
// CHECK-NEXT: %[[DW1:.*]] = dfp.matmul %[[X]], %[[DHB]] {dfp.operand_roles = ["activation", "gradient"], transpose_lhs} : tensor<4x8xf32>, tensor<4x16xf32> -> tensor<8x16xf32>
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

// -----

// Tests that a CNN (conv-bn-relu-maxpool-global_avg_pool-reshape-linear) trains its batch norm in training mode with the running statistics updated right after it (PyTorch momentum, count N*H*W for the unbiased variance), that states follow the momenta in the signature, and that the first convolution gets a filter gradient but no data gradient.
// CHECK-LABEL: func.func @forward(
// CHECK: dfp.batch_norm_inference
// CHECK-LABEL: func.func @train_step(
// CHECK-SAME: %[[X:[^:]*]]: tensor<2x1x8x8xf32>,
// CHECK-SAME: %[[LABELS:[^:]*]]: tensor<2xi32> {dfp.labels}, %[[LR:[^:]*]]: tensor<f32> {dfp.lr}, %{{[^:]*}}: i32 {dfp.step},
// CHECK-SAME: %[[W:[^:]*]]: tensor<4x1x3x3xf32> {dfp.param = "conv1.weight"}, %[[S:[^:]*]]: tensor<4xf32> {dfp.param = "bn1.weight"}, %[[B:[^:]*]]: tensor<4xf32> {dfp.param = "bn1.bias"},
// CHECK-SAME: %[[FW:[^:]*]]: tensor<4x3xf32> {dfp.param = "fc.weight"}, %[[FB:[^:]*]]: tensor<3xf32> {dfp.param = "fc.bias"},
// CHECK-SAME: %[[VW:[^:]*]]: tensor<4x1x3x3xf32> {dfp.momentum = "conv1.weight"}, %[[VS:[^:]*]]: tensor<4xf32> {dfp.momentum = "bn1.weight"}, %[[VB:[^:]*]]: tensor<4xf32> {dfp.momentum = "bn1.bias"},
// CHECK-SAME: %[[VFW:[^:]*]]: tensor<4x3xf32> {dfp.momentum = "fc.weight"}, %[[VFB:[^:]*]]: tensor<3xf32> {dfp.momentum = "fc.bias"},
// CHECK-SAME: %[[RM:[^:]*]]: tensor<4xf32> {dfp.state = "bn1.running_mean"}, %[[RV:[^:]*]]: tensor<4xf32> {dfp.state = "bn1.running_var"})
// CHECK-SAME: -> (tensor<f32> {dfp.loss}, tensor<2x3xf32> {dfp.logits},
// CHECK-SAME: tensor<4x3xf32> {dfp.momentum = "fc.weight"}, tensor<3xf32> {dfp.momentum = "fc.bias"}, tensor<4xf32> {dfp.state = "bn1.running_mean"}, tensor<4xf32> {dfp.state = "bn1.running_var"})
// CHECK-NEXT: %[[C:.*]] = dfp.conv2d %[[X]], %[[W]] strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1
// CHECK-NEXT: %[[Y:.*]], %[[MEAN:.*]], %[[VAR:.*]] = dfp.batch_norm %[[C]], %[[S]], %[[B]] epsilon(9.99999974E-6) : tensor<2x4x8x8xf32>, tensor<4xf32>
// CHECK-NEXT: %[[NRM:.*]], %[[NRV:.*]] = dfp.running_stat_update %[[RM]], %[[RV]], %[[MEAN]], %[[VAR]] momentum(1.000000e-01) count(128) : tensor<4xf32>
// CHECK-NEXT: %[[R:.*]] = dfp.relu %[[Y]]
// CHECK-NEXT: %[[P:.*]] = dfp.max_pool2d %[[R]] kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0]
// CHECK-NEXT: %[[G:.*]] = dfp.global_avg_pool %[[P]]
// CHECK-NEXT: %[[F:.*]] = dfp.reshape %[[G]] : tensor<2x4x1x1xf32> -> tensor<2x4xf32>
// CHECK-NEXT: %[[Z:.*]] = dfp.matmul %[[F]], %[[FW]]
// CHECK-NEXT: %[[LOGITS:.*]] = dfp.bias_add %[[Z]], %[[FB]]
// CHECK-NEXT: %[[LOSS:.*]] = dfp.softmax_cross_entropy %[[LOGITS]], %[[LABELS]]
// CHECK-NEXT: arith.constant
// CHECK-NEXT: %[[DLOGITS:.*]] = dfp.softmax_cross_entropy_backward
// CHECK-NEXT: %[[DFB:.*]] = dfp.bias_add_backward %[[DLOGITS]]
// CHECK-NEXT: %[[NFB:.*]], %[[NVFB:.*]] = dfp.sgd_update %[[FB]], %[[DFB]], %[[VFB]] lr(%[[LR]])
// CHECK-NEXT: %[[DF:.*]] = dfp.matmul %[[DLOGITS]], %[[FW]] {dfp.operand_roles = ["gradient", "weight"], transpose_rhs}
// CHECK-NEXT: %[[DFW:.*]] = dfp.matmul %[[F]], %[[DLOGITS]] {dfp.operand_roles = ["activation", "gradient"], transpose_lhs}
// CHECK-NEXT: %[[NFW:.*]], %[[NVFW:.*]] = dfp.sgd_update %[[FW]], %[[DFW]], %[[VFW]] lr(%[[LR]])
// CHECK-NEXT: %[[DG:.*]] = dfp.reshape %[[DF]] : tensor<2x4xf32> -> tensor<2x4x1x1xf32>
// CHECK-NEXT: %[[DP:.*]] = dfp.global_avg_pool_backward %[[DG]] : tensor<2x4x1x1xf32> -> tensor<2x4x4x4xf32>
// CHECK-NEXT: %[[DR:.*]] = dfp.max_pool2d_backward %[[DP]], %[[R]] kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x4x4xf32>, tensor<2x4x8x8xf32> -> tensor<2x4x8x8xf32>
// CHECK-NEXT: %[[DY:.*]] = dfp.relu_backward %[[DR]], %[[R]]
// CHECK-NEXT: %[[DC:.*]], %[[DS:.*]], %[[DB:.*]] = dfp.batch_norm_backward %[[DY]], %[[C]], %[[S]], %[[MEAN]], %[[VAR]] epsilon(9.99999974E-6)
// CHECK-NEXT: %[[NS:.*]], %[[NVS:.*]] = dfp.sgd_update %[[S]], %[[DS]], %[[VS]] lr(%[[LR]])
// CHECK-NEXT: %[[NB:.*]], %[[NVB:.*]] = dfp.sgd_update %[[B]], %[[DB]], %[[VB]] lr(%[[LR]])
// CHECK-NEXT: %[[DW:.*]] = dfp.conv2d_backward_filter %[[X]], %[[DC]] strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x1x8x8xf32>, tensor<2x4x8x8xf32> -> tensor<4x1x3x3xf32>
// CHECK-NEXT: %[[NW:.*]], %[[NVW:.*]] = dfp.sgd_update %[[W]], %[[DW]], %[[VW]] lr(%[[LR]])
// CHECK-NEXT: return %[[LOSS]], %[[LOGITS]], %[[NW]], %[[NS]], %[[NB]], %[[NFW]], %[[NFB]], %[[NVW]], %[[NVS]], %[[NVB]], %[[NVFW]], %[[NVFB]], %[[NRM]], %[[NRV]] :
// OPTIONS-LABEL: func.func @train_step(
// OPTIONS: dfp.running_stat_update {{.*}} momentum(2.500000e-01) count(128)
func.func @forward(%x: tensor<2x1x8x8xf32>, %w: tensor<4x1x3x3xf32> {dfp.param = "conv1.weight"}, %s: tensor<4xf32> {dfp.param = "bn1.weight"}, %b: tensor<4xf32> {dfp.param = "bn1.bias"}, %rm: tensor<4xf32> {dfp.state = "bn1.running_mean"}, %rv: tensor<4xf32> {dfp.state = "bn1.running_var"}, %fw: tensor<4x3xf32> {dfp.param = "fc.weight"}, %fb: tensor<3xf32> {dfp.param = "fc.bias"}) -> tensor<2x3xf32> {
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<2x1x8x8xf32>, tensor<4x1x3x3xf32> -> tensor<2x4x8x8xf32>
  %1 = dfp.batch_norm_inference %0, %s, %b, %rm, %rv epsilon(1.0e-05) : tensor<2x4x8x8xf32>, tensor<4xf32>
  %2 = dfp.relu %1 : tensor<2x4x8x8xf32>
  %3 = dfp.max_pool2d %2 kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
  %4 = dfp.global_avg_pool %3 : tensor<2x4x4x4xf32> -> tensor<2x4x1x1xf32>
  %5 = dfp.reshape %4 : tensor<2x4x1x1xf32> -> tensor<2x4xf32>
  %6 = dfp.matmul %5, %fw : tensor<2x4xf32>, tensor<4x3xf32> -> tensor<2x3xf32>
  %7 = dfp.bias_add %6, %fb : tensor<2x3xf32>, tensor<3xf32>
  return %7 : tensor<2x3xf32>
}

// -----

// Tests that the gradients of a value used several times (a residual activation, a weight shared by two layers) are summed with dfp.add, and that the shared weight is updated once, after the backward of its first use.
// CHECK-LABEL: func.func @train_step(
// CHECK-SAME: %[[X:[^:]*]]: tensor<4x8xf32>,
// CHECK-SAME: %[[LR:[^:]*]]: tensor<f32> {dfp.lr},
// CHECK-SAME: %[[W:[^:]*]]: tensor<8x8xf32> {dfp.param = "shared"}, %[[V:[^:]*]]: tensor<8x3xf32> {dfp.param = "head"}, %[[VW:[^:]*]]: tensor<8x8xf32> {dfp.momentum = "shared"}
// CHECK-NEXT: %[[H:.*]] = dfp.matmul %[[X]], %[[W]]
// CHECK-NEXT: %[[A:.*]] = dfp.relu %[[H]]
// CHECK-NEXT: %[[M:.*]] = dfp.matmul %[[A]], %[[W]]
// CHECK-NEXT: %[[S:.*]] = dfp.add %[[A]], %[[M]]
// CHECK-NEXT: %[[LOGITS:.*]] = dfp.matmul %[[S]], %[[V]]
// CHECK: %[[DLOGITS:.*]] = dfp.softmax_cross_entropy_backward
// CHECK-NEXT: %[[DS:.*]] = dfp.matmul %[[DLOGITS]], %[[V]] {dfp.operand_roles = ["gradient", "weight"], transpose_rhs}
// CHECK-NEXT: %[[DV:.*]] = dfp.matmul %[[S]], %[[DLOGITS]] {dfp.operand_roles = ["activation", "gradient"], transpose_lhs}
// CHECK-NEXT: dfp.sgd_update %[[V]], %[[DV]]
// CHECK-NEXT: %[[DAM:.*]] = dfp.matmul %[[DS]], %[[W]] {dfp.operand_roles = ["gradient", "weight"], transpose_rhs}
// CHECK-NEXT: %[[DA:.*]] = dfp.add %[[DS]], %[[DAM]] : tensor<4x8xf32>
// CHECK-NEXT: %[[DW2:.*]] = dfp.matmul %[[A]], %[[DS]] {dfp.operand_roles = ["activation", "gradient"], transpose_lhs}
// CHECK-NEXT: %[[DH:.*]] = dfp.relu_backward %[[DA]], %[[A]]
// CHECK-NEXT: %[[DW1:.*]] = dfp.matmul %[[X]], %[[DH]] {dfp.operand_roles = ["activation", "gradient"], transpose_lhs}
// CHECK-NEXT: %[[DW:.*]] = dfp.add %[[DW2]], %[[DW1]] : tensor<8x8xf32>
// CHECK-NEXT: dfp.sgd_update %[[W]], %[[DW]], %[[VW]] lr(%[[LR]])
// CHECK-NOT: dfp.sgd_update
// CHECK: return
func.func @forward(%x: tensor<4x8xf32>, %w: tensor<8x8xf32> {dfp.param = "shared"}, %v: tensor<8x3xf32> {dfp.param = "head"}) -> tensor<4x3xf32> {
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
  %1 = dfp.relu %0 : tensor<4x8xf32>
  %2 = dfp.matmul %1, %w : tensor<4x8xf32>, tensor<8x8xf32> -> tensor<4x8xf32>
  %3 = dfp.add %1, %2 : tensor<4x8xf32>
  %4 = dfp.matmul %3, %v : tensor<4x8xf32>, tensor<8x3xf32> -> tensor<4x3xf32>
  return %4 : tensor<4x3xf32>
}

// -----

// Tests that parameters outside every forward op are handled: one returned as the logits gets the loss gradient and is updated, one no gradient reaches is returned unchanged with its momentum, and a state no batch norm updates is returned unchanged.
// CHECK-LABEL: func.func @train_step(
// CHECK-SAME: %[[LR:[^:]*]]: tensor<f32> {dfp.lr},
// CHECK-SAME: %[[P:[^:]*]]: tensor<4x3xf32> {dfp.param = "logits"}, %[[U:[^:]*]]: tensor<7xf32> {dfp.param = "unused"},
// CHECK-SAME: %[[VP:[^:]*]]: tensor<4x3xf32> {dfp.momentum = "logits"}, %[[VU:[^:]*]]: tensor<7xf32> {dfp.momentum = "unused"},
// CHECK-SAME: %[[S:[^:]*]]: tensor<2xf32> {dfp.state = "counter"})
// CHECK: %[[LOSS:.*]] = dfp.softmax_cross_entropy %[[P]]
// CHECK: %[[D:.*]] = dfp.softmax_cross_entropy_backward
// CHECK-NEXT: %[[NP:.*]], %[[NVP:.*]] = dfp.sgd_update %[[P]], %[[D]], %[[VP]] lr(%[[LR]])
// CHECK-NEXT: return %[[LOSS]], %[[P]], %[[NP]], %[[U]], %[[NVP]], %[[VU]], %[[S]] :
func.func @forward(%x: tensor<4x8xf32>, %p: tensor<4x3xf32> {dfp.param = "logits"}, %u: tensor<7xf32> {dfp.param = "unused"}, %s: tensor<2xf32> {dfp.state = "counter"}) -> tensor<4x3xf32> {
  return %p : tensor<4x3xf32>
}

// -----

// Tests that the operand layouts and attributes the other cases do not use get matching backward ops: each transpose combination of matmul (the products of dC are chosen so that no transpose op is needed; the flags and operand roles are those of the product), avg pooling with padding and count_include_pad, and a strided grouped convolution whose data gradient is needed (a parameter comes before it).
// CHECK-LABEL: func.func @train_step(
// CHECK-SAME: %[[B0:[^:]*]]: tensor<4xf32> {dfp.param = "input.bias"}, %[[W:[^:]*]]: tensor<4x2x3x3xf32> {dfp.param = "conv.weight"},
// CHECK-SAME: %[[WA:[^:]*]]: tensor<5x16xf32> {dfp.param = "a"}, %[[WC:[^:]*]]: tensor<16x5xf32> {dfp.param = "c"}, %[[WD:[^:]*]]: tensor<5x16xf32> {dfp.param = "d"},
// CHECK: %[[XB:.*]] = dfp.bias_add
// CHECK: %[[R:.*]] = dfp.reshape %{{.*}} : tensor<2x4x2x2xf32> -> tensor<2x16xf32>
// CHECK: %[[Q:.*]] = dfp.reshape %{{.*}} : tensor<2x4x2x2xf32> -> tensor<16x2xf32>
// CHECK: %[[DY:.*]] = dfp.softmax_cross_entropy_backward
// CHECK-NEXT: %[[DQD:.*]] = dfp.matmul %[[WD]], %[[DY]] {dfp.operand_roles = ["weight", "gradient"], transpose_lhs, transpose_rhs} : tensor<5x16xf32>, tensor<2x5xf32> -> tensor<16x2xf32>
// CHECK-NEXT: %[[DWD:.*]] = dfp.matmul %[[DY]], %[[Q]] {dfp.operand_roles = ["gradient", "activation"], transpose_lhs, transpose_rhs} : tensor<2x5xf32>, tensor<16x2xf32> -> tensor<5x16xf32>
// CHECK-NEXT: dfp.sgd_update %[[WD]], %[[DWD]]
// CHECK-NEXT: %[[DQC:.*]] = dfp.matmul %[[WC]], %[[DY]] {dfp.operand_roles = ["weight", "gradient"], transpose_rhs} : tensor<16x5xf32>, tensor<2x5xf32> -> tensor<16x2xf32>
// CHECK-NEXT: %[[DQ:.*]] = dfp.add %[[DQD]], %[[DQC]] : tensor<16x2xf32>
// CHECK-NEXT: %[[DWC:.*]] = dfp.matmul %[[Q]], %[[DY]] {dfp.operand_roles = ["activation", "gradient"]} : tensor<16x2xf32>, tensor<2x5xf32> -> tensor<16x5xf32>
// CHECK-NEXT: dfp.sgd_update %[[WC]], %[[DWC]]
// CHECK-NEXT: %[[DR:.*]] = dfp.matmul %[[DY]], %[[WA]] {dfp.operand_roles = ["gradient", "weight"]} : tensor<2x5xf32>, tensor<5x16xf32> -> tensor<2x16xf32>
// CHECK-NEXT: %[[DWA:.*]] = dfp.matmul %[[DY]], %[[R]] {dfp.operand_roles = ["gradient", "activation"], transpose_lhs} : tensor<2x5xf32>, tensor<2x16xf32> -> tensor<5x16xf32>
// CHECK-NEXT: dfp.sgd_update %[[WA]], %[[DWA]]
// CHECK-NEXT: %[[DP1:.*]] = dfp.reshape %[[DQ]] : tensor<16x2xf32> -> tensor<2x4x2x2xf32>
// CHECK-NEXT: %[[DP2:.*]] = dfp.reshape %[[DR]] : tensor<2x16xf32> -> tensor<2x4x2x2xf32>
// CHECK-NEXT: %[[DP:.*]] = dfp.add %[[DP1]], %[[DP2]]
// CHECK-NEXT: %[[DC:.*]] = dfp.avg_pool2d_backward %[[DP]] kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] {count_include_pad} : tensor<2x4x2x2xf32> -> tensor<2x4x4x4xf32>
// CHECK-NEXT: %[[DXB:.*]] = dfp.conv2d_backward_data %[[DC]], %[[W]] strides [2, 2] padding [1, 1, 1, 1] dilations [1, 1] groups 2 : tensor<2x4x4x4xf32>, tensor<4x2x3x3xf32> -> tensor<2x4x8x8xf32>
// CHECK-NEXT: %[[DW:.*]] = dfp.conv2d_backward_filter %[[XB]], %[[DC]] strides [2, 2] padding [1, 1, 1, 1] dilations [1, 1] groups 2 : tensor<2x4x8x8xf32>, tensor<2x4x4x4xf32> -> tensor<4x2x3x3xf32>
// CHECK-NEXT: dfp.sgd_update %[[W]], %[[DW]]
// CHECK-NEXT: %[[DB0:.*]] = dfp.bias_add_backward %[[DXB]] : tensor<2x4x8x8xf32> -> tensor<4xf32>
// CHECK-NEXT: dfp.sgd_update %[[B0]], %[[DB0]]
// CHECK-NEXT: return
func.func @forward(%x: tensor<2x4x8x8xf32>, %b0: tensor<4xf32> {dfp.param = "input.bias"}, %w: tensor<4x2x3x3xf32> {dfp.param = "conv.weight"}, %wa: tensor<5x16xf32> {dfp.param = "a"}, %wc: tensor<16x5xf32> {dfp.param = "c"}, %wd: tensor<5x16xf32> {dfp.param = "d"}) -> tensor<2x5xf32> {
  %0 = dfp.bias_add %x, %b0 : tensor<2x4x8x8xf32>, tensor<4xf32>
  %1 = dfp.conv2d %0, %w strides [2, 2] padding [1, 1, 1, 1] dilations [1, 1] groups 2 : tensor<2x4x8x8xf32>, tensor<4x2x3x3xf32> -> tensor<2x4x4x4xf32>
  %2 = dfp.avg_pool2d %1 kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] {count_include_pad} : tensor<2x4x4x4xf32> -> tensor<2x4x2x2xf32>
  %r = dfp.reshape %2 : tensor<2x4x2x2xf32> -> tensor<2x16xf32>
  %q = dfp.reshape %2 : tensor<2x4x2x2xf32> -> tensor<16x2xf32>
  %a = dfp.matmul %r, %wa {transpose_rhs} : tensor<2x16xf32>, tensor<5x16xf32> -> tensor<2x5xf32>
  %c = dfp.matmul %q, %wc {transpose_lhs} : tensor<16x2xf32>, tensor<16x5xf32> -> tensor<2x5xf32>
  %d = dfp.matmul %q, %wd {transpose_lhs, transpose_rhs} : tensor<16x2xf32>, tensor<5x16xf32> -> tensor<2x5xf32>
  %s = dfp.add %a, %c : tensor<2x5xf32>
  %t = dfp.add %s, %d : tensor<2x5xf32>
  return %t : tensor<2x5xf32>
}
