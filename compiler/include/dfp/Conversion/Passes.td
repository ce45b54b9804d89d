#ifndef DFP_CONVERSION_PASSES_TD
#define DFP_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDfpToLinalg : Pass<"convert-dfp-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lowers Dfp ops to linalg, tensor, scf and vector on decomposed "
                "DFP values";
  let description = [{
    Every `!dfp.tensor<SHAPExiB, mag = M, exp = tensor>` value becomes two
    values (a 1:N type conversion, function signatures included): the
    integers `tensor<SHAPExiB>` and the exponents `tensor<1xi32>`.

    - `dfp.quantize`: a max |x| reduction, the exponent from the float bits
      (frexp with integer ops), scaling by 2^-e (exact power-of-two
      multiplies), rounding (nearest_even, nearest_up, toward_zero, and
      stochastic with Philox4x32-10 bits of the element's linear index) and
      clamping to [-(2^M - 1), 2^M - 1], bit for bit as jit/reference.
      Non-finite input: every function holding a quantize gets a trailing
      `i1` result, true when some quantize saw NaN or Inf (its outputs are
      then unspecified; the exponent is 0).
    - `dfp.dequantize`: q * 2^e.
    - `dfp.matmul` on DFP operands: the chained accumulation of DESIGN.md
      section 2 as vector code on tensors. B is packed to the [K/2][N][2]
      pair layout; each k-pair is sign-extended, multiplied and the even and
      odd products added (the generic pattern LLVM selects as vpdpwssd or
      vpmaddwd); each INT32 chain sum is flushed as
      fma(float(sum), 2^(ea+eb), acc) in chain order.
    - `dfp.conv2d`, `dfp.conv2d_backward_data` and
      `dfp.conv2d_backward_filter` on DFP operands (groups 1, one exponent
      per tensor): INT32 chain sums as jit/reference orders them (forward and
      backward-data: per filter tap and per `chain` channels; backward-filter:
      per image and per `chain` output positions), flushed in that order.
    - FP32 `dfp.matmul`, `dfp.conv2d` (grouped too), `dfp.relu`, `dfp.add`,
      `dfp.bias_add`, `dfp.reshape`, `dfp.max_pool2d`, `dfp.avg_pool2d`,
      `dfp.global_avg_pool`, `dfp.batch_norm_inference`,
      `dfp.softmax_cross_entropy`: linalg.

    Anything else (exponent blocks, grouped DFP or backward FP32
    convolutions, requantize, training ops, quantizes in nested regions or in called
    functions) is reported as "not yet lowered" naming the op.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
}

def DfpDecomposeAggregates : Pass<"dfp-decompose-aggregates", "::mlir::ModuleOp"> {
  let summary = "Decomposes linalg.softmax and tensor.concat for the loops "
                "lowering";
  let description = [{
    Imported ONNX graphs hold ops that one-shot bufferization and
    convert-linalg-to-loops do not take as they are: ops with the linalg
    AggregatedOpInterface (linalg.softmax: max, sub + exp, sum, div) are
    decomposed into linalg.generic ops, tensor.concat into inserts into an
    empty tensor.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

def DfpCopyReturnedArguments : Pass<"dfp-copy-returned-arguments", "::mlir::ModuleOp"> {
  let summary = "Returns copies of tensor arguments that a function returns";
  let description = [{
    Results become out-parameters after bufferization: a result that is an
    argument itself must be copied into its out-parameter. Making the copy
    explicit (linalg.copy into a new tensor) before one-shot bufferization
    keeps buffer-results-to-out-params on its allocation path.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def DfpSetTargetCpu : Pass<"dfp-set-target-cpu", "::mlir::ModuleOp"> {
  let summary = "Sets target_cpu and target_features on every llvm.func";
  let description = [{
    LLVM then selects instructions for that CPU (e.g. vpdpwssd on znver4,
    vpmaddwd + vpaddd on znver3) whatever the JIT's or llc's default. An
    empty `cpu` means the host CPU and its features.
  }];
  let options = [
    Option<"cpu", "cpu", "std::string", "\"\"",
           "Target CPU name (empty: the host CPU)">,
    Option<"features", "features", "std::string", "\"\"",
           "Target features, e.g. +avx2,+fma (empty: those of `cpu` when it "
           "is given, else the host's)">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def DfpLowerToKernels : Pass<"dfp-lower-to-kernels", "::mlir::ModuleOp"> {
  let summary = "Rewrites DFP contractions into dispatch-once / invoke-many "
                "calls of the jit/ kernels (runtime/abi C ABI)";
  let description = [{
    `dfp.matmul`, `dfp.conv2d`, `dfp.conv2d_backward_data` and
    `dfp.conv2d_backward_filter` on `i16` DFP operands with per-tensor or
    per-axis exponents and `chain` set become calls of the runtime's C ABI (dfp/abi/KernelAbi.h):

    - At the entry of the enclosing function, one
      `func.call @dfp_rt_<op>_dispatch(descriptor as i64 constants)` per
      distinct descriptor returns the kernel handle (`!llvm.ptr`). Entry
      rather than a global: the dispatch is a lookup in the runtime's
      thread-safe cache keyed by the descriptor, ISA and thread count
      (planning and code generation happen once per process), so it costs
      one hashed lookup per function call, needs no one-time-initialisation
      protocol in the IR, and sees DFP_MAX_ISA as it is when the function
      runs.
    - At the op, the invoke, in bufferization-friendly form: each DFP
      operand is viewed decomposed (`builtin.unrealized_conversion_cast` to
      the int16 values `tensor<SHAPExi16>` and the exponents `tensor<Gxi32>`,
      which convert-dfp-to-linalg's 1:N conversion then folds into the
      producer's decomposed values), read through
      `bufferization.to_memref read_only` and cast to a dynamic shape; the
      FP32 result is a fresh 64-byte aligned `memref.alloc` that
      `func.call @dfp_rt_<op>_invoke(handle, values, exponent, ...,
      result)` writes and `bufferization.to_tensor restrict writable`
      returns to tensor land. The callees carry `llvm.emit_c_interface`:
      the runtime receives memref descriptors and checks them against the
      handle.

    The invoke's status is not branched on in the IR: a failed dispatch or
    invoke records its message (dfp_rt_last_error), which the JIT API turns
    into the call's error. Contractions on other operands (FP32, i8, block
    exponents) are left for the LLVM path; those on DFP operands
    without `chain` are an error (run dfp-chain-length first).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

#endif // DFP_CONVERSION_PASSES_TD
