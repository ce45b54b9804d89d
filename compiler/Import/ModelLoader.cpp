#include "ModelLoader.h"

#include "ExternalData.h"
#include "TensorLimits.h"

#include "onnx/checker.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace mlir::dfp::onnx_import {

static llvm::Error loadError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static int64_t defaultDomainOpset(const onnx::ModelProto &model) {
  for (const auto &opset : model.opset_import())
    if (opset.domain().empty() || opset.domain() == "ai.onnx")
      return opset.version();
  return 0;
}

namespace {
/// Walks every tensor a model holds (initializers and tensor-valued
/// attributes, subgraphs included) and checks it against the limits,
/// inlining external data on the way.
class TensorWalker {
public:
  TensorWalker(const OnnxImportLimits &limits, llvm::StringRef directory)
      : limits(limits), directory(directory) {}

  llvm::Error walkGraph(onnx::GraphProto &graph) {
    nodes += graph.node_size();
    if (nodes > limits.maxNodes)
      return loadError(llvm::formatv("model has more than {0} nodes, the limit",
                                     limits.maxNodes));
    if (graph.sparse_initializer_size() != 0)
      return loadError("sparse initializer '" +
                       graph.sparse_initializer(0).values().name() +
                       "' is not supported");
    for (onnx::TensorProto &tensor : *graph.mutable_initializer())
      if (llvm::Error error = walkTensor(tensor))
        return error;
    for (const auto *values :
         {&graph.input(), &graph.output(), &graph.value_info()})
      for (const onnx::ValueInfoProto &value : *values)
        if (llvm::Error error =
                checkTypeLimits(value.name(), value.type(), limits))
          return error;
    for (onnx::NodeProto &node : *graph.mutable_node())
      for (onnx::AttributeProto &attribute : *node.mutable_attribute())
        if (llvm::Error error = walkAttribute(attribute))
          return error;
    return llvm::Error::success();
  }

private:
  llvm::Error walkAttribute(onnx::AttributeProto &attribute) {
    if (attribute.has_t())
      if (llvm::Error error = walkTensor(*attribute.mutable_t()))
        return error;
    for (onnx::TensorProto &tensor : *attribute.mutable_tensors())
      if (llvm::Error error = walkTensor(tensor))
        return error;
    if (attribute.has_g())
      if (llvm::Error error = walkGraph(*attribute.mutable_g()))
        return error;
    for (onnx::GraphProto &graph : *attribute.mutable_graphs())
      if (llvm::Error error = walkGraph(graph))
        return error;
    return llvm::Error::success();
  }

  llvm::Error walkTensor(onnx::TensorProto &tensor) {
    llvm::Expected<int64_t> count = checkedElementCount(tensor, limits);
    if (!count)
      return count.takeError();
    std::optional<int64_t> width = elementByteWidth(tensor.data_type());
    if (!width)
      return loadError("tensor '" + tensor.name() + "' has data type " +
                       dataTypeName(tensor.data_type()) +
                       ", which has no fixed element size");
    int64_t bytes = *count * *width;
    if (bytes > limits.maxTotalDataBytes - totalBytes)
      return loadError(llvm::formatv(
          "tensor data passes {0} bytes, the limit for a model (at tensor "
          "'{1}')",
          limits.maxTotalDataBytes, tensor.name()));
    totalBytes += bytes;
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
      return inlineExternalData(tensor, directory, bytes);
    return llvm::Error::success();
  }

  const OnnxImportLimits &limits;
  llvm::StringRef directory;
  int64_t nodes = 0;
  int64_t totalBytes = 0;
};
} // namespace

static std::string nodeLabel(const onnx::NodeProto &node) {
  return "node '" + (node.name().empty() ? "<unnamed>" : node.name()) + "' (" +
         node.op_type() + ")";
}

/// Refuses nodes the importer cannot map, naming the first one.
static llvm::Error checkOpTypes(const onnx::GraphProto &graph,
                                OpTypePredicate isSupported) {
  for (const onnx::NodeProto &node : graph.node()) {
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      return loadError(nodeLabel(node) + ": domain '" + node.domain() +
                       "' is not supported");
    if (!isSupported(node.op_type()))
      return loadError(nodeLabel(node) + ": op type is not supported");
  }
  return llvm::Error::success();
}

