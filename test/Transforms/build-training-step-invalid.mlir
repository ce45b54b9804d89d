// RUN: dfp-opt %s -split-input-file -verify-diagnostics -dfp-build-training-step
// RUN: not dfp-opt %s -split-input-file -dfp-build-training-step=forward=model 2>&1 | FileCheck %s --check-prefix=NO-FORWARD
// RUN: not dfp-opt %s -split-input-file -dfp-build-training-step=momentum=1.0 2>&1 | FileCheck %s --check-prefix=MOMENTUM
// RUN: not dfp-opt %s -split-input-file -dfp-build-training-step=weight-decay=-0.1 2>&1 | FileCheck %s --check-prefix=DECAY
// RUN: not dfp-opt %s -split-input-file -dfp-build-training-step=bn-momentum=1.5 2>&1 | FileCheck %s --check-prefix=BN
// NO-FORWARD: error: dfp-build-training-step: no function @model
// MOMENTUM: error: dfp-build-training-step: momentum must be in [0, 1), got 1.000000e+00
// DECAY: error: dfp-build-training-step: weight-decay must be in [0, inf), got -1.000000e-01
// BN: error: dfp-build-training-step: bn-momentum must be in [0, 1], got 1.500000e+00

// Tests that an op the pass has no backward for is named when a parameter reaches it.
func.func @forward(%x: tensor<4x8xf32>, %w: tensor<8x3xf32> {dfp.param = "w"}) -> tensor<4x3xf32> {
  // expected-error @+1 {{dfp-build-training-step cannot differentiate 'arith.mulf', which depends on a parameter}}
  %0 = arith.mulf %w, %w : tensor<8x3xf32>
  %1 = dfp.matmul %x, %0 : tensor<4x8xf32>, tensor<8x3xf32> -> tensor<4x3xf32>
  return %1 : tensor<4x3xf32>
}

// -----

// Tests that a quantized (DFP) forward is rejected at its quantize: the pass differentiates f32 graphs.
func.func @forward(%x: tensor<4x8xf32>, %w: tensor<8x3xf32> {dfp.param = "w"}) -> tensor<4x3xf32> {
  // expected-error @+1 {{dfp-build-training-step cannot differentiate 'dfp.quantize', which depends on a parameter}}
  %q = dfp.quantize %w rounding(nearest_even) : tensor<8x3xf32> -> !dfp.tensor<8x3xi16, mag = 13, exp = tensor>
  %qx = dfp.quantize %x rounding(nearest_even) : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
  %1 = dfp.matmul %qx, %q chain(32) : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>, !dfp.tensor<8x3xi16, mag = 13, exp = tensor> -> tensor<4x3xf32>
  return %1 : tensor<4x3xf32>
}

// -----

