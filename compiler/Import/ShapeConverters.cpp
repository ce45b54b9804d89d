#include "OpHelpers.h"
#include "TensorData.h"

#include "dfp/Dialect/Dfp/IR/DfpOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "onnx/onnx_pb.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::dfp::onnx_import {

static llvm::Error convertConstant(NodeContext &node) {
  if (const onnx::AttributeProto *value = node.attr("value")) {
    const onnx::TensorProto &tensor = value->t();
    if (tensor.data_type() == onnx::TensorProto::INT64 ||
        tensor.data_type() == onnx::TensorProto::INT32) {
      auto folded = intElements(tensor, node.options().limits);
      if (!folded)
        return node.error(llvm::toString(folded.takeError()));
      return node.setConstantOutput(0, std::move(*folded));
    }
    auto attr = denseAttrOf(tensor, *node.builder().getContext(),
                            node.options().limits);
    if (!attr)
      return node.error(llvm::toString(attr.takeError()));
    return node.setOutput(
        0, node.builder().create<arith::ConstantOp>(node.loc(), *attr));
  }
  if (node.hasAttr("value_int"))
    return node.setConstantOutput(0, {{}, {node.intAttr("value_int", 0)}});
  if (auto ints = node.intsAttr("value_ints"))
    return node.setConstantOutput(
        0, {{static_cast<int64_t>(ints->size())}, *ints});
  llvm::SmallVector<float> floats;
  llvm::SmallVector<int64_t> shape;
  if (const onnx::AttributeProto *value = node.attr("value_floats")) {
    floats.assign(value->floats().begin(), value->floats().end());
    shape.push_back(floats.size());
  } else if (node.hasAttr("value_float")) {
    floats.push_back(node.floatAttr("value_float", 0.0f));
  } else {
    return node.error("only the attributes 'value', 'value_int(s)' and "
                      "'value_float(s)' are supported");
  }
  auto type = RankedTensorType::get(shape, node.builder().getF32Type());
  auto attr = DenseElementsAttr::get(type, llvm::ArrayRef<float>(floats));
  return node.setOutput(
      0, node.builder().create<arith::ConstantOp>(node.loc(), attr));
}

static llvm::Error convertShape(NodeContext &node) {
  auto input = node.input(0);
  if (!input)
    return input.takeError();
  auto shape = llvm::cast<RankedTensorType>(input->getType()).getShape();
  int64_t rank = shape.size();
  auto clamp = [rank](int64_t axis) {
    return std::clamp<int64_t>(axis < 0 ? axis + rank : axis, 0, rank);
  };
  int64_t start = clamp(node.intAttr("start", 0));
  int64_t end = clamp(node.intAttr("end", rank));
  IntTensor result;
  if (start < end)
    result.values.assign(shape.begin() + start, shape.begin() + end);
  result.shape.push_back(result.values.size());
  return node.setConstantOutput(0, std::move(result));
}

static llvm::Error convertGather(NodeContext &node) {
  const IntTensor *data = node.constantInput(0);
  const IntTensor *indices = node.constantInput(1);
  if (!data || !indices)
    return node.error("only Gather on import-time integer constants (shape "
                      "computations) is supported");
  if (data->shape.size() != 1 || node.intAttr("axis", 0) != 0)
    return node.error("only Gather along axis 0 of a 1-D constant is "
                      "supported");
  int64_t size = data->values.size();
  IntTensor result;
  result.shape = indices->shape;
  for (int64_t index : indices->values) {
    if (index < -size || index >= size)
      return node.error(llvm::formatv("index {0} is out of range for {1} "
                                      "elements",
                                      index, size));
    result.values.push_back(data->values[index < 0 ? index + size : index]);
  }
  return node.setConstantOutput(0, std::move(result));
}

/// Axes from the `axes` attribute (before opset 13) or input 1.
static llvm::Expected<std::optional<llvm::SmallVector<int64_t>>>
readAxes(NodeContext &node) {
  if (auto axes = node.intsAttr("axes"))
    return std::optional(*axes);
  if (!node.hasInput(1))
    return std::optional<llvm::SmallVector<int64_t>>();
  auto axes = node.requireConstantInput(1, "axes");
  if (!axes)
    return axes.takeError();
  return std::optional((*axes)->values);
}

/// Gives `input` (constant or value) the shape `shape`.
static llvm::Error reshapeOutput(NodeContext &node,
                                 llvm::ArrayRef<int64_t> shape) {
  if (const IntTensor *constant = node.constantInput(0))
    return node.setConstantOutput(
        0, {llvm::SmallVector<int64_t>(shape), constant->values});
  auto input = node.f32Input(0);
  if (!input)
    return input.takeError();
  return node.setOutput(0, buildReshape(node, *input, shape));
}

