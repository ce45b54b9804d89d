#include "OpsTestSupport.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace dfp::ops::test {

std::vector<float> randomValues(size_t count, uint32_t seed, float low,
                                float high) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> distribution(low, high);
  std::vector<float> values(count);
  for (float &value : values)
    value = distribution(engine);
  return values;
}

std::vector<float> distinctValues(size_t count, uint32_t seed, float gap) {
  // A shuffled ladder gap, 2 gap, ... with random signs: distinct magnitudes
  // at least `gap` apart.
  std::vector<size_t> order(count);
  std::iota(order.begin(), order.end(), size_t(1));
  std::mt19937 engine(seed);
  std::shuffle(order.begin(), order.end(), engine);
  std::vector<float> values(count);
  for (size_t i = 0; i < count; ++i)
    values[i] = float(order[i]) * gap * ((engine() & 1) ? 1.0f : -1.0f);
  return values;
}

std::vector<double> toDouble(const std::vector<float> &values) {
  return std::vector<double>(values.begin(), values.end());
}

std::vector<double> numericGradient(const Objective &f,
                                    const std::vector<double> &x, double step) {
  std::vector<double> gradient(x.size());
  std::vector<double> probe = x;
  for (size_t i = 0; i < x.size(); ++i) {
    probe[i] = x[i] + step;
    const double up = f(probe);
    probe[i] = x[i] - step;
    const double down = f(probe);
    probe[i] = x[i];
    gradient[i] = (up - down) / (2 * step);
  }
  return gradient;
}

double weightedSum(const std::vector<double> &output,
                   const std::vector<float> &weights) {
  double sum = 0.0;
  for (size_t i = 0; i < output.size(); ++i)
    sum += output[i] * double(weights[i]);
  return sum;
}

void expectClose(const std::vector<float> &actual,
                 const std::vector<double> &expected, double tolerance,
                 const std::string &what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  int reported = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    const double error = std::fabs(double(actual[i]) - expected[i]);
    if (!(error <= tolerance * (1.0 + std::fabs(expected[i]))) &&
        reported++ < 5)
      ADD_FAILURE() << what << "[" << i << "] = " << actual[i] << ", expected "
                    << expected[i];
  }
}

void expectThreadIndependent(
    const std::function<void(const OpOptions &, std::vector<float> &)>
        &kernel) {
  std::vector<float> single;
  kernel(OpOptions{1}, single);
  ASSERT_FALSE(single.empty());
  for (int threads : {2, 3}) {
    std::vector<float> split;
    kernel(OpOptions{threads}, split);
    ASSERT_EQ(split.size(), single.size());
    EXPECT_EQ(
        std::memcmp(split.data(), single.data(), single.size() * sizeof(float)),
        0)
        << "results differ between 1 and " << threads << " threads";
  }
}

void expectError(const Status &status, const std::vector<std::string> &parts) {
  ASSERT_FALSE(status.ok()) << "expected an error";
  for (const std::string &part : parts)
    EXPECT_NE(status.message().find(part), std::string::npos)
        << "'" << status.message() << "' does not mention '" << part << "'";
}

} // namespace dfp::ops::test
