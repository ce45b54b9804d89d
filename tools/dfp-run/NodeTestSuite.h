#ifndef DFP_TOOLS_DFPRUN_NODETESTSUITE_H
#define DFP_TOOLS_DFPRUN_NODETESTSUITE_H

#include "CompiledModel.h"

#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <vector>

namespace dfp::run {

/// ONNX backend test tolerances (onnx/backend/test/case/node: rtol 1e-3,
/// atol 1e-7): |actual - expected| <= atol + rtol * |expected|.
struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-7;
};

/// Element-wise differences from the expected values, over every finite
/// element compared (relative errors where the expected value is not 0).
struct ErrorStats {
  double maxAbs = 0;
  double maxRel = 0;
  double sumAbs = 0;
  int64_t elements = 0;

  double meanAbs() const { return elements ? sumAbs / elements : 0; }
  void add(double expected, double actual);
  void merge(const ErrorStats &other);
};

/// An empty string when `actual` has the shape and element type of
/// `expected`, else what differs.
std::string compareLayouts(const mlir::dfp::OnnxTensor &expected,
                           const mlir::dfp::OnnxTensor &actual);

/// Compares `actual` with `expected`: an empty string when they agree
/// within `tolerance` (NaN only where NaN is expected), else what differs.
std::string compareTensors(const mlir::dfp::OnnxTensor &expected,
                           const mlir::dfp::OnnxTensor &actual,
                           const Tolerance &tolerance, ErrorStats &stats);

enum class TestStatus { Passed, Failed, Unsupported };

struct TestOutcome {
  std::string test;
  std::string op;
  TestStatus status;
  std::string reason;
  ErrorStats error;
};

struct OpCounts {
  int passed = 0, failed = 0, unsupported = 0;
  ErrorStats error;
};

/// Runs every ONNX node test (a directory with model.onnx and
/// test_data_set_*/) found directly under each of `roots`: imported with
/// every initializer a constant, JIT-compiled at `precision`, run on each
/// data set and compared with its outputs. A test whose model does not
/// import is unsupported; one that imports but does not compile or run, or
/// gives outputs of the wrong shape or type, is failed. In FP32 a test whose
/// outputs differ beyond the tolerance is failed too; in DFP16 the
/// differences are only measured (ErrorStats) and such a test counts as
/// passed ("ran").
class NodeTestSuite {
public:
  NodeTestSuite(Precision precision, Tolerance tolerance)
      : precision(precision), tolerance(tolerance) {}

  /// Runs the node test `root`, or every node test directly under it.
  void runDirectory(llvm::StringRef root, llvm::raw_ostream *progress);
  TestOutcome runTest(llvm::StringRef directory);

  const std::vector<TestOutcome> &outcomes() const { return results; }
  std::map<std::string, OpCounts> countsPerOp() const;
  /// The per-op table, totals last.
  void printTable(llvm::raw_ostream &os) const;
  /// { "ops": { OP: {"passed", "failed", "unsupported"} }, "totals": {...},
  ///   "precision", "tests": [ {name, op, status, reason} ] }; in DFP16 each
  ///   count and test also has "max_abs_error", "max_rel_error" and
  ///   "mean_abs_error".
  llvm::Error writeJson(llvm::StringRef path) const;

private:
  Precision precision;
  Tolerance tolerance;
  std::vector<TestOutcome> results;
};

} // namespace dfp::run

#endif // DFP_TOOLS_DFPRUN_NODETESTSUITE_H
