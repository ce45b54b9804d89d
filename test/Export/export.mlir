// Tests that dfp-translate --export-onnx writes a Dfp forward function as an
// ONNX model that imports back: parameters and state as named initializers
// (values from dfp.initial_value), conv2d + bias_add as Conv with B, matmul +
// bias_add as Gemm with C, and the outputs it computes unchanged.

// RUN: dfp-translate --export-onnx %s -o %t.onnx
// RUN: dfp-translate --import-onnx %t.onnx | FileCheck %s
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: {dfp.name = "image"}
// CHECK-SAME: {dfp.initial_value = dense_resource<{{.*}}>, dfp.param = "conv.weight"}
// CHECK-SAME: {dfp.initial_value = dense_resource<{{.*}}>, dfp.param = "conv.bias"}
// CHECK-SAME: {dfp.initial_value = dense_resource<{{.*}}>, dfp.param = "bn.weight"}
// CHECK-SAME: dfp.state = "bn.running_var"
// CHECK-SAME: dfp.param = "fc.weight"
// CHECK-SAME: dfp.param = "fc.bias"
// CHECK-SAME: -> (tensor<1x2xf32> {dfp.name = "logits"})
// CHECK: dfp.conv2d %arg0, %arg1 strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1
// CHECK-NEXT: dfp.bias_add {{.*}}, %arg2
// CHECK-NEXT: dfp.batch_norm_inference {{.*}} epsilon(1.000000e-03)
// CHECK-NEXT: dfp.relu
// CHECK-NEXT: dfp.max_pool2d {{.*}} kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0]
// CHECK-NEXT: dfp.global_avg_pool
// CHECK: dfp.matmul
// CHECK-NEXT: dfp.bias_add {{.*}}, %arg8

// The exported model computes the logits worked out by hand: on an all-ones
// image every conv output is 4 * 0.5 plus the bias (2.25, 1.75), batch norm
// divides by sqrt(1 + 1e-3), pooling keeps it, the linear layer gives
// [2.25 / sqrt(1.001), 2 * 1.75 / sqrt(1.001) + 1].
// RUN: rm -rf %t.tests && mkdir -p %t.tests/exported/test_data_set_0
// RUN: cp %t.onnx %t.tests/exported/model.onnx
// RUN: python3 %S/Inputs/write_tensor.py %t.tests/exported/test_data_set_0/input_0.pb 1,1,2,2 1,1,1,1
// RUN: python3 %S/Inputs/write_tensor.py %t.tests/exported/test_data_set_0/output_0.pb 1,2 2.2488758,4.4982513
// RUN: dfp-run --node-tests %t.tests -v | FileCheck %s --check-prefix=EXEC
// EXEC: PASS exported (Gemm)
// EXEC: total 1 0 0

// RUN: not dfp-translate --export-onnx %S/../../examples/fmnist_cnn.mlir -o %t.bad 2>&1 | FileCheck %s --check-prefix=NO-VALUE
// NO-VALUE: error: {{.*}}fmnist_cnn.mlir: no value for 'conv1.weight': it is not among the given tensors and has no f32 dfp.initial_value

// RUN: not dfp-translate --import-onnx --export-onnx %s 2>&1 | FileCheck %s --check-prefix=USAGE
// USAGE: error: choose one translation (--import-onnx or --export-onnx)

func.func @forward(%x: tensor<1x1x2x2xf32> {dfp.name = "image"},
    %w: tensor<2x1x3x3xf32> {dfp.param = "conv.weight", dfp.initial_value = dense<0.5> : tensor<2x1x3x3xf32>},
    %c: tensor<2xf32> {dfp.param = "conv.bias", dfp.initial_value = dense<[0.25, -0.25]> : tensor<2xf32>},
    %s: tensor<2xf32> {dfp.param = "bn.weight", dfp.initial_value = dense<1.0> : tensor<2xf32>},
    %b: tensor<2xf32> {dfp.param = "bn.bias", dfp.initial_value = dense<0.0> : tensor<2xf32>},
    %m: tensor<2xf32> {dfp.state = "bn.running_mean", dfp.initial_value = dense<0.0> : tensor<2xf32>},
    %v: tensor<2xf32> {dfp.state = "bn.running_var", dfp.initial_value = dense<1.0> : tensor<2xf32>},
    %fw: tensor<2x2xf32> {dfp.param = "fc.weight", dfp.initial_value = dense<[[1.0, 0.0], [0.0, 2.0]]> : tensor<2x2xf32>},
    %fb: tensor<2xf32> {dfp.param = "fc.bias", dfp.initial_value = dense<[0.0, 1.0]> : tensor<2xf32>})
    -> (tensor<1x2xf32> {dfp.name = "logits"}) {
  %0 = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1] dilations [1, 1] groups 1 : tensor<1x1x2x2xf32>, tensor<2x1x3x3xf32> -> tensor<1x2x2x2xf32>
  %1 = dfp.bias_add %0, %c : tensor<1x2x2x2xf32>, tensor<2xf32>
  %2 = dfp.batch_norm_inference %1, %s, %b, %m, %v epsilon(1.0e-03) : tensor<1x2x2x2xf32>, tensor<2xf32>
  %3 = dfp.relu %2 : tensor<1x2x2x2xf32>
  %4 = dfp.max_pool2d %3 kernel [2, 2] strides [2, 2] padding [0, 0, 0, 0] : tensor<1x2x2x2xf32> -> tensor<1x2x1x1xf32>
  %5 = dfp.global_avg_pool %4 : tensor<1x2x1x1xf32> -> tensor<1x2x1x1xf32>
  %6 = dfp.reshape %5 : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
  %7 = dfp.matmul %6, %fw : tensor<1x2xf32>, tensor<2x2xf32> -> tensor<1x2xf32>
  %8 = dfp.bias_add %7, %fb : tensor<1x2xf32>, tensor<2xf32>
  return %8 : tensor<1x2xf32>
}