static llvm::Expected<llvm::SmallVector<int64_t>>
inputShape(NodeContext &node) {
  if (const IntTensor *constant = node.constantInput(0))
    return constant->shape;
  auto input = node.input(0);
  if (!input)
    return input.takeError();
  auto shape = llvm::cast<RankedTensorType>(input->getType()).getShape();
  return llvm::SmallVector<int64_t>(shape);
}

static llvm::Error convertUnsqueeze(NodeContext &node) {
  auto shape = inputShape(node);
  if (!shape)
    return shape.takeError();
  auto axes = readAxes(node);
  if (!axes)
    return axes.takeError();
  if (!*axes)
    return node.error("input 'axes' is missing");
  int64_t rank = shape->size() + (*axes)->size();
  if (rank > node.options().limits.maxRank)
    return node.error(llvm::formatv("result rank {0} is above the limit of {1}",
                                    rank, node.options().limits.maxRank));
  llvm::SmallVector<bool> inserted(rank, false);
  for (int64_t axis : **axes) {
    auto normalized = normalizeAxis(node, "axes", axis, rank);
    if (!normalized)
      return normalized.takeError();
    inserted[*normalized] = true;
  }
  llvm::SmallVector<int64_t> result;
  auto next = shape->begin();
  for (int64_t axis = 0; axis < rank; ++axis)
    result.push_back(inserted[axis] || next == shape->end() ? 1 : *next++);
  return reshapeOutput(node, result);
}

static llvm::Error convertSqueeze(NodeContext &node) {
  auto shape = inputShape(node);
  if (!shape)
    return shape.takeError();
  auto axes = readAxes(node);
  if (!axes)
    return axes.takeError();
  int64_t rank = shape->size();
  llvm::SmallVector<bool> removed(rank, false);
  for (int64_t axis = 0; axis < rank; ++axis)
    removed[axis] = !*axes && (*shape)[axis] == 1;
  if (*axes)
    for (int64_t axis : **axes) {
      auto normalized = normalizeAxis(node, "axes", axis, rank);
      if (!normalized)
        return normalized.takeError();
      if ((*shape)[*normalized] != 1)
        return node.unsupportedAttr("axes", listText(**axes) +
                                                " (axis of size other than 1)");
      removed[*normalized] = true;
    }
  llvm::SmallVector<int64_t> result;
  for (int64_t axis = 0; axis < rank; ++axis)
    if (!removed[axis])
      result.push_back((*shape)[axis]);
  return reshapeOutput(node, result);
}

static llvm::Error convertFlatten(NodeContext &node) {
  auto shape = inputShape(node);
  if (!shape)
    return shape.takeError();
  int64_t rank = shape->size();
  int64_t axis = node.intAttr("axis", 1);
  if (axis < -rank || axis > rank)
    return node.unsupportedAttr("axis", llvm::Twine(axis));
  if (axis < 0)
    axis += rank;
  llvm::ArrayRef<int64_t> dims(*shape);
  return reshapeOutput(
      node, {product(dims.take_front(axis)), product(dims.drop_front(axis))});
}

static llvm::Error convertReshape(NodeContext &node) {
  auto shape = inputShape(node);
  if (!shape)
    return shape.takeError();
  auto target = node.requireConstantInput(1, "shape");
  if (!target)
    return target.takeError();
  bool allowZero = node.intAttr("allowzero", 0) != 0;
  llvm::SmallVector<int64_t> result;
  std::optional<size_t> inferred;
  for (auto [axis, dim] : llvm::enumerate((*target)->values)) {
    if (dim == -1 && !inferred) {
      inferred = axis;
      result.push_back(1);
    } else if (dim == 0 && !allowZero) {
      if (axis >= shape->size())
        return node.error("shape " + listText((*target)->values) +
                          " copies a dimension the input does not have");
      result.push_back((*shape)[axis]);
    } else if (dim < 0) {
      return node.error("shape " + listText((*target)->values) + " is invalid");
    } else {
      result.push_back(dim);
    }
  }
  int64_t known = product(result), total = product(*shape);
  if (inferred) {
    if (known == 0 || total % known != 0)
      return node.error("shape " + listText((*target)->values) +
                        " does not fit " + listText(*shape));
    result[*inferred] = total / known;
  }
  if (product(result) != total)
    return node.error("shape " + listText((*target)->values) +
                      " does not hold the elements of " + listText(*shape));
  return reshapeOutput(node, result);
}

