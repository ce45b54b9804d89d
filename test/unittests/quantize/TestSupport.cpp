#include "TestSupport.h"

#include "dfp/reference/Quantize.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace dfp::quant::test {

QuantizeOptions Target::options() const {
  QuantizeOptions options;
  options.isa = isa;
  options.mode = mode;
  return options;
}

std::string Target::name() const {
  switch (isa) {
  case jit::Isa::Scalar:
    return "Scalar";
  case jit::Isa::Avx2:
    return std::string("Avx2") +
           (mode == jit::ExecutionMode::Emulated ? "Emulated" : "Native");
  case jit::Isa::Avx512bw:
    return std::string("Avx512bw") +
           (mode == jit::ExecutionMode::Emulated ? "Emulated" : "Native");
  case jit::Isa::Avx512Vnni:
    return std::string("Avx512Vnni") +
           (mode == jit::ExecutionMode::Emulated ? "Emulated" : "Native");
  }
  return "Unknown";
}

void PrintTo(const Target &target, std::ostream *os) { *os << target.name(); }

bool Target::available() const {
  return isa == jit::Isa::Scalar || mode == jit::ExecutionMode::Emulated ||
         jit::hostSupports(isa);
}

std::vector<Target> allTargets() {
  std::vector<Target> targets{{jit::Isa::Scalar, jit::ExecutionMode::Native}};
  for (jit::ExecutionMode mode :
       {jit::ExecutionMode::Native, jit::ExecutionMode::Emulated})
    for (jit::Isa isa :
         {jit::Isa::Avx2, jit::Isa::Avx512bw, jit::Isa::Avx512Vnni})
      targets.push_back({isa, mode});
  return targets;
}

const std::vector<Rounding> &allRoundings() {
  static const std::vector<Rounding> roundings{
      Rounding::NearestEven, Rounding::NearestUp, Rounding::TowardZero,
      Rounding::Stochastic};
  return roundings;
}

std::string roundingName(Rounding rounding) {
  switch (rounding) {
  case Rounding::NearestEven:
    return "NearestEven";
  case Rounding::NearestUp:
    return "NearestUp";
  case Rounding::TowardZero:
    return "TowardZero";
  case Rounding::Stochastic:
    return "Stochastic";
  }
  return "Unknown";
}

namespace {

void expectSameTensors(const std::vector<float> &x, const Status &expected,
                       const QuantizedTensor &want, const Status &actual,
                       const QuantizedTensor &got) {
  ASSERT_EQ(expected.ok(), actual.ok())
      << "reference: " << (expected.ok() ? "ok" : expected.message())
      << "\nkernels:   " << (actual.ok() ? "ok" : actual.message());
  if (!expected.ok()) {
    EXPECT_EQ(expected.message(), actual.message());
    return;
  }
  EXPECT_EQ(want.shape, got.shape);
  EXPECT_EQ(want.exponents, got.exponents);
  ASSERT_EQ(want.values.size(), got.values.size());
  int mismatches = 0;
  for (size_t i = 0; i < want.values.size() && mismatches < 5; ++i) {
    if (want.values[i] == got.values[i])
      continue;
    ++mismatches;
    int64_t group = want.groupOf(int64_t(i));
    ADD_FAILURE() << "element " << i << " x = " << std::hexfloat << x[i]
                  << std::defaultfloat << " (group " << group
                  << ", e = " << want.exponents[size_t(group)]
                  << "): reference q = " << want.values[i]
                  << ", kernels q = " << got.values[i];
  }
}

} // namespace

void expectMatchesReference(const std::vector<float> &x,
                            const std::vector<int64_t> &shape,
                            const DfpFormat &format, Rounding rounding,
                            const StochasticSeed &seed,
                            const QuantizeOptions &options) {
  QuantizedTensor want, got;
  Status expected =
      dfp::quantize(x.data(), shape, format, rounding, seed, want);
  Status actual =
      quantize(x.data(), shape, format, rounding, seed, got, options);
  expectSameTensors(x, expected, want, actual, got);
}

void expectMatchesReferenceWithExponents(const std::vector<float> &x,
                                         const std::vector<int64_t> &shape,
                                         const DfpFormat &format,
                                         const std::vector<int32_t> &exponents,
                                         Rounding rounding,
                                         const StochasticSeed &seed,
                                         const QuantizeOptions &options) {
  QuantizedTensor want, got;
  Status expected = dfp::quantizeWithExponents(x.data(), shape, format,
                                               exponents, rounding, seed, want);
  Status actual = quantizeWithExponents(x.data(), shape, format, exponents,
                                        rounding, seed, got, options);
  expectSameTensors(x, expected, want, actual, got);
}

std::vector<float> mixedValues(int64_t n, float scale, int decades,
                               std::mt19937 &rng) {
  std::uniform_real_distribution<float> mantissa(0.5f, 1.0f);
  std::uniform_int_distribution<int> binade(0, decades);
  std::uniform_int_distribution<int> kind(0, 15);
  std::uniform_int_distribution<int> small(-40, 40);
  std::vector<float> values(static_cast<size_t>(n));
  for (float &value : values) {
    switch (kind(rng)) {
    case 0:
      value = 0.0f;
      break;
    case 1: // integers and halves on the scale of the largest values
      value = std::ldexp(float(small(rng)) * 0.5f, -6) * scale;
      break;
    default:
      value = std::ldexp(mantissa(rng), -binade(rng)) * scale;
      if (kind(rng) < 8)
        value = -value;
    }
  }
  return values;
}

DfpFormat format16(int magBits, ExponentGrouping grouping) {
  DfpFormat format;
  format.storageBits = 16;
  format.magBits = magBits;
  format.grouping = grouping;
  return format;
}

} // namespace dfp::quant::test
