#ifndef DFP_DIALECT_DFP_IR_DFPOPS_TD
#define DFP_DIALECT_DFP_IR_DFPOPS_TD

include "dfp/Dialect/Dfp/IR/DfpBase.td"
include "dfp/Dialect/Dfp/IR/DfpAttrs.td"
include "dfp/Dialect/Dfp/IR/DfpInterfaces.td"
include "dfp/Dialect/Dfp/IR/DfpTypes.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

// Rounding and, for stochastic rounding, the Philox key (seed), stream and
// step of the counter (DESIGN.md section 2).
defvar Dfp_RoundingArguments = (ins
  Dfp_RoundingModeAttr:$rounding,
  OptionalAttr<I64Attr>:$seed,
  OptionalAttr<I32Attr>:$stream,
  Optional<I32>:$step
);
defvar Dfp_RoundingFormat = [{
  `rounding` `(` custom<RoundingKeyword>($rounding) `)`
  (`seed` `(` $seed^ `)`)? (`stream` `(` $stream^ `)`)?
  (`step` `(` $step^ `)`)?
}];

def Dfp_QuantizeOp : Dfp_Op<"quantize", [Pure]> {
  let summary = "quantizes an f32 tensor into a DFP tensor";
  let description = [{
    Computes the exponent of every group from the data (e = E - M where
    max|x| = f * 2^E, f in [0.5, 1)), scales by 2^-e, rounds with `rounding`
    and clamps to [-(2^M - 1), 2^M - 1]. `seed`, `stream` and `step` select
    the random stream of stochastic rounding and are only legal with it.
    Non-finite input makes the quantization fail at run time.

    ```mlir
    %q = dfp.quantize %x rounding(nearest_even)
        : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = tensor>
    %g = dfp.quantize %dy rounding(stochastic) seed(42) stream(3) step(%i)
        : tensor<4x8xf32> -> !dfp.tensor<4x8xi16, mag = 13, exp = axis 0>
    ```
  }];
  let arguments = !con((ins Dfp_F32Tensor:$input), Dfp_RoundingArguments);
  let results = (outs Dfp_AnyDfpTensor:$output);
  let assemblyFormat = !strconcat("$input ", Dfp_RoundingFormat,
      "attr-dict `:` type($input) `->` type($output)");
  let hasVerifier = 1;
}

