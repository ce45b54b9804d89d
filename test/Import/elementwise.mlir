// Tests that the element-wise ONNX ops import as Dfp ops or as one
// broadcasting linalg.generic each.

// RUN: dfp-translate --import-onnx %onnx_data/node/test_relu/model.onnx | FileCheck %s --check-prefix=RELU
// RELU-LABEL: func.func @forward(%arg0: tensor<3x4x5xf32> {dfp.name = "x"})
// RELU: %[[Y:.*]] = dfp.relu %arg0 : tensor<3x4x5xf32>
// RELU: return %[[Y]]

// RUN: dfp-translate --import-onnx %onnx_data/node/test_leakyrelu/model.onnx | FileCheck %s --check-prefix=LEAKY
// LEAKY-LABEL: func.func @forward(
// LEAKY: linalg.generic
// LEAKY: arith.cmpf ogt
// LEAKY: arith.constant 1.000000e-01
// LEAKY: arith.select

// RUN: dfp-translate --import-onnx %onnx_data/node/test_sigmoid/model.onnx | FileCheck %s --check-prefix=SIGMOID
// SIGMOID-LABEL: func.func @forward(
// SIGMOID: linalg.generic
// SIGMOID: arith.negf
// SIGMOID: math.exp
// SIGMOID: arith.divf

// RUN: dfp-translate --import-onnx %onnx_data/node/test_tanh/model.onnx | FileCheck %s --check-prefix=TANH
// TANH-LABEL: func.func @forward(
// TANH: math.tanh

// Broadcasting reads the smaller operand through a projected map.
// RUN: dfp-translate --import-onnx %onnx_data/node/test_add_bcast/model.onnx | FileCheck %s --check-prefix=ADD
// ADD-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// ADD-DAG: #[[LAST:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// ADD-LABEL: func.func @forward(
// ADD: linalg.generic {indexing_maps = [#[[ID]], #[[LAST]], #[[ID]]]
// ADD-SAME: ins(%arg0, %arg1 : tensor<3x4x5xf32>, tensor<5xf32>)
// ADD: arith.addf

// RUN: dfp-translate --import-onnx %onnx_data/node/test_sub_bcast/model.onnx | FileCheck %s --check-prefix=SUB
// SUB-LABEL: func.func @forward(
// SUB: arith.subf

// RUN: dfp-translate --import-onnx %onnx_data/node/test_mul_example/model.onnx | FileCheck %s --check-prefix=MUL
// MUL-LABEL: func.func @forward(
// MUL: arith.mulf

// RUN: dfp-translate --import-onnx %onnx_data/node/test_div_bcast/model.onnx | FileCheck %s --check-prefix=DIV
// DIV-LABEL: func.func @forward(
// DIV: arith.divf

// RUN: dfp-translate --import-onnx %onnx_data/node/test_sum_example/model.onnx | FileCheck %s --check-prefix=SUM
// SUM-LABEL: func.func @forward(
// SUM: ins(%arg0, %arg1, %arg2 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// SUM: arith.addf
// SUM-NEXT: arith.addf

// RUN: dfp-translate --import-onnx %onnx_data/node/test_sum_one_input/model.onnx | FileCheck %s --check-prefix=SUM1
// SUM1-LABEL: func.func @forward(
// SUM1-NOT: arith.addf
// SUM1: return

// Opset 6 element-wise ops (broadcast attribute) pass the version converter.
// RUN: dfp-translate --import-onnx %onnx_data/pytorch-converted/test_LeakyReLU_with_negval/model.onnx | FileCheck %s --check-prefix=OPSET6
// OPSET6-LABEL: func.func @forward(
// OPSET6: arith.select