static llvm::Error convertTranspose(NodeContext &node) {
  auto input = node.f32Input(0);
  if (!input)
    return input.takeError();
  llvm::ArrayRef<int64_t> shape = input->getType().getShape();
  int64_t rank = shape.size();
  llvm::SmallVector<int64_t> perm;
  if (auto attr = node.intsAttr("perm"))
    perm = *attr;
  else
    for (int64_t axis = rank - 1; axis >= 0; --axis)
      perm.push_back(axis);
  llvm::SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  if (static_cast<int64_t>(perm.size()) != rank ||
      !llvm::equal(sorted, llvm::seq<int64_t>(0, rank)))
    return node.unsupportedAttr("perm", listText(perm));
  // The identity permutation (every rank-0 and rank-1 Transpose) is no op;
  // MLIR 19's linalg.transpose verifier allocates without bound for rank 0.
  if (llvm::equal(perm, llvm::seq<int64_t>(0, rank)))
    return node.setOutput(0, *input);
  llvm::SmallVector<int64_t> resultShape;
  for (int64_t axis : perm)
    resultShape.push_back(shape[axis]);
  Value init = buildEmptyF32(node.builder(), node.loc(), resultShape);
  auto transpose = node.builder().create<linalg::TransposeOp>(
      node.loc(), *input, init, perm);
  return node.setOutput(0, transpose.getResult().front());
}

static llvm::Error convertConcat(NodeContext &node) {
  int64_t axis = node.intAttr("axis", 0);
  llvm::SmallVector<const IntTensor *> constants;
  for (unsigned index = 0; index < node.numInputs(); ++index)
    constants.push_back(node.constantInput(index));
  if (llvm::all_of(constants, [](const IntTensor *c) { return c; })) {
    IntTensor result{{0}, {}};
    for (const IntTensor *constant : constants) {
      if (constant->shape.size() != 1 || (axis != 0 && axis != -1))
        return node.error("only 1-D integer constants are concatenated at "
                          "import time");
      llvm::append_range(result.values, constant->values);
    }
    result.shape[0] = result.values.size();
    return node.setConstantOutput(0, std::move(result));
  }
  llvm::SmallVector<Value> inputs;
  for (unsigned index = 0; index < node.numInputs(); ++index) {
    auto input = node.f32Input(index);
    if (!input)
      return input.takeError();
    inputs.push_back(*input);
  }
  int64_t rank =
      llvm::cast<RankedTensorType>(inputs.front().getType()).getRank();
  auto normalized = normalizeAxis(node, "axis", axis, rank);
  if (!normalized)
    return normalized.takeError();
  for (Value input : inputs) {
    auto type = llvm::cast<RankedTensorType>(input.getType());
    auto first = llvm::cast<RankedTensorType>(inputs.front().getType());
    for (int64_t d = 0; d < rank; ++d)
      if (type.getRank() != rank ||
          (d != *normalized && type.getDimSize(d) != first.getDimSize(d)))
        return node.error("inputs " + listText(first.getShape()) + " and " +
                          listText(type.getShape()) +
                          " differ outside the concatenated axis");
  }
  // Inserted slices rather than tensor.concat, which MLIR 19 does not
  // bufferize.
  OpBuilder &builder = node.builder();
  auto first = llvm::cast<RankedTensorType>(inputs.front().getType());
  llvm::SmallVector<int64_t> shape(first.getShape());
  shape[*normalized] = 0;
  for (Value input : inputs)
    shape[*normalized] +=
        llvm::cast<RankedTensorType>(input.getType()).getDimSize(*normalized);
  Value result = buildEmptyF32(builder, node.loc(), shape);
  llvm::SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
  for (Value input : inputs) {
    auto type = llvm::cast<RankedTensorType>(input.getType());
    result = builder.create<tensor::InsertSliceOp>(
        node.loc(), input, result, ValueRange(), ValueRange(), ValueRange(),
        builder.getDenseI64ArrayAttr(offsets),
        builder.getDenseI64ArrayAttr(type.getShape()),
        builder.getDenseI64ArrayAttr(strides));
    offsets[*normalized] += type.getDimSize(*normalized);
  }
  return node.setOutput(0, result);
}

static llvm::Error convertCast(NodeContext &node) {
  int64_t to = node.intAttr("to", 0);
  if (const IntTensor *constant = node.constantInput(0))
    if (to == onnx::TensorProto::INT64 || to == onnx::TensorProto::INT32)
      return node.setConstantOutput(0, *constant);
  if (to == onnx::TensorProto::FLOAT) {
    auto input = node.f32Input(0);
    if (!input)
      return input.takeError();
    return node.setOutput(0, *input);
  }
  return node.unsupportedAttr("to", onnx::TensorProto::DataType_IsValid(to)
                                        ? onnx::TensorProto::DataType_Name(
                                              onnx::TensorProto::DataType(to))
                                        : std::to_string(to));
}

void registerShapeConverters(ConverterTable &table) {
  table["Constant"] = convertConstant;
  table["Shape"] = convertShape;
  table["Gather"] = convertGather;
  table["Unsqueeze"] = convertUnsqueeze;
  table["Squeeze"] = convertSqueeze;
  table["Flatten"] = convertFlatten;
  table["Reshape"] = convertReshape;
  table["Transpose"] = convertTranspose;
  table["Concat"] = convertConcat;
  table["Cast"] = convertCast;
}

} // namespace mlir::dfp::onnx_import