def Dfp_DequantizeOp : Dfp_Op<"dequantize", [Pure]> {
  let summary = "converts a DFP tensor to f32 (exact: q * 2^e)";
  let arguments = (ins Dfp_AnyDfpTensor:$input);
  let results = (outs Dfp_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Dfp_RequantizeOp : Dfp_Op<"requantize", [Pure]> {
  let summary = "converts a DFP tensor to another DFP format";
  let description = [{
    Re-derives the exponents of the result format from the values and rounds
    as `quantize` does. Converting to the format the input already has is the
    identity (every value is representable) and folds away.
  }];
  let arguments = !con((ins Dfp_AnyDfpTensor:$input), Dfp_RoundingArguments);
  let results = (outs Dfp_AnyDfpTensor:$output);
  let assemblyFormat = !strconcat("$input ", Dfp_RoundingFormat,
      "attr-dict `:` type($input) `->` type($output)");
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

class Dfp_ContractionOp<string mnemonic, list<Trait> traits = []>
    : Dfp_Op<mnemonic, !listconcat(traits,
        [Pure, DeclareOpInterfaceMethods<Dfp_ContractionOpInterface,
                                         ["getContractedOperands"]>])> {
  let hasVerifier = 1;
}

def Dfp_MatmulOp : Dfp_ContractionOp<"matmul"> {
  let summary = "matrix product C[f32, MxN] = op(A)[MxK] * op(B)[KxN]";
  let description = [{
    `transpose_lhs` reads A as [KxM], `transpose_rhs` reads B as [NxK]. On DFP
    operands the products are summed in INT32 chains of `chain` products
    (positive, even) flushed into FP32 in increasing k order.

    ```mlir
    %c = dfp.matmul %a, %b chain(32)
        : !dfp.tensor<4x8xi16, mag = 13, exp = tensor>,
          !dfp.tensor<8x16xi16, mag = 13, exp = tensor> -> tensor<4x16xf32>
    ```
  }];
  let arguments = (ins
    Dfp_F32OrDfpTensor:$lhs,
    Dfp_F32OrDfpTensor:$rhs,
    OptionalAttr<I64Attr>:$chain,
    UnitAttr:$transpose_lhs,
    UnitAttr:$transpose_rhs
  );
  let results = (outs Dfp_F32Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`chain` `(` $chain^ `)`)? attr-dict
    `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
}

defvar Dfp_Conv2dAttributes = (ins
  DenseI64ArrayAttr:$strides,
  DenseI64ArrayAttr:$padding,
  DenseI64ArrayAttr:$dilations,
  I64Attr:$groups,
  OptionalAttr<I64Attr>:$chain
);
defvar Dfp_Conv2dFormat = [{
  `strides` $strides `padding` $padding `dilations` $dilations
  `groups` $groups (`chain` `(` $chain^ `)`)? attr-dict
}];

// A convolution with input x [N, C, H, W], filter w [K, C/groups, R, S] and
// output y [N, K, OH, OW]; `padding` is [top, left, bottom, right]. The three
// forms take two of x, w, y (or their gradients) and return the third.
class Dfp_Conv2dOp<string mnemonic, string first, string second>
    : Dfp_ContractionOp<mnemonic> {
  let results = (outs Dfp_F32Tensor:$result);
  let assemblyFormat = !strconcat("$", first, " `,` $", second, " ",
      Dfp_Conv2dFormat, " `:` type($", first, ") `,` type($", second,
      ") `->` type($result)");
}

def Dfp_Conv2dOp : Dfp_Conv2dOp<"conv2d", "input", "filter"> {
  let summary = "2-D convolution, NCHW input and KCRS filter";
  let description = [{
    ```mlir
    %y = dfp.conv2d %x, %w strides [1, 1] padding [1, 1, 1, 1]
        dilations [1, 1] groups 1
        : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
    ```
  }];
  let arguments = !con((ins Dfp_F32OrDfpTensor:$input,
                            Dfp_F32OrDfpTensor:$filter),
                       Dfp_Conv2dAttributes);
}

def Dfp_Conv2dBackwardDataOp
    : Dfp_Conv2dOp<"conv2d_backward_data", "grad_output", "filter"> {
  let summary = "gradient of conv2d with respect to its input";
  let description = [{
    The result type gives the input shape [N, C, H, W] (several H, W map to
    the same output size when the stride exceeds 1).
  }];
  let arguments = !con((ins Dfp_F32OrDfpTensor:$grad_output,
                            Dfp_F32OrDfpTensor:$filter),
                       Dfp_Conv2dAttributes);
}

def Dfp_Conv2dBackwardFilterOp
    : Dfp_Conv2dOp<"conv2d_backward_filter", "input", "grad_output"> {
  let summary = "gradient of conv2d with respect to its filter";
  let description = [{
    The result type gives the filter shape [K, C/groups, R, S].
  }];
  let arguments = !con((ins Dfp_F32OrDfpTensor:$input,
                            Dfp_F32OrDfpTensor:$grad_output),
                       Dfp_Conv2dAttributes);
}

//===----------------------------------------------------------------------===//
// Element-wise and shape operations
//===----------------------------------------------------------------------===//

def Dfp_ReluOp : Dfp_Op<"relu", [Pure, SameOperandsAndResultType]> {
  let summary = "max(x, 0)";
  let description = [{
    Idempotent: relu(relu(x)) folds to relu(x).
  }];
  let arguments = (ins Dfp_F32Tensor:$input);
  let results = (outs Dfp_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Dfp_ReluBackwardOp
    : Dfp_Op<"relu_backward", [Pure, SameOperandsAndResultType]> {
  let summary = "dx = dy where x > 0, else 0";
  let arguments = (ins Dfp_F32Tensor:$grad_output, Dfp_F32Tensor:$input);
  let results = (outs Dfp_F32Tensor:$grad_input);
  let assemblyFormat = [{
    $grad_output `,` $input attr-dict `:` type($grad_input)
  }];
}

def Dfp_AddOp : Dfp_Op<"add", [Pure, Commutative, SameOperandsAndResultType]> {
  let summary = "element-wise sum of two f32 tensors of one shape";
  let arguments = (ins Dfp_F32Tensor:$lhs, Dfp_F32Tensor:$rhs);
  let results = (outs Dfp_F32Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($result)";
}

def Dfp_BiasAddOp : Dfp_Op<"bias_add", [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "adds a per-channel bias: y[n, c, ...] = x[n, c, ...] + b[c]";
  let description = [{
    The bias of convolutions (ONNX Conv `B`) and of fully connected layers
    (ONNX Gemm `C` of shape [N]), broadcast along every axis but 1.
  }];
  let arguments = (ins Dfp_F32Tensor:$input, Dfp_F32Tensor:$bias);
  let results = (outs Dfp_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $bias attr-dict `:` type($input) `,` type($bias)
  }];
  let hasVerifier = 1;
}

def Dfp_BiasAddBackwardOp : Dfp_Op<"bias_add_backward", [Pure]> {
  let summary = "db[c] = sum of dy over every axis but 1";
  let arguments = (ins Dfp_F32Tensor:$grad_output);
  let results = (outs Dfp_F32Tensor:$grad_bias);
  let assemblyFormat = [{
    $grad_output attr-dict `:` type($grad_output) `->` type($grad_bias)
  }];
  let hasVerifier = 1;
}

def Dfp_ReshapeOp : Dfp_Op<"reshape", [Pure]> {
  let summary = "same elements in row-major order, another shape";
  let description = [{
    Input and result are both f32 or both DFP tensors with the same number of
    elements. A DFP reshape keeps storage and magnitude bits and needs one
    exponent per tensor on both sides (a per-axis or per-block grouping would
    change meaning).
  }];
  let arguments = (ins Dfp_F32OrDfpTensor:$input);
  let results = (outs Dfp_F32OrDfpTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

defvar Dfp_Pool2dAttributes = (ins
  DenseI64ArrayAttr:$kernel,
  DenseI64ArrayAttr:$strides,
  DenseI64ArrayAttr:$padding
);
defvar Dfp_Pool2dFormat = [{
  `kernel` $kernel `strides` $strides `padding` $padding attr-dict
}];

// A 2-D pooling window over NCHW tensors; `padding` is [top, left, bottom,
// right] and each pad is smaller than the window along its axis.
class Dfp_Pool2dOp<string mnemonic> : Dfp_Op<mnemonic, [Pure]> {
  let hasVerifier = 1;
}

def Dfp_MaxPool2dOp : Dfp_Pool2dOp<"max_pool2d"> {
  let summary = "2-D max pooling (padding never wins the max)";
  let arguments = !con((ins Dfp_F32Tensor:$input), Dfp_Pool2dAttributes);
  let results = (outs Dfp_F32Tensor:$output);
  let assemblyFormat = !strconcat("$input ", Dfp_Pool2dFormat,
      " `:` type($input) `->` type($output)");
}

def Dfp_MaxPool2dBackwardOp : Dfp_Pool2dOp<"max_pool2d_backward"> {
  let summary = "routes dy to the first maximum of each window";
  let arguments = !con((ins Dfp_F32Tensor:$grad_output, Dfp_F32Tensor:$input),
                       Dfp_Pool2dAttributes);
  let results = (outs Dfp_F32Tensor:$grad_input);
  let assemblyFormat = !strconcat("$grad_output `,` $input ", Dfp_Pool2dFormat,
      " `:` type($grad_output) `,` type($input) `->` type($grad_input)");
}

def Dfp_AvgPool2dOp : Dfp_Pool2dOp<"avg_pool2d"> {
  let summary = "2-D average pooling";
  let description = [{
    Padded positions are counted in the divisor only with `count_include_pad`.
  }];
  let arguments = !con((ins Dfp_F32Tensor:$input), Dfp_Pool2dAttributes,
                       (ins UnitAttr:$count_include_pad));
  let results = (outs Dfp_F32Tensor:$output);
  let assemblyFormat = !strconcat("$input ", Dfp_Pool2dFormat,
      " `:` type($input) `->` type($output)");
}

def Dfp_AvgPool2dBackwardOp : Dfp_Pool2dOp<"avg_pool2d_backward"> {
  let summary = "spreads dy evenly over each window";
  let description = [{
    The result type gives the input shape.
  }];
  let arguments = !con((ins Dfp_F32Tensor:$grad_output), Dfp_Pool2dAttributes,
                       (ins UnitAttr:$count_include_pad));
  let results = (outs Dfp_F32Tensor:$grad_input);
  let assemblyFormat = !strconcat("$grad_output ", Dfp_Pool2dFormat,
      " `:` type($grad_output) `->` type($grad_input)");
}

def Dfp_GlobalAvgPoolOp : Dfp_Op<"global_avg_pool", [Pure]> {
  let summary = "mean over H and W: [N, C, H, W] -> [N, C, 1, 1]";
  let arguments = (ins Dfp_F32Tensor:$input);
  let results = (outs Dfp_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Dfp_GlobalAvgPoolBackwardOp
    : Dfp_Op<"global_avg_pool_backward", [Pure]> {
  let summary = "dx[n, c, h, w] = dy[n, c, 0, 0] / (H * W)";
  let description = [{
    The result type gives the input shape.
  }];
  let arguments = (ins Dfp_F32Tensor:$grad_output);
  let results = (outs Dfp_F32Tensor:$grad_input);
  let assemblyFormat = [{
    $grad_output attr-dict `:` type($grad_output) `->` type($grad_input)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Batch normalization (FP32 only)
//===----------------------------------------------------------------------===//

// Input [N, C, ...] normalized per channel (axis 1); every per-channel operand
// and result is a [C] tensor.
class Dfp_BatchNormOp<string mnemonic, list<Trait> traits>
    : Dfp_Op<mnemonic, !listconcat(traits, [Pure])> {
  let hasVerifier = 1;
}

def Dfp_BatchNormOp : Dfp_BatchNormOp<"batch_norm", [
    AllTypesMatch<["input", "output"]>,
    AllTypesMatch<["scale", "bias", "batch_mean", "batch_var"]>]> {
  let summary = "training-mode batch normalization";
  let description = [{
    Normalizes with the statistics of the batch and returns them: the mean and
    the biased variance over every axis but 1. Running statistics are updated
    from them by the training step (`dfp.running_stat_update`).

    ```mlir
    %y, %mean, %var = dfp.batch_norm %x, %scale, %bias epsilon(1.0e-05)
        : tensor<8x4x6x6xf32>, tensor<4xf32>
    ```
  }];
  let arguments = (ins Dfp_F32Tensor:$input, Dfp_F32Tensor:$scale,
                       Dfp_F32Tensor:$bias, F32Attr:$epsilon);
  let results = (outs Dfp_F32Tensor:$output, Dfp_F32Tensor:$batch_mean,
                      Dfp_F32Tensor:$batch_var);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `epsilon` `(` $epsilon `)` attr-dict
    `:` type($input) `,` type($scale)
  }];
}

def Dfp_BatchNormInferenceOp : Dfp_BatchNormOp<"batch_norm_inference", [
    AllTypesMatch<["input", "output"]>,
    AllTypesMatch<["scale", "bias", "running_mean", "running_var"]>]> {
  let summary = "inference-mode batch normalization with running statistics";
  let arguments = (ins Dfp_F32Tensor:$input, Dfp_F32Tensor:$scale,
                       Dfp_F32Tensor:$bias, Dfp_F32Tensor:$running_mean,
                       Dfp_F32Tensor:$running_var, F32Attr:$epsilon);
  let results = (outs Dfp_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $running_mean `,` $running_var
    `epsilon` `(` $epsilon `)` attr-dict `:` type($input) `,` type($scale)
  }];
}

def Dfp_BatchNormBackwardOp : Dfp_BatchNormOp<"batch_norm_backward", [
    AllTypesMatch<["grad_output", "input", "grad_input"]>,
    AllTypesMatch<["scale", "batch_mean", "batch_var", "grad_scale",
                   "grad_bias"]>]> {
  let summary = "gradients of training-mode batch normalization";
  let arguments = (ins Dfp_F32Tensor:$grad_output, Dfp_F32Tensor:$input,
                       Dfp_F32Tensor:$scale, Dfp_F32Tensor:$batch_mean,
                       Dfp_F32Tensor:$batch_var, F32Attr:$epsilon);
  let results = (outs Dfp_F32Tensor:$grad_input, Dfp_F32Tensor:$grad_scale,
                      Dfp_F32Tensor:$grad_bias);
  let assemblyFormat = [{
    $grad_output `,` $input `,` $scale `,` $batch_mean `,` $batch_var
    `epsilon` `(` $epsilon `)` attr-dict `:` type($input) `,` type($scale)
  }];
}

def Dfp_RunningStatUpdateOp : Dfp_Op<"running_stat_update", [Pure,
    AllTypesMatch<["running_mean", "running_var", "batch_mean", "batch_var",
                   "new_running_mean", "new_running_var"]>]> {
  let summary = "updates batch-norm running statistics from batch statistics";
  let description = [{
    As PyTorch's `BatchNorm` in training mode, with `count` the number of
    elements averaged per channel (N * H * W) and `momentum` the weight of the
    batch: mean' = (1 - momentum) * mean + momentum * batch_mean and
    var' = (1 - momentum) * var + momentum * batch_var * count / (count - 1),
    the batch variance of `dfp.batch_norm` being biased and the running one
    unbiased. Operands and results are [C] tensors.

    ```mlir
    %m1, %v1 = dfp.running_stat_update %m, %v, %bm, %bv momentum(1.000000e-01)
        count(512) : tensor<4xf32>
    ```
  }];
  let arguments = (ins Dfp_F32Tensor:$running_mean, Dfp_F32Tensor:$running_var,
                       Dfp_F32Tensor:$batch_mean, Dfp_F32Tensor:$batch_var,
                       F32Attr:$momentum, I64Attr:$count);
  let results = (outs Dfp_F32Tensor:$new_running_mean,
                      Dfp_F32Tensor:$new_running_var);
  let assemblyFormat = [{
    $running_mean `,` $running_var `,` $batch_mean `,` $batch_var
    `momentum` `(` $momentum `)` `count` `(` $count `)` attr-dict
    `:` type($running_mean)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Loss and optimizer
//===----------------------------------------------------------------------===//

def Dfp_LabelTensor : StaticShapeTensorOf<[I32, I64]>;

def Dfp_F32Scalar : 0DTensorOf<[F32]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getF32Type())">;

def Dfp_SoftmaxCrossEntropyOp : Dfp_Op<"softmax_cross_entropy", [Pure]> {
  let summary = "mean over the batch of -log(softmax(logits)[label])";
  let arguments = (ins Dfp_F32Tensor:$logits, Dfp_LabelTensor:$labels);
  let results = (outs Dfp_F32Scalar:$loss);
  let assemblyFormat = [{
    $logits `,` $labels attr-dict `:` type($logits) `,` type($labels)
    `->` type($loss)
  }];
  let hasVerifier = 1;
}

def Dfp_SoftmaxCrossEntropyBackwardOp
    : Dfp_Op<"softmax_cross_entropy_backward",
             [Pure, AllTypesMatch<["logits", "grad_logits"]>]> {
  let summary = "d(loss)/d(logits) = grad_loss * (softmax - onehot) / N";
  let arguments = (ins Dfp_F32Scalar:$grad_loss, Dfp_F32Tensor:$logits,
                       Dfp_LabelTensor:$labels);
  let results = (outs Dfp_F32Tensor:$grad_logits);
  let assemblyFormat = [{
    $grad_loss `,` $logits `,` $labels attr-dict `:` type($logits) `,`
    type($labels)
  }];
  let hasVerifier = 1;
}

def Dfp_SgdUpdateOp : Dfp_Op<"sgd_update", [Pure,
    AllTypesMatch<["param", "grad", "momentum_buffer", "new_param",
                   "new_momentum_buffer"]>]> {
  let summary = "SGD step with momentum and weight decay on FP32 master weights";
  let description = [{
    As PyTorch's `torch.optim.SGD`: g' = grad + weight_decay * param,
    v' = momentum * v + g', param' = param - lr * v'. The learning rate is a
    0-d tensor operand, so a schedule can change it every step without
    recompiling; it is a run-time value and therefore not verified here.

    ```mlir
    %p1, %v1 = dfp.sgd_update %p, %g, %v lr(%lr)
        momentum(9.000000e-01) weight_decay(5.000000e-04) : tensor<16xf32>
    ```
  }];
  let arguments = (ins Dfp_F32Tensor:$param, Dfp_F32Tensor:$grad,
                       Dfp_F32Tensor:$momentum_buffer, Dfp_F32Scalar:$lr,
                       F32Attr:$momentum, F32Attr:$weight_decay);
  let results = (outs Dfp_F32Tensor:$new_param,
                      Dfp_F32Tensor:$new_momentum_buffer);
  let assemblyFormat = [{
    $param `,` $grad `,` $momentum_buffer `lr` `(` $lr `)`
    `momentum` `(` $momentum `)` `weight_decay` `(` $weight_decay `)`
    attr-dict `:` type($param)
  }];
  let hasVerifier = 1;
}

#endif // DFP_DIALECT_DFP_IR_DFPOPS_TD
