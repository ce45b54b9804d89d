#include "Executor.h"

#include "FusedOps.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "dfp/Dialect/Dfp/IR/DfpTypes.h"
#include "dfp/conv/Conv.h"
#include "dfp/jit/Gemm.h"
#include "dfp/ops/Ops.h"
#include "dfp/quantize/Quantize.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace dfp::runtime::session {

using mlir::Operation;
using mlir::Value;
namespace md = mlir::dfp;

namespace {

/// One dfp.quantize result in every form its consumers read: views of the
/// forward / backward-data plans that take it as activation, filters packed
/// for the plans that take it as weight, or the plain quantized tensor
/// (backward-filter, matmul). Quantized once per run; the forms share it.
struct QuantizedValue {
  std::vector<int64_t> shape;
  DfpFormat format;
  Rounding rounding = Rounding::NearestEven;
  StochasticSeed seed;
  const int32_t *step = nullptr; ///< the stochastic stream's step, or null
  const float *source = nullptr;
  quant::QuantizeOptions options;

  struct View {
    const conv::ConvPlan *plan;
    conv::ConvActivation activation;
  };
  std::vector<std::unique_ptr<View>> views;
  struct Pack {
    const conv::ConvPlan *plan;
    conv::PackedConvWeights packed;
  };
  std::vector<std::unique_ptr<Pack>> packs;
  bool needsTensor = false;
  QuantizedTensor tensor;
  /// The quantized values after run(): `tensor` or the first view's.
  const QuantizedTensor *values = nullptr;

  Status run() {
    if (step)
      seed.step = uint32_t(*step);
    if (!views.empty()) {
      for (const std::unique_ptr<View> &view : views)
        if (Status status = conv::quantizeActivation(
                *view->plan, source, rounding, seed, view->activation);
            !status)
          return status;
    } else if (Status status = quant::quantize(source, shape, format, rounding,
                                               seed, tensor, options);
               !status) {
      return status;
    }
    for (const std::unique_ptr<Pack> &pack : packs)
      if (Status status = conv::packWeights(*pack->plan, *values, pack->packed);
          !status)
        return status;
    return Status::success();
  }
};

/// The shapes of a conv op: x [N, C, H, W], w [K, C/g, R, S].
conv::ConvDirection directionOf(Operation *op) {
  if (llvm::isa<md::Conv2dBackwardDataOp>(op))
    return conv::ConvDirection::BackwardData;
  if (llvm::isa<md::Conv2dBackwardFilterOp>(op))
    return conv::ConvDirection::BackwardFilter;
  return conv::ConvDirection::Forward;
}

std::vector<int64_t> shapeOf(Value value) {
  auto shaped = llvm::cast<mlir::ShapedType>(value.getType());
  return std::vector<int64_t>(shaped.getShape().begin(),
                              shaped.getShape().end());
}

int64_t elementsOf(Value value) {
  int64_t count = 1;
  for (int64_t d : shapeOf(value))
    count *= d;
  return count;
}

template <typename ConvOp>
Conv2dShape convShapeOf(ConvOp op, Value input, Value filter) {
  const std::vector<int64_t> x = shapeOf(input), w = shapeOf(filter);
  Conv2dShape shape;
  shape.batch = x[0];
  shape.channels = x[1];
  shape.height = x[2];
  shape.width = x[3];
  shape.filters = w[0];
  shape.kernelH = w[2];
  shape.kernelW = w[3];
  llvm::ArrayRef<int64_t> strides = op.getStrides(), padding = op.getPadding(),
                          dilations = op.getDilations();
  for (size_t i = 0; i < 2; ++i) {
    shape.strides[i] = strides[i];
    shape.dilations[i] = dilations[i];
  }
  for (size_t i = 0; i < 4; ++i)
    shape.padding[i] = padding[i];
  shape.groups = int64_t(op.getGroups());
  return shape;
}

Conv2dShape convShapeOf(Operation *op) {
  if (auto forward = llvm::dyn_cast<md::Conv2dOp>(op))
    return convShapeOf(forward, forward.getInput(), forward.getFilter());
  if (auto data = llvm::dyn_cast<md::Conv2dBackwardDataOp>(op))
    return convShapeOf(data, data.getResult(), data.getFilter());
  auto filter = llvm::cast<md::Conv2dBackwardFilterOp>(op);
  return convShapeOf(filter, filter.getInput(), filter.getResult());
}

std::optional<uint64_t> chainOf(Operation *op) {
  if (auto a = op->getAttrOfType<mlir::IntegerAttr>("chain"))
    return a.getInt();
  return std::nullopt;
}

DfpFormat formatOf(md::DfpTensorType type) {
  DfpFormat format;
  format.storageBits = int(type.getStorageBits());
  format.magBits = int(type.getMagBits());
  const md::ExponentGrouping g = type.getGrouping();
  switch (g.kind) {
  case md::ExponentGrouping::Kind::Tensor:
    format.grouping = ExponentGrouping::tensor();
    break;
  case md::ExponentGrouping::Kind::Axis:
    format.grouping = ExponentGrouping::perAxis(int(g.axis));
    break;
  case md::ExponentGrouping::Kind::Block:
    format.grouping = ExponentGrouping::block(g.blockSize, int(g.axis));
    break;
  }
  return format;
}

Rounding roundingOf(md::RoundingMode mode) {
  switch (mode) {
  case md::RoundingMode::NearestEven:
    return Rounding::NearestEven;
  case md::RoundingMode::NearestUp:
    return Rounding::NearestUp;
  case md::RoundingMode::TowardZero:
    return Rounding::TowardZero;
  case md::RoundingMode::Stochastic:
    return Rounding::Stochastic;
  }
  return Rounding::NearestEven;
}

std::string describe(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << op->getLoc() << ": '" << op->getName() << "'";
  return text;
}

Status opError(Operation *op, const std::string &message) {
  return Status::error(describe(op) + ": " + message);
}

/// The kernel status with the op that ran it in front.
Status located(const std::string &where, Status status) {
  if (status)
    return status;
  return Status::error(where + ": " + status.message());
}

/// A matmul operand transposed (2-D, grouping per tensor or per axis).
void transpose(const QuantizedTensor &from, QuantizedTensor &to) {
  const int64_t rows = from.shape[0], cols = from.shape[1];
  to.shape = {cols, rows};
  to.format = from.format;
  if (from.format.grouping.kind == ExponentGrouping::Kind::Axis)
    to.format.grouping.axis = 1 - from.format.grouping.axis;
  to.exponents = from.exponents;
  to.values.resize(from.values.size());
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      to.values[size_t(j * rows + i)] = from.values[size_t(i * cols + j)];
}

/// The DFP GEMM of one dfp.matmul: layout planned once, operands packed
/// every run.
struct GemmRun {
  jit::GemmLayout layout;
  jit::GemmOptions options;
  const QuantizedValue *lhs = nullptr, *rhs = nullptr;
  bool transposeLhs = false, transposeRhs = false;
  QuantizedTensor lhsT, rhsT;
  jit::PackedOperand a, b;

