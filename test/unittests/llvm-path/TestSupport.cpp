#include "TestSupport.h"

#include "llvm/Support/Error.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace dfp::testing {

std::unique_ptr<JitModule> compileOrFail(const std::string &source,
                                         const std::string &pipeline) {
  JitOptions options;
  options.pipeline = pipeline;
  auto module = JitModule::fromSource(source, options);
  if (!module) {
    ADD_FAILURE() << llvm::toString(module.takeError()) << "\nin\n" << source;
    return nullptr;
  }
  return std::move(*module);
}

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text;
}

std::string dfpTypeText(const std::vector<int64_t> &shape, int storageBits,
                        int magBits) {
  return "!dfp.tensor<" + shapeText(shape) + "xi" +
         std::to_string(storageBits) + ", mag = " + std::to_string(magBits) +
         ", exp = tensor>";
}

std::string roundingText(Rounding rounding) {
  switch (rounding) {
  case Rounding::NearestEven:
    return "nearest_even";
  case Rounding::NearestUp:
    return "nearest_up";
  case Rounding::TowardZero:
    return "toward_zero";
  case Rounding::Stochastic:
    return "stochastic";
  }
  return "";
}

std::vector<float> sampleData(int64_t count, uint32_t seed,
                              bool withEdgeValues) {
  std::mt19937 generator(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_int_distribution<int> binade(-30, 30);
  std::vector<float> data(static_cast<size_t>(count));
  for (float &x : data)
    x = std::ldexp(normal(generator), binade(generator));
  if (!withEdgeValues)
    return data;
  const float edges[] = {0.0f,
                         -0.0f,
                         0.5f,
                         -0.5f,
                         1.5f,
                         -2.5f,
                         0.49999997f,
                         std::numeric_limits<float>::denorm_min(),
                         -std::numeric_limits<float>::min(),
                         std::numeric_limits<float>::max(),
                         -std::numeric_limits<float>::max()};
  for (size_t i = 0; i < std::size(edges) && i < data.size(); ++i)
    data[(i * 7919) % data.size()] = edges[i];
  return data;
}

::testing::AssertionResult sameBits(const std::vector<float> &expected,
                                    const std::vector<float> &actual) {
  if (expected.size() != actual.size())
    return ::testing::AssertionFailure()
           << expected.size() << " vs " << actual.size() << " elements";
  for (size_t i = 0; i < expected.size(); ++i) {
    uint32_t a, b;
    std::memcpy(&a, &expected[i], 4);
    std::memcpy(&b, &actual[i], 4);
    if (a != b)
      return ::testing::AssertionFailure()
             << "element " << i << ": expected " << expected[i] << " (0x"
             << std::hex << a << "), got " << actual[i] << " (0x" << b << ")";
  }
  return ::testing::AssertionSuccess();
}

} // namespace dfp::testing
