#include "NodeTestSuite.h"

#include "dfp/Registration/InitAllDialects.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <cmath>

namespace dfp::run {

using mlir::dfp::OnnxTensor;

void ErrorStats::add(double expected, double actual) {
  double diff = std::fabs(actual - expected);
  maxAbs = std::max(maxAbs, diff);
  if (expected != 0)
    maxRel = std::max(maxRel, diff / std::fabs(expected));
  sumAbs += diff;
  ++elements;
}

void ErrorStats::merge(const ErrorStats &other) {
  maxAbs = std::max(maxAbs, other.maxAbs);
  maxRel = std::max(maxRel, other.maxRel);
  sumAbs += other.sumAbs;
  elements += other.elements;
}

std::string compareLayouts(const OnnxTensor &expected,
                           const OnnxTensor &actual) {
  if (expected.shape != actual.shape)
    return "output '" + expected.name + "' has a different shape";
  if (expected.isFloat != actual.isFloat)
    return "output '" + expected.name + "' has a different element type";
  return "";
}

std::string compareTensors(const OnnxTensor &expected, const OnnxTensor &actual,
                           const Tolerance &tolerance, ErrorStats &stats) {
  if (std::string layout = compareLayouts(expected, actual); !layout.empty())
    return layout;
  int64_t count = expected.numElements();
  int64_t mismatches = 0, firstMismatch = -1;
  for (int64_t i = 0; i < count; ++i) {
    double want = expected.isFloat ? expected.floats[i] : expected.ints[i];
    double got = actual.isFloat ? actual.floats[i] : actual.ints[i];
    bool agree;
    if (std::isnan(want) || std::isnan(got)) {
      agree = std::isnan(want) && std::isnan(got);
    } else if (std::isinf(want) || std::isinf(got)) {
      agree = want == got;
    } else {
      stats.add(want, got);
      agree = std::fabs(got - want) <=
              tolerance.atol + tolerance.rtol * std::fabs(want);
    }
    if (!agree && mismatches++ == 0)
      firstMismatch = i;
  }
  if (mismatches == 0)
    return "";
  double want = expected.isFloat ? expected.floats[firstMismatch]
                                 : expected.ints[firstMismatch];
  double got = actual.isFloat ? actual.floats[firstMismatch]
                              : actual.ints[firstMismatch];
  return llvm::formatv("output '{0}': {1} of {2} elements differ, first at "
                       "{3}: {4} instead of {5}",
                       expected.name, mismatches, count, firstMismatch, got,
                       want);
}

/// Files `prefix_N.pb` of `directory` in order of N.
static std::vector<std::string> numberedFiles(llvm::StringRef directory,
                                              llvm::StringRef prefix) {
  std::vector<std::string> files;
  for (int index = 0;; ++index) {
    llvm::SmallString<256> path(directory);
    llvm::sys::path::append(path,
                            (prefix + "_" + llvm::Twine(index) + ".pb").str());
    if (!llvm::sys::fs::exists(path))
      return files;
    files.push_back(std::string(path));
  }
}

static std::vector<std::string> subdirectories(llvm::StringRef directory,
                                               llvm::StringRef prefix) {
  std::vector<std::string> result;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(directory, ec), end;
       it != end && !ec; it.increment(ec))
    if (llvm::sys::path::filename(it->path()).starts_with(prefix) &&
        llvm::sys::fs::is_directory(it->path()))
      result.push_back(it->path());
  llvm::sort(result);
  return result;
}

static llvm::Expected<std::vector<OnnxTensor>>
readTensors(const std::vector<std::string> &files,
            const mlir::dfp::OnnxImportLimits &limits) {
  std::vector<OnnxTensor> tensors;
  for (const std::string &file : files) {
    llvm::Expected<OnnxTensor> tensor =
        mlir::dfp::readOnnxTensorFile(file, limits);
    if (!tensor)
      return tensor.takeError();
    tensors.push_back(std::move(*tensor));
  }
  return tensors;
}

/// The first `count` lines of `text` (pipeline errors carry the whole IR).
static std::string firstLines(llvm::StringRef text, int count) {
  size_t end = 0;
  for (int line = 0; line < count && end != llvm::StringRef::npos; ++line)
    end = text.find('\n', end == 0 && line == 0 ? 0 : end + 1);
  return text.substr(0, end).rtrim().str();
}

