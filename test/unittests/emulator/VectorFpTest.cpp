#include "LaneEmitters.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace dfp::emu::test {
namespace {

using I = Isa;
using D = Data;

// Scalar expectations written from the SDM, independent of the emulator's code.
float f(uint64_t bits) {
  uint32_t b = uint32_t(bits);
  float value;
  std::memcpy(&value, &b, 4);
  return value;
}
uint64_t bitsOf(float value) {
  uint32_t b;
  std::memcpy(&b, &value, 4);
  return b;
}
bool nan(uint64_t bits) { return std::isnan(f(bits)); }
uint64_t quieted(uint64_t bits) { return uint32_t(bits) | 0x00400000u; }
/// A NaN made from non-NaN operands is the default NaN 0xffc00000.
uint64_t result(float value) {
  return std::isnan(value) ? 0xffc00000u : bitsOf(value);
}

template <typename Op> uint64_t arithmetic(uint64_t a, uint64_t b, Op op) {
  if (nan(a))
    return quieted(a);
  if (nan(b))
    return quieted(b);
  return result(op(f(a), f(b)));
}

/// NaN priority: the multiplicands, then the addend.
uint64_t fma231(uint64_t c, uint64_t a, uint64_t b) {
  for (uint64_t source : {a, b, c})
    if (nan(source))
      return quieted(source);
  return result(std::fma(f(a), f(b), f(c)));
}

/// float -> int32 by `round`, 0x80000000 for NaN and out of range.
template <typename Round> uint64_t toInt32(uint64_t a, Round round) {
  if (nan(a))
    return 0x80000000u;
  double r = round(double(f(a)));
  if (r >= 2147483648.0 || r < -2147483648.0)
    return 0x80000000u;
  return uint32_t(int32_t(r));
}

double nearestEven(double x) {
  double floor = std::floor(x), diff = x - floor;
  if (diff > 0.5 || (diff == 0.5 && std::fmod(floor, 2.0) != 0))
    return floor + 1;
  return floor;
}

template <typename Round> uint64_t roundTo(uint64_t a, Round round, int bits) {
  if (nan(a))
    return quieted(a);
  double x = double(f(a));
  if (std::isinf(x))
    return a;
  double r = std::ldexp(round(std::ldexp(x, bits)), -bits);
  // Keep the sign of a zero result (x86 rounds -0.3 to -0.0).
  return bitsOf(std::copysign(float(r), f(a)));
}

uint64_t scalef(uint64_t a, uint64_t b) {
  if (nan(a))
    return quieted(a);
  if (nan(b))
    return quieted(b);
  float x = f(a), y = f(b);
  if (std::isinf(y)) {
    if ((x == 0 && y > 0) || (std::isinf(x) && y < 0))
      return 0xffc00000u;
    if (x == 0 || std::isinf(x))
      return a;
    return bitsOf(std::copysign(y > 0 ? INFINITY : 0.0f, x));
  }
  if (x == 0 || std::isinf(x))
    return a;
  double e = std::floor(double(y));
  e = std::fmax(-500, std::fmin(500, e));
  return bitsOf(float(double(x) * std::pow(2.0, e)));
}

const LaneCase kFpCases[] = {
    {"vaddps", 4, D::Float, I::Avx512F, DFP_BINARY(vaddps), I::Avx2,
     DFP_BINARY(vaddps),
     [](uint64_t, uint64_t a, uint64_t b) {
       return arithmetic(a, b, [](float x, float y) { return x + y; });
     }},
    {"vsubps", 4, D::Float, I::Avx512F, DFP_BINARY(vsubps), I::Avx2,
     DFP_BINARY(vsubps),
     [](uint64_t, uint64_t a, uint64_t b) {
       return arithmetic(a, b, [](float x, float y) { return x - y; });
     }},
    {"vmulps", 4, D::Float, I::Avx512F, DFP_BINARY(vmulps), I::Avx2,
     DFP_BINARY(vmulps),
     [](uint64_t, uint64_t a, uint64_t b) {
       return arithmetic(a, b, [](float x, float y) { return x * y; });
     }},
    {"vdivps", 4, D::Float, I::Avx512F, DFP_BINARY(vdivps), I::Avx2,
     DFP_BINARY(vdivps),
     [](uint64_t, uint64_t a, uint64_t b) {
       return arithmetic(a, b, [](float x, float y) { return x / y; });
     }},
    {"vmaxps", 4, D::Float, I::Avx512F, DFP_BINARY(vmaxps), I::Avx2,
     DFP_BINARY(vmaxps),
     [](uint64_t, uint64_t a, uint64_t b) { return f(a) > f(b) ? a : b; }},
    {"vminps", 4, D::Float, I::Avx512F, DFP_BINARY(vminps), I::Avx2,
     DFP_BINARY(vminps),
     [](uint64_t, uint64_t a, uint64_t b) { return f(a) < f(b) ? a : b; }},
    {"vsqrtps", 4, D::Float, I::Avx512F, DFP_UNARY(vsqrtps), I::Avx2,
     DFP_UNARY(vsqrtps),
     [](uint64_t, uint64_t, uint64_t b) {
       return nan(b) ? quieted(b) : result(std::sqrt(f(b)));
     }},
    {"vfmadd231ps", 4, D::Float, I::Avx512F, DFP_BINARY(vfmadd231ps), I::Avx2,
     DFP_BINARY(vfmadd231ps), fma231},
    {"vfmadd213ps", 4, D::Float, I::Avx512F, DFP_BINARY(vfmadd213ps), I::Avx2,
     DFP_BINARY(vfmadd213ps), nullptr},
    {"vfmadd132ps", 4, D::Float, I::Avx512F, DFP_BINARY(vfmadd132ps), I::Avx2,
     DFP_BINARY(vfmadd132ps), nullptr},
    {"vfnmadd231ps", 4, D::Float, I::Avx512F, DFP_BINARY(vfnmadd231ps), I::Avx2,
     DFP_BINARY(vfnmadd231ps), nullptr},
    {"vfmsub213ps", 4, D::Float, I::Avx512F, DFP_BINARY(vfmsub213ps), I::Avx2,
     DFP_BINARY(vfmsub213ps), nullptr},
    {"vscalefps", 4, D::Float, I::Avx512F, DFP_BINARY(vscalefps), I::Base,
     nullptr, [](uint64_t, uint64_t a, uint64_t b) { return scalef(a, b); }},
    {"vgetexpps", 4, D::Float, I::Avx512F, DFP_UNARY(vgetexpps), I::Base,
     nullptr, nullptr},
    {"vandps", 4, D::Float, I::Avx512Dq, DFP_BINARY(vandps), I::Avx2,
     DFP_BINARY(vandps),
     [](uint64_t, uint64_t a, uint64_t b) { return a & b; }},
    {"vxorps", 4, D::Float, I::Avx512Dq, DFP_BINARY(vxorps), I::Avx2,
     DFP_BINARY(vxorps),
     [](uint64_t, uint64_t a, uint64_t b) { return a ^ b; }},
    {"vcvtdq2ps", 4, D::Int32, I::Avx512F, DFP_UNARY(vcvtdq2ps), I::Avx2,
     DFP_UNARY(vcvtdq2ps),
     [](uint64_t, uint64_t, uint64_t b) {
       return bitsOf(float(int32_t(uint32_t(b))));
     }},
    {"vcvtps2dq", 4, D::Float, I::Avx512F, DFP_UNARY(vcvtps2dq), I::Avx2,
     DFP_UNARY(vcvtps2dq),
     [](uint64_t, uint64_t, uint64_t b) { return toInt32(b, nearestEven); }},
    {"vcvttps2dq", 4, D::Float, I::Avx512F, DFP_UNARY(vcvttps2dq), I::Avx2,
     DFP_UNARY(vcvttps2dq),
     [](uint64_t, uint64_t, uint64_t b) {
       return toInt32(b, [](double x) { return std::trunc(x); });
     }},
    {"vroundps_nearest", 4, D::Float, I::Base, nullptr, I::Avx2,
     DFP_UNARY_IMM(vroundps, 0),
     [](uint64_t, uint64_t, uint64_t b) { return roundTo(b, nearestEven, 0); }},
    {"vroundps_floor", 4, D::Float, I::Base, nullptr, I::Avx2,
     DFP_UNARY_IMM(vroundps, 1),
     [](uint64_t, uint64_t, uint64_t b) {
       return roundTo(b, [](double x) { return std::floor(x); }, 0);
     }},
    {"vroundps_ceil", 4, D::Float, I::Base, nullptr, I::Avx2,
     DFP_UNARY_IMM(vroundps, 2),
     [](uint64_t, uint64_t, uint64_t b) {
       return roundTo(b, [](double x) { return std::ceil(x); }, 0);
     }},
    {"vroundps_trunc_mxcsr", 4, D::Float, I::Base, nullptr, I::Avx2,
     DFP_UNARY_IMM(vroundps, 0xf),
     [](uint64_t, uint64_t, uint64_t b) { return roundTo(b, nearestEven, 0); }},
    {"vrndscaleps_trunc", 4, D::Float, I::Avx512F,
     DFP_UNARY_IMM(vrndscaleps, 3), I::Base, nullptr,
     [](uint64_t, uint64_t, uint64_t b) {
       return roundTo(b, [](double x) { return std::trunc(x); }, 0);
     }},
    {"vrndscaleps_quarters", 4, D::Float, I::Avx512F,
     DFP_UNARY_IMM(vrndscaleps, 0x28), I::Base, nullptr,
     [](uint64_t, uint64_t, uint64_t b) { return roundTo(b, nearestEven, 2); }},
};

class VectorFpTest : public ::testing::TestWithParam<LaneCase> {};

TEST_P(VectorFpTest, MatchesNativeAndReference) { checkLaneCase(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Emulator, VectorFpTest, ::testing::ValuesIn(kFpCases),
                         [](const auto &info) {
                           return std::string(info.param.name);
                         });

} // namespace
} // namespace dfp::emu::test
