#ifndef DFP_TEST_UNITTESTS_REFERENCE_TESTSUPPORT_H
#define DFP_TEST_UNITTESTS_REFERENCE_TESTSUPPORT_H

#include "dfp/reference/Quantize.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace dfp {
inline void PrintTo(Rounding rounding, std::ostream *os) {
  *os << toString(rounding);
}
} // namespace dfp

namespace dfp::test {

inline int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t extent : shape)
    n *= extent;
  return n;
}

inline DfpFormat makeFormat(int storageBits, int magBits,
                            ExponentGrouping grouping = {}) {
  DfpFormat format;
  format.storageBits = storageBits;
  format.magBits = magBits;
  format.grouping = grouping;
  return format;
}

/// A tensor with uniform random values in [lo, hi] and random exponents in
/// [expLo, expHi], built directly (as imported data would be).
inline QuantizedTensor randomTensor(std::mt19937 &rng,
                                    const std::vector<int64_t> &shape,
                                    const DfpFormat &format, int32_t lo,
                                    int32_t hi, int32_t expLo = 0,
                                    int32_t expHi = 0) {
  QuantizedTensor t;
  t.shape = shape;
  t.format = format;
  std::uniform_int_distribution<int32_t> value(lo, hi), exponent(expLo, expHi);
  t.values.resize(size_t(product(shape)));
  for (int16_t &v : t.values)
    v = int16_t(value(rng));
  t.exponents.resize(size_t(numGroups(shape, format)));
  for (int32_t &e : t.exponents)
    e = exponent(rng);
  return t;
}

/// The exact value of every element (q * 2^e) in FP64.
inline std::vector<double> exactValues(const QuantizedTensor &t) {
  std::vector<double> out(t.values.size());
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = std::ldexp(double(t.values[i]),
                        t.exponents[size_t(t.groupOf(int64_t(i)))]);
  return out;
}

inline std::vector<float> randomFloats(std::mt19937 &rng, size_t n, float lo,
                                       float hi) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> out(n);
  for (float &x : out)
    x = dist(rng);
  return out;
}

inline uint32_t floatBits(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

} // namespace dfp::test

#endif // DFP_TEST_UNITTESTS_REFERENCE_TESTSUPPORT_H