  Status run(float *c) {
    const QuantizedTensor *x = lhs->values, *y = rhs->values;
    if (transposeLhs) {
      transpose(*x, lhsT);
      x = &lhsT;
    }
    if (transposeRhs) {
      transpose(*y, rhsT);
      y = &rhsT;
    }
    if (Status status = jit::packA(layout, *x, a); !status)
      return status;
    if (Status status = jit::packB(layout, *y, b); !status)
      return status;
    return jit::gemmPacked(layout, a, b, c, options);
  }
};

} // namespace

struct Executor::Storage {
  std::vector<std::unique_ptr<jit::AlignedVector<float>>> buffers;
  std::vector<std::unique_ptr<QuantizedValue>> quantized;
  std::vector<std::unique_ptr<conv::ConvPlan>> plans;
  std::vector<std::unique_ptr<ops::Conv2dPrimitive>> primitives;
  std::vector<std::unique_ptr<GemmRun>> gemms;
};

/// Walks the function once and turns each op into a step.
class Binder {
public:
  Binder(Executor &executor, const ExecutorOptions &options)
      : executor(executor), storage(*executor.storage_), options(options) {
    opOptions.threads = options.threads;
  }

  Status bind(mlir::func::FuncOp function,
              const std::vector<void *> &arguments) {
    if (function.getNumArguments() != arguments.size())
      return Status::error(
          "executor: @" + function.getName().str() + " takes " +
          std::to_string(function.getNumArguments()) + " arguments, bound " +
          std::to_string(arguments.size()));
    for (mlir::BlockArgument argument : function.getArguments()) {
      void *data = arguments[argument.getArgNumber()];
      mlir::Type element = mlir::getElementTypeOrSelf(argument.getType());
      if (element.isF32())
        f32[argument] = static_cast<float *>(data);
      else
        integers[argument] = data;
    }
    fusions = findFusions(function);
    for (Operation &op : function.getBody().front()) {
      if (fusedAway.contains(&op))
        continue;
      if (Status status = bindOp(&op); !status)
        return status;
    }
    return Status::success();
  }

private:
  // --- buffers -----------------------------------------------------------

  float *allocate(Value value) {
    storage.buffers.push_back(std::make_unique<jit::AlignedVector<float>>(
        size_t(std::max<int64_t>(elementsOf(value), 1)), 0.0f));
    float *data = storage.buffers.back()->data();
    f32[value] = data;
    return data;
  }

  Status input(Operation *op, Value value, const float *&data) {
    auto it = f32.find(value);
    if (it == f32.end())
      return opError(op, "operand is not an f32 tensor the session computes");
    data = it->second;
    return Status::success();
  }

  void addStep(Operation *op, const std::string &kindName,
               std::function<Status()> body) {
    OpProfile::Kind *kind = nullptr;
    if (options.profile) {
      kind = options.profile->kind(kindName);
      kind->name = kindName;
    }
    const std::string where = describe(op);
    executor.steps_.push_back({kind, [where, body = std::move(body)]() {
                                 return located(where, body());
                               }});
  }

