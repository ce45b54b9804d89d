#include "Binder.h"
#include "OpInfo.h"

#include <cstdlib>

namespace dfp::runtime::session {

using mlir::Operation;
using mlir::Value;
namespace md = mlir::dfp;

Status Binder::planFor(Operation *op, const conv::ConvPlan *&plan) {
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
  auto second = llvm::dyn_cast<md::DfpTensorType>(op->getOperand(1).getType());
  if (!first || !second)
    return opError(op, "one operand is DFP, the other f32");
  conv::ConvOptions convOptions;
  convOptions.threads = options.threads;
  storage.plans.push_back(std::make_unique<conv::ConvPlan>());
  if (Status status = conv::makeConvPlan(
          directionOf(op), convShapeOf(op), {formatOf(first), formatOf(second)},
          int64_t(*chain), convOptions, *storage.plans.back());
      !status)
    return opError(op, status.message());
  plan = plans[op] = storage.plans.back().get();
  return Status::success();
}

Status Binder::bindQuantize(md::QuantizeOp op) {
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
    if (llvm::isa<md::Conv2dOp, md::Conv2dBackwardDataOp>(user) &&
        use.getOperandNumber() == 1) {
      const conv::ConvPlan *plan;
      if (Status status = planFor(user, plan); !status)
        return status;
      q.packs.push_back(std::make_unique<QuantizedValue::Pack>(
          QuantizedValue::Pack{plan, {}}));
    } else if (!llvm::isa<md::Conv2dOp, md::Conv2dBackwardDataOp,
                          md::Conv2dBackwardFilterOp, md::MatmulOp>(user)) {
      return opError(user, "unsupported consumer of a DFP tensor");
    }
  }
  dfp[op.getOutput()] = value.get();
  QuantizedValue *raw = value.get();
  storage.quantized.push_back(std::move(value));
  addStep(op, profileName(q), [raw] { return raw->run(); });
  return Status::success();
}

std::string Binder::profileName(const QuantizedValue &q) {
  std::string name = std::string("quantize ") + toString(q.rounding);
  if (getenv("DFP_SESSION_PROFILE_DETAIL")) {
    int64_t n = 1;
    for (int64_t d : q.shape)
      n *= d;
    name += " " + std::to_string(n) + (q.packs.empty() ? "" : " +pack");
  }
  return name;
}

Status Binder::quantizedOperand(Operation *op, Value value,
                                QuantizedValue *&q) {
  auto it = dfp.find(value);
  if (it == dfp.end())
    return opError(op, "DFP operand not produced by dfp.quantize");
  q = it->second;
  return Status::success();
}

Status Binder::bindConv(Operation *op) {
  const conv::ConvDirection direction = directionOf(op);
  std::string name = op->getName().stripDialect().str();
  if (getenv("DFP_SESSION_PROFILE_DETAIL")) {
    const Conv2dShape shape = convShapeOf(op);
    name += " C" + std::to_string(shape.channels) + " K" +
            std::to_string(shape.filters) + " " + std::to_string(shape.height);
  }
  float *result = allocate(op->getResult(0));
  if (llvm::isa<md::DfpTensorType>(op->getOperand(0).getType()) ||
      llvm::isa<md::DfpTensorType>(op->getOperand(1).getType())) {
    const conv::ConvPlan *plan;
    if (Status status = planFor(op, plan); !status)
      return status;
    QuantizedValue *first, *second;
    if (Status status = quantizedOperand(op, op->getOperand(0), first); !status)
      return status;
    if (Status status = quantizedOperand(op, op->getOperand(1), second);
        !status)
      return status;
    if (direction == conv::ConvDirection::BackwardFilter) {
      addStep(op, name + " dfp16", [plan, first, second, result] {
        return conv::runBackwardFilter(*plan, first->tensor,
                                       first->activation.maxAbs, second->tensor,
                                       second->activation.maxAbs, result);
      });
      return Status::success();
    }
    const conv::PackedConvWeights *weights = nullptr;
    for (const auto &pack : second->packs)
      if (pack->plan == plan)
        weights = &pack->packed;
    if (!weights)
      return opError(op, "filter packed for another plan");
    if (direction == conv::ConvDirection::Forward)
      addStep(op, name + " dfp16", [plan, first, weights, result] {
        return conv::runForward(*plan, first->activation, *weights, result);
      });
    else
      addStep(op, name + " dfp16", [plan, first, weights, result] {
        return conv::runBackwardData(*plan, first->activation, *weights,
                                     result);
      });
    return Status::success();
  }
  const float *first, *second;
  if (Status status = input(op, op->getOperand(0), first); !status)
    return status;
  if (Status status = input(op, op->getOperand(1), second); !status)
    return status;
  const ops::Conv2dDirection fp32Direction =
      direction == conv::ConvDirection::Forward ? ops::Conv2dDirection::Forward
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

Status Binder::bindMatmul(md::MatmulOp op) {
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

} // namespace dfp::runtime::session
