// Tests that Conv, ConvTranspose, Gemm and MatMul of the ONNX node tests
// import as Dfp contractions (plus bias and linalg epilogues).

// RUN: dfp-translate --import-onnx %onnx_data/node/test_basic_conv_with_padding/model.onnx | FileCheck %s --check-prefix=CONV
// CONV-LABEL: func.func @forward(
// CONV-SAME: %[[X:[a-z0-9]+]]: tensor<1x1x5x5xf32> {dfp.name = "x"}, %[[W:[a-z0-9]+]]: tensor<1x1x3x3xf32> {dfp.name = "W"}
// CONV-SAME: -> (tensor<1x1x5x5xf32> {dfp.name = "y"})
// CONV: %[[Y:[a-z0-9]+]] = dfp.conv2d %[[X]], %[[W]] strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1
// CONV: return %[[Y]]

// RUN: dfp-translate --import-onnx %onnx_data/node/test_conv_with_strides_and_asymmetric_padding/model.onnx | FileCheck %s --check-prefix=CONV-ASYM
// CONV-ASYM-LABEL: func.func @forward(
// CONV-ASYM: dfp.conv2d {{.*}} strides [2, 2] padding [1, 0, 1, 0] dilations [1, 1] groups 1 : tensor<1x1x7x5xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x4x2xf32>

// RUN: dfp-translate --import-onnx %onnx_data/node/test_conv_with_autopad_same/model.onnx | FileCheck %s --check-prefix=AUTOPAD
// AUTOPAD-LABEL: func.func @forward(
// AUTOPAD: dfp.conv2d {{.*}} strides [2, 2] padding [1, 1, 1, 1] {{.*}} -> tensor<1x1x3x3xf32>

// Initializers of Conv become parameters holding their data.
// RUN: dfp-translate --import-onnx %onnx_data/pytorch-converted/test_Conv2d_groups/model.onnx | FileCheck %s --check-prefix=CONV-PARAM
// CONV-PARAM-LABEL: func.func @forward(
// CONV-PARAM-SAME: %[[X:[a-z0-9]+]]: tensor<{{.*}}xf32> {dfp.name = "0"}
// CONV-PARAM-SAME: %[[W:[a-z0-9]+]]: tensor<6x2x3x2xf32> {dfp.initial_value = dense_resource<onnx_1> : tensor<6x2x3x2xf32>, dfp.param = "1"}
// CONV-PARAM-SAME: %[[B:[a-z0-9]+]]: tensor<6xf32> {dfp.initial_value = dense_resource<onnx_2> : tensor<6xf32>, dfp.param = "2"}
// CONV-PARAM: %[[C:[a-z0-9]+]] = dfp.conv2d %[[X]], %[[W]] {{.*}} groups 2
// CONV-PARAM: dfp.bias_add %[[C]], %[[B]]
// CONV-PARAM: dialect_resources
// CONV-PARAM: onnx_1: "0x04000000

// RUN: dfp-translate --import-onnx %onnx_data/node/test_convtranspose_pads/model.onnx | FileCheck %s --check-prefix=CONVT
// CONVT-LABEL: func.func @forward(
// CONVT: dfp.conv2d_backward_data {{.*}} strides [3, 2] padding [1, 2, 1, 2] dilations [1, 1] groups 1 : tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32> -> tensor<1x2x7x3xf32>

// RUN: dfp-translate --import-onnx %onnx_data/node/test_gemm_all_attributes/model.onnx | FileCheck %s --check-prefix=GEMM
// GEMM-LABEL: func.func @forward(
// GEMM: %[[P:[a-z0-9]+]] = dfp.matmul %arg0, %arg1 {transpose_lhs, transpose_rhs} : tensor<4x3xf32>, tensor<5x4xf32> -> tensor<3x5xf32>
// GEMM: linalg.generic
// GEMM: arith.constant 2.500000e-01
// GEMM: linalg.generic
// GEMM: arith.constant 3.500000e-01
// GEMM: arith.addf

// A C broadcast along M is added without scaling when beta is 1.
// RUN: dfp-translate --import-onnx %onnx_data/node/test_gemm_default_vector_bias/model.onnx | FileCheck %s --check-prefix=GEMM-C
// GEMM-C-LABEL: func.func @forward(
// GEMM-C: %[[P:[a-z0-9]+]] = dfp.matmul %arg0, %arg1 : tensor<2x7xf32>, tensor<7x4xf32> -> tensor<2x4xf32>
// GEMM-C: linalg.generic {{.*}} ins(%[[P]], %arg2 : tensor<2x4xf32>, tensor<1x4xf32>)
// GEMM-C-NOT: arith.mulf
// GEMM-C: arith.addf

// A C of N elements is a bias.
// RUN: dfp-translate --import-onnx %onnx_data/pytorch-converted/test_Linear/model.onnx | FileCheck %s --check-prefix=LINEAR
// LINEAR-LABEL: func.func @forward(
// LINEAR-SAME: dfp.param = "1"
// LINEAR-SAME: dfp.param = "2"
// LINEAR: dfp.matmul {{.*}} {transpose_rhs}

// RUN: dfp-translate --import-onnx %onnx_data/node/test_matmul_2d/model.onnx | FileCheck %s --check-prefix=MATMUL
// MATMUL-LABEL: func.func @forward(
// MATMUL: dfp.matmul %arg0, %arg1 : tensor<3x4xf32>, tensor<4x3xf32> -> tensor<3x3xf32>