  // --- fusion ---------------------------------------------------------------

  /// Batch norm (training or inference) whose only user is a relu: one pass
  /// writes max(bn(x), 0). relu_backward(dy, relu) followed by
  /// batch_norm_backward of the same batch norm: the mask is applied inside
  /// the backward's passes.
  struct Fusions {
    llvm::DenseMap<Operation *, Operation *> reluOfNorm;         // bn -> relu
    llvm::DenseMap<Operation *, Operation *> maskOfNormBackward; // bnb -> rb
  };

  Fusions findFusions(mlir::func::FuncOp function) {
    Fusions found;
    function.walk([&](Operation *op) {
      Value normalized;
      if (auto bn = llvm::dyn_cast<md::BatchNormOp>(op))
        normalized = bn.getOutput();
      else if (auto bn = llvm::dyn_cast<md::BatchNormInferenceOp>(op))
        normalized = bn.getOutput();
      else
        return;
      if (!normalized.hasOneUse())
        return;
      auto relu = llvm::dyn_cast<md::ReluOp>(*normalized.getUsers().begin());
      if (!relu)
        return;
      found.reluOfNorm[op] = relu;
      fusedAway.insert(relu);
    });
    function.walk([&](md::BatchNormBackwardOp backward) {
      auto mask = backward.getGradOutput().getDefiningOp<md::ReluBackwardOp>();
      if (!mask || !mask.getGradInput().hasOneUse())
        return;
      // The mask input must be the fused relu's output (or its input, the
      // batch norm output: same sign pattern).
      Operation *source = mask.getInput().getDefiningOp();
      if (!source)
        return;
      bool fromFusedRelu = false;
      for (auto [norm, relu] : found.reluOfNorm)
        if (relu == source)
          fromFusedRelu = true;
      if (!fromFusedRelu)
        return;
      found.maskOfNormBackward[backward] = mask;
      fusedAway.insert(mask);
    });
    return found;
  }

  // --- quantization --------------------------------------------------------

  Status planFor(Operation *op, const conv::ConvPlan *&plan) {
    auto it = plans.find(op);
    if (it != plans.end()) {
      plan = it->second;
      return Status::success();
    }
    std::optional<uint64_t> chain = chainOf(op);
    if (!chain)
      return opError(op, "a DFP contraction without chain (run "
                         "dfp-chain-length)");
    auto first = llvm::dyn_cast<md::DfpTensorType>(op->getOperand(0).getType());
    auto second =
        llvm::dyn_cast<md::DfpTensorType>(op->getOperand(1).getType());
    if (!first || !second)
      return opError(op, "one operand is DFP, the other f32");
    conv::ConvOptions convOptions;
    convOptions.threads = options.threads;
    storage.plans.push_back(std::make_unique<conv::ConvPlan>());
    if (Status status = conv::makeConvPlan(directionOf(op), convShapeOf(op),
                                           {formatOf(first), formatOf(second)},
                                           int64_t(*chain), convOptions,
                                           *storage.plans.back());
        !status)
      return opError(op, status.message());
    plan = plans[op] = storage.plans.back().get();
    return Status::success();
  }

  Status bindQuantize(md::QuantizeOp op) {
    auto value = std::make_unique<QuantizedValue>();
    QuantizedValue &q = *value;
    auto type = llvm::cast<md::DfpTensorType>(op.getOutput().getType());
    q.shape = shapeOf(op.getOutput());
    q.format = formatOf(type);
    q.rounding = roundingOf(op.getRounding());
    q.seed.seed = op.getSeed().value_or(0);
    q.seed.stream = op.getStream().value_or(0);
    if (Value step = op.getStep()) {
      auto it = integers.find(step);
      if (it == integers.end())
        return opError(op, "the step operand is not a function argument");
      q.step = static_cast<const int32_t *>(it->second);
    }
    q.options.threads = options.threads;
    const float *source;
    if (Status status = input(op, op.getInput(), source); !status)
      return status;
    q.source = source;
    for (mlir::OpOperand &use : op.getOutput().getUses()) {
      Operation *user = use.getOwner();
      const unsigned index = use.getOperandNumber();
      if (llvm::isa<md::Conv2dOp, md::Conv2dBackwardDataOp>(user)) {
        const conv::ConvPlan *plan;
        if (Status status = planFor(user, plan); !status)
          return status;
        if (index == 0)
          q.views.push_back(std::make_unique<QuantizedValue::View>(
              QuantizedValue::View{plan, {}}));
        else
          q.packs.push_back(std::make_unique<QuantizedValue::Pack>(
              QuantizedValue::Pack{plan, {}}));
      } else if (llvm::isa<md::Conv2dBackwardFilterOp, md::MatmulOp,
                           md::ReshapeOp, md::DequantizeOp>(user)) {
        q.needsTensor = true;
      } else {
        return opError(user, "unsupported consumer of a DFP tensor");
      }
    }
    if (!q.packs.empty())
      q.needsTensor = true;
    if (!q.views.empty() && q.needsTensor)
      q.views.front()->activation.keepValues = true;
    q.values =
        q.views.empty() ? &q.tensor : &q.views.front()->activation.tensor;
    dfp[op.getOutput()] = value.get();
    QuantizedValue *raw = value.get();
    storage.quantized.push_back(std::move(value));
    addStep(op, "quantize", [raw] { return raw->run(); });
    return Status::success();
  }

