#ifndef DFP_TEST_UNITTESTS_OPS_OPSTESTSUPPORT_H
#define DFP_TEST_UNITTESTS_OPS_OPSTESTSUPPORT_H

#include "dfp/ops/Shapes.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace dfp::ops::test {

/// Uniform values in [low, high) from a fixed seed.
std::vector<float> randomValues(size_t count, uint32_t seed, float low = -1.0f,
                                float high = 1.0f);

/// Values whose magnitudes stay above `gap` (away from relu's kink) and
/// pairwise distinct (no max-pool ties within a finite-difference step).
std::vector<float> distinctValues(size_t count, uint32_t seed,
                                  float gap = 0.01f);

std::vector<double> toDouble(const std::vector<float> &values);

/// A scalar function of an FP64 vector, the probe of a gradient check.
using Objective = std::function<double(const std::vector<double> &)>;

/// Central differences (f(x + h e_i) - f(x - h e_i)) / 2h.
std::vector<double> numericGradient(const Objective &f,
                                    const std::vector<double> &x,
                                    double step = 1e-5);

/// <weights, output>: turns a tensor-valued forward into the objective whose
/// gradient the backward kernel returns for dy = weights.
double weightedSum(const std::vector<double> &output,
                   const std::vector<float> &weights);

/// Expects |actual - expected| <= tolerance * (1 + |expected|) everywhere.
void expectClose(const std::vector<float> &actual,
                 const std::vector<double> &expected, double tolerance,
                 const std::string &what);

/// Runs `kernel` with 1, 2 and 3 threads and expects the outputs it fills
/// to hold the same bits each time.
void expectThreadIndependent(
    const std::function<void(const OpOptions &, std::vector<float> &)> &kernel);

/// Expects `status` to fail with a message containing each of `parts`.
void expectError(const Status &status, const std::vector<std::string> &parts);

} // namespace dfp::ops::test

#endif // DFP_TEST_UNITTESTS_OPS_OPSTESTSUPPORT_H
