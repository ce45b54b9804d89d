// Tests that shape ops import as reshapes, transposes and concatenations,
// and that shape computations (Shape, Constant, Unsqueeze on constants)
// fold at import time.

// RUN: dfp-translate --import-onnx %onnx_data/node/test_flatten_axis2/model.onnx | FileCheck %s --check-prefix=FLATTEN
// FLATTEN-LABEL: func.func @forward(
// FLATTEN: dfp.reshape %arg0 : tensor<2x3x4x5xf32> -> tensor<6x20xf32>

// RUN: dfp-translate --import-onnx %onnx_data/node/test_flatten_negative_axis1/model.onnx | FileCheck %s --check-prefix=FLATTEN-NEG
// FLATTEN-NEG-LABEL: func.func @forward(
// FLATTEN-NEG: dfp.reshape %arg0 : tensor<2x3x4x5xf32> -> tensor<24x5xf32>

// RUN: dfp-translate --import-onnx %onnx_data/node/test_unsqueeze_axis_3/model.onnx | FileCheck %s --check-prefix=UNSQUEEZE
// UNSQUEEZE-LABEL: func.func @forward(
// UNSQUEEZE: dfp.reshape %arg0 : tensor<3x4x5xf32> -> tensor<3x4x5x1xf32>

// RUN: dfp-translate --import-onnx %onnx_data/node/test_transpose_all_permutations_3/model.onnx | FileCheck %s --check-prefix=TRANSPOSE
// TRANSPOSE-LABEL: func.func @forward(
// TRANSPOSE: linalg.transpose ins(%arg0 : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<3x4x2xf32>) permutation = [1, 2, 0]

// RUN: dfp-translate --import-onnx %onnx_data/node/test_concat_3d_axis_negative_2/model.onnx | FileCheck %s --check-prefix=CONCAT
// CONCAT-LABEL: func.func @forward(
// CONCAT: %[[E:.*]] = tensor.empty() : tensor<2x4x2xf32>
// CONCAT: %[[A:.*]] = tensor.insert_slice %arg0 into %[[E]][0, 0, 0] [2, 2, 2] [1, 1, 1]
// CONCAT: tensor.insert_slice %arg1 into %[[A]][0, 2, 0] [2, 2, 2] [1, 1, 1]

// RUN: dfp-translate --import-onnx %onnx_data/node/test_identity/model.onnx | FileCheck %s --check-prefix=IDENTITY
// IDENTITY-LABEL: func.func @forward(%arg0: tensor<1x1x2x2xf32> {dfp.name = "x"})
// IDENTITY-NEXT: return %arg0

// Dropout in inference is the identity.
// RUN: dfp-translate --import-onnx %onnx_data/node/test_dropout_default_ratio/model.onnx | FileCheck %s --check-prefix=DROPOUT
// DROPOUT-LABEL: func.func @forward(
// DROPOUT-NEXT: return %arg0

// RUN: dfp-translate --import-onnx %onnx_data/node/test_constant/model.onnx | FileCheck %s --check-prefix=CONSTANT
// CONSTANT-LABEL: func.func @forward() -> (tensor<5x5xf32> {dfp.name = "values"})
// CONSTANT: %[[C:.*]] = arith.constant dense<{{\[\[}}1.76405239, 0.400157213
// CONSTANT: return %[[C]]

// RUN: dfp-translate --import-onnx %onnx_data/node/test_shape_start_1_end_negative_1/model.onnx | FileCheck %s --check-prefix=SHAPE
// SHAPE-LABEL: func.func @forward(%arg0: tensor<3x4x5xf32> {dfp.name = "x"}) -> (tensor<1xi64> {dfp.name = "y"})
// SHAPE: %[[C:.*]] = arith.constant dense<4> : tensor<1xi64>
// SHAPE: return %[[C]]

// PyTorch's view: Shape -> Gather -> Unsqueeze -> Concat -> Reshape folds.
// RUN: dfp-translate --import-onnx %onnx_data/pytorch-operator/test_operator_view/model.onnx | FileCheck %s --check-prefix=VIEW
// VIEW-LABEL: func.func @forward(
// VIEW: dfp.reshape %arg0