/// Whether two declared types may describe the same value: ONNX 1.12 shape
/// inference trusts a declaration and indexes by the rank it finds there.
static bool typesAgree(const onnx::TypeProto &a, const onnx::TypeProto &b) {
  if (a.value_case() != b.value_case())
    return false;
  if (!a.has_tensor_type())
    return true;
  const auto &ta = a.tensor_type(), &tb = b.tensor_type();
  if (ta.elem_type() != tb.elem_type() || ta.has_shape() != tb.has_shape())
    return false;
  if (!ta.has_shape())
    return true;
  if (ta.shape().dim_size() != tb.shape().dim_size())
    return false;
  for (int i = 0; i < ta.shape().dim_size(); ++i) {
    const auto &da = ta.shape().dim(i), &db = tb.shape().dim(i);
    if (da.has_dim_value() && db.has_dim_value() &&
        da.dim_value() != db.dim_value())
      return false;
  }
  return true;
}

/// Refuses a value declared (as graph input, output or value_info) twice
/// with different types.
static llvm::Error checkDeclarationsAgree(const onnx::GraphProto &graph) {
  llvm::StringMap<const onnx::TypeProto *> declared;
  for (const auto *values :
       {&graph.input(), &graph.output(), &graph.value_info()})
    for (const onnx::ValueInfoProto &value : *values) {
      auto [it, inserted] = declared.try_emplace(value.name(), &value.type());
      if (!inserted && !typesAgree(*it->second, value.type()))
        return loadError("value '" + value.name() +
                         "' is declared twice with different types");
    }
  return llvm::Error::success();
}

/// Checks that every value has one definition (graph input, initializer or
/// node output) before its first use and that every graph output is
/// defined: the ONNX checker misses undefined graph outputs, on which the
/// version converter dereferences null, and this names cycles and missing
/// inputs precisely.
static llvm::Error checkWiring(const onnx::GraphProto &graph) {
  if (llvm::Error error = checkDeclarationsAgree(graph))
    return error;
  llvm::StringSet<> defined;
  for (const onnx::ValueInfoProto &input : graph.input())
    if (!defined.insert(input.name()).second)
      return loadError("graph input '" + input.name() + "' is declared twice");
  for (const onnx::TensorProto &tensor : graph.initializer())
    defined.insert(tensor.name());
  llvm::StringSet<> produced;
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &output : node.output())
      produced.insert(output);
  for (const onnx::NodeProto &node : graph.node()) {
    for (const std::string &input : node.input()) {
      if (input.empty() || defined.contains(input))
        continue;
      return loadError(nodeLabel(node) + ": input '" + input + "' " +
                       (produced.contains(input)
                            ? "is produced by a later node (the graph has a "
                              "cycle or is not in topological order)"
                            : "is not defined by a node, an initializer or a "
                              "graph input"));
    }
    for (const std::string &output : node.output())
      if (!output.empty() && !defined.insert(output).second)
        return loadError(nodeLabel(node) + ": output '" + output +
                         "' is already defined");
  }
  for (const onnx::ValueInfoProto &output : graph.output())
    if (!defined.contains(output.name()))
      return loadError("graph output '" + output.name() +
                       "' is not defined by a node, an initializer or a "
                       "graph input");
  return llvm::Error::success();
}

/// Checks the window attributes of convolutions and pools, which ONNX 1.12
/// shape inference divides by (strides, group) or sizes buffers from.
static llvm::Error checkWindowAttributes(const onnx::GraphProto &graph,
                                         const OnnxImportLimits &limits) {
  static const llvm::StringLiteral windowOps[] = {"Conv", "ConvTranspose",
                                                  "MaxPool", "AveragePool"};
  for (const onnx::NodeProto &node : graph.node()) {
    if (!llvm::is_contained(windowOps, node.op_type()))
      continue;
    for (const onnx::AttributeProto &attribute : node.attribute()) {
      llvm::StringRef name = attribute.name();
      int64_t minimum;
      if (name == "strides" || name == "dilations" || name == "kernel_shape" ||
          name == "group")
        minimum = 1;
      else if (name == "pads" || name == "output_padding" ||
               name == "output_shape")
        minimum = 0;
      else
        continue;
      llvm::SmallVector<int64_t> values(attribute.ints().begin(),
                                        attribute.ints().end());
      if (attribute.type() == onnx::AttributeProto::INT)
        values.push_back(attribute.i());
      if (static_cast<int64_t>(values.size()) > 2 * limits.maxRank)
        return loadError(nodeLabel(node) + ": attribute '" + name +
                         "' has more values than a tensor has dimensions");
      for (int64_t value : values)
        if (value < minimum || value > limits.maxDimSize)
          return loadError(llvm::formatv(
              "{0}: attribute '{1}' holds {2}, outside [{3}, {4}]",
              nodeLabel(node), name, value, minimum, limits.maxDimSize));
    }
  }
  return llvm::Error::success();
}

