#include "Flags.h"
#include "FloatBits.h"
#include "HandlerTable.h"
#include "Lanes.h"

#include <cstring>

namespace dfp::emu {
namespace {

using dfp::Status;

enum class Rounding { NearestEven = 0, Down = 1, Up = 2, TowardZero = 3 };

double roundIntegral(double value, Rounding mode) {
  switch (mode) {
  case Rounding::NearestEven:
    return __builtin_roundeven(value);
  case Rounding::Down:
    return std::floor(value);
  case Rounding::Up:
    return std::ceil(value);
  case Rounding::TowardZero:
    return std::trunc(value);
  }
  return value;
}

/// imm8 of vroundps/vrndscaleps: bit 2 selects MXCSR (nearest even here),
/// else bits 1:0; vrndscaleps also keeps imm8[7:4] fraction bits.
Rounding roundingFromImmediate(unsigned imm) {
  return imm & 4 ? Rounding::NearestEven : Rounding(imm & 3);
}

uint32_t roundToFraction(uint32_t bits, Rounding mode, int fractionBits) {
  if (isNaN(bits))
    return quiet(bits);
  // Exact in double: scaling by 2^15 at most, then rounding to an integer.
  double scaled = std::ldexp(double(toFloat(bits)), fractionBits);
  return toBits(float(std::ldexp(roundIntegral(scaled, mode), -fractionBits)));
}

template <bool WithScale> Status roundPacked(Exec &e) {
  unsigned imm = unsigned(e.immediate(2) & 0xff);
  Rounding mode = roundingFromImmediate(imm);
  int fractionBits = WithScale ? int(imm >> 4) : 0;
  return unaryLanes<uint32_t>(e, [mode, fractionBits](uint32_t a) {
    return roundToFraction(a, mode, fractionBits);
  });
}

/// float -> signed integer of `Bits`, with the integer indefinite value
/// (INT_MIN) for NaN and out-of-range inputs.
template <unsigned Bits> uint64_t floatToInteger(uint32_t bits, Rounding mode) {
  uint64_t indefinite = signBit(Bits);
  if (isNaN(bits))
    return indefinite;
  double value = roundIntegral(double(toFloat(bits)), mode);
  double limit = std::ldexp(1.0, Bits - 1);
  if (!(value >= -limit && value < limit))
    return indefinite;
  return uint64_t(int64_t(value)) & widthMask(Bits);
}

uint32_t convertNearest(uint32_t a) {
  return uint32_t(floatToInteger<32>(a, Rounding::NearestEven));
}
uint32_t convertTruncating(uint32_t a) {
  return uint32_t(floatToInteger<32>(a, Rounding::TowardZero));
}
/// Host int -> float conversions round to nearest even, as MXCSR's default.
uint32_t signedToFloat(uint32_t a) { return toBits(float(int32_t(a))); }
uint32_t unsignedToFloat(uint32_t a) { return toBits(float(a)); }

/// vcvtsi2ss: lane 0 = (float) GPR or memory integer, lanes 1-3 from op1.
Status integerToScalar(Exec &e) {
  int64_t value = signExtend(e.readInt(2), e.bits(2));
  Vec result = e.readVec(1);
  std::memset(result.bytes + 16, 0, kVectorBytes - 16);
  result.set<uint32_t>(0, toBits(float(value)));
  e.writeVecLanes(0, result, sizeof(uint32_t), 1);
  return Status::success();
}

/// vcvtss2si (nearest even) / vcvttss2si (truncating) to a 32- or 64-bit GPR.
template <Rounding Mode> Status scalarToInteger(Exec &e) {
  uint32_t bits =
      e.isMemory(1) ? uint32_t(e.readInt(1)) : e.readVec(1).get<uint32_t>(0);
  e.writeInt(0, e.bits(0) == 64 ? floatToInteger<64>(bits, Mode)
                                : floatToInteger<32>(bits, Mode));
  return Status::success();
}

} // namespace

void registerVectorConvertOps(HandlerTable &table) {
  table.add(ZYDIS_MNEMONIC_VCVTDQ2PS, unary<uint32_t, signedToFloat>);
  table.add(ZYDIS_MNEMONIC_VCVTUDQ2PS, unary<uint32_t, unsignedToFloat>);
  table.add(ZYDIS_MNEMONIC_VCVTPS2DQ, unary<uint32_t, convertNearest>);
  table.add(ZYDIS_MNEMONIC_VCVTTPS2DQ, unary<uint32_t, convertTruncating>);
  table.add(ZYDIS_MNEMONIC_VROUNDPS, roundPacked<false>);
  table.add(ZYDIS_MNEMONIC_VRNDSCALEPS, roundPacked<true>);
  table.add(ZYDIS_MNEMONIC_VCVTSI2SS, integerToScalar);
  table.add(ZYDIS_MNEMONIC_VCVTSS2SI, scalarToInteger<Rounding::NearestEven>);
  table.add(ZYDIS_MNEMONIC_VCVTTSS2SI, scalarToInteger<Rounding::TowardZero>);
}

} // namespace dfp::emu