// Tests that every argument after the input is marked as a parameter or a state.
// expected-error @+1 {{expects argument 1 to carry exactly one of dfp.param = "name" or dfp.state = "name"}}
func.func @forward(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that an argument cannot be both a parameter and a state.
// expected-error @+1 {{expects argument 1 to carry exactly one of dfp.param = "name" or dfp.state = "name"}}
func.func @forward(%x: tensor<4x8xf32>, %w: tensor<8x3xf32> {dfp.param = "w", dfp.state = "w"}) -> tensor<4x3xf32> {
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that the input is not marked as a parameter.
// expected-error @+1 {{expects the input (argument 0) to carry neither dfp.param nor dfp.state}}
func.func @forward(%x: tensor<4x8xf32> {dfp.param = "x"}, %w: tensor<8x3xf32> {dfp.param = "w"}) -> tensor<4x3xf32> {
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that parameter and state names are distinct.
// expected-error @+1 {{argument 2 repeats the name "w"}}
func.func @forward(%x: tensor<4x8xf32>, %w: tensor<8x3xf32> {dfp.param = "w"}, %v: tensor<8x3xf32> {dfp.state = "w"}) -> tensor<4x3xf32> {
  %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that parameters are static f32 tensors.
// expected-error @+1 {{expects argument 1 ("w") to be a static f32 tensor, got 'tensor<8x3xf16>'}}
func.func @forward(%x: tensor<4x8xf32>, %w: tensor<8x3xf16> {dfp.param = "w"}) -> tensor<4x3xf32> {
  %0 = arith.constant dense<0.0> : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that the forward returns one [N, K] tensor of logits.
// expected-error @+1 {{expects @forward to return one static f32 tensor of logits [N, K], got 'tensor<4x3x1xf32>'}}
func.func @forward(%x: tensor<4x3x1xf32>, %w: tensor<3xf32> {dfp.param = "w"}) -> tensor<4x3x1xf32> {
  %0 = dfp.bias_add %x, %w : tensor<4x3x1xf32>, tensor<3xf32>
  return %0 : tensor<4x3x1xf32>
}

// -----

// Tests that a forward declaration is rejected.
// expected-error @+1 {{expects @forward to have a body of one block}}
func.func private @forward(%x: tensor<4x8xf32>) -> tensor<4x3xf32>

// -----

// Tests that the running statistics of a batch norm are state arguments.
func.func @forward(%x: tensor<4x3xf32>, %s: tensor<3xf32> {dfp.param = "bn.weight"}, %b: tensor<3xf32> {dfp.param = "bn.bias"}, %rv: tensor<3xf32> {dfp.state = "bn.running_var"}) -> tensor<4x3xf32> {
  // expected-error @+1 {{expects the running mean of 'dfp.batch_norm_inference' to be an argument marked dfp.state}}
  %0 = dfp.batch_norm_inference %x, %s, %b, %b, %rv epsilon(1.0e-05) : tensor<4x3xf32>, tensor<3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that two batch norms cannot share running statistics (each would update them).
func.func @forward(%x: tensor<4x3xf32>, %s: tensor<3xf32> {dfp.param = "bn.weight"}, %b: tensor<3xf32> {dfp.param = "bn.bias"}, %rm: tensor<3xf32> {dfp.state = "bn.running_mean"}, %rv: tensor<3xf32> {dfp.state = "bn.running_var"}) -> tensor<4x3xf32> {
  %0 = dfp.batch_norm_inference %x, %s, %b, %rm, %rv epsilon(1.0e-05) : tensor<4x3xf32>, tensor<3xf32>
  // expected-error @+1 {{expects the running mean of 'dfp.batch_norm_inference' to be used by no other batch norm}}
  %1 = dfp.batch_norm_inference %0, %s, %b, %rm, %rv epsilon(1.0e-05) : tensor<4x3xf32>, tensor<3xf32>
  return %1 : tensor<4x3xf32>
}

// -----

// Tests that the batch statistics of a training-mode batch norm in the forward cannot be differentiated.
func.func @forward(%x: tensor<4x3xf32>, %s: tensor<3xf32> {dfp.param = "bn.weight"}, %b: tensor<3xf32> {dfp.param = "bn.bias"}) -> tensor<4x3xf32> {
  // expected-error @+1 {{cannot differentiate through the batch statistics of 'dfp.batch_norm'}}
  %y, %m, %v = dfp.batch_norm %x, %s, %b epsilon(1.0e-05) : tensor<4x3xf32>, tensor<3xf32>
  %0 = dfp.bias_add %y, %m : tensor<4x3xf32>, tensor<3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Tests that an existing @train_step is not overwritten.
// expected-error @+1 {{dfp-build-training-step: the module already has a @train_step}}
module {
  func.func @forward(%x: tensor<4x8xf32>, %w: tensor<8x3xf32> {dfp.param = "w"}) -> tensor<4x3xf32> {
    %0 = dfp.matmul %x, %w : tensor<4x8xf32>, tensor<8x3xf32> -> tensor<4x3xf32>
    return %0 : tensor<4x3xf32>
  }
  func.func @train_step() {
    return
  }
}

// -----

// Tests that a batch norm seeing one element per channel is rejected (the running variance is the unbiased batch variance).
func.func @forward(%x: tensor<1x3xf32>, %s: tensor<3xf32> {dfp.param = "bn.weight"}, %b: tensor<3xf32> {dfp.param = "bn.bias"}, %rm: tensor<3xf32> {dfp.state = "bn.running_mean"}, %rv: tensor<3xf32> {dfp.state = "bn.running_var"}) -> tensor<1x3xf32> {
  // expected-error @+1 {{cannot train 'dfp.batch_norm_inference' on a batch of one element per channel (the unbiased batch variance needs two)}}
  %0 = dfp.batch_norm_inference %x, %s, %b, %rm, %rv epsilon(1.0e-05) : tensor<1x3xf32>, tensor<3xf32>
  return %0 : tensor<1x3xf32>
}
