#include "OpsTestSupport.h"

#include "dfp/ops/BatchNorm.h"
#include "dfp/ops/Elementwise.h"

#include <cmath>
#include <cstring>

namespace dfp::ops::test {
namespace {

struct Statistics {
  std::vector<double> mean, var;
};

Statistics statisticsF64(const std::vector<double> &x, const ChannelShape &s) {
  Statistics stats{std::vector<double>(size_t(s.channels)),
                   std::vector<double>(size_t(s.channels))};
  const auto channel = [&](size_t i) {
    return (i / size_t(s.inner)) % size_t(s.channels);
  };
  for (size_t i = 0; i < x.size(); ++i)
    stats.mean[channel(i)] += x[i] / double(s.perChannel());
  for (size_t i = 0; i < x.size(); ++i) {
    const double d = x[i] - stats.mean[channel(i)];
    stats.var[channel(i)] += d * d / double(s.perChannel());
  }
  return stats;
}

/// Training-mode batch norm in FP64, the statistics from `x` itself.
std::vector<double> batchNormF64(const std::vector<double> &x,
                                 const std::vector<double> &scale,
                                 const std::vector<double> &bias,
                                 const ChannelShape &s, double epsilon) {
  const Statistics stats = statisticsF64(x, s);
  std::vector<double> y(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const size_t c = (i / size_t(s.inner)) % size_t(s.channels);
    y[i] =
        (x[i] - stats.mean[c]) / std::sqrt(stats.var[c] + epsilon) * scale[c] +
        bias[c];
  }
  return y;
}

const float kEpsilon = 1e-5f;

std::vector<ChannelShape> shapes() {
  return {ChannelShape{3, 5, 7}, ChannelShape{9, 4, 1}, ChannelShape{2, 3, 15}};
}

TEST(BatchNorm, TrainingForwardMatchesFormula) {
  for (const ChannelShape &s : shapes()) {
    const std::vector<float> x = randomValues(size_t(s.elements()), 1, -2, 3);
    const std::vector<float> scale = randomValues(size_t(s.channels), 2);
    const std::vector<float> bias = randomValues(size_t(s.channels), 3);
    std::vector<float> y(x.size()), mean(scale.size()), var(scale.size());
    ASSERT_TRUE(batchNormTraining(x.data(), scale.data(), bias.data(), s,
                                  kEpsilon, y.data(), mean.data(), var.data())
                    .ok());
    const Statistics stats = statisticsF64(toDouble(x), s);
    expectClose(mean, stats.mean, 1e-6, "batch mean");
    expectClose(var, stats.var, 1e-6, "batch var");
    expectClose(
        y,
        batchNormF64(toDouble(x), toDouble(scale), toDouble(bias), s, kEpsilon),
        1e-5, "batch_norm y");
  }
}

TEST(BatchNorm, VarianceSurvivesALargeMean) {
  // Mean 1000, spread 1e-2: a one-pass E[x^2] - E[x]^2 would lose it all.
  const ChannelShape s{64, 1, 33};
  std::vector<float> x = randomValues(size_t(s.elements()), 4, -0.01f, 0.01f);
  for (float &v : x)
    v += 1000.0f;
  std::vector<float> y(x.size());
  float scale = 1, bias = 0, mean = 0, var = 0;
  ASSERT_TRUE(batchNormTraining(x.data(), &scale, &bias, s, kEpsilon, y.data(),
                                &mean, &var)
                  .ok());
  const Statistics stats = statisticsF64(toDouble(x), s);
  EXPECT_NEAR(var, stats.var[0], 1e-3 * stats.var[0]);
}

TEST(BatchNorm, InferenceUsesRunningStatistics) {
  const ChannelShape s{2, 3, 5};
  const std::vector<float> x = randomValues(30, 5);
  const std::vector<float> scale = {1.5f, -0.5f, 2.0f}, bias = {0.1f, 0, -1};
  const std::vector<float> mean = {0.2f, -0.1f, 0}, var = {0.5f, 2.0f, 1.0f};
  std::vector<float> y(30);
  ASSERT_TRUE(batchNormInference(x.data(), scale.data(), bias.data(),
                                 mean.data(), var.data(), s, kEpsilon, y.data())
                  .ok());
  std::vector<double> expected(30);
  for (size_t i = 0; i < 30; ++i) {
    const size_t c = (i / 5) % 3;
    expected[i] = (double(x[i]) - mean[c]) /
                      std::sqrt(double(var[c]) + kEpsilon) * scale[c] +
                  bias[c];
  }
  expectClose(y, expected, 1e-6, "batch_norm_inference y");
}

TEST(BatchNorm, BackwardMatchesFiniteDifferences) {
  for (const ChannelShape &s : shapes()) {
    const std::vector<float> x = randomValues(size_t(s.elements()), 6, -2, 2);
    const std::vector<float> scale = randomValues(size_t(s.channels), 7);
    const std::vector<float> bias = randomValues(size_t(s.channels), 8);
    const std::vector<float> dy = randomValues(x.size(), 9);
    std::vector<float> y(x.size()), mean(scale.size()), var(scale.size());
    ASSERT_TRUE(batchNormTraining(x.data(), scale.data(), bias.data(), s,
                                  kEpsilon, y.data(), mean.data(), var.data())
                    .ok());
    std::vector<float> dx(x.size()), dscale(scale.size()), dbias(scale.size());
    ASSERT_TRUE(batchNormBackward(dy.data(), x.data(), scale.data(),
                                  mean.data(), var.data(), s, kEpsilon,
                                  dx.data(), dscale.data(), dbias.data())
                    .ok());
    const std::vector<double> x64 = toDouble(x), scale64 = toDouble(scale),
                              bias64 = toDouble(bias);
    expectClose(dx,
                numericGradient(
                    [&](const std::vector<double> &v) {
                      return weightedSum(
                          batchNormF64(v, scale64, bias64, s, kEpsilon), dy);
                    },
                    x64),
                2e-5, "batch_norm dx");
    expectClose(dscale,
                numericGradient(
                    [&](const std::vector<double> &v) {
                      return weightedSum(
                          batchNormF64(x64, v, bias64, s, kEpsilon), dy);
                    },
                    scale64),
                2e-5, "batch_norm grad_scale");
    expectClose(dbias,
                numericGradient(
                    [&](const std::vector<double> &v) {
                      return weightedSum(
                          batchNormF64(x64, scale64, v, s, kEpsilon), dy);
                    },
                    bias64),
                2e-5, "batch_norm grad_bias");
  }
}

TEST(BatchNorm, InPlaceGivesTheSameBits) {
  const ChannelShape s{3, 4, 9};
  const std::vector<float> x = randomValues(108, 14),
                           dy = randomValues(108, 15);
  const std::vector<float> scale = randomValues(4, 16),
                           bias = randomValues(4, 17);
  std::vector<float> y(108), stats(8), inPlace = x;
  ASSERT_TRUE(batchNormTraining(x.data(), scale.data(), bias.data(), s,
                                kEpsilon, y.data(), stats.data(),
                                stats.data() + 4)
                  .ok());
  ASSERT_TRUE(batchNormTraining(inPlace.data(), scale.data(), bias.data(), s,
                                kEpsilon, inPlace.data(), stats.data(),
                                stats.data() + 4)
                  .ok());
  EXPECT_EQ(inPlace, y);
  std::vector<float> dx(108), grads(8), dyInPlace = dy;
  ASSERT_TRUE(batchNormBackward(dy.data(), x.data(), scale.data(), stats.data(),
                                stats.data() + 4, s, kEpsilon, dx.data(),
                                grads.data(), grads.data() + 4)
                  .ok());
  ASSERT_TRUE(batchNormBackward(dyInPlace.data(), x.data(), scale.data(),
                                stats.data(), stats.data() + 4, s, kEpsilon,
                                dyInPlace.data(), grads.data(),
                                grads.data() + 4)
                  .ok());
  EXPECT_EQ(dyInPlace, dx);
}

TEST(BatchNorm, RunningStatisticsFollowPyTorch) {
  std::vector<float> runningMean = {0.0f, 1.0f}, runningVar = {1.0f, 2.0f};
  const std::vector<float> mean = {0.5f, -1.0f}, var = {0.3f, 4.0f};
  ASSERT_TRUE(updateRunningStatistics(runningMean.data(), runningVar.data(),
                                      mean.data(), var.data(), 2, 10, 0.1f)
                  .ok());
  EXPECT_FLOAT_EQ(runningMean[0], 0.05f);
  EXPECT_FLOAT_EQ(runningMean[1], 0.9f * 1.0f - 0.1f);
  EXPECT_FLOAT_EQ(runningVar[0], 0.9f + 0.1f * 0.3f * 10 / 9);
  EXPECT_FLOAT_EQ(runningVar[1], 0.9f * 2.0f + 0.1f * 4.0f * 10 / 9);
}

TEST(BatchNorm, ThreadCountDoesNotChangeBits) {
  for (const ChannelShape &s :
       {ChannelShape{16, 7, 1025}, ChannelShape{70001, 3, 1}}) {
    const std::vector<float> x = randomValues(size_t(s.elements()), 10);
    const std::vector<float> dy = randomValues(x.size(), 11);
    const std::vector<float> scale = randomValues(size_t(s.channels), 12);
    const std::vector<float> bias = randomValues(size_t(s.channels), 13);
    expectThreadIndependent(
        [&](const OpOptions &options, std::vector<float> &out) {
          const size_t n = x.size(), c = scale.size();
          out.assign(2 * n + 4 * c, 0.0f);
          float *y = out.data(), *dx = y + n, *mean = dx + n, *var = mean + c;
          ASSERT_TRUE(batchNormTraining(x.data(), scale.data(), bias.data(), s,
                                        kEpsilon, y, mean, var, options)
                          .ok());
          ASSERT_TRUE(batchNormBackward(dy.data(), x.data(), scale.data(), mean,
                                        var, s, kEpsilon, dx, var + c,
                                        var + 2 * c, options)
                          .ok());
        });
  }
}

TEST(BatchNorm, RejectsBadArguments) {
  float value = 1;
  expectError(batchNormTraining(&value, &value, &value, ChannelShape{1, 0, 1},
                                kEpsilon, &value, &value, &value),
              {"batch_norm", "[1, 0, 1]"});
  expectError(batchNormBackward(&value, &value, &value, &value, &value,
                                ChannelShape{1, 1, 1}, -1.0f, &value, &value,
                                &value),
              {"batch_norm_backward", "epsilon", "non-negative"});
  float negative = -1;
  expectError(batchNormInference(&value, &value, &value, &value, &negative,
                                 ChannelShape{1, 1, 1}, 0.0f, &value),
              {"batch_norm_inference", "channel 0", "not positive"});
  expectError(
      updateRunningStatistics(&value, &value, &value, &value, 1, 1, 0.1f),
      {"at least 2 values per channel"});
  expectError(
      updateRunningStatistics(&value, &value, &value, &value, 1, 4, 1.5f),
      {"momentum"});
}

} // namespace
} // namespace dfp::ops::test