/// The op a node test is counted under: its last node's (the one that
/// produces the output in the backend tests' single-op and expanded
/// models).
static std::string primaryOp(llvm::StringRef model) {
  llvm::Expected<std::vector<std::string>> ops =
      mlir::dfp::readOnnxOpTypes(model);
  if (!ops) {
    llvm::consumeError(ops.takeError());
    return "<unreadable>";
  }
  return ops->empty() ? "<no nodes>" : ops->back();
}

TestOutcome NodeTestSuite::runTest(llvm::StringRef directory) {
  TestOutcome outcome;
  outcome.test = llvm::sys::path::filename(directory).str();
  llvm::SmallString<256> model(directory);
  llvm::sys::path::append(model, "model.onnx");
  outcome.op = primaryOp(model);
  auto fail = [&](TestStatus status, llvm::Error error) {
    outcome.status = status;
    outcome.reason = firstLines(llvm::toString(std::move(error)), 2);
    return outcome;
  };

  mlir::DialectRegistry registry;
  mlir::dfp::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  mlir::dfp::OnnxImportOptions options;
  options.initializers = mlir::dfp::InitializerPolicy::Constants;
  auto module = mlir::dfp::importOnnxFile(model, context, options);
  if (!module)
    return fail(TestStatus::Unsupported, module.takeError());
  auto compiled = CompiledModel::compile(**module, precision);
  if (!compiled)
    return fail(TestStatus::Failed, compiled.takeError());

  std::vector<std::string> dataSets =
      subdirectories(directory, "test_data_set_");
  if (dataSets.empty())
    return fail(TestStatus::Failed,
                llvm::createStringError(llvm::inconvertibleErrorCode(),
                                        "no test_data_set_* directory"));
  for (const std::string &dataSet : dataSets) {
    auto inputs = readTensors(numberedFiles(dataSet, "input"), options.limits);
    if (!inputs)
      return fail(TestStatus::Failed, inputs.takeError());
    auto expected =
        readTensors(numberedFiles(dataSet, "output"), options.limits);
    if (!expected)
      return fail(TestStatus::Failed, expected.takeError());
    auto actual = (*compiled)->run(*inputs);
    if (!actual)
      return fail(TestStatus::Failed, actual.takeError());
    if (actual->size() != expected->size()) {
      outcome.status = TestStatus::Failed;
      outcome.reason = llvm::formatv("{0} outputs, {1} expected",
                                     actual->size(), expected->size());
      return outcome;
    }
    for (auto [want, got] : llvm::zip(*expected, *actual)) {
      std::string mismatch = compareLayouts(want, got);
      if (mismatch.empty()) {
        mismatch = compareTensors(want, got, tolerance, outcome.error);
        // DFP16 outputs are measured, not judged.
        if (precision == Precision::Dfp16)
          mismatch.clear();
      }
      if (!mismatch.empty() && outcome.reason.empty())
        outcome.reason =
            llvm::sys::path::filename(dataSet).str() + ": " + mismatch;
    }
  }
  outcome.status =
      outcome.reason.empty() ? TestStatus::Passed : TestStatus::Failed;
  return outcome;
}

void NodeTestSuite::runDirectory(llvm::StringRef root,
                                 llvm::raw_ostream *progress) {
  llvm::SmallString<256> rootModel(root);
  llvm::sys::path::append(rootModel, "model.onnx");
  std::vector<std::string> tests = llvm::sys::fs::exists(rootModel)
                                       ? std::vector<std::string>{root.str()}
                                       : subdirectories(root, "");
  for (const std::string &directory : tests) {
    llvm::SmallString<256> model(directory);
    llvm::sys::path::append(model, "model.onnx");
    if (!llvm::sys::fs::exists(model))
      continue;
    results.push_back(runTest(directory));
    if (progress) {
      const TestOutcome &outcome = results.back();
      bool measured = precision == Precision::Dfp16;
      static const char *names[] = {"PASS", "FAIL", "UNSUPPORTED"};
      *progress << (measured && outcome.status == TestStatus::Passed
                        ? "RAN"
                        : names[static_cast<int>(outcome.status)])
                << " " << outcome.test << " (" << outcome.op << ")";
      if (!outcome.reason.empty())
        *progress << ": " << outcome.reason;
      if (measured && outcome.error.elements != 0)
        *progress << llvm::format(": max abs err %.3g, max rel err %.3g, "
                                  "mean abs err %.3g",
                                  outcome.error.maxAbs, outcome.error.maxRel,
                                  outcome.error.meanAbs());
      *progress << "\n";
    }
  }
}

