#ifndef DFP_TRANSFORMS_PASSES_TD
#define DFP_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

defvar Dfp_RoundingOptionValues = [{::llvm::cl::values(
  clEnumValN(::mlir::dfp::RoundingMode::NearestEven, "nearest_even",
             "round half to even (vcvtps2dq)"),
  clEnumValN(::mlir::dfp::RoundingMode::NearestUp, "nearest_up",
             "floor(y + 0.5)"),
  clEnumValN(::mlir::dfp::RoundingMode::TowardZero, "toward_zero",
             "truncation"),
  clEnumValN(::mlir::dfp::RoundingMode::Stochastic, "stochastic",
             "Philox4x32-10 stochastic rounding"))}];

def DfpBuildTrainingStep : Pass<"dfp-build-training-step", "::mlir::ModuleOp"> {
  let summary = "Builds the training step (forward, loss, backward, SGD) of a forward function";
  let description = [{
    Input: `func.func @forward(%input, %p...) -> logits` (the name is the
    `forward` option) with one block, f32 tensors, logits of shape [N, K].
    Every argument after the first carries exactly one of
    `dfp.param = "name"` (a trainable parameter) or `dfp.state = "name"` (a
    non-trainable buffer: batch-norm running mean and variance). Batch norm
    appears as `dfp.batch_norm_inference` whose running statistics are
    `dfp.state` arguments, so `@forward` is the evaluation function; it is
    left unchanged.

    Output: a new `func.func @train_step` with the arguments, in order,

    | argument            | attribute                |
    |---------------------|--------------------------|
    | input (same type)   | those of @forward's      |
    | labels tensor<Nxi32>| `dfp.labels`             |
    | lr tensor<f32>      | `dfp.lr`                 |
    | step i32            | `dfp.step` (dfp-quantize)|
    | each parameter      | `dfp.param = name`       |
    | one momentum buffer per parameter, same type | `dfp.momentum = name` |
    | each state          | `dfp.state = name`       |

    (parameters and states in @forward's order, with @forward's argument
    attributes) and the results loss tensor<f32> {`dfp.loss`}, logits
    {`dfp.logits`}, then the new parameters {`dfp.param`}, new momenta
    {`dfp.momentum`} and new states {`dfp.state`} in argument order.

    The body runs the forward with `dfp.batch_norm` in training mode (each
    followed by `dfp.running_stat_update`: PyTorch's update with momentum
    `bn-momentum` and the unbiased batch variance), the mean softmax
    cross-entropy against the labels and its gradient, then the reverse-mode
    backward: the forward ops are visited in reverse order and each emits the
    backward ops of the operands that depend on a parameter, right there
    (conv2d: conv2d_backward_data and conv2d_backward_filter; matmul: two
    matmuls with transpose flags, marked `dfp.operand_roles` so that
    dfp-quantize rounds their gradient operand as a gradient; bias_add, relu, max_pool2d, avg_pool2d,
    global_avg_pool, batch_norm: their backward ops, relu_backward reading
    the relu's output; add: the gradient flows
    to both operands; reshape: reshaped back). Gradients of the input image
    are never computed (the first convolution has no conv2d_backward_data).
    A value used several times has its gradients summed with `dfp.add` as
    they arrive. As soon as a parameter's gradient is complete a
    `dfp.sgd_update` with the run-time `lr`, `momentum` and `weight-decay`
    applies it. Weight decay applies to every parameter (batch-norm scale and
    bias and linear biases included, as `torch.optim.SGD(weight_decay=...)`
    does). A parameter that no gradient reaches is returned unchanged, with
    its momentum buffer.

    An op the pass cannot differentiate (on a path from a parameter to the
    logits) is an error naming it.
  }];
  let dependentDialects = ["::mlir::dfp::DfpDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect"];
  let options = [
    Option<"forwardName", "forward", "std::string", "\"forward\"",
           "Name of the forward function">,
    Option<"loss", "loss", "::mlir::dfp::TrainingLoss",
           "::mlir::dfp::TrainingLoss::SoftmaxCrossEntropy",
           "Loss over the logits and the labels",
           [{::llvm::cl::values(
             clEnumValN(::mlir::dfp::TrainingLoss::SoftmaxCrossEntropy,
                        "softmax-cross-entropy",
                        "mean softmax cross-entropy (dfp.softmax_cross_entropy)"))}]>,
    Option<"momentum", "momentum", "float", "0.9f", "SGD momentum">,
    Option<"weightDecay", "weight-decay", "float", "5.0e-4f",
           "SGD weight decay (L2 on every parameter)">,
    Option<"bnMomentum", "bn-momentum", "float", "0.1f",
           "Weight of the batch in the running statistics (PyTorch convention)">,
  ];
}

