// Tests that Softmax, LogSoftmax and the two ONNX losses import; the
// softmaxes subtract the maximum along the axis before exp.

// RUN: dfp-translate --import-onnx %onnx_data/node/test_softmax_axis_1/model.onnx | FileCheck %s --check-prefix=SOFTMAX
// SOFTMAX-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// SOFTMAX-DAG: #[[RED:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// SOFTMAX-LABEL: func.func @forward(
// SOFTMAX: %[[NEG:.*]] = linalg.fill ins(%cst{{.*}}) outs(%{{.*}} : tensor<3x5xf32>)
// SOFTMAX: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%arg0 : tensor<3x4x5xf32>) outs(%[[NEG]] : tensor<3x5xf32>)
// SOFTMAX: arith.maximumf
// SOFTMAX: %[[SUM:.*]] = linalg.generic {{.*}} ins(%arg0, %[[MAX]] : tensor<3x4x5xf32>, tensor<3x5xf32>)
// SOFTMAX: math.exp
// SOFTMAX: linalg.generic {{.*}} ins(%arg0, %[[MAX]], %[[SUM]] :
// SOFTMAX: arith.subf
// SOFTMAX: math.exp
// SOFTMAX: arith.divf

// RUN: dfp-translate --import-onnx %onnx_data/node/test_logsoftmax_negative_axis/model.onnx | FileCheck %s --check-prefix=LOGSOFTMAX
// LOGSOFTMAX-LABEL: func.func @forward(
// LOGSOFTMAX: arith.maximumf
// LOGSOFTMAX: math.exp
// LOGSOFTMAX: %[[SHIFTED:.*]] = arith.subf
// LOGSOFTMAX: %[[LOG:.*]] = math.log
// LOGSOFTMAX: arith.subf %[[SHIFTED]], %[[LOG]]

// RUN: dfp-translate --import-onnx %onnx_data/node/test_sce_mean/model.onnx | FileCheck %s --check-prefix=SCE
// SCE-LABEL: func.func @forward(%arg0: tensor<3x5xf32> {dfp.name = "x"}, %arg1: tensor<3xi64> {dfp.name = "y"}) -> (tensor<f32> {dfp.name = "z"})
// SCE: dfp.softmax_cross_entropy %arg0, %arg1 : tensor<3x5xf32>, tensor<3xi64> -> tensor<f32>

// The expanded form (LogSoftmax + NegativeLogLikelihoodLoss) imports too.
// RUN: dfp-translate --import-onnx %onnx_data/node/test_sce_mean_expanded/model.onnx | FileCheck %s --check-prefix=SCE-EXPANDED
// SCE-EXPANDED-LABEL: func.func @forward(
// SCE-EXPANDED: math.log
// SCE-EXPANDED: tensor.extract

// RUN: dfp-translate --import-onnx %onnx_data/node/test_nllloss_NC/model.onnx | FileCheck %s --check-prefix=NLL
// NLL-LABEL: func.func @forward(%arg0: tensor<3x5xf32> {dfp.name = "input"}, %arg1: tensor<3xi64> {dfp.name = "target"}) -> (tensor<3xf32> {dfp.name = "loss"})
// NLL: linalg.generic
// NLL: tensor.extract %arg0
// NLL: arith.negf
