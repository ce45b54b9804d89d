#include "DecomposedTypes.h"

#include "dfp/Conversion/Passes.h"
#include "dfp/Dialect/Dfp/IR/DfpOps.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::dfp {

#define GEN_PASS_DEF_DFPLOWERTOKERNELS
#include "dfp/Conversion/Passes.h.inc"

namespace {

/// dfp_rt_conv2d_dispatch's direction argument (dfp/abi/KernelAbi.h).
enum class ConvDirection : int64_t {
  Forward = 0,
  BackwardData,
  BackwardFilter
};

/// The C ABI functions of one op kind.
struct KernelAbi {
  StringRef dispatch, invoke;
};
constexpr KernelAbi kMatmulAbi{"dfp_rt_matmul_dispatch",
                               "dfp_rt_matmul_invoke"};
constexpr KernelAbi kConv2dAbi{"dfp_rt_conv2d_dispatch",
                               "dfp_rt_conv2d_invoke"};

/// Why the kernels cannot take `operand` (empty: they can).
std::string unsupportedOperand(Value operand) {
  auto type = dyn_cast<DfpTensorType>(operand.getType());
  if (!type)
    return "an operand is not a DFP tensor";
  if (type.getStorageBits() != 16)
    return "the kernels take i16 DFP operands only";
  if (type.getGrouping().kind == ExponentGrouping::Kind::Block)
    return "the kernels take per-tensor or per-axis exponents only";
  return "";
}

Type dynamicMemRef(Type type) {
  auto shaped = cast<ShapedType>(type);
  SmallVector<int64_t> sizes(shaped.getRank(), ShapedType::kDynamic);
  return MemRefType::get(sizes, shaped.getElementType());
}

/// Declares `name` in the module unless it is.
func::FuncOp getOrDeclare(PatternRewriter &rewriter, ModuleOp module,
                          StringRef name, FunctionType type, bool cInterface) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(module.getBody());
  auto func = rewriter.create<func::FuncOp>(module.getLoc(), name, type);
  func.setPrivate();
  if (cInterface)
    func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  rewriter.getUnitAttr());
  return func;
}

bool isConstantI64(Value value, int64_t expected) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  auto attr = constant ? dyn_cast<IntegerAttr>(constant.getValue()) : nullptr;
  return attr && attr.getType().isInteger(64) && attr.getInt() == expected;
}

/// The kernel handle of `descriptor`, dispatched at the entry of the
/// function holding `op` (once per distinct descriptor).
Value getOrCreateDispatch(PatternRewriter &rewriter, Operation *op,
                          StringRef dispatchName,
                          ArrayRef<int64_t> descriptor) {
  auto func = op->getParentOfType<func::FuncOp>();
  Block &entry = func.getBody().front();
  for (auto call : entry.getOps<func::CallOp>()) {
    if (call.getCallee() != dispatchName ||
        call.getNumOperands() != descriptor.size())
      continue;
    if (llvm::all_of(llvm::zip(call.getOperands(), descriptor), [](auto pair) {
          return isConstantI64(std::get<0>(pair), std::get<1>(pair));
        }))
      return call.getResult(0);
  }
  MLIRContext *context = rewriter.getContext();
  auto ptr = LLVM::LLVMPointerType::get(context);
  SmallVector<Type> argTypes(descriptor.size(), rewriter.getI64Type());
  getOrDeclare(rewriter, op->getParentOfType<ModuleOp>(), dispatchName,
               FunctionType::get(context, argTypes, {ptr}),
               /*cInterface=*/false);
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(&entry);
  ImplicitLocOpBuilder b(op->getLoc(), rewriter);
  SmallVector<Value> arguments;
  for (int64_t field : descriptor)
    arguments.push_back(
        b.create<arith::ConstantOp>(b.getI64IntegerAttr(field)));
  return b.create<func::CallOp>(dispatchName, TypeRange{ptr}, arguments)
      .getResult(0);
}

/// The decomposed DFP operand (values, exponent) as dynamic-shape memrefs.
void appendDecomposed(ImplicitLocOpBuilder &b, Value operand,
                      SmallVectorImpl<Value> &arguments) {
  auto type = cast<DfpTensorType>(operand.getType());
  auto decomposed = b.create<UnrealizedConversionCastOp>(
      TypeRange{getValuesType(type), getExponentsType(type)}, operand);
  for (Value part : decomposed.getResults()) {
    auto tensorType = cast<RankedTensorType>(part.getType());
    auto memrefType =
        MemRefType::get(tensorType.getShape(), tensorType.getElementType());
    Value memref =
        b.create<bufferization::ToMemrefOp>(memrefType, part, b.getUnitAttr());
    arguments.push_back(
        b.create<memref::CastOp>(dynamicMemRef(memrefType), memref));
  }
}

/// Replaces `op` (result: FP32 tensor) by the invoke of `handle` on its two
/// DFP operands.
void replaceByInvoke(PatternRewriter &rewriter, Operation *op,
                     StringRef invokeName, Value handle, Value first,
                     Value second) {
  ImplicitLocOpBuilder b(op->getLoc(), rewriter);
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  SmallVector<Value> arguments{handle};
  appendDecomposed(b, first, arguments);
  appendDecomposed(b, second, arguments);
  auto bufferType =
      MemRefType::get(resultType.getShape(), resultType.getElementType());
  Value buffer = b.create<memref::AllocOp>(bufferType, b.getI64IntegerAttr(64));
  arguments.push_back(
      b.create<memref::CastOp>(dynamicMemRef(bufferType), buffer));

  func::FuncOp invoke = getOrDeclare(
      rewriter, op->getParentOfType<ModuleOp>(), invokeName,
      FunctionType::get(rewriter.getContext(), ValueRange(arguments).getTypes(),
                        {rewriter.getI32Type()}),
      /*cInterface=*/true);
  b.create<func::CallOp>(invoke, arguments);
  rewriter.replaceOpWithNewOp<bufferization::ToTensorOp>(
      op, resultType, buffer, /*restrict=*/true, /*writable=*/true);
}