def DfpQuantize : Pass<"dfp-quantize", "::mlir::ModuleOp"> {
  let summary = "Rewrites f32 contractions into DFP contractions";
  let description = [{
    Quantizes the two operands of every selected f32 contraction (dfp.matmul,
    dfp.conv2d, dfp.conv2d_backward_data, dfp.conv2d_backward_filter) with
    `dfp.quantize`; everything else stays FP32. Each operand has a role:

    | contraction            | first operand | second operand |
    |------------------------|---------------|----------------|
    | matmul                 | activation    | weight         |
    | conv2d                 | activation    | weight         |
    | conv2d_backward_data   | gradient      | weight         |
    | conv2d_backward_filter | activation    | gradient       |

    A contraction with `dfp.operand_roles = [first, second]` (set by
    dfp-build-training-step on backward matmuls) has those roles instead; a
    function argument with `dfp.role = "activation" | "weight" | "gradient"`
    has that role wherever it is contracted, overriding both.

    Each role has a format `i<B>:<M>:<grouping>` (storage bits, magnitude
    bits, exponent grouping) where the grouping is `tensor`, `channel` (one
    exponent per index of the operand's only axis not summed over: the output
    channel of a filter, the row of a matmul lhs), `axis<A>`, `block<N>` (N
    consecutive elements along the operand's reduction axis: C of conv2d
    operands, K of backward-data operands, the columns W of
    backward-filter operands, K of a matmul) or `block<N>on<A>`; and a
    rounding. Stochastic quantizations get the key `seed` and a stream number
    of their own (counted from 0 in program order over the module), so no two
    quantized tensors share random bits; the counter's step operand is the
    enclosing function's i32 argument marked `dfp.step`, if any.

    One `dfp.quantize` serves every contraction that quantizes the same value
    into the same format with the same rounding; it is placed right after the
    value's definition.

    `contractions=skip-first-last` keeps the first and the last forward
    contraction (conv2d, or matmul without a gradient among its
    `dfp.operand_roles`, in program order) of each function in FP32,
    together with the backward contractions of the same layers: those that
    contract the skipped contraction's weight (second operand) or, for
    conv2d_backward_filter, its input; a backward matmul (one with a gradient
    role) is skipped when it contracts either.
  }];
  let dependentDialects = ["::mlir::dfp::DfpDialect"];
  let options = [
    Option<"contractions", "contractions", "::mlir::dfp::ContractionSelection",
           "::mlir::dfp::ContractionSelection::All",
           "Which f32 contractions to quantize",
           [{::llvm::cl::values(
             clEnumValN(::mlir::dfp::ContractionSelection::All, "all",
                        "every contraction"),
             clEnumValN(::mlir::dfp::ContractionSelection::SkipFirstLast,
                        "skip-first-last",
                        "all but the first and last layer of each function"))}]>,
    Option<"activationFormat", "activation-format", "std::string",
           "\"i16:13:tensor\"", "Format of activations (i<B>:<M>:<grouping>)">,
    Option<"weightFormat", "weight-format", "std::string",
           "\"i16:13:tensor\"", "Format of weights (i<B>:<M>:<grouping>)">,
    Option<"gradientFormat", "gradient-format", "std::string",
           "\"i16:13:tensor\"", "Format of gradients (i<B>:<M>:<grouping>)">,
    Option<"activationRounding", "activation-rounding",
           "::mlir::dfp::RoundingMode", "::mlir::dfp::RoundingMode::NearestEven",
           "Rounding of activations", Dfp_RoundingOptionValues>,
    Option<"weightRounding", "weight-rounding",
           "::mlir::dfp::RoundingMode", "::mlir::dfp::RoundingMode::NearestEven",
           "Rounding of weights", Dfp_RoundingOptionValues>,
    Option<"gradientRounding", "gradient-rounding",
           "::mlir::dfp::RoundingMode", "::mlir::dfp::RoundingMode::Stochastic",
           "Rounding of gradients", Dfp_RoundingOptionValues>,
    Option<"seed", "seed", "uint64_t", "0",
           "Philox key of stochastic rounding">,
  ];
}

def DfpChainLength : Pass<"dfp-chain-length"> {
  let summary = "Sets the INT32 accumulate chain of every DFP contraction";
  let description = [{
    Sets `chain` on each contraction with DFP operands to the longest exact
    chain (DESIGN.md section 2): the largest multiple L of 2 with
    L * maxA * maxB <= 2^31 - 1, where maxA and maxB bound the magnitudes the
    operands can hold:

    - the result of `dfp.quantize` of an f32 constant: the largest |q| the
      quantization gives, computed at compile time;
    - any other `dfp.quantize` or `dfp.requantize` result: 2^M - 1 (they
      clamp), seen through `dfp.reshape`;
    - any other DFP value (a function argument, imported integer data):
      2^(B-1), since it may hold -2^(B-1); `trust-formats` assumes 2^M - 1.

    The chain never exceeds the bound of the operand formats (2^M - 1 each),
    which the dialect verifier enforces. A chain already set is kept if it is
    exact for these bounds, otherwise the pass fails with an error naming the
    op and the overflow. With `target-chain=N` the pass first chooses, for
    each contraction, the largest magnitude bits (up to B-1) of the operands
    produced by `dfp.quantize`/`dfp.requantize` that keep a chain of at least
    N, lowering the larger M first (the first operand's on ties); a
    quantization shared by several contractions takes the smallest M any of
    them needs. When N cannot be reached even with one magnitude bit (an
    operand of fixed format, such as a function argument, is too wide), it
    warns and leaves that contraction's formats unchanged. Only formats whose
    users all accept any DFP format (contractions, dequantize, requantize,
    through reshapes) change.
    `emit-remarks` reports every decision as a remark on the contraction.
  }];
  let dependentDialects = ["::mlir::dfp::DfpDialect"];
  let options = [
    Option<"targetChain", "target-chain", "int64_t", "0",
           "Choose magnitude bits to reach this chain length (0: keep the "
           "formats)">,
    Option<"trustFormats", "trust-formats", "bool", "false",
           "Assume DFP values from outside dfp.quantize/requantize hold at "
           "most 2^M - 1 instead of 2^(B-1)">,
    Option<"emitRemarks", "emit-remarks", "bool", "false",
           "Explain each chosen chain and format in a remark">,
  ];
}

#endif // DFP_TRANSFORMS_PASSES_TD
