#include "ChainRule.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <gtest/gtest.h>

namespace dfp::test {

namespace {

bool sameSegment(const Term &x, const Term &y) {
  return x.window == y.window && x.groupA == y.groupA && x.groupB == y.groupB;
}

} // namespace

float chainedSum(const std::vector<Term> &terms, int64_t chain) {
  float acc = 0.0f;
  size_t begin = 0;
  while (begin < terms.size()) {
    size_t end = begin + 1;
    while (end < terms.size() && sameSegment(terms[begin], terms[end]))
      ++end;
    for (size_t piece = begin; piece < end; piece += size_t(chain)) {
      size_t pieceEnd = std::min(end, piece + size_t(chain));
      int64_t sum = 0;
      for (size_t t = piece; t < pieceEnd; ++t)
        sum += int64_t(terms[t].a) * terms[t].b;
      EXPECT_LE(std::llabs(sum), int64_t(INT32_MAX)) << "test data overflows";
      acc = std::fma(float(sum), std::ldexp(1.0f, terms[piece].exponent), acc);
    }
    begin = end;
  }
  return acc;
}

double exactSum(const std::vector<Term> &terms) {
  double sum = 0;
  for (const Term &t : terms)
    sum += std::ldexp(double(int64_t(t.a) * t.b), t.exponent);
  return sum;
}

} // namespace dfp::test
