// Fuzz target: dfp::jit::gemm (generated kernels at a native ISA, fuzzed
// threads and cache blocking) against the scalar reference dfp::matmul, bit
// for bit, on small operands of fuzzed formats, values, exponents and chain.
#include "FuzzSupport.h"

#include "dfp/jit/Gemm.h"
#include "dfp/reference/ChainLength.h"
#include "dfp/reference/Contraction.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace {

using namespace dfp;

constexpr int64_t kMaxDim = 48;

/// Values within the format's magnitude, or edge values (+-(2^M - 1), 0 and
/// the storage minimum -2^(B-1), which imported data may hold).
void consumeValues(FuzzedDataProvider &input, QuantizedTensor &t) {
  int64_t count = fuzz::elementCount(t.shape);
  int32_t max = t.format.magBits >= 1 && t.format.magBits <= 15
                    ? t.format.maxMagnitude()
                    : 32767;
  bool edges = input.ConsumeBool();
  int32_t storageMin = t.format.storageBits == 8 ? -128 : -32768;
  for (int64_t i = 0; i < count; ++i) {
    int32_t v;
    if (edges) {
      const int32_t choices[] = {max, -max, 0, storageMin};
      v = choices[input.ConsumeIntegralInRange<int>(0, 3)];
    } else {
      v = input.ConsumeIntegralInRange<int32_t>(-max, max);
    }
    t.values.push_back(int16_t(v));
  }
}

/// Exponents around a fuzzed base, so that some cases reach the FP32
/// overflow and underflow limits of 2^(ea+eb).
void consumeExponents(FuzzedDataProvider &input, QuantizedTensor &t) {
  int64_t groups =
      t.format.verify(t.shape).ok() ? numGroups(t.shape, t.format) : 1;
  int32_t base = input.ConsumeIntegralInRange<int32_t>(-100, 70);
  for (int64_t g = 0; g < groups; ++g)
    t.exponents.push_back(base + input.ConsumeIntegralInRange<int32_t>(0, 40));
}

QuantizedTensor consumeOperand(FuzzedDataProvider &input, int64_t rows,
                               int64_t cols) {
  QuantizedTensor t;
  t.shape = {rows, cols};
  t.format = fuzz::consumeFormat(input, t.shape);
  consumeExponents(input, t);
  consumeValues(input, t);
  return t;
}

int64_t consumeChain(FuzzedDataProvider &input, const QuantizedTensor &a,
                     const QuantizedTensor &b) {
  switch (input.ConsumeIntegralInRange<int>(0, 3)) {
  case 0:
    return input.ConsumeIntegralInRange<int64_t>(-1, 2 * kMaxDim);
  case 1:
    return input.ConsumeIntegral<int32_t>();
  default:
    // The longest chain the true ranges allow (0 when none does).
    return chainLengthForRange(maxAbsValue(a), maxAbsValue(b));
  }
}

jit::GemmOptions consumeOptions(FuzzedDataProvider &input) {
  jit::GemmOptions options;
  options.isa = fuzz::consumeNativeIsa(input);
  if (options.isa == jit::Isa::Avx2 && jit::hostFeatures().avxVnni)
    options.avxVnni = input.ConsumeBool();
  options.threads = input.ConsumeIntegralInRange<int>(1, 2);
  options.execution = jit::ExecutionMode::Native;
  if (input.ConsumeBool()) {
    options.kBlock = input.ConsumeIntegralInRange<int64_t>(1, 2 * kMaxDim);
    options.mBlock = input.ConsumeIntegralInRange<int64_t>(1, kMaxDim);
    options.nBlock = input.ConsumeIntegralInRange<int64_t>(1, 2 * kMaxDim);
  }
  return options;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size) {
  FuzzedDataProvider input(bytes, size);
  jit::GemmOptions options = consumeOptions(input);
  int64_t m = input.ConsumeIntegralInRange<int64_t>(1, kMaxDim);
  int64_t n = input.ConsumeIntegralInRange<int64_t>(1, kMaxDim);
  int64_t k = input.ConsumeIntegralInRange<int64_t>(1, 2 * kMaxDim);
  QuantizedTensor a = consumeOperand(input, m, k);
  QuantizedTensor b = consumeOperand(input, k, n);
  int64_t chain = consumeChain(input, a, b);

  std::vector<float> expected(m * n, -1.0f), actual(m * n, -2.0f);
  Status reference = matmul(a, b, chain, expected.data());
  Status tested = jit::gemm(a, b, chain, actual.data(), options);
  fuzz::expectSameOutcome("gemm", reference, tested);
  if (!reference.ok())
    return 0;
  for (int64_t i = 0; i < m * n; ++i)
    if (std::memcmp(&expected[i], &actual[i], sizeof(float)) != 0)
      fuzz::mismatch("C[" + std::to_string(i / n) + "][" +
                     std::to_string(i % n) +
                     "] = " + std::to_string(actual[i]) + ", reference " +
                     std::to_string(expected[i]) + " (isa " +
                     jit::toString(*options.isa) + ")");
  return 0;
}
