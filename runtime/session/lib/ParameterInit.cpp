#include "ParameterInit.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cmath>
#include <cstring>

namespace dfp::runtime::session {
namespace {

namespace md = mlir::dfp;

/// SplitMix64: a small, portable generator (the same bits everywhere).
uint64_t nextRandom(uint64_t &state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/// Uniform in [-bound, bound).
float uniform(uint64_t &state, float bound) {
  const float u = float(nextRandom(state) >> 40) * 0x1p-24f; // [0, 1)
  return (2.0f * u - 1.0f) * bound;
}

/// The ops reading `value`, looking through dfp.quantize.
void usersThroughQuantize(mlir::Value value,
                          llvm::SmallVectorImpl<mlir::OpOperand *> &uses) {
  for (mlir::OpOperand &use : value.getUses()) {
    if (auto q = llvm::dyn_cast<md::QuantizeOp>(use.getOwner()))
      usersThroughQuantize(q.getOutput(), uses);
    else
      uses.push_back(&use);
  }
}

/// fanIn of the weight of a contraction producing `value`, 0 if none.
int64_t fanInOfProducer(mlir::Value value) {
  mlir::Operation *op = value.getDefiningOp();
  if (!op)
    return 0;
  auto shape = [](mlir::Value v) {
    return llvm::cast<mlir::ShapedType>(v.getType()).getShape();
  };
  if (auto conv = llvm::dyn_cast<md::Conv2dOp>(op)) {
    llvm::ArrayRef<int64_t> w = shape(conv.getFilter());
    return w[1] * w[2] * w[3];
  }
  if (auto matmul = llvm::dyn_cast<md::MatmulOp>(op)) {
    llvm::ArrayRef<int64_t> w = shape(matmul.getRhs());
    return matmul.getTransposeRhs() ? w[1] : w[0];
  }
  return 0;
}

enum class Fill { Kaiming, One, Zero };

/// How the argument is initialised, and the fanIn for Kaiming.
std::optional<std::pair<Fill, int64_t>> ruleFor(mlir::BlockArgument argument) {
  llvm::SmallVector<mlir::OpOperand *> uses;
  usersThroughQuantize(argument, uses);
  for (mlir::OpOperand *use : uses) {
    mlir::Operation *op = use->getOwner();
    const unsigned index = use->getOperandNumber();
    llvm::ArrayRef<int64_t> shape =
        llvm::cast<mlir::ShapedType>(argument.getType()).getShape();
    if (llvm::isa<md::Conv2dOp>(op) && index == 1)
      return std::pair{Fill::Kaiming, shape[1] * shape[2] * shape[3]};
    if (auto matmul = llvm::dyn_cast<md::MatmulOp>(op); matmul && index == 1)
      return std::pair{Fill::Kaiming,
                       matmul.getTransposeRhs() ? shape[1] : shape[0]};
    if (auto bias = llvm::dyn_cast<md::BiasAddOp>(op); bias && index == 1)
      if (int64_t fanIn = fanInOfProducer(bias.getInput()))
        return std::pair{Fill::Kaiming, fanIn};
    if (llvm::isa<md::BatchNormOp, md::BatchNormInferenceOp>(op)) {
      // scale 1, bias 0, running mean 0, running variance 1
      if (index == 1 || index == 4)
        return std::pair{Fill::One, int64_t(0)};
      if (index == 2 || index == 3)
        return std::pair{Fill::Zero, int64_t(0)};
    }
  }
  return std::nullopt;
}

Status fromAttribute(mlir::Attribute attribute, size_t count,
                     std::vector<float> &values, const std::string &what) {
  if (auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(attribute)) {
    if (!dense.getElementType().isF32() ||
        size_t(dense.getNumElements()) != count)
      return Status::error(what + ": dfp.initial_value is not " +
                           std::to_string(count) + " f32 values");
    values.assign(dense.getValues<float>().begin(),
                  dense.getValues<float>().end());
    return Status::success();
  }
  if (auto resource =
          llvm::dyn_cast<mlir::DenseResourceElementsAttr>(attribute)) {
    mlir::AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || !resource.getElementType().isF32() ||
        blob->getData().size() != count * sizeof(float))
      return Status::error(what + ": dfp.initial_value does not hold " +
                           std::to_string(count) + " f32 values");
    values.resize(count);
    std::memcpy(values.data(), blob->getData().data(), count * sizeof(float));
    return Status::success();
  }
  return Status::error(what + ": dfp.initial_value must be dense elements");
}

} // namespace

Status initialValue(mlir::func::FuncOp forward, unsigned index,
                    uint64_t &random, std::vector<float> &values) {
  mlir::BlockArgument argument = forward.getArgument(index);
  auto type = llvm::cast<mlir::ShapedType>(argument.getType());
  const size_t count = size_t(type.getNumElements());
  std::string name = "argument " + std::to_string(index);
  for (llvm::StringRef attr : {"dfp.param", "dfp.state"})
    if (auto named = forward.getArgAttrOfType<mlir::StringAttr>(index, attr))
      name = attr.str() + " \"" + named.str() + "\"";
  if (mlir::Attribute initial = forward.getArgAttr(index, "dfp.initial_value"))
    return fromAttribute(initial, count, values, name);
  std::optional<std::pair<Fill, int64_t>> rule = ruleFor(argument);
  if (!rule)
    return Status::error(name + ": no dfp.initial_value and not a conv "
                                "filter, matmul weight, bias or batch-norm "
                                "operand the session knows how to initialise");
  values.resize(count);
  switch (rule->first) {
  case Fill::One:
    std::fill(values.begin(), values.end(), 1.0f);
    break;
  case Fill::Zero:
    std::fill(values.begin(), values.end(), 0.0f);
    break;
  case Fill::Kaiming: {
    const float bound = 1.0f / std::sqrt(float(rule->second));
    for (float &v : values)
      v = uniform(random, bound);
    break;
  }
  }
  return Status::success();
}

} // namespace dfp::runtime::session
