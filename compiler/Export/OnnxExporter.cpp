#include "dfp/Export/OnnxExporter.h"

#include "GraphWriter.h"
#include "ModelCheck.h"
#include "OpWriters.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "onnx/onnx_pb.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace mlir::dfp {

using onnx_export::GraphWriter;

namespace {

/// The opset and IR version torch.onnx.export writes by default.
constexpr int64_t kOpset = 13;
constexpr int64_t kIrVersion = 7;

llvm::Error exportError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string shapeText(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  return text + "]";
}

/// The data of `attr` (dfp.initial_value: dense or dense_resource f32).
llvm::Expected<std::vector<float>> initialValues(Attribute attr,
                                                 llvm::StringRef name) {
  if (auto dense = llvm::dyn_cast_or_null<DenseElementsAttr>(attr)) {
    if (dense.getElementType().isF32()) {
      auto values = dense.getValues<float>();
      return std::vector<float>(values.begin(), values.end());
    }
  } else if (auto resource =
                 llvm::dyn_cast_or_null<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    int64_t count = resource.getType().getNumElements();
    if (blob && resource.getType().getElementType().isF32() &&
        blob->getData().size() == count * sizeof(float)) {
      std::vector<float> values(count);
      std::memcpy(values.data(), blob->getData().data(), count * sizeof(float));
      return values;
    }
  }
  return exportError("no value for '" + name +
                     "': it is not among the given tensors and has no f32 "
                     "dfp.initial_value");
}

/// The values of the parameter or state `name` of `type`.
llvm::Expected<std::vector<float>>
parameterValues(llvm::StringRef name, RankedTensorType type,
                llvm::ArrayRef<::dfp::runtime::NamedTensor> values,
                Attribute initialValue) {
  for (const ::dfp::runtime::NamedTensor &tensor : values) {
    if (tensor.name != name)
      continue;
    if (llvm::ArrayRef<int64_t>(tensor.shape) != type.getShape() ||
        static_cast<int64_t>(tensor.values.size()) != type.getNumElements())
      return exportError("the tensor given for '" + name + "' has shape " +
                         shapeText(tensor.shape) + " and " +
                         llvm::Twine(tensor.values.size()) +
                         " values; the argument is " +
                         shapeText(type.getShape()));
    return tensor.values;
  }
  return initialValues(initialValue, name);
}

llvm::Error writeArguments(GraphWriter &writer, func::FuncOp function,
                           llvm::ArrayRef<::dfp::runtime::NamedTensor> values) {
  for (BlockArgument argument : function.getArguments()) {
    unsigned index = argument.getArgNumber();
    auto named = [&](llvm::StringRef key) {
      auto attr = function.getArgAttrOfType<StringAttr>(index, key);
      return attr ? attr.getValue() : llvm::StringRef();
    };
    llvm::StringRef parameter = named("dfp.param");
    if (parameter.empty())
      parameter = named("dfp.state");
    if (parameter.empty()) {
      llvm::StringRef name = named("dfp.name");
      std::string input =
          writer.bind(argument, name.empty() ? "input_" + std::to_string(index)
                                             : name.str());
      if (llvm::Error error = writer.addInput(input, argument.getType()))
        return exportError(llvm::formatv("argument #{0}: {1}", index,
                                         llvm::toString(std::move(error))));
      continue;
    }
    auto type = llvm::dyn_cast<RankedTensorType>(argument.getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
      return exportError("parameter '" + parameter +
                         "' is not a statically shaped f32 tensor");
    if (writer.bind(argument, parameter) != parameter)
      return exportError("two arguments are named '" + parameter + "'");
    llvm::Expected<std::vector<float>> data =
        parameterValues(parameter, type, values,
                        function.getArgAttr(index, "dfp.initial_value"));
    if (!data)
      return data.takeError();
    writer.addFloatInitializer(parameter, type.getShape(), *data);
  }
  return llvm::Error::success();
}

std::string resultName(func::FuncOp function, unsigned index) {
  auto attr = function.getResultAttrOfType<StringAttr>(index, "dfp.name");
  return attr ? attr.getValue().str() : "output_" + std::to_string(index);
}

/// Graph outputs: a value computed by an op is named as its result; an
/// argument, or a value returned again, goes through an Identity.
llvm::Error writeResults(GraphWriter &writer, func::FuncOp function,
                         func::ReturnOp ret,
                         llvm::ArrayRef<std::string> reserved) {
  for (auto [index, value] : llvm::enumerate(ret.getOperands())) {
    llvm::Expected<std::string> source = writer.nameOf(value);
    if (!source)
      return source.takeError();
    std::string output = reserved[index];
    if (output.empty()) {
      output = writer.claim(resultName(function, index));
      writer.addNode("Identity", {*source}, {output});
    }
    if (llvm::Error error = writer.addOutput(output, value.getType()))
      return exportError(llvm::formatv("result #{0}: {1}", index,
                                       llvm::toString(std::move(error))));
  }
  return llvm::Error::success();
}

llvm::Expected<onnx::ModelProto>
buildModel(ModuleOp module, llvm::ArrayRef<::dfp::runtime::NamedTensor> values,
           const OnnxExportOptions &options) {
  auto function = module.lookupSymbol<func::FuncOp>(options.functionName);
  if (!function || function.isDeclaration())
    return exportError("the module has no function @" + options.functionName +
                       " with a body");
  if (!llvm::hasSingleElement(function.getBody()))
    return exportError("@" + options.functionName +
                       " has several blocks; only straight-line code is "
                       "exported");
  onnx::ModelProto model;
  model.set_ir_version(kIrVersion);
  model.set_producer_name("dfpc");
  onnx::OperatorSetIdProto &opset = *model.add_opset_import();
  opset.set_domain("");
  opset.set_version(kOpset);
  onnx::GraphProto &graph = *model.mutable_graph();
  graph.set_name(options.graphName);
  GraphWriter writer(graph);

  if (llvm::Error error = writeArguments(writer, function, values))
    return std::move(error);
  auto ret = llvm::cast<func::ReturnOp>(function.getBody().front().back());
  std::vector<std::string> reserved(ret.getNumOperands());
  llvm::DenseSet<Value> seen;
  for (auto [index, value] : llvm::enumerate(ret.getOperands()))
    if (value.getDefiningOp() && seen.insert(value).second)
      reserved[index] = writer.reserve(value, resultName(function, index));
  for (Operation &op : function.getBody().front().without_terminator())
    if (llvm::Error error = onnx_export::writeOp(writer, &op))
      return std::move(error);
  if (llvm::Error error = writeResults(writer, function, ret, reserved))
    return std::move(error);
  if (llvm::Error error = onnx_export::checkExportedModel(model))
    return exportError("the exported model does not check: " +
                       llvm::toString(std::move(error)));
  return model;
}

} // namespace

llvm::Expected<std::string>
exportOnnxBytes(ModuleOp module,
                llvm::ArrayRef<::dfp::runtime::NamedTensor> values,
                const OnnxExportOptions &options) {
  llvm::Expected<onnx::ModelProto> model = buildModel(module, values, options);
  if (!model)
    return model.takeError();
  std::string bytes;
  if (!model->SerializeToString(&bytes))
    return exportError("the model does not serialize (above 2 GiB?)");
  return bytes;
}

llvm::Error exportOnnxFile(llvm::StringRef path, ModuleOp module,
                           llvm::ArrayRef<::dfp::runtime::NamedTensor> values,
                           const OnnxExportOptions &options) {
  llvm::Expected<std::string> bytes = exportOnnxBytes(module, values, options);
  if (!bytes)
    return bytes.takeError();
  std::error_code ec;
  llvm::raw_fd_ostream file(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError(ec, "cannot write '" + path +
                                           "': " + ec.message());
  file << *bytes;
  file.close();
  if (file.has_error())
    return llvm::createStringError(
        file.error(), "cannot write '" + path + "': " + file.error().message());
  return llvm::Error::success();
}

} // namespace mlir::dfp
