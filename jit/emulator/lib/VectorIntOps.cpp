#include "HandlerTable.h"
#include "Lanes.h"

#include <algorithm>
#include <limits>

namespace dfp::emu {
namespace {

using dfp::Status;

template <typename T> using Signed = std::make_signed_t<T>;

template <typename To> To saturate(int64_t value) {
  return To(std::clamp<int64_t>(value, std::numeric_limits<To>::min(),
                                std::numeric_limits<To>::max()));
}

template <typename T> T bitAnd(T a, T b) { return a & b; }
template <typename T> T bitAndNot(T a, T b) { return T(~a & b); }
template <typename T> T bitOr(T a, T b) { return a | b; }
template <typename T> T bitXor(T a, T b) { return a ^ b; }
template <typename T> T addWrap(T a, T b) { return T(a + b); }
template <typename T> T subWrap(T a, T b) { return T(a - b); }
template <typename T> T addSaturate(T a, T b) {
  return saturate<T>(int64_t(a) + int64_t(b));
}
template <typename T> T subSaturate(T a, T b) {
  return saturate<T>(int64_t(a) - int64_t(b));
}
template <typename T> T mulLow(T a, T b) {
  return T(uint64_t(a) * uint64_t(b));
}
template <typename T> T mulHigh(T a, T b) {
  return T((int64_t(a) * int64_t(b)) >> (8 * sizeof(T)));
}
template <typename T> T maximum(T a, T b) { return std::max(a, b); }
template <typename T> T minimum(T a, T b) { return std::min(a, b); }
template <typename T> T absolute(T a) {
  using U = std::make_unsigned_t<T>;
  return T(a < 0 ? U(0) - U(a) : U(a));
}

uint64_t mulUnsignedDwords(uint64_t a, uint64_t b) {
  return (a & 0xffffffff) * (b & 0xffffffff);
}
uint64_t mulSignedDwords(uint64_t a, uint64_t b) {
  return uint64_t(int64_t(int32_t(uint32_t(a))) * int32_t(uint32_t(b)));
}

int16_t wordAt(uint32_t dword, unsigned index) {
  return int16_t(uint16_t(dword >> (16 * index)));
}

/// Sum of the two signed 16x16-bit products of a dword pair (exact in int64).
int64_t wordPairProducts(uint32_t a, uint32_t b) {
  return int64_t(wordAt(a, 0)) * wordAt(b, 0) +
         int64_t(wordAt(a, 1)) * wordAt(b, 1);
}

/// Sum of the four u8 x s8 products of a dword quadruple (exact in int64).
int64_t byteQuadProducts(uint32_t a, uint32_t b) {
  int64_t sum = 0;
  for (unsigned i = 0; i < 4; ++i)
    sum += int64_t(uint8_t(a >> (8 * i))) * int8_t(uint8_t(b >> (8 * i)));
  return sum;
}

/// vpmaddwd: the 0x8000 * 0x8000 pair sums to 2^31 and wraps to INT32_MIN.
uint32_t pmaddwd(uint32_t a, uint32_t b) {
  return uint32_t(wordPairProducts(a, b));
}
uint32_t dpwssd(uint32_t d, uint32_t a, uint32_t b) {
  return uint32_t(int64_t(int32_t(d)) + wordPairProducts(a, b));
}
uint32_t dpwssds(uint32_t d, uint32_t a, uint32_t b) {
  return uint32_t(
      saturate<int32_t>(int64_t(int32_t(d)) + wordPairProducts(a, b)));
}
uint32_t dpbusd(uint32_t d, uint32_t a, uint32_t b) {
  return uint32_t(int64_t(int32_t(d)) + byteQuadProducts(a, b));
}
uint32_t dpbusds(uint32_t d, uint32_t a, uint32_t b) {
  return uint32_t(
      saturate<int32_t>(int64_t(int32_t(d)) + byteQuadProducts(a, b)));
}
uint16_t pmaddubsw(uint16_t a, uint16_t b) {
  int64_t sum = 0;
  for (unsigned i = 0; i < 2; ++i)
    sum += int64_t(uint8_t(a >> (8 * i))) * int8_t(uint8_t(b >> (8 * i)));
  return uint16_t(saturate<int16_t>(sum));
}

enum class Shift { Left, LogicalRight, ArithmeticRight };

/// Counts of the element width or more give 0 (or the sign for arithmetic
/// shifts).
template <typename T, Shift Kind> T shiftLane(T value, uint64_t count) {
  constexpr unsigned bits = 8 * sizeof(T);
  switch (Kind) {
  case Shift::Left:
    return count >= bits ? T(0) : T(value << count);
  case Shift::LogicalRight:
    return count >= bits ? T(0) : T(value >> count);
  case Shift::ArithmeticRight:
    return T(Signed<T>(value) >> (count >= bits ? bits - 1 : count));
  }
  return value;
}

/// vpsllw/d/q and friends: one count for all lanes, from imm8 or an xmm/m128.
template <typename T, Shift Kind> Status shiftUniform(Exec &e) {
  uint64_t count = e.isImmediate(2) ? (e.immediate(2) & 0xff)
                                    : e.readVec(2).get<uint64_t>(0);
  return unaryLanes<T>(e,
                       [count](T a) { return shiftLane<T, Kind>(a, count); });
}

/// vpsllvd and friends: a count per lane.
template <typename T, Shift Kind> Status shiftVariable(Exec &e) {
  return binaryLanes<T>(
      e, [](T a, T count) { return shiftLane<T, Kind>(a, uint64_t(count)); });
}

template <typename T> bool equal(T a, T b) { return a == b; }
template <typename T> bool greater(T a, T b) { return a > b; }
template <typename T> bool testAny(T a, T b) { return (a & b) != 0; }
template <typename T> bool testNone(T a, T b) { return (a & b) == 0; }

template <typename T, bool (*Pred)(T, T)> Status compare(Exec &e) {
  return compareLanes<T>(e, Pred);
}

/// vpcmp{b,w,d,q}/vpcmpu*: imm8 selects EQ, LT, LE, FALSE, NE, NLT, NLE, TRUE.
template <typename T> Status compareWithPredicate(Exec &e) {
  unsigned predicate = unsigned(e.immediate(3) & 7);
  return compareLanes<T>(e, [predicate](T a, T b) {
    switch (predicate) {
    case 0:
      return a == b;
    case 1:
      return a < b;
    case 2:
      return a <= b;
    case 3:
      return false;
    case 4:
      return a != b;
    case 5:
      return a >= b;
    case 6:
      return a > b;
    default:
      return true;
    }
  });
}

template <typename T> Status ternaryLogic(Exec &e) {
  unsigned table = unsigned(e.immediate(3) & 0xff);
  return ternaryLanes<T>(e, [table](T a, T b, T c) {
    T result = 0;
    for (unsigned index = 0; index < 8; ++index)
      if ((table >> index) & 1)
        result |= T((index & 4 ? a : T(~a)) & (index & 2 ? b : T(~b)) &
                    (index & 1 ? c : T(~c)));
    return result;
  });
}

/// vpblendm*/vblendmp*: lanes selected by the opmask come from op2, the others
/// from op1 (or zero with {z}).
template <typename T> Status blendWithOpmask(Exec &e) {
  uint64_t select = e.controlMask();
  bool zeroing = e.zeroMasking();
  Vec a = e.readVec(1), b = e.readVec(2);
  Vec result;
  for (unsigned lane = 0; lane < e.bytes(0) / sizeof(T); ++lane)
    result.set<T>(lane, (select >> lane) & 1 ? b.get<T>(lane)
                        : zeroing            ? T(0)
                                             : a.get<T>(lane));
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

/// vpblendvb/vblendvps/vblendvpd: the sign of each lane of op3 selects op2.
template <typename T> Status blendWithVector(Exec &e) {
  Vec a = e.readVec(1), b = e.readVec(2), select = e.readVec(3);
  Vec result;
  for (unsigned lane = 0; lane < e.bytes(0) / sizeof(T); ++lane)
    result.set<T>(lane, Signed<T>(select.get<T>(lane)) < 0 ? b.get<T>(lane)
                                                           : a.get<T>(lane));
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

/// vpblendd/vpblendw: imm8 bit (lane mod 8) selects op2.
template <typename T> Status blendWithImmediate(Exec &e) {
  unsigned select = unsigned(e.immediate(3) & 0xff);
  Vec a = e.readVec(1), b = e.readVec(2);
  Vec result;
  for (unsigned lane = 0; lane < e.bytes(0) / sizeof(T); ++lane)
    result.set<T>(lane,
                  (select >> (lane % 8)) & 1 ? b.get<T>(lane) : a.get<T>(lane));
  e.writeVec(0, result, sizeof(T));
  return Status::success();
}

template <typename U>
void addElementWidth(HandlerTable &table, ZydisMnemonic add, ZydisMnemonic sub,
                     ZydisMnemonic eq, ZydisMnemonic gt, ZydisMnemonic cmp,
                     ZydisMnemonic cmpu, ZydisMnemonic testm,
                     ZydisMnemonic testnm, ZydisMnemonic maxs,
                     ZydisMnemonic mins, ZydisMnemonic maxu, ZydisMnemonic minu,
                     ZydisMnemonic abs, ZydisMnemonic blendm) {
  using S = Signed<U>;
  table.add(add, binary<U, addWrap<U>>);
  table.add(sub, binary<U, subWrap<U>>);
  table.add(eq, compare<U, equal<U>>);
  table.add(gt, compare<S, greater<S>>);
  table.add(cmp, compareWithPredicate<S>);
  table.add(cmpu, compareWithPredicate<U>);
  table.add(testm, compare<U, testAny<U>>);
  table.add(testnm, compare<U, testNone<U>>);
  table.add(maxs, binary<S, maximum<S>>);
  table.add(mins, binary<S, minimum<S>>);
  table.add(maxu, binary<U, maximum<U>>);
  table.add(minu, binary<U, minimum<U>>);
  table.add(abs, unary<S, absolute<S>>);
  table.add(blendm, blendWithOpmask<U>);
}

template <typename U>
void addShifts(HandlerTable &table, ZydisMnemonic sll, ZydisMnemonic srl,
               ZydisMnemonic sra, ZydisMnemonic sllv, ZydisMnemonic srlv,
               ZydisMnemonic srav) {
  table.add(sll, shiftUniform<U, Shift::Left>);
  table.add(srl, shiftUniform<U, Shift::LogicalRight>);
  table.add(sra, shiftUniform<U, Shift::ArithmeticRight>);
  table.add(sllv, shiftVariable<U, Shift::Left>);
  table.add(srlv, shiftVariable<U, Shift::LogicalRight>);
  table.add(srav, shiftVariable<U, Shift::ArithmeticRight>);
}

template <typename U>
void addLogic(HandlerTable &table, ZydisMnemonic andM, ZydisMnemonic andnM,
              ZydisMnemonic orM, ZydisMnemonic xorM) {
  table.add(andM, binary<U, bitAnd<U>>);
  table.add(andnM, binary<U, bitAndNot<U>>);
  table.add(orM, binary<U, bitOr<U>>);
  table.add(xorM, binary<U, bitXor<U>>);
}

} // namespace

void registerVectorIntOps(HandlerTable &table) {
#define DFP_ELEMENT_WIDTH(U, s)                                                \
  addElementWidth<U>(table, ZYDIS_MNEMONIC_VPADD##s, ZYDIS_MNEMONIC_VPSUB##s,  \
                     ZYDIS_MNEMONIC_VPCMPEQ##s, ZYDIS_MNEMONIC_VPCMPGT##s,     \
                     ZYDIS_MNEMONIC_VPCMP##s, ZYDIS_MNEMONIC_VPCMPU##s,        \
                     ZYDIS_MNEMONIC_VPTESTM##s, ZYDIS_MNEMONIC_VPTESTNM##s,    \
                     ZYDIS_MNEMONIC_VPMAXS##s, ZYDIS_MNEMONIC_VPMINS##s,       \
                     ZYDIS_MNEMONIC_VPMAXU##s, ZYDIS_MNEMONIC_VPMINU##s,       \
                     ZYDIS_MNEMONIC_VPABS##s, ZYDIS_MNEMONIC_VPBLENDM##s)
  DFP_ELEMENT_WIDTH(uint8_t, B);
  DFP_ELEMENT_WIDTH(uint16_t, W);
  DFP_ELEMENT_WIDTH(uint32_t, D);
  DFP_ELEMENT_WIDTH(uint64_t, Q);
#undef DFP_ELEMENT_WIDTH

  addShifts<uint16_t>(table, ZYDIS_MNEMONIC_VPSLLW, ZYDIS_MNEMONIC_VPSRLW,
                      ZYDIS_MNEMONIC_VPSRAW, ZYDIS_MNEMONIC_VPSLLVW,
                      ZYDIS_MNEMONIC_VPSRLVW, ZYDIS_MNEMONIC_VPSRAVW);
  addShifts<uint32_t>(table, ZYDIS_MNEMONIC_VPSLLD, ZYDIS_MNEMONIC_VPSRLD,
                      ZYDIS_MNEMONIC_VPSRAD, ZYDIS_MNEMONIC_VPSLLVD,
                      ZYDIS_MNEMONIC_VPSRLVD, ZYDIS_MNEMONIC_VPSRAVD);
  addShifts<uint64_t>(table, ZYDIS_MNEMONIC_VPSLLQ, ZYDIS_MNEMONIC_VPSRLQ,
                      ZYDIS_MNEMONIC_VPSRAQ, ZYDIS_MNEMONIC_VPSLLVQ,
                      ZYDIS_MNEMONIC_VPSRLVQ, ZYDIS_MNEMONIC_VPSRAVQ);

  addLogic<uint64_t>(table, ZYDIS_MNEMONIC_VPAND, ZYDIS_MNEMONIC_VPANDN,
                     ZYDIS_MNEMONIC_VPOR, ZYDIS_MNEMONIC_VPXOR);
  addLogic<uint32_t>(table, ZYDIS_MNEMONIC_VPANDD, ZYDIS_MNEMONIC_VPANDND,
                     ZYDIS_MNEMONIC_VPORD, ZYDIS_MNEMONIC_VPXORD);
  addLogic<uint64_t>(table, ZYDIS_MNEMONIC_VPANDQ, ZYDIS_MNEMONIC_VPANDNQ,
                     ZYDIS_MNEMONIC_VPORQ, ZYDIS_MNEMONIC_VPXORQ);
  addLogic<uint32_t>(table, ZYDIS_MNEMONIC_VANDPS, ZYDIS_MNEMONIC_VANDNPS,
                     ZYDIS_MNEMONIC_VORPS, ZYDIS_MNEMONIC_VXORPS);
  addLogic<uint64_t>(table, ZYDIS_MNEMONIC_VANDPD, ZYDIS_MNEMONIC_VANDNPD,
                     ZYDIS_MNEMONIC_VORPD, ZYDIS_MNEMONIC_VXORPD);

  table.add(ZYDIS_MNEMONIC_VPADDSB, binary<int8_t, addSaturate<int8_t>>);
  table.add(ZYDIS_MNEMONIC_VPADDSW, binary<int16_t, addSaturate<int16_t>>);
  table.add(ZYDIS_MNEMONIC_VPADDUSB, binary<uint8_t, addSaturate<uint8_t>>);
  table.add(ZYDIS_MNEMONIC_VPADDUSW, binary<uint16_t, addSaturate<uint16_t>>);
  table.add(ZYDIS_MNEMONIC_VPSUBSB, binary<int8_t, subSaturate<int8_t>>);
  table.add(ZYDIS_MNEMONIC_VPSUBSW, binary<int16_t, subSaturate<int16_t>>);
  table.add(ZYDIS_MNEMONIC_VPSUBUSB, binary<uint8_t, subSaturate<uint8_t>>);
  table.add(ZYDIS_MNEMONIC_VPSUBUSW, binary<uint16_t, subSaturate<uint16_t>>);

  table.add(ZYDIS_MNEMONIC_VPMULLW, binary<uint16_t, mulLow<uint16_t>>);
  table.add(ZYDIS_MNEMONIC_VPMULLD, binary<uint32_t, mulLow<uint32_t>>);
  table.add(ZYDIS_MNEMONIC_VPMULLQ, binary<uint64_t, mulLow<uint64_t>>);
  table.add(ZYDIS_MNEMONIC_VPMULHW, binary<int16_t, mulHigh<int16_t>>);
  table.add(ZYDIS_MNEMONIC_VPMULHUW, binary<uint16_t, mulHigh<uint16_t>>);
  table.add(ZYDIS_MNEMONIC_VPMULUDQ, binary<uint64_t, mulUnsignedDwords>);
  table.add(ZYDIS_MNEMONIC_VPMULDQ, binary<uint64_t, mulSignedDwords>);
  table.add(ZYDIS_MNEMONIC_VPMADDWD, binary<uint32_t, pmaddwd>);
  table.add(ZYDIS_MNEMONIC_VPMADDUBSW, binary<uint16_t, pmaddubsw>);
  table.add(ZYDIS_MNEMONIC_VPDPWSSD, ternary<uint32_t, dpwssd>);
  table.add(ZYDIS_MNEMONIC_VPDPWSSDS, ternary<uint32_t, dpwssds>);
  table.add(ZYDIS_MNEMONIC_VPDPBUSD, ternary<uint32_t, dpbusd>);
  table.add(ZYDIS_MNEMONIC_VPDPBUSDS, ternary<uint32_t, dpbusds>);

  table.add(ZYDIS_MNEMONIC_VPTERNLOGD, ternaryLogic<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VPTERNLOGQ, ternaryLogic<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VBLENDMPS, blendWithOpmask<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VBLENDMPD, blendWithOpmask<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VPBLENDVB, blendWithVector<uint8_t>);
  table.add(ZYDIS_MNEMONIC_VBLENDVPS, blendWithVector<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VBLENDVPD, blendWithVector<uint64_t>);
  table.add(ZYDIS_MNEMONIC_VPBLENDD, blendWithImmediate<uint32_t>);
  table.add(ZYDIS_MNEMONIC_VPBLENDW, blendWithImmediate<uint16_t>);
}

} // namespace dfp::emu