std::map<std::string, OpCounts> NodeTestSuite::countsPerOp() const {
  std::map<std::string, OpCounts> counts;
  for (const TestOutcome &outcome : results) {
    OpCounts &op = counts[outcome.op];
    switch (outcome.status) {
    case TestStatus::Passed:
      ++op.passed;
      break;
    case TestStatus::Failed:
      ++op.failed;
      break;
    case TestStatus::Unsupported:
      ++op.unsupported;
      break;
    }
    op.error.merge(outcome.error);
  }
  return counts;
}

static OpCounts totalOf(const std::map<std::string, OpCounts> &counts) {
  OpCounts total;
  for (const auto &[op, count] : counts) {
    total.passed += count.passed;
    total.failed += count.failed;
    total.unsupported += count.unsupported;
    total.error.merge(count.error);
  }
  return total;
}

void NodeTestSuite::printTable(llvm::raw_ostream &os) const {
  std::map<std::string, OpCounts> counts = countsPerOp();
  bool withErrors = precision == Precision::Dfp16;
  os << llvm::formatv("{0,-34} {1,7} {2,7} {3,12}", "op",
                      withErrors ? "ran" : "passed", "failed", "unsupported");
  if (withErrors)
    os << llvm::formatv(" {0,12} {1,12} {2,12}", "max abs err", "max rel err",
                        "mean abs err");
  os << "\n";
  auto row = [&](llvm::StringRef name, const OpCounts &count) {
    os << llvm::format("%-34s %7d %7d %12d", name.str().c_str(), count.passed,
                       count.failed, count.unsupported);
    if (withErrors && count.error.elements != 0)
      os << llvm::format(" %12.3g %12.3g %12.3g", count.error.maxAbs,
                         count.error.maxRel, count.error.meanAbs());
    os << "\n";
  };
  for (const auto &[op, count] : counts)
    row(op, count);
  row("total", totalOf(counts));
}

llvm::Error NodeTestSuite::writeJson(llvm::StringRef path) const {
  std::error_code ec;
  llvm::raw_fd_ostream file(path, ec);
  if (ec)
    return llvm::createStringError(ec, "cannot write '" + path +
                                           "': " + ec.message());
  std::map<std::string, OpCounts> counts = countsPerOp();
  llvm::json::OStream json(file, 2);
  auto errorAttributes = [&](const ErrorStats &error) {
    if (precision != Precision::Dfp16 || error.elements == 0)
      return;
    json.attribute("max_abs_error", error.maxAbs);
    json.attribute("max_rel_error", error.maxRel);
    json.attribute("mean_abs_error", error.meanAbs());
  };
  auto countsObject = [&](const OpCounts &count) {
    json.object([&] {
      json.attribute("passed", count.passed);
      json.attribute("failed", count.failed);
      json.attribute("unsupported", count.unsupported);
      errorAttributes(count.error);
    });
  };
  static const char *names[] = {"passed", "failed", "unsupported"};
  json.object([&] {
    json.attribute("precision",
                   precision == Precision::Dfp16 ? "dfp16" : "fp32");
    json.attributeObject("ops", [&] {
      for (const auto &[op, count] : counts)
        json.attributeBegin(op), countsObject(count), json.attributeEnd();
    });
    json.attributeBegin("totals");
    countsObject(totalOf(counts));
    json.attributeEnd();
    json.attributeArray("tests", [&] {
      for (const TestOutcome &outcome : results)
        json.object([&] {
          json.attribute("name", outcome.test);
          json.attribute("op", outcome.op);
          json.attribute("status", names[static_cast<int>(outcome.status)]);
          if (!outcome.reason.empty())
            json.attribute("reason", outcome.reason);
          errorAttributes(outcome.error);
        });
    });
  });
  file << "\n";
  return llvm::Error::success();
}

} // namespace dfp::run