/// The static shape a graph input or initializer declares for `name`.
static std::optional<llvm::SmallVector<int64_t>>
declaredShape(const onnx::GraphProto &graph, const std::string &name) {
  for (const onnx::TensorProto &tensor : graph.initializer())
    if (tensor.name() == name)
      return llvm::SmallVector<int64_t>(tensor.dims().begin(),
                                        tensor.dims().end());
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (input.name() != name || !input.type().has_tensor_type() ||
        !input.type().tensor_type().has_shape())
      continue;
    llvm::SmallVector<int64_t> shape;
    for (const auto &dim : input.type().tensor_type().shape().dim()) {
      if (!dim.has_dim_value())
        return std::nullopt;
      shape.push_back(dim.dim_value());
    }
    return shape;
  }
  return std::nullopt;
}

/// The rank a graph input, output, value_info or initializer declares for
/// `name` (dimensions need not be static).
static std::optional<int> declaredRank(const onnx::GraphProto &graph,
                                       const std::string &name) {
  for (const onnx::TensorProto &tensor : graph.initializer())
    if (tensor.name() == name)
      return tensor.dims_size();
  for (const auto *values :
       {&graph.input(), &graph.value_info(), &graph.output()})
    for (const onnx::ValueInfoProto &value : *values)
      if (value.name() == name && value.type().has_tensor_type() &&
          value.type().tensor_type().has_shape())
        return value.type().tensor_type().shape().dim_size();
  return std::nullopt;
}

/// Gemm shape inference before opset 7 (ONNX 1.12) reads both dimensions
/// of A and B without checking their ranks (a rank-1 B read garbage sizes
/// and asked for terabytes), so operands whose rank the model declares
/// must have rank 2, as the operator requires.
static llvm::Error checkGemmOperands(const onnx::GraphProto &graph) {
  for (const onnx::NodeProto &node : graph.node()) {
    if (node.op_type() != "Gemm")
      continue;
    for (int i = 0; i < std::min(node.input_size(), 2); ++i)
      if (std::optional<int> rank = declaredRank(graph, node.input(i));
          rank && *rank != 2)
        return loadError(llvm::formatv(
            "{0}: input '{1}' has rank {2}; Gemm takes rank-2 A and B",
            nodeLabel(node), i == 0 ? "A" : "B", *rank));
  }
  return llvm::Error::success();
}

/// Conv and ConvTranspose shape inference (ONNX 1.12) read W's dimensions
/// without checking its rank, and take ConvTranspose's kernel size from W
/// without comparing W's rank with X's (indexing past the end when X has
/// the larger rank). So W must declare a static shape of rank 3 or more,
/// X (when declared) the same rank, and ConvTranspose gets an explicit
/// `kernel_shape`, which inference checks against X.
static llvm::Error checkConvolutionFilters(onnx::GraphProto &graph) {
  for (onnx::NodeProto &node : *graph.mutable_node()) {
    bool transposed = node.op_type() == "ConvTranspose";
    if (!transposed && node.op_type() != "Conv")
      continue;
    std::optional<llvm::SmallVector<int64_t>> filter, input;
    if (node.input_size() > 1) {
      input = declaredShape(graph, node.input(0));
      filter = declaredShape(graph, node.input(1));
    }
    if (!filter || filter->size() < 3)
      return loadError(nodeLabel(node) +
                       ": input 'W' needs a static shape of rank 3 or more "
                       "(an initializer or graph input)");
    if (input && input->size() != filter->size())
      return loadError(
          llvm::formatv("{0}: input 'X' has rank {1} but 'W' has rank {2}",
                        nodeLabel(node), input->size(), filter->size()));
    if (!transposed ||
        llvm::any_of(node.attribute(), [](const onnx::AttributeProto &attr) {
          return attr.name() == "kernel_shape";
        }))
      continue;
    onnx::AttributeProto *kernel = node.add_attribute();
    kernel->set_name("kernel_shape");
    kernel->set_type(onnx::AttributeProto::INTS);
    for (int64_t size : llvm::ArrayRef<int64_t>(*filter).drop_front(2))
      kernel->add_ints(size);
  }
  return llvm::Error::success();
}

