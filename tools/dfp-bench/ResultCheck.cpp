#include "ResultCheck.h"

#include <cmath>
#include <string>

namespace dfp::bench {

double relativeError(const std::vector<float> &actual,
                     const std::vector<float> &expected) {
  double difference = 0, reference = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    double delta = double(actual[i]) - double(expected[i]);
    difference += delta * delta;
    reference += double(expected[i]) * double(expected[i]);
  }
  if (reference == 0)
    return difference == 0 ? 0 : INFINITY;
  return std::sqrt(difference / reference);
}

Status checkAgainstFp32(const char *what, const std::vector<float> &actual,
                        const std::vector<float> &expected, double &error) {
  if (actual.size() != expected.size())
    return Status::error(
        std::string(what) + ": " + std::to_string(actual.size()) +
        " results, oneDNN has " + std::to_string(expected.size()));
  error = relativeError(actual, expected);
  // Negated so that a NaN error fails too.
  if (!(error <= kMaxDfp16RelativeError))
    return Status::error(std::string(what) +
                         " differs from oneDNN FP32: "
                         "relative error " +
                         std::to_string(error) + " (limit " +
                         std::to_string(kMaxDfp16RelativeError) + ")");
  return Status::success();
}

} // namespace dfp::bench