  Status quantizedOperand(Operation *op, Value value, QuantizedValue *&q) {
    auto it = dfp.find(value);
    if (it == dfp.end())
      return opError(op, "DFP operand not produced by dfp.quantize");
    q = it->second;
    return Status::success();
  }

  // --- contractions ----------------------------------------------------------

  Status bindConv(Operation *op) {
    const conv::ConvDirection direction = directionOf(op);
    const std::string name = op->getName().stripDialect().str();
    float *result = allocate(op->getResult(0));
    if (llvm::isa<md::DfpTensorType>(op->getOperand(0).getType()) ||
        llvm::isa<md::DfpTensorType>(op->getOperand(1).getType())) {
      const conv::ConvPlan *plan;
      if (Status status = planFor(op, plan); !status)
        return status;
      QuantizedValue *first, *second;
      if (Status status = quantizedOperand(op, op->getOperand(0), first);
          !status)
        return status;
      if (Status status = quantizedOperand(op, op->getOperand(1), second);
          !status)
        return status;
      if (direction == conv::ConvDirection::BackwardFilter) {
        addStep(op, name + " dfp16", [plan, first, second, result] {
          return conv::runBackwardFilter(*plan, *first->values, *second->values,
                                         result);
        });
        return Status::success();
      }
      const conv::ConvActivation *activation = nullptr;
      for (const auto &view : first->views)
        if (view->plan == plan)
          activation = &view->activation;
      const conv::PackedConvWeights *weights = nullptr;
      for (const auto &pack : second->packs)
        if (pack->plan == plan)
          weights = &pack->packed;
      if (!activation || !weights)
        return opError(op, "operands quantized for another plan");
      if (direction == conv::ConvDirection::Forward)
        addStep(op, name + " dfp16", [plan, activation, weights, result] {
          return conv::runForward(*plan, *activation, *weights, result);
        });
      else
        addStep(op, name + " dfp16", [plan, activation, weights, result] {
          return conv::runBackwardData(*plan, *activation, *weights, result);
        });
      return Status::success();
    }
    const float *first, *second;
    if (Status status = input(op, op->getOperand(0), first); !status)
      return status;
    if (Status status = input(op, op->getOperand(1), second); !status)
      return status;
    const ops::Conv2dDirection fp32Direction =
        direction == conv::ConvDirection::Forward
            ? ops::Conv2dDirection::Forward
        : direction == conv::ConvDirection::BackwardData
            ? ops::Conv2dDirection::BackwardData
            : ops::Conv2dDirection::BackwardFilter;
    std::unique_ptr<ops::Conv2dPrimitive> primitive;
    if (Status status = ops::Conv2dPrimitive::create(
            fp32Direction, convShapeOf(op), opOptions, primitive);
        !status)
      return opError(op, status.message());
    ops::Conv2dPrimitive *raw = primitive.get();
    storage.primitives.push_back(std::move(primitive));
    addStep(op, name + " fp32", [raw, first, second, result] {
      return raw->run(first, second, result);
    });
    return Status::success();
  }

