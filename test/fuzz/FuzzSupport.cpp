#include "FuzzSupport.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace dfp::fuzz {

void mismatch(const std::string &what) {
  std::fprintf(stderr, "mismatch with the reference: %s\n", what.c_str());
  std::abort();
}

void expectSameOutcome(const char *entryPoint, const Status &reference,
                       const Status &tested) {
  if (reference.ok() == tested.ok())
    return;
  mismatch(
      std::string(entryPoint) + ": reference " +
      (reference.ok() ? "succeeds" : "fails (" + reference.message() + ")") +
      ", tested " +
      (tested.ok() ? "succeeds" : "fails (" + tested.message() + ")"));
}

jit::Isa consumeNativeIsa(FuzzedDataProvider &input) {
  jit::Isa max = jit::Isa::Scalar;
  if (Status status = jit::effectiveMaxIsa(max); !status.ok())
    mismatch("bad DFP_MAX_ISA: " + status.message());
  return jit::Isa(input.ConsumeIntegralInRange<int>(0, int(max)));
}

Rounding consumeRounding(FuzzedDataProvider &input) {
  return Rounding(input.ConsumeIntegralInRange<int>(0, 3));
}

StochasticSeed consumeSeed(FuzzedDataProvider &input) {
  StochasticSeed seed;
  seed.seed = input.ConsumeIntegral<uint64_t>();
  seed.stream = input.ConsumeIntegral<uint32_t>();
  seed.step = input.ConsumeIntegral<uint32_t>();
  return seed;
}

/// A divisor of `dim` (a valid block size along an axis of that length).
int64_t consumeDivisor(FuzzedDataProvider &input, int64_t dim) {
  std::vector<int64_t> divisors;
  for (int64_t d = 1; d <= dim; ++d)
    if (dim % d == 0)
      divisors.push_back(d);
  return divisors[input.ConsumeIntegralInRange<size_t>(0, divisors.size() - 1)];
}

DfpFormat consumeFormat(FuzzedDataProvider &input,
                        const std::vector<int64_t> &shape) {
  int rank = int(shape.size());
  DfpFormat format;
  bool arbitrary = input.ConsumeIntegralInRange<int>(0, 15) == 0;
  if (arbitrary) {
    format.storageBits = input.ConsumeIntegralInRange<int>(-1, 33);
    format.magBits = input.ConsumeIntegralInRange<int>(-1, 33);
  } else {
    format.storageBits = input.ConsumeBool() ? 16 : 8;
    format.magBits =
        input.ConsumeIntegralInRange<int>(1, format.storageBits - 1);
  }
  using Kind = ExponentGrouping::Kind;
  format.grouping.kind = Kind(input.ConsumeIntegralInRange<int>(0, 2));
  if (format.grouping.kind != Kind::Tensor) {
    format.grouping.axis = arbitrary
                               ? input.ConsumeIntegralInRange<int>(-2, rank + 1)
                               : input.ConsumeIntegralInRange<int>(0, rank - 1);
    if (format.grouping.kind == Kind::Block)
      format.grouping.blockSize =
          arbitrary ? input.ConsumeIntegralInRange<int64_t>(-1, 64)
                    : consumeDivisor(input, shape[format.grouping.axis]);
  }
  return format;
}

std::vector<int64_t> consumeShape(FuzzedDataProvider &input, int rank,
                                  int64_t maxElements) {
  std::vector<int64_t> shape;
  int64_t budget = maxElements;
  for (int d = 0; d < rank; ++d) {
    int64_t dim = input.ConsumeIntegralInRange<int64_t>(1, budget);
    shape.push_back(dim);
    budget = std::max<int64_t>(1, budget / dim);
  }
  return shape;
}

int64_t elementCount(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

} // namespace dfp::fuzz
