#include "OpInfo.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"

#include "llvm/Support/raw_ostream.h"

namespace dfp::runtime::session {

using mlir::Operation;
using mlir::Value;
namespace md = mlir::dfp;

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

namespace {

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

} // namespace

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

} // namespace dfp::runtime::session