  Status bindMatmul(md::MatmulOp op) {
    float *result = allocate(op.getResult());
    const std::vector<int64_t> out = shapeOf(op.getResult());
    const std::vector<int64_t> lhs = shapeOf(op.getLhs());
    const int64_t k = op.getTransposeLhs() ? lhs[0] : lhs[1];
    auto lhsType = llvm::dyn_cast<md::DfpTensorType>(op.getLhs().getType());
    auto rhsType = llvm::dyn_cast<md::DfpTensorType>(op.getRhs().getType());
    if (lhsType || rhsType) {
      if (!lhsType || !rhsType)
        return opError(op, "one operand is DFP, the other f32");
      std::optional<uint64_t> chain = chainOf(op);
      if (!chain)
        return opError(op, "a DFP contraction without chain");
      auto gemm = std::make_unique<GemmRun>();
      gemm->options.threads = options.threads;
      gemm->transposeLhs = op.getTransposeLhs();
      gemm->transposeRhs = op.getTransposeRhs();
      DfpFormat a = formatOf(lhsType), b = formatOf(rhsType);
      for (auto [format, transposed] :
           {std::pair<DfpFormat *, bool>{&a, gemm->transposeLhs},
            {&b, gemm->transposeRhs}}) {
        if (!transposed)
          continue;
        if (format->grouping.kind == ExponentGrouping::Kind::Block)
          return opError(op, "transposed operand with block exponents");
        if (format->grouping.kind == ExponentGrouping::Kind::Axis)
          format->grouping.axis = 1 - format->grouping.axis;
      }
      if (Status status =
              jit::makeGemmLayout(out[0], out[1], k, a, b, int64_t(*chain),
                                  gemm->options, gemm->layout);
          !status)
        return opError(op, status.message());
      QuantizedValue *x, *y;
      if (Status status = quantizedOperand(op, op.getLhs(), x); !status)
        return status;
      if (Status status = quantizedOperand(op, op.getRhs(), y); !status)
        return status;
      gemm->lhs = x;
      gemm->rhs = y;
      GemmRun *raw = gemm.get();
      storage.gemms.push_back(std::move(gemm));
      addStep(op, "matmul dfp16", [raw, result] { return raw->run(result); });
      return Status::success();
    }
    const float *x, *y;
    if (Status status = input(op, op.getLhs(), x); !status)
      return status;
    if (Status status = input(op, op.getRhs(), y); !status)
      return status;
    ops::MatmulShape shape;
    shape.m = out[0];
    shape.n = out[1];
    shape.k = k;
    shape.transposeLhs = op.getTransposeLhs();
    shape.transposeRhs = op.getTransposeRhs();
    ops::OpOptions o = opOptions;
    addStep(op, "matmul fp32", [x, y, shape, result, o] {
      return ops::matmul(x, y, shape, result, o);
    });
    return Status::success();
  }

  // --- the rest --------------------------------------------------------------

  Status channelShape(Operation *op, Value value, ops::ChannelShape &shape) {
    if (Status status = ops::ChannelShape::fromDims(shapeOf(value), shape);
        !status)
      return opError(op, status.message());
    return Status::success();
  }

  template <typename PoolOp>
  Status poolShape(PoolOp op, Value input, ops::Pool2dShape &shape) {
    const std::vector<int64_t> x = shapeOf(input);
    if (x.size() != 4)
      return opError(op, "pooling needs an NCHW tensor");
    shape.batch = x[0];
    shape.channels = x[1];
    shape.height = x[2];
    shape.width = x[3];
    for (size_t i = 0; i < 2; ++i) {
      shape.kernel[i] = op.getKernel()[i];
      shape.strides[i] = op.getStrides()[i];
    }
    for (size_t i = 0; i < 4; ++i)
      shape.padding[i] = op.getPadding()[i];
    if (Status status = shape.verify(op->getName().getStringRef().data());
        !status)
      return opError(op, status.message());
    return Status::success();
  }

  Status inputs(Operation *op, std::initializer_list<Value> values,
                std::initializer_list<const float **> out) {
    auto v = values.begin();
    for (const float **o : out)
      if (Status status = input(op, *v++, *o); !status)
        return status;
    return Status::success();
  }

  Status labels(Operation *op, Value value, const int32_t *&data) {
    auto type = llvm::cast<mlir::ShapedType>(value.getType());
    if (!type.getElementType().isInteger(32))
      return opError(op, "labels must be i32");
    auto it = integers.find(value);
    if (it == integers.end())
      return opError(op, "labels are not a function argument");
    data = static_cast<const int32_t *>(it->second);
    return Status::success();
  }

