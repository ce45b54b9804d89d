// dfp-run: runs imported ONNX models.
//   dfp-run MODEL.onnx -i input_0.pb [-i ...] -o OUTDIR [--precision P]
//     writes OUTDIR/output_0.pb, ... (ONNX TensorProto, as the test data)
//   dfp-run --node-tests DIR [--node-tests DIR ...] [--json FILE]
//     the ONNX backend node tests under each DIR: per-op table of passed,
//     failed and unsupported tests (exit status 1 when one failed).
#include "NodeTestSuite.h"

#include "dfp/Registration/InitAllDialects.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"

#include <cstdlib>

namespace cl = llvm::cl;
using dfp::run::Precision;

namespace {
enum ExitCode : int {
  kSuccess = EXIT_SUCCESS,
  kFailed = 1,
  kUsageError = 2,
};
} // namespace

static cl::OptionCategory category("dfp-run options");
static cl::opt<std::string> modelPath(cl::Positional, cl::desc("[model.onnx]"),
                                      cl::cat(category));
static cl::list<std::string> inputFiles("i", cl::desc("Input tensor (.pb)"),
                                        cl::value_desc("file"),
                                        cl::cat(category));
static cl::opt<std::string> outputDir("o",
                                      cl::desc("Directory for output_N.pb"),
                                      cl::value_desc("dir"), cl::cat(category));
static cl::opt<Precision> precision(
    "precision", cl::desc("Arithmetic of the contractions"),
    cl::values(clEnumValN(Precision::Fp32, "fp32", "FP32 (default)"),
               clEnumValN(Precision::Dfp16, "dfp16",
                          "DFP16 contractions (dfp-quantize-pipeline)")),
    cl::init(Precision::Fp32), cl::cat(category));
static cl::list<std::string>
    nodeTestDirs("node-tests",
                 cl::desc("Run the ONNX node tests in this directory"),
                 cl::value_desc("dir"), cl::cat(category));
static cl::opt<std::string> jsonPath("json",
                                     cl::desc("Write the node-test results"),
                                     cl::value_desc("file"), cl::cat(category));
static cl::opt<bool> verbose("v", cl::desc("Print one line per node test"),
                             cl::cat(category));

static int runNodeTests() {
  dfp::run::NodeTestSuite suite(precision, {});
  for (const std::string &directory : nodeTestDirs)
    suite.runDirectory(directory, verbose ? &llvm::outs() : nullptr);
  suite.printTable(llvm::outs());
  if (!jsonPath.empty())
    if (llvm::Error error = suite.writeJson(jsonPath)) {
      llvm::errs() << "error: " << llvm::toString(std::move(error)) << "\n";
      return kFailed;
    }
  for (const dfp::run::TestOutcome &outcome : suite.outcomes())
    if (outcome.status == dfp::run::TestStatus::Failed)
      return kFailed;
  return kSuccess;
}

static int runModel() {
  mlir::DialectRegistry registry;
  mlir::dfp::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  mlir::dfp::OnnxImportOptions options;
  options.initializers = mlir::dfp::InitializerPolicy::Constants;
  auto fail = [&](llvm::Error error) {
    llvm::errs() << "error: " << llvm::toString(std::move(error)) << "\n";
    return kFailed;
  };
  auto module = mlir::dfp::importOnnxFile(modelPath, context, options);
  if (!module)
    return fail(module.takeError());
  auto compiled = dfp::run::CompiledModel::compile(**module, precision);
  if (!compiled)
    return fail(compiled.takeError());
  std::vector<mlir::dfp::OnnxTensor> inputs;
  for (const std::string &file : inputFiles) {
    auto tensor = mlir::dfp::readOnnxTensorFile(file, options.limits);
    if (!tensor)
      return fail(tensor.takeError());
    inputs.push_back(std::move(*tensor));
  }
  auto outputs = (*compiled)->run(inputs);
  if (!outputs)
    return fail(outputs.takeError());
  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
    return fail(llvm::createStringError(ec, "cannot create '" + outputDir +
                                                "': " + ec.message()));
  for (auto [index, output] : llvm::enumerate(*outputs)) {
    llvm::SmallString<256> path(outputDir);
    llvm::sys::path::append(path, "output_" + std::to_string(index) + ".pb");
    if (llvm::Error error = mlir::dfp::writeOnnxTensorFile(path, output))
      return fail(std::move(error));
  }
  return kSuccess;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc, argv, "dfpc: run ONNX models\n");
  if (!nodeTestDirs.empty()) {
    if (!modelPath.empty()) {
      llvm::errs() << "error: --node-tests takes no model\n";
      return kUsageError;
    }
    return runNodeTests();
  }
  if (modelPath.empty() || outputDir.empty()) {
    llvm::errs() << "error: give MODEL.onnx -i input.pb ... -o OUTDIR, or "
                    "--node-tests DIR\n";
    return kUsageError;
  }
  return runModel();
}
