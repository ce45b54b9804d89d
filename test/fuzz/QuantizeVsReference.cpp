// Fuzz target: dfp::quant::quantize and quantizeWithExponents (generated
// kernels, any native ISA, threads and chunking) against the scalar
// reference dfp::quantize / dfp::quantizeWithExponents, bit for bit.
#include "FuzzSupport.h"

#include "dfp/quantize/Quantize.h"
#include "dfp/reference/Quantize.h"

#include <cmath>
#include <cstring>
#include <string>

namespace {

using namespace dfp;

constexpr int64_t kMaxElements = 4096;

/// Raw bit patterns (NaN, Inf, subnormals included) or small integers
/// scaled by a common power of two, which reach every rounding case.
std::vector<float> consumeData(FuzzedDataProvider &input, int64_t count) {
  std::vector<float> data(count);
  if (input.ConsumeBool()) {
    for (float &x : data) {
      uint32_t bits = input.ConsumeIntegral<uint32_t>();
      std::memcpy(&x, &bits, sizeof x);
    }
    return data;
  }
  int scale = input.ConsumeIntegralInRange<int>(-160, 120);
  for (float &x : data)
    x = std::ldexp(float(input.ConsumeIntegral<int16_t>()), scale);
  return data;
}

void expectSameTensor(const QuantizedTensor &reference,
                      const QuantizedTensor &tested) {
  if (reference.exponents != tested.exponents)
    fuzz::mismatch("exponents differ");
  if (reference.values != tested.values)
    for (size_t i = 0; i < reference.values.size(); ++i)
      if (i >= tested.values.size() || reference.values[i] != tested.values[i])
        fuzz::mismatch("value " + std::to_string(i) + " differs: reference " +
                       std::to_string(reference.values[i]) + ", tested " +
                       (i < tested.values.size()
                            ? std::to_string(tested.values[i])
                            : std::string("missing")));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size) {
  FuzzedDataProvider input(bytes, size);
  quant::QuantizeOptions options;
  options.isa = fuzz::consumeNativeIsa(input);
  options.threads = input.ConsumeIntegralInRange<int>(1, 3);
  options.chunkElements =
      input.ConsumeBool() ? 0 : input.ConsumeIntegralInRange<int64_t>(1, 300);
  int rank = input.ConsumeIntegralInRange<int>(1, 4);
  std::vector<int64_t> shape = fuzz::consumeShape(input, rank, kMaxElements);
  DfpFormat format = fuzz::consumeFormat(input, shape);
  Rounding rounding = fuzz::consumeRounding(input);
  StochasticSeed seed = fuzz::consumeSeed(input);
  bool givenExponents = input.ConsumeBool();
  std::vector<int32_t> exponents;
  if (givenExponents) {
    int64_t groups = format.verify(shape).ok()
                         ? numGroups(shape, format)
                         : input.ConsumeIntegralInRange<int64_t>(0, 8);
    for (int64_t g = 0; g < groups; ++g)
      exponents.push_back(input.ConsumeIntegralInRange<int32_t>(-170, 170));
  }
  std::vector<float> data = consumeData(input, fuzz::elementCount(shape));

  QuantizedTensor reference, tested;
  if (givenExponents) {
    Status expected = quantizeWithExponents(
        data.data(), shape, format, exponents, rounding, seed, reference);
    Status actual = quant::quantizeWithExponents(
        data.data(), shape, format, exponents, rounding, seed, tested, options);
    fuzz::expectSameOutcome("quantizeWithExponents", expected, actual);
    if (!expected.ok())
      return 0;
  } else {
    Status expected =
        quantize(data.data(), shape, format, rounding, seed, reference);
    Status actual = quant::quantize(data.data(), shape, format, rounding, seed,
                                    tested, options);
    fuzz::expectSameOutcome("quantize", expected, actual);
    if (!expected.ok())
      return 0;
  }
  expectSameTensor(reference, tested);
  return 0;
}
