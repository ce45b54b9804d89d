#include "GraphBuilder.h"

#include "ModelLoader.h"
#include "TensorData.h"
#include "TensorLimits.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "onnx/onnx_pb.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::dfp::onnx_import {

/// Integer initializers up to this many elements are folded at import time
/// (shapes, axes); larger ones become constants.
static constexpr int64_t kMaxFoldedElements = 4096;

static llvm::Error buildError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

namespace {
/// What an initializer read at input `index` of an `opType` node becomes.
struct ParameterSlot {
  llvm::StringLiteral opType;
  unsigned index;
  /// The argument attribute naming it: dfp.param (trained) or dfp.state.
  llvm::StringLiteral marker;
};
} // namespace

static constexpr llvm::StringLiteral kParam = "dfp.param";
static constexpr llvm::StringLiteral kState = "dfp.state";

static constexpr ParameterSlot kParameterSlots[] = {
    {"Conv", 1, kParam},
    {"Conv", 2, kParam},
    {"ConvTranspose", 1, kParam},
    {"ConvTranspose", 2, kParam},
    {"Gemm", 1, kParam},
    {"Gemm", 2, kParam},
    {"MatMul", 1, kParam},
    {"BatchNormalization", 1, kParam},
    {"BatchNormalization", 2, kParam},
    {"BatchNormalization", 3, kState},
    {"BatchNormalization", 4, kState},
};

static const ParameterSlot *parameterSlot(llvm::StringRef opType,
                                          unsigned index) {
  for (const ParameterSlot &slot : kParameterSlots)
    if (slot.opType == opType && slot.index == index)
      return &slot;
  return nullptr;
}

/// A resource key made of identifier characters only.
static std::string resourceKey(llvm::StringRef name) {
  std::string key = "onnx_";
  for (char c : name)
    key += llvm::isAlnum(c) ? c : '_';
  return key;
}

GraphBuilder::GraphBuilder(MLIRContext &context, const onnx::ModelProto &model,
                           const OnnxImportOptions &options)
    : model(model), importOptions(options), opBuilder(&context) {
  for (const auto &opset : model.opset_import())
    if (opset.domain().empty() || opset.domain() == "ai.onnx")
      defaultOpset = opset.version();
  const onnx::GraphProto &graph = model.graph();
  for (const auto *infos :
       {&graph.input(), &graph.value_info(), &graph.output()})
    for (const onnx::ValueInfoProto &info : *infos)
      if (info.has_type())
        declaredTypes[info.name()] = &info.type();
}

bool GraphBuilder::isDefined(llvm::StringRef name) const {
  return values.count(name) != 0;
}

void GraphBuilder::define(llvm::StringRef name, Value value) {
  values[name] = Entry{value, std::nullopt, nullptr};
}

void GraphBuilder::defineConstant(llvm::StringRef name, IntTensor value) {
  values[name] = Entry{Value(), std::move(value), nullptr};
}

const onnx::TypeProto *GraphBuilder::declaredType(llvm::StringRef name) const {
  auto found = declaredTypes.find(name);
  return found == declaredTypes.end() ? nullptr : found->second;
}

std::string GraphBuilder::takeDiagnostics() {
  return std::exchange(diagnostics, std::string());
}

const IntTensor *GraphBuilder::constantOf(llvm::StringRef name) {
  auto found = values.find(name);
  if (found == values.end())
    return nullptr;
  Entry &entry = found->second;
  if (!entry.constant && entry.initializer && !entry.value) {
    const onnx::TensorProto &tensor = *entry.initializer;
    bool isInteger = tensor.data_type() == onnx::TensorProto::INT64 ||
                     tensor.data_type() == onnx::TensorProto::INT32;
    llvm::Expected<int64_t> count =
        checkedElementCount(tensor, importOptions.limits);
    if (!count) {
      llvm::consumeError(count.takeError());
      return nullptr;
    }
    if (!isInteger || *count > kMaxFoldedElements)
      return nullptr;
    llvm::Expected<IntTensor> folded =
        intElements(tensor, importOptions.limits);
    if (!folded) {
      llvm::consumeError(folded.takeError());
      return nullptr;
    }
    entry.constant = std::move(*folded);
  }
  return entry.constant ? &*entry.constant : nullptr;
}