namespace dfp::ops {
namespace {

// The fused forms give the bits of the ops they fuse, for any thread count.
TEST(BatchNorm, FusedReluGivesTheSameBits) {
  const ChannelShape s{3, 5, 37};
  const std::vector<float> x = test::randomValues(size_t(s.elements()), 21),
                           dy = test::randomValues(x.size(), 22);
  const std::vector<float> scale = test::randomValues(5, 23),
                           bias = test::randomValues(5, 24);
  std::vector<float> running = test::randomValues(5, 25, 0.5f, 2.0f);
  for (int threads : {1, 2, 3}) {
    const OpOptions o{threads};
    std::vector<float> y(x.size()), mean(5), var(5), fused(x.size()),
        fusedMean(5), fusedVar(5);
    ASSERT_TRUE(batchNormTraining(x.data(), scale.data(), bias.data(), s, 1e-5f,
                                  y.data(), mean.data(), var.data(), o)
                    .ok());
    relu(y.data(), s.elements(), y.data(), o);
    ASSERT_TRUE(batchNormTrainingRelu(x.data(), scale.data(), bias.data(), s,
                                      1e-5f, fused.data(), fusedMean.data(),
                                      fusedVar.data(), o)
                    .ok());
    EXPECT_EQ(std::memcmp(y.data(), fused.data(), y.size() * 4), 0);
    EXPECT_EQ(std::memcmp(mean.data(), fusedMean.data(), 20), 0);
    EXPECT_EQ(std::memcmp(var.data(), fusedVar.data(), 20), 0);

    std::vector<float> yi(x.size()), fusedI(x.size());
    ASSERT_TRUE(batchNormInference(x.data(), scale.data(), bias.data(),
                                   mean.data(), running.data(), s, 1e-5f,
                                   yi.data(), o)
                    .ok());
    relu(yi.data(), s.elements(), yi.data(), o);
    ASSERT_TRUE(batchNormInferenceRelu(x.data(), scale.data(), bias.data(),
                                       mean.data(), running.data(), s, 1e-5f,
                                       fusedI.data(), o)
                    .ok());
    EXPECT_EQ(std::memcmp(yi.data(), fusedI.data(), yi.size() * 4), 0);

    std::vector<float> masked(x.size()), dx(x.size()), ds(5), db(5),
        fusedDx(x.size()), fusedDs(5), fusedDb(5);
    reluBackward(dy.data(), y.data(), s.elements(), masked.data(), o);
    ASSERT_TRUE(batchNormBackward(masked.data(), x.data(), scale.data(),
                                  mean.data(), var.data(), s, 1e-5f, dx.data(),
                                  ds.data(), db.data(), o)
                    .ok());
    ASSERT_TRUE(reluBatchNormBackward(dy.data(), y.data(), x.data(),
                                      scale.data(), mean.data(), var.data(), s,
                                      1e-5f, fusedDx.data(), fusedDs.data(),
                                      fusedDb.data(), o)
                    .ok());
    EXPECT_EQ(std::memcmp(dx.data(), fusedDx.data(), dx.size() * 4), 0);
    EXPECT_EQ(std::memcmp(ds.data(), fusedDs.data(), 20), 0);
    EXPECT_EQ(std::memcmp(db.data(), fusedDb.data(), 20), 0);
  }
}

} // namespace
} // namespace dfp::ops
