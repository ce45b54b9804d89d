// Tests that pooling and BatchNormalization import as Dfp ops; inference
// BatchNormalization reads its running statistics as dfp.state arguments.

// RUN: dfp-translate --import-onnx %onnx_data/node/test_maxpool_2d_pads/model.onnx | FileCheck %s --check-prefix=MAX
// MAX-LABEL: func.func @forward(
// MAX: dfp.max_pool2d %arg0 kernel [3, 3] strides [1, 1] padding [2, 2, 2, 2] : tensor<1x3x28x28xf32> -> tensor<1x3x30x30xf32>

// RUN: dfp-translate --import-onnx %onnx_data/node/test_maxpool_2d_same_lower/model.onnx | FileCheck %s --check-prefix=MAX-LOWER
// MAX-LOWER-LABEL: func.func @forward(
// MAX-LOWER: dfp.max_pool2d %arg0 kernel [2, 2] strides [1, 1] padding [1, 1, 0, 0] : tensor<1x3x32x32xf32> -> tensor<1x3x32x32xf32>

// RUN: dfp-translate --import-onnx %onnx_data/pytorch-converted/test_MaxPool2d/model.onnx | FileCheck %s --check-prefix=MAX-OPSET6
// MAX-OPSET6-LABEL: func.func @forward(
// MAX-OPSET6: dfp.max_pool2d %arg0 kernel [3, 3] strides [2, 2] padding [1, 1, 1, 1] : tensor<1x3x7x7xf32> -> tensor<1x3x4x4xf32>

// RUN: dfp-translate --import-onnx %onnx_data/node/test_averagepool_2d_pads_count_include_pad/model.onnx | FileCheck %s --check-prefix=AVG-PAD
// AVG-PAD-LABEL: func.func @forward(
// AVG-PAD: dfp.avg_pool2d %arg0 kernel [3, 3] strides [1, 1] padding [2, 2, 2, 2] {count_include_pad}

// RUN: dfp-translate --import-onnx %onnx_data/node/test_averagepool_2d_strides/model.onnx | FileCheck %s --check-prefix=AVG
// AVG-LABEL: func.func @forward(
// AVG: dfp.avg_pool2d %arg0 kernel [5, 5] strides [3, 3] padding [0, 0, 0, 0] : tensor<1x3x32x32xf32> -> tensor<1x3x10x10xf32>

// Opset 1 GlobalAveragePool passes the version converter.
// RUN: dfp-translate --import-onnx %onnx_data/node/test_globalaveragepool/model.onnx | FileCheck %s --check-prefix=GAP
// GAP-LABEL: func.func @forward(
// GAP: dfp.global_avg_pool %arg0 : tensor<1x3x5x5xf32> -> tensor<1x3x1x1xf32>

// RUN: dfp-translate --import-onnx %onnx_data/node/test_batchnorm_epsilon/model.onnx | FileCheck %s --check-prefix=BN
// BN-LABEL: func.func @forward(
// BN: dfp.batch_norm_inference %arg0, %arg1, %arg2, %arg3, %arg4 epsilon(0.00999999977) : tensor<2x3x4x5xf32>, tensor<3xf32>

// RUN: dfp-translate --import-onnx %onnx_data/pytorch-converted/test_BatchNorm2d_eval/model.onnx | FileCheck %s --check-prefix=BN-PARAM
// BN-PARAM-LABEL: func.func @forward(
// BN-PARAM-SAME: %[[X:[a-z0-9]+]]: tensor<2x3x6x6xf32> {dfp.name = "0"}
// BN-PARAM-SAME: %[[S:[a-z0-9]+]]: tensor<3xf32> {{{.*}}dfp.param = "1"}
// BN-PARAM-SAME: %[[B:[a-z0-9]+]]: tensor<3xf32> {{{.*}}dfp.param = "2"}
// BN-PARAM-SAME: %[[M:[a-z0-9]+]]: tensor<3xf32> {{{.*}}dfp.state = "3"}
// BN-PARAM-SAME: %[[V:[a-z0-9]+]]: tensor<3xf32> {{{.*}}dfp.state = "4"}
// BN-PARAM: dfp.batch_norm_inference %[[X]], %[[S]], %[[B]], %[[M]], %[[V]]