llvm::Expected<Value> GraphBuilder::materializeInitializer(llvm::StringRef name,
                                                           Entry &entry) {
  llvm::Expected<DenseElementsAttr> attr =
      denseAttrOf(*entry.initializer, context(), importOptions.limits);
  if (!attr)
    return attr.takeError();
  entry.value = opBuilder.create<arith::ConstantOp>(
      NameLoc::get(opBuilder.getStringAttr(name)), *attr);
  return entry.value;
}

llvm::Expected<Value> GraphBuilder::valueOf(llvm::StringRef name) {
  auto found = values.find(name);
  if (found == values.end())
    return buildError("value '" + name +
                      "' is not defined by an earlier node, an initializer "
                      "or a graph input");
  Entry &entry = found->second;
  if (entry.value)
    return entry.value;
  if (entry.constant) {
    entry.value = opBuilder.create<arith::ConstantOp>(
        NameLoc::get(opBuilder.getStringAttr(name)),
        denseAttrOf(*entry.constant, context()));
    return entry.value;
  }
  return materializeInitializer(name, entry);
}

llvm::Error GraphBuilder::addArguments(func::FuncOp function) {
  const onnx::GraphProto &graph = model.graph();
  llvm::StringMap<const onnx::TensorProto *> initializers;
  for (const onnx::TensorProto &tensor : graph.initializer())
    initializers[tensor.name()] = &tensor;

  Block *body = function.addEntryBlock();
  auto addArgument = [&](llvm::StringRef name, Type type) {
    BlockArgument argument =
        body->addArgument(type, NameLoc::get(opBuilder.getStringAttr(name)));
    values[name] = Entry{argument, std::nullopt, nullptr};
    return argument.getArgNumber();
  };
  llvm::SmallVector<llvm::SmallVector<NamedAttribute>> argumentAttrs;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (initializers.count(input.name()))
      continue;
    llvm::Expected<RankedTensorType> type =
        tensorTypeOf(input.name(), input.type(), context(), importOptions);
    if (!type)
      return buildError("graph input: " + llvm::toString(type.takeError()));
    addArgument(input.name(), *type);
    argumentAttrs.push_back({opBuilder.getNamedAttr(
        "dfp.name", opBuilder.getStringAttr(input.name()))});
  }

  // Roles by first use; with the Constants policy no initializer has one.
  llvm::StringMap<const ParameterSlot *> roles;
  if (importOptions.initializers == InitializerPolicy::Parameters)
    for (const onnx::NodeProto &node : graph.node())
      for (int index = 0; index < node.input_size(); ++index)
        if (const ParameterSlot *slot = parameterSlot(node.op_type(), index))
          roles.try_emplace(node.input(index), slot);

  for (const onnx::TensorProto &tensor : graph.initializer()) {
    auto role = roles.find(tensor.name());
    if (role == roles.end() || tensor.data_type() != onnx::TensorProto::FLOAT) {
      values[tensor.name()] = Entry{Value(), std::nullopt, &tensor};
      continue;
    }
    llvm::Expected<std::vector<float>> data =
        floatElements(tensor, importOptions.limits);
    if (!data)
      return data.takeError();
    llvm::SmallVector<int64_t> shape(tensor.dims().begin(),
                                     tensor.dims().end());
    auto type = RankedTensorType::get(shape, opBuilder.getF32Type());
    addArgument(tensor.name(), type);
    auto initialValue = DenseResourceElementsAttr::get(
        type, resourceKey(tensor.name()),
        HeapAsmResourceBlob::allocateAndCopyInferAlign(
            llvm::ArrayRef<float>(*data)));
    llvm::SmallVector<NamedAttribute> attrs = {
        opBuilder.getNamedAttr(role->second->marker,
                               opBuilder.getStringAttr(tensor.name())),
        opBuilder.getNamedAttr("dfp.initial_value", initialValue)};
    argumentAttrs.push_back(attrs);
  }
  function.setFunctionType(
      FunctionType::get(&context(), body->getArgumentTypes(), {}));
  for (auto [index, attrs] : llvm::enumerate(argumentAttrs))
    function.setArgAttrs(index, attrs);
  return llvm::Error::success();
}