LogicalResult checkOperands(PatternRewriter &rewriter, Operation *op,
                            Value first, Value second) {
  if (!op->getParentOfType<func::FuncOp>())
    return rewriter.notifyMatchFailure(op, "not inside a func.func");
  for (Value operand : {first, second})
    if (std::string reason = unsupportedOperand(operand); !reason.empty())
      return rewriter.notifyMatchFailure(op, reason);
  return success();
}

int64_t magBits(Value operand) {
  return cast<DfpTensorType>(operand.getType()).getMagBits();
}

/// The ABI's exponent axis: -1 per tensor, else the dimension.
int64_t exponentAxis(Value operand) {
  ExponentGrouping grouping =
      cast<DfpTensorType>(operand.getType()).getGrouping();
  return grouping.kind == ExponentGrouping::Kind::Axis ? grouping.axis : -1;
}

struct MatmulToKernel : OpRewritePattern<MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkOperands(rewriter, op, op.getLhs(), op.getRhs())))
      return failure();
    auto result = cast<RankedTensorType>(op.getType());
    int64_t k = cast<ShapedType>(op.getLhs().getType())
                    .getDimSize(op.getTransposeLhs() ? 0 : 1);
    int64_t descriptor[] = {result.getDimSize(0),
                            result.getDimSize(1),
                            k,
                            op.getTransposeLhs(),
                            op.getTransposeRhs(),
                            magBits(op.getLhs()),
                            exponentAxis(op.getLhs()),
                            magBits(op.getRhs()),
                            exponentAxis(op.getRhs()),
                            int64_t(*op.getChain())};
    Value handle =
        getOrCreateDispatch(rewriter, op, kMatmulAbi.dispatch, descriptor);
    replaceByInvoke(rewriter, op, kMatmulAbi.invoke, handle, op.getLhs(),
                    op.getRhs());
    return success();
  }
};

/// Shared by the three convolution forms: which of their operands and
/// result are the input x [N, C, H, W] and the filter [K, C/g, R, S].
template <typename ConvOp, ConvDirection direction>
struct Conv2dToKernel : OpRewritePattern<ConvOp> {
  using OpRewritePattern<ConvOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    auto [first, second] = operands(op);
    if (failed(checkOperands(rewriter, op, first, second)))
      return failure();
    auto [input, filter] = inputAndFilterShapes(op);
    ArrayRef<int64_t> strides = op.getStrides(), padding = op.getPadding(),
                      dilations = op.getDilations();
    if (strides.size() != 2 || padding.size() != 4 || dilations.size() != 2)
      return rewriter.notifyMatchFailure(op, "not a 2-D window");
    int64_t descriptor[] = {int64_t(direction),
                            input[0],
                            input[1],
                            input[2],
                            input[3],
                            filter[0],
                            filter[2],
                            filter[3],
                            strides[0],
                            strides[1],
                            padding[0],
                            padding[1],
                            padding[2],
                            padding[3],
                            dilations[0],
                            dilations[1],
                            int64_t(op.getGroups()),
                            magBits(first),
                            exponentAxis(first),
                            magBits(second),
                            exponentAxis(second),
                            int64_t(*op.getChain())};
    Value handle =
        getOrCreateDispatch(rewriter, op, kConv2dAbi.dispatch, descriptor);
    replaceByInvoke(rewriter, op, kConv2dAbi.invoke, handle, first, second);
    return success();
  }

private:
  static std::pair<Value, Value> operands(ConvOp op) {
    if constexpr (direction == ConvDirection::Forward)
      return {op.getInput(), op.getFilter()};
    else if constexpr (direction == ConvDirection::BackwardData)
      return {op.getGradOutput(), op.getFilter()};
    else
      return {op.getInput(), op.getGradOutput()};
  }

  static std::pair<ArrayRef<int64_t>, ArrayRef<int64_t>>
  inputAndFilterShapes(ConvOp op) {
    auto shape = [](Value value) {
      return cast<ShapedType>(value.getType()).getShape();
    };
    ArrayRef<int64_t> result = cast<ShapedType>(op.getType()).getShape();
    if constexpr (direction == ConvDirection::Forward)
      return {shape(op.getInput()), shape(op.getFilter())};
    else if constexpr (direction == ConvDirection::BackwardData)
      return {result, shape(op.getFilter())};
    else
      return {shape(op.getInput()), result};
  }
};

struct DfpLowerToKernelsPass
    : impl::DfpLowerToKernelsBase<DfpLowerToKernelsPass> {
  void runOnOperation() override {
    WalkResult unchained = getOperation().walk([](Operation *op) {
      auto contraction = dyn_cast<ContractionOpInterface>(op);
      if (!contraction || !contraction.hasDfpOperands() ||
          contraction.getChainAttr())
        return WalkResult::advance();
      op->emitOpError("on DFP operands needs `chain` to be lowered to a "
                      "kernel (run dfp-chain-length)");
      return WalkResult::interrupt();
    });
    if (unchained.wasInterrupted())
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    patterns.add<
        MatmulToKernel, Conv2dToKernel<Conv2dOp, ConvDirection::Forward>,
        Conv2dToKernel<Conv2dBackwardDataOp, ConvDirection::BackwardData>,
        Conv2dToKernel<Conv2dBackwardFilterOp, ConvDirection::BackwardFilter>>(
        &getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

} // namespace mlir::dfp