  Status bindOp(Operation *op) {
    const ops::OpOptions o = opOptions;
    if (auto q = llvm::dyn_cast<md::QuantizeOp>(op))
      return bindQuantize(q);
    if (llvm::isa<md::Conv2dOp, md::Conv2dBackwardDataOp,
                  md::Conv2dBackwardFilterOp>(op))
      return bindConv(op);
    if (auto m = llvm::dyn_cast<md::MatmulOp>(op))
      return bindMatmul(m);
    if (auto r = llvm::dyn_cast<md::ReshapeOp>(op)) {
      if (llvm::isa<md::DfpTensorType>(r.getInput().getType()))
        return opError(op, "reshape of a DFP tensor is not supported");
      const float *x;
      if (Status status = input(op, r.getInput(), x); !status)
        return status;
      f32[r.getResult()] = const_cast<float *>(x); // a view, no copy
      return Status::success();
    }
    if (auto c = llvm::dyn_cast<mlir::arith::ConstantOp>(op)) {
      auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(c.getValue());
      if (!dense || !dense.getElementType().isF32())
        return opError(op, "only f32 dense constants are supported");
      float *y = allocate(c.getResult());
      int64_t i = 0;
      for (float v : dense.getValues<float>())
        y[i++] = v;
      return Status::success();
    }
    if (auto ret = llvm::dyn_cast<mlir::func::ReturnOp>(op)) {
      for (Value v : ret.getOperands()) {
        auto it = f32.find(v);
        if (it == f32.end())
          return opError(op, "returns a value that is not an f32 tensor");
        executor.results_.push_back(it->second);
      }
      return Status::success();
    }
    if (auto r = llvm::dyn_cast<md::ReluOp>(op)) {
      const float *x;
      if (Status status = input(op, r.getInput(), x); !status)
        return status;
      float *y = allocate(r.getOutput());
      const int64_t n = elementsOf(r.getOutput());
      addStep(op, "relu", [=] {
        ops::relu(x, n, y, o);
        return Status::success();
      });
      return Status::success();
    }
    if (auto r = llvm::dyn_cast<md::ReluBackwardOp>(op)) {
      const float *dy, *x;
      if (Status status =
              inputs(op, {r.getGradOutput(), r.getInput()}, {&dy, &x});
          !status)
        return status;
      float *dx = allocate(r.getGradInput());
      const int64_t n = elementsOf(r.getGradInput());
      addStep(op, "relu_backward", [=] {
        ops::reluBackward(dy, x, n, dx, o);
        return Status::success();
      });
      return Status::success();
    }
    if (auto a = llvm::dyn_cast<md::AddOp>(op)) {
      const float *x, *y;
      if (Status status = inputs(op, {a.getLhs(), a.getRhs()}, {&x, &y});
          !status)
        return status;
      float *z = allocate(a.getResult());
      const int64_t n = elementsOf(a.getResult());
      addStep(op, "add", [=] {
        ops::add(x, y, n, z, o);
        return Status::success();
      });
      return Status::success();
    }
    if (auto b = llvm::dyn_cast<md::BiasAddOp>(op)) {
      const float *x, *bias;
      if (Status status = inputs(op, {b.getInput(), b.getBias()}, {&x, &bias});
          !status)
        return status;
      ops::ChannelShape shape;
      if (Status status = channelShape(op, b.getInput(), shape); !status)
        return status;
      float *y = allocate(b.getOutput());
      addStep(op, "bias_add",
              [=] { return ops::biasAdd(x, bias, shape, y, o); });
      return Status::success();
    }
    if (auto b = llvm::dyn_cast<md::BiasAddBackwardOp>(op)) {
      const float *dy;
      if (Status status = input(op, b.getGradOutput(), dy); !status)
        return status;
      ops::ChannelShape shape;
      if (Status status = channelShape(op, b.getGradOutput(), shape); !status)
        return status;
      float *db = allocate(b.getGradBias());
      addStep(op, "bias_add_backward",
              [=] { return ops::biasAddBackward(dy, shape, db, o); });
      return Status::success();
    }
    if (auto p = llvm::dyn_cast<md::MaxPool2dOp>(op)) {
      const float *x;
      if (Status status = input(op, p.getInput(), x); !status)
        return status;
      ops::Pool2dShape shape;
      if (Status status = poolShape(p, p.getInput(), shape); !status)
        return status;
      float *y = allocate(p.getOutput());
      addStep(op, "max_pool2d", [=] { return ops::maxPool2d(x, shape, y, o); });
      return Status::success();
    }
    if (auto p = llvm::dyn_cast<md::MaxPool2dBackwardOp>(op)) {
      const float *dy, *x;
      if (Status status =
              inputs(op, {p.getGradOutput(), p.getInput()}, {&dy, &x});
          !status)
        return status;
      ops::Pool2dShape shape;
      if (Status status = poolShape(p, p.getInput(), shape); !status)
        return status;
      float *dx = allocate(p.getGradInput());
      addStep(op, "max_pool2d_backward",
              [=] { return ops::maxPool2dBackward(dy, x, shape, dx, o); });
      return Status::success();
    }
    if (auto p = llvm::dyn_cast<md::AvgPool2dOp>(op)) {
      const float *x;
      if (Status status = input(op, p.getInput(), x); !status)
        return status;
      ops::Pool2dShape shape;
      if (Status status = poolShape(p, p.getInput(), shape); !status)
        return status;
      float *y = allocate(p.getOutput());
      const bool include = p.getCountIncludePad();
      addStep(op, "avg_pool2d",
              [=] { return ops::avgPool2d(x, shape, include, y, o); });
      return Status::success();
    }
    if (auto p = llvm::dyn_cast<md::AvgPool2dBackwardOp>(op)) {
      const float *dy;
      if (Status status = input(op, p.getGradOutput(), dy); !status)
        return status;
      ops::Pool2dShape shape;
      if (Status status = poolShape(p, p.getGradInput(), shape); !status)
        return status;
      float *dx = allocate(p.getGradInput());
      const bool include = p.getCountIncludePad();
      addStep(op, "avg_pool2d_backward", [=] {
        return ops::avgPool2dBackward(dy, shape, include, dx, o);
      });
      return Status::success();
    }
    if (auto g = llvm::dyn_cast<md::GlobalAvgPoolOp>(op)) {
      const float *x;
      if (Status status = input(op, g.getInput(), x); !status)
        return status;
      const std::vector<int64_t> dims = shapeOf(g.getInput());
      const ops::PlaneShape shape{dims[0] * dims[1], dims[2] * dims[3]};
      float *y = allocate(g.getOutput());
      addStep(op, "global_avg_pool",
              [=] { return ops::globalAvgPool(x, shape, y, o); });
      return Status::success();
    }
    if (auto g = llvm::dyn_cast<md::GlobalAvgPoolBackwardOp>(op)) {
      const float *dy;
      if (Status status = input(op, g.getGradOutput(), dy); !status)
        return status;
      const std::vector<int64_t> dims = shapeOf(g.getGradInput());
      const ops::PlaneShape shape{dims[0] * dims[1], dims[2] * dims[3]};
      float *dx = allocate(g.getGradInput());
      addStep(op, "global_avg_pool_backward",
              [=] { return ops::globalAvgPoolBackward(dy, shape, dx, o); });
      return Status::success();
    }
    if (auto bn = llvm::dyn_cast<md::BatchNormOp>(op))
      return bindBatchNorm(bn);
    if (auto bn = llvm::dyn_cast<md::BatchNormInferenceOp>(op)) {
      const float *x, *scale, *bias, *mean, *var;
      if (Status status = inputs(op,
                                 {bn.getInput(), bn.getScale(), bn.getBias(),
                                  bn.getRunningMean(), bn.getRunningVar()},
                                 {&x, &scale, &bias, &mean, &var});
          !status)
        return status;
      ops::ChannelShape shape;
      if (Status status = channelShape(op, bn.getInput(), shape); !status)
        return status;
      const float epsilon = bn.getEpsilon().convertToFloat();
      auto fused = fusions.reluOfNorm.find(op);
      if (fused != fusions.reluOfNorm.end()) {
        float *y = allocate(fused->second->getResult(0));
        addStep(op, "batch_norm_inference+relu", [=] {
          return batchNormInferenceRelu(x, scale, bias, mean, var, shape,
                                        epsilon, y, o);
        });
        return Status::success();
      }
      float *y = allocate(bn.getOutput());
      addStep(op, "batch_norm_inference", [=] {
        return ops::batchNormInference(x, scale, bias, mean, var, shape,
                                       epsilon, y, o);
      });
      return Status::success();
    }
    if (auto bn = llvm::dyn_cast<md::BatchNormBackwardOp>(op))
      return bindBatchNormBackward(bn);
    if (auto r = llvm::dyn_cast<md::RunningStatUpdateOp>(op)) {
      const float *mean, *var, *batchMean, *batchVar;
      if (Status status = inputs(op,
                                 {r.getRunningMean(), r.getRunningVar(),
                                  r.getBatchMean(), r.getBatchVar()},
                                 {&mean, &var, &batchMean, &batchVar});
          !status)
        return status;
      float *newMean = allocate(r.getNewRunningMean());
      float *newVar = allocate(r.getNewRunningVar());
      const int64_t channels = elementsOf(r.getRunningMean());
      const int64_t count = int64_t(r.getCount());
      const float momentum = r.getMomentum().convertToFloat();
      addStep(op, "running_stat_update", [=] {
        std::memcpy(newMean, mean, size_t(channels) * sizeof(float));
        std::memcpy(newVar, var, size_t(channels) * sizeof(float));
        return ops::updateRunningStatistics(
            newMean, newVar, batchMean, batchVar, channels, count, momentum);
      });
      return Status::success();
    }
    if (auto s = llvm::dyn_cast<md::SoftmaxCrossEntropyOp>(op)) {
      const float *logits;
      const int32_t *labelData;
      if (Status status = input(op, s.getLogits(), logits); !status)
        return status;
      if (Status status = labels(op, s.getLabels(), labelData); !status)
        return status;
      const std::vector<int64_t> dims = shapeOf(s.getLogits());
      const ops::LossShape shape{dims[0], dims[1]};
      float *loss = allocate(s.getLoss());
      addStep(op, "softmax_cross_entropy", [=] {
        return ops::softmaxCrossEntropy(logits, labelData, shape, loss);
      });
      return Status::success();
    }
    if (auto s = llvm::dyn_cast<md::SoftmaxCrossEntropyBackwardOp>(op)) {
      const float *gradLoss, *logits;
      const int32_t *labelData;
      if (Status status = inputs(op, {s.getGradLoss(), s.getLogits()},
                                 {&gradLoss, &logits});
          !status)
        return status;
      if (Status status = labels(op, s.getLabels(), labelData); !status)
        return status;
      const std::vector<int64_t> dims = shapeOf(s.getLogits());
      const ops::LossShape shape{dims[0], dims[1]};
      float *grad = allocate(s.getGradLogits());
      addStep(op, "softmax_cross_entropy_backward", [=] {
        return ops::softmaxCrossEntropyBackward(*gradLoss, logits, labelData,
                                                shape, grad);
      });
      return Status::success();
    }
    if (auto s = llvm::dyn_cast<md::SgdUpdateOp>(op)) {
      const float *param, *grad, *velocity, *lr;
      if (Status status = inputs(
              op, {s.getParam(), s.getGrad(), s.getMomentumBuffer(), s.getLr()},
              {&param, &grad, &velocity, &lr});
          !status)
        return status;
      float *newParam = allocate(s.getNewParam());
      float *newVelocity = allocate(s.getNewMomentumBuffer());
      const int64_t n = elementsOf(s.getParam());
      const float momentum = s.getMomentum().convertToFloat();
      const float decay = s.getWeightDecay().convertToFloat();
      addStep(op, "sgd_update", [=] {
        ops::sgdUpdate(param, grad, velocity, n, {*lr, momentum, decay},
                       newParam, newVelocity, o);
        return Status::success();
      });
      return Status::success();
    }
    return opError(op, "unsupported op in a training module");
  }