/// Runs the ONNX checker, upgrades a model older than opset kMinOpset with
/// the ONNX version converter, and runs shape inference, turning their
/// exceptions into errors.
static llvm::Error checkUpgradeAndInferShapes(onnx::ModelProto &model) {
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &error) {
    return loadError(llvm::Twine("ONNX checker: ") + error.what());
  }
  int64_t opset = defaultDomainOpset(model);
  if (opset < kMinOpset) {
    try {
      // The converter needs the shapes of intermediate values (Gemm and
      // Add adapters check broadcasts); a failure here leaves them unknown
      // and the converter says which.
      onnx::shape_inference::InferShapes(model);
      model = onnx::version_conversion::ConvertVersion(model, kMinOpset);
    } catch (const std::exception &error) {
      return loadError(
          llvm::formatv("ONNX version converter (opset {0} to {1}): {2}", opset,
                        kMinOpset, error.what()));
    }
  }
  try {
    onnx::ShapeInferenceOptions options(/*check_type_val=*/true,
                                        /*strict_mode_val=*/1,
                                        /*data_prop_val=*/true);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &error) {
    return loadError(llvm::Twine("ONNX shape inference: ") + error.what());
  }
  return llvm::Error::success();
}

llvm::Expected<std::unique_ptr<onnx::ModelProto>>
loadModelBytes(llvm::StringRef bytes, llvm::StringRef modelDirectory,
               const OnnxImportLimits &limits, OpTypePredicate isSupported) {
  if (static_cast<int64_t>(bytes.size()) > limits.maxFileBytes)
    return loadError(llvm::formatv("model is {0} bytes, above the limit of {1}",
                                   bytes.size(), limits.maxFileBytes));
  auto model = std::make_unique<onnx::ModelProto>();
  if (!model->ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return loadError("malformed model: not a valid ONNX ModelProto");
  if (!model->has_graph())
    return loadError("malformed model: no graph");
  int64_t opset = defaultDomainOpset(*model);
  if (opset < kMinConvertibleOpset || opset > kMaxOpset)
    return loadError(llvm::formatv(
        "model imports opset {0} of the default domain; supported: {1} to {2} "
        "({3} to {4} after conversion to {1})",
        opset, kMinOpset, kMaxOpset, kMinConvertibleOpset, kMinOpset - 1));
  TensorWalker walker(limits, modelDirectory);
  if (llvm::Error error = walker.walkGraph(*model->mutable_graph()))
    return std::move(error);
  if (llvm::Error error = checkOpTypes(model->graph(), isSupported))
    return std::move(error);
  if (llvm::Error error = checkWiring(model->graph()))
    return std::move(error);
  if (llvm::Error error = checkWindowAttributes(model->graph(), limits))
    return std::move(error);
  if (llvm::Error error = checkConvolutionFilters(*model->mutable_graph()))
    return std::move(error);
  if (llvm::Error error = checkGemmOperands(model->graph()))
    return std::move(error);
  try {
    if (llvm::Error error = checkUpgradeAndInferShapes(*model))
      return std::move(error);
  } catch (...) {
    return loadError("ONNX library failed on this model");
  }
  return std::move(model);
}

llvm::Expected<std::unique_ptr<onnx::ModelProto>>
loadModelFile(llvm::StringRef path, const OnnxImportLimits &limits,
              OpTypePredicate isSupported) {
  std::error_code ec;
  std::filesystem::path filePath(path.str());
  uintmax_t size = std::filesystem::file_size(filePath, ec);
  if (ec)
    return loadError("cannot open '" + path + "': " + ec.message());
  if (size > static_cast<uintmax_t>(limits.maxFileBytes))
    return loadError(llvm::formatv("'{0}' is {1} bytes, above the limit of {2}",
                                   path, size, limits.maxFileBytes));
  std::string bytes(static_cast<size_t>(size), '\0');
  std::ifstream file(filePath, std::ios::binary);
  if (!file.read(bytes.data(), static_cast<std::streamsize>(size)))
    return loadError("cannot read '" + path + "'");
  std::string directory = filePath.parent_path().string();
  return loadModelBytes(bytes, directory.empty() ? "." : directory, limits,
                        isSupported);
}

} // namespace mlir::dfp::onnx_import