llvm::Error GraphBuilder::convertNodes() {
  const ConverterTable &table = converterTable();
  for (const onnx::NodeProto &node : model.graph().node()) {
    llvm::StringRef label = node.name().empty() ? node.op_type() : node.name();
    Location loc = NameLoc::get(opBuilder.getStringAttr(label));
    NodeContext nodeContext(*this, node, loc);
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      return nodeContext.error("domain '" + node.domain() +
                               "' is not supported");
    auto converter = table.find(node.op_type());
    if (converter == table.end())
      return nodeContext.error("op type is not supported");
    for (int index = 0; index < node.input_size(); ++index)
      if (!node.input(index).empty() && !isDefined(node.input(index)))
        return nodeContext.error("input '" + node.input(index) +
                                 "' is not defined by an earlier node, an "
                                 "initializer or a graph input");
    if (llvm::Error error = converter->second(nodeContext))
      return error;
    for (int index = 0; index < node.output_size(); ++index)
      if (!node.output(index).empty() && !isDefined(node.output(index)))
        return nodeContext.error("output '" + node.output(index) +
                                 "' is not supported");
  }
  return llvm::Error::success();
}

llvm::Error GraphBuilder::buildReturn(func::FuncOp function) {
  llvm::SmallVector<Value> results;
  llvm::SmallVector<Attribute> resultNames;
  for (const onnx::ValueInfoProto &output : model.graph().output()) {
    llvm::Expected<Value> value = valueOf(output.name());
    if (!value)
      return buildError("graph output: " + llvm::toString(value.takeError()));
    results.push_back(*value);
  }
  opBuilder.create<func::ReturnOp>(function.getLoc(), results);
  function.setFunctionType(FunctionType::get(
      &context(), function.getArgumentTypes(), ValueRange(results).getTypes()));
  for (auto [index, output] : llvm::enumerate(model.graph().output()))
    function.setResultAttr(index, "dfp.name",
                           opBuilder.getStringAttr(output.name()));
  return llvm::Error::success();
}

llvm::Expected<OwningOpRef<ModuleOp>> GraphBuilder::build() {
  ScopedDiagnosticHandler handler(&context(), [this](Diagnostic &diagnostic) {
    if (!diagnostics.empty())
      diagnostics += "\n";
    llvm::raw_string_ostream os(diagnostics);
    os << diagnostic.getLocation() << ": " << diagnostic;
    return success();
  });
  Location loc = NameLoc::get(opBuilder.getStringAttr(
      model.graph().name().empty() ? "graph" : model.graph().name()));
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  opBuilder.setInsertionPointToEnd(module->getBody());
  auto function = opBuilder.create<func::FuncOp>(
      loc, importOptions.functionName, FunctionType::get(&context(), {}, {}));
  if (llvm::Error error = addArguments(function))
    return std::move(error);
  opBuilder.setInsertionPointToEnd(&function.getBody().front());
  if (llvm::Error error = convertNodes())
    return std::move(error);
  if (llvm::Error error = buildReturn(function))
    return std::move(error);
  if (failed(verify(*module)))
    return buildError("imported module does not verify: " + takeDiagnostics());
  return std::move(module);
}

} // namespace mlir::dfp::onnx_import
