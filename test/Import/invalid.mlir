// Tests that models the importer cannot map give one error naming the node,
// its op type and the attribute, dtype or input at fault.

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_abs/model.onnx 2>&1 | FileCheck %s --check-prefix=OP
// OP: error: {{.*}}test_abs/model.onnx: node '<unnamed>' (Abs): op type is not supported

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_maxpool_2d_dilations/model.onnx 2>&1 | FileCheck %s --check-prefix=ATTR
// ATTR: node '<unnamed>' (MaxPool): attribute 'dilations' = [2, 2] is not supported

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_convtranspose_autopad_same/model.onnx 2>&1 | FileCheck %s --check-prefix=AUTOPAD
// AUTOPAD: (ConvTranspose): attribute 'auto_pad' = 'SAME_UPPER' is not supported

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_averagepool_2d_ceil/model.onnx 2>&1 | FileCheck %s --check-prefix=CEIL
// CEIL: (AveragePool): attribute 'ceil_mode' = 1

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_add_uint8/model.onnx 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: graph input: value 'x' has data type UINT8; supported: FLOAT, INT64, INT32

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_cast_FLOAT_to_DOUBLE/model.onnx 2>&1 | FileCheck %s --check-prefix=CAST
// CAST: (Cast): attribute 'to' = DOUBLE is not supported

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_averagepool_3d_default/model.onnx 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: (AveragePool): input 'X' has rank 5; only 2-D windows (NCHW, rank 4) are supported

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_matmul_3d/model.onnx 2>&1 | FileCheck %s --check-prefix=BATCHED
// BATCHED: (MatMul): input 'B' has rank 3; only a 2-D B is supported

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_batchnorm_example_training_mode/model.onnx 2>&1 | FileCheck %s --check-prefix=BN-TRAINING
// BN-TRAINING: (BatchNormalization): training outputs (running or saved statistics) are not supported

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_sce_mean_weight/model.onnx 2>&1 | FileCheck %s --check-prefix=WEIGHTS
// WEIGHTS: (SoftmaxCrossEntropyLoss): input 'weights' is not supported

// A runtime Reshape target cannot give a static shape.
// RUN: not dfp-translate --import-onnx %onnx_data/node/test_reshape_one_dim/model.onnx 2>&1 | FileCheck %s --check-prefix=RESHAPE
// RESHAPE: (Reshape): input 'shape' must be an integer tensor known at import time

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_adagrad/model.onnx 2>&1 | FileCheck %s --check-prefix=OPSET
// OPSET: model imports opset 0 of the default domain; supported: 7 to 18

// RUN: not dfp-translate --import-onnx %onnx_data/node/test_identity_sequence/model.onnx 2>&1 | FileCheck %s --check-prefix=SEQUENCE
// SEQUENCE: graph input: value 'x' is not a tensor

// This file is not a ModelProto.
// RUN: not dfp-translate --import-onnx %s 2>&1 | FileCheck %s --check-prefix=MALFORMED
// MALFORMED: malformed model: not a valid ONNX ModelProto

// RUN: not dfp-translate --import-onnx %t.does-not-exist.onnx 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: cannot open '{{.*}}does-not-exist.onnx': No such file or directory