  Status bindBatchNorm(md::BatchNormOp bn) {
    Operation *op = bn;
    const float *x, *scale, *bias;
    if (Status status = inputs(op, {bn.getInput(), bn.getScale(), bn.getBias()},
                               {&x, &scale, &bias});
        !status)
      return status;
    ops::ChannelShape shape;
    if (Status status = channelShape(op, bn.getInput(), shape); !status)
      return status;
    const float epsilon = bn.getEpsilon().convertToFloat();
    float *mean = allocate(bn.getBatchMean());
    float *var = allocate(bn.getBatchVar());
    const ops::OpOptions o = opOptions;
    auto fused = fusions.reluOfNorm.find(op);
    if (fused != fusions.reluOfNorm.end()) {
      float *y = allocate(fused->second->getResult(0));
      addStep(op, "batch_norm+relu", [=] {
        return batchNormTrainingRelu(x, scale, bias, shape, epsilon, y, mean,
                                     var, o);
      });
      return Status::success();
    }
    float *y = allocate(bn.getOutput());
    addStep(op, "batch_norm", [=] {
      return ops::batchNormTraining(x, scale, bias, shape, epsilon, y, mean,
                                    var, o);
    });
    return Status::success();
  }

  Status bindBatchNormBackward(md::BatchNormBackwardOp bn) {
    Operation *op = bn;
    const float *dy, *x, *scale, *mean, *var;
    auto fused = fusions.maskOfNormBackward.find(op);
    md::ReluBackwardOp mask;
    Value gradOutput = bn.getGradOutput();
    if (fused != fusions.maskOfNormBackward.end()) {
      mask = llvm::cast<md::ReluBackwardOp>(fused->second);
      gradOutput = mask.getGradOutput();
    }
    if (Status status = inputs(op,
                               {gradOutput, bn.getInput(), bn.getScale(),
                                bn.getBatchMean(), bn.getBatchVar()},
                               {&dy, &x, &scale, &mean, &var});
        !status)
      return status;
    ops::ChannelShape shape;
    if (Status status = channelShape(op, bn.getInput(), shape); !status)
      return status;
    const float epsilon = bn.getEpsilon().convertToFloat();
    float *dx = allocate(bn.getGradInput());
    float *dscale = allocate(bn.getGradScale());
    float *dbias = allocate(bn.getGradBias());
    const ops::OpOptions o = opOptions;
    if (mask) {
      const float *activation;
      if (Status status = input(op, mask.getInput(), activation); !status)
        return status;
      addStep(op, "relu_backward+batch_norm_backward", [=] {
        return reluBatchNormBackward(dy, activation, x, scale, mean, var, shape,
                                     epsilon, dx, dscale, dbias, o);
      });
      return Status::success();
    }
    addStep(op, "batch_norm_backward", [=] {
      return ops::batchNormBackward(dy, x, scale, mean, var, shape, epsilon, dx,
                                    dscale, dbias, o);
    });
    return Status::success();
  }

