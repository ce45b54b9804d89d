#include "dfp/Export/OnnxExporter.h"
#include "dfp/Import/OnnxImporter.h"
#include "dfp/Registration/InitAllDialects.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cstdlib>

namespace cl = llvm::cl;

namespace {
/// Process exit codes.
enum ExitCode : int {
  kSuccess = EXIT_SUCCESS,
  kImportFailed = 1,
  kUsageError = 2,
  kOutputFailed = 3,
};
} // namespace

static cl::OptionCategory category("dfp-translate options");

static cl::opt<std::string> inputPath(cl::Positional,
                                      cl::desc("<model.onnx | module.mlir>"),
                                      cl::Required, cl::cat(category));
static cl::opt<bool> importOnnx("import-onnx",
                                cl::desc("Import an ONNX model into MLIR"),
                                cl::cat(category));
static cl::opt<bool>
    exportOnnx("export-onnx",
               cl::desc("Export the @forward function of an MLIR module to "
                        "an ONNX model"),
               cl::cat(category));

static cl::opt<std::string> outputPath("o",
                                       cl::desc("Output file ('-' for "
                                                "stdout)"),
                                       cl::value_desc("file"), cl::init("-"),
                                       cl::cat(category));
static cl::opt<mlir::dfp::InitializerPolicy> initializers(
    "onnx-initializers", cl::desc("What float initializers become"),
    cl::values(clEnumValN(mlir::dfp::InitializerPolicy::Parameters,
                          "parameters",
                          "weights, biases and running statistics become "
                          "function arguments (default)"),
               clEnumValN(mlir::dfp::InitializerPolicy::Constants, "constants",
                          "every initializer is a constant")),
    cl::init(mlir::dfp::InitializerPolicy::Parameters), cl::cat(category));
static cl::list<std::string>
    dimParams("dim-param",
              cl::desc("Value of a symbolic input dimension, name=value"),
              cl::value_desc("name=value"), cl::cat(category));
static cl::opt<int64_t>
    maxTensorElements("max-tensor-elements",
                      cl::desc("Largest element count of one tensor"),
                      cl::init(mlir::dfp::OnnxImportLimits().maxTensorElements),
                      cl::cat(category));
static cl::opt<int64_t>
    maxTotalDataBytes("max-data-bytes",
                      cl::desc("Largest total size of the model's tensors"),
                      cl::init(mlir::dfp::OnnxImportLimits().maxTotalDataBytes),
                      cl::cat(category));

static bool parseDimParams(mlir::dfp::OnnxImportOptions &options) {
  for (const std::string &entry : dimParams) {
    auto [name, value] = llvm::StringRef(entry).split('=');
    int64_t size;
    if (name.empty() || value.getAsInteger(10, size) || size < 0) {
      llvm::errs() << "error: --dim-param expects name=value, got '" << entry
                   << "'\n";
      return false;
    }
    options.dimParams[name.str()] = size;
  }
  return true;
}

static int exportModel(mlir::MLIRContext &context) {
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(inputPath, &context);
  if (!module)
    return kImportFailed;
  // Parameter and state values come from each argument's dfp.initial_value
  // (dfp-train exports trained values through the C++ API).
  llvm::Expected<std::string> bytes = mlir::dfp::exportOnnxBytes(*module);
  if (!bytes) {
    llvm::errs() << "error: " << inputPath << ": "
                 << llvm::toString(bytes.takeError()) << "\n";
    return kImportFailed;
  }
  std::string message;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputPath, &message);
  if (!output) {
    llvm::errs() << "error: " << message << "\n";
    return kOutputFailed;
  }
  output->os() << *bytes;
  output->keep();
  return kSuccess;
}

static int importModel(mlir::MLIRContext &context) {
  mlir::dfp::OnnxImportOptions options;
  options.initializers = initializers;
  options.limits.maxTensorElements = maxTensorElements;
  options.limits.maxTotalDataBytes = maxTotalDataBytes;
  if (!parseDimParams(options))
    return kUsageError;
  auto module = mlir::dfp::importOnnxFile(inputPath, context, options);
  if (!module) {
    llvm::errs() << "error: " << inputPath << ": "
                 << llvm::toString(module.takeError()) << "\n";
    return kImportFailed;
  }
  std::string message;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputPath, &message);
  if (!output) {
    llvm::errs() << "error: " << message << "\n";
    return kOutputFailed;
  }
  (*module)->print(output->os());
  output->os() << "\n";
  output->keep();
  return kSuccess;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "dfpc translator: ONNX models to MLIR and "
                              "back\n");
  if (importOnnx == exportOnnx) {
    llvm::errs() << "error: choose one translation (--import-onnx or "
                    "--export-onnx)\n";
    return kUsageError;
  }
  mlir::DialectRegistry registry;
  mlir::dfp::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  return exportOnnx ? exportModel(context) : importModel(context);
}