  Executor &executor;
  Executor::Storage &storage;
  ExecutorOptions options;
  ops::OpOptions opOptions;
  llvm::DenseMap<Value, float *> f32;
  llvm::DenseMap<Value, void *> integers;
  llvm::DenseMap<Value, QuantizedValue *> dfp;
  llvm::DenseMap<Operation *, const conv::ConvPlan *> plans;
  llvm::DenseSet<Operation *> fusedAway;
  Fusions fusions;
};

Executor::Executor() : storage_(std::make_unique<Storage>()) {}
Executor::~Executor() = default;

Status Executor::compile(mlir::func::FuncOp function,
                         const std::vector<void *> &arguments,
                         const ExecutorOptions &options,
                         std::unique_ptr<Executor> &out) {
  std::unique_ptr<Executor> executor(new Executor());
  executor->profile_ = options.profile;
  Binder binder(*executor, options);
  if (Status status = binder.bind(function, arguments); !status)
    return status;
  out = std::move(executor);
  return Status::success();
}

Status Executor::run() {
  for (Step &step : steps_) {
    if (!step.kind) {
      if (Status status = step.body(); !status)
        return status;
      continue;
    }
    const auto start = OpProfile::Clock::now();
    Status status = step.body();
    step.kind->seconds +=
        std::chrono::duration<double>(OpProfile::Clock::now() - start).count();
    ++step.kind->calls;
    if (!status)
      return status;
  }
  return Status::success();
}

} // namespace dfp::runtime::session
