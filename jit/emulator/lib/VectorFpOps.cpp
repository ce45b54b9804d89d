#include "Flags.h"
#include "FloatBits.h"
#include "HandlerTable.h"
#include "Lanes.h"

#include <cstring>

namespace dfp::emu {
namespace {

using dfp::Status;

float add(float a, float b) { return a + b; }
float sub(float a, float b) { return a - b; }
float mul(float a, float b) { return a * b; }
float div(float a, float b) { return a / b; }

/// x86 NaN rule for two-source arithmetic: the first NaN source, quieted.
template <float (*Op)(float, float)>
uint32_t arithmetic(uint32_t a, uint32_t b) {
  if (isNaN(a))
    return quiet(a);
  if (isNaN(b))
    return quiet(b);
  return arithmeticResult(Op(toFloat(a), toFloat(b)));
}

uint32_t squareRoot(uint32_t a) {
  if (isNaN(a))
    return quiet(a);
  return arithmeticResult(std::sqrt(toFloat(a)));
}

/// vmaxps/vminps: the second source unless the first is strictly greater
/// (smaller); so NaNs and (+0, -0) give the second source, unquieted.
uint32_t maximum(uint32_t a, uint32_t b) {
  return toFloat(a) > toFloat(b) ? a : b;
}
uint32_t minimum(uint32_t a, uint32_t b) {
  return toFloat(a) < toFloat(b) ? a : b;
}

/// vscalefps: a * 2^floor(b) with the special cases of the SDM's table.
uint32_t scale(uint32_t a, uint32_t b) {
  if (isNaN(a))
    return quiet(a);
  if (isNaN(b))
    return quiet(b);
  float fa = toFloat(a), fb = toFloat(b);
  bool aZero = fa == 0, aInfinite = std::isinf(fa);
  if (std::isinf(fb)) {
    if (fb > 0)
      return aZero ? kDefaultNaN : (a & kSignBit) | kInfinityBits;
    return aInfinite ? kDefaultNaN : (a & kSignBit);
  }
  if (aZero || aInfinite)
    return a;
  double exponent = std::floor(double(fb));
  exponent = exponent > 400 ? 400 : exponent < -400 ? -400 : exponent;
  // Exact in double; the one rounding happens in the conversion to float.
  return toBits(float(std::ldexp(double(fa), int(exponent))));
}

/// vgetexpps: floor(log2|a|) as a float.
uint32_t exponentOf(uint32_t a) {
  if (isNaN(a))
    return quiet(a);
  float fa = toFloat(a);
  if (fa == 0)
    return kSignBit | kInfinityBits;
  if (std::isinf(fa))
    return kInfinityBits;
  return toBits(float(std::ilogb(fa)));
}

enum class Fma { Op132, Op213, Op231 };

/// vf{,n}m{add,sub}{132,213,231}ps: x * y + z with one rounding (std::fma). A
/// NaN source wins in the order x, y, z (multiplicands first, as the hardware
/// does, whichever operand holds them).
template <Fma Order, bool NegateProduct, bool NegateAddend>
uint32_t fusedMultiplyAdd(uint32_t d, uint32_t a, uint32_t b) {
  uint32_t x, y, z;
  switch (Order) {
  case Fma::Op132:
    x = d, y = b, z = a;
    break;
  case Fma::Op213:
    x = a, y = d, z = b;
    break;
  case Fma::Op231:
    x = a, y = b, z = d;
    break;
  }
  for (uint32_t source : {x, y, z})
    if (isNaN(source))
      return quiet(source);
  float fx = toFloat(x), fy = toFloat(y), fz = toFloat(z);
  return arithmeticResult(
      std::fma(NegateProduct ? -fx : fx, fy, NegateAddend ? -fz : fz));
}

/// The 32 vcmpps predicates; bit 4 only changes signalling, not the result.
bool comparePredicate(float a, float b, unsigned predicate) {
  bool unordered = std::isnan(a) || std::isnan(b);
  bool less = a < b, equal = a == b, greater = a > b;
  switch (predicate & 0xf) {
  case 0x0:
    return equal;
  case 0x1:
    return less;
  case 0x2:
    return less || equal;
  case 0x3:
    return unordered;
  case 0x4:
    return !equal;
  case 0x5:
    return !less;
  case 0x6:
    return !(less || equal);
  case 0x7:
    return !unordered;
  case 0x8:
    return equal || unordered;
  case 0x9:
    return !(greater || equal);
  case 0xa:
    return !greater;
  case 0xb:
    return false;
  case 0xc:
    return !equal && !unordered;
  case 0xd:
    return greater || equal;
  case 0xe:
    return greater;
  default:
    return true;
  }
}

Status compare(Exec &e) {
  unsigned predicate = unsigned(e.immediate(3) & 0x1f);
  return compareLanes<uint32_t>(e, [predicate](uint32_t a, uint32_t b) {
    return comparePredicate(toFloat(a), toFloat(b), predicate);
  });
}

/// vaddss-like: lane 0 from fn(op1[0], op2[0]), lanes 1-3 from op1, zero above.
template <uint32_t (*Fn)(uint32_t, uint32_t)> Status scalar(Exec &e) {
  Vec a = e.readVec(1);
  uint32_t b = e.readVec(2, sizeof(uint32_t)).get<uint32_t>(0);
  Vec result = a;
  std::memset(result.bytes + 16, 0, kVectorBytes - 16);
  result.set<uint32_t>(0, Fn(a.get<uint32_t>(0), b));
  e.writeVecLanes(0, result, sizeof(uint32_t), 1);
  return Status::success();
}

/// vcomiss/vucomiss: ZF, PF, CF from an unordered compare; OF, SF cleared.
Status compareScalarToFlags(Exec &e) {
  float a = toFloat(e.readVec(0).get<uint32_t>(0));
  float b = toFloat(e.readVec(1).get<uint32_t>(0));
  bool unordered = std::isnan(a) || std::isnan(b);
  e.cpu.zf = unordered || a == b;
  e.cpu.pf = unordered;
  e.cpu.cf = unordered || a < b;
  e.cpu.of = e.cpu.sf = false;
  return Status::success();
}

template <Fma Order>
void addFmaOrder(HandlerTable &table, ZydisMnemonic madd, ZydisMnemonic msub,
                 ZydisMnemonic nmadd, ZydisMnemonic nmsub) {
  table.add(madd, ternary<uint32_t, fusedMultiplyAdd<Order, false, false>>);
  table.add(msub, ternary<uint32_t, fusedMultiplyAdd<Order, false, true>>);
  table.add(nmadd, ternary<uint32_t, fusedMultiplyAdd<Order, true, false>>);
  table.add(nmsub, ternary<uint32_t, fusedMultiplyAdd<Order, true, true>>);
}

} // namespace

void registerVectorFpOps(HandlerTable &table) {
  table.add(ZYDIS_MNEMONIC_VADDPS, binary<uint32_t, arithmetic<add>>);
  table.add(ZYDIS_MNEMONIC_VSUBPS, binary<uint32_t, arithmetic<sub>>);
  table.add(ZYDIS_MNEMONIC_VMULPS, binary<uint32_t, arithmetic<mul>>);
  table.add(ZYDIS_MNEMONIC_VDIVPS, binary<uint32_t, arithmetic<div>>);
  table.add(ZYDIS_MNEMONIC_VSQRTPS, unary<uint32_t, squareRoot>);
  table.add(ZYDIS_MNEMONIC_VMAXPS, binary<uint32_t, maximum>);
  table.add(ZYDIS_MNEMONIC_VMINPS, binary<uint32_t, minimum>);
  table.add(ZYDIS_MNEMONIC_VSCALEFPS, binary<uint32_t, scale>);
  table.add(ZYDIS_MNEMONIC_VGETEXPPS, unary<uint32_t, exponentOf>);
  table.add(ZYDIS_MNEMONIC_VCMPPS, compare);

  table.add(ZYDIS_MNEMONIC_VADDSS, scalar<arithmetic<add>>);
  table.add(ZYDIS_MNEMONIC_VSUBSS, scalar<arithmetic<sub>>);
  table.add(ZYDIS_MNEMONIC_VMULSS, scalar<arithmetic<mul>>);
  table.add(ZYDIS_MNEMONIC_VDIVSS, scalar<arithmetic<div>>);
  table.add(ZYDIS_MNEMONIC_VMAXSS, scalar<maximum>);
  table.add(ZYDIS_MNEMONIC_VMINSS, scalar<minimum>);
  table.add(ZYDIS_MNEMONIC_VCOMISS, compareScalarToFlags);
  table.add(ZYDIS_MNEMONIC_VUCOMISS, compareScalarToFlags);

  addFmaOrder<Fma::Op132>(
      table, ZYDIS_MNEMONIC_VFMADD132PS, ZYDIS_MNEMONIC_VFMSUB132PS,
      ZYDIS_MNEMONIC_VFNMADD132PS, ZYDIS_MNEMONIC_VFNMSUB132PS);
  addFmaOrder<Fma::Op213>(
      table, ZYDIS_MNEMONIC_VFMADD213PS, ZYDIS_MNEMONIC_VFMSUB213PS,
      ZYDIS_MNEMONIC_VFNMADD213PS, ZYDIS_MNEMONIC_VFNMSUB213PS);
  addFmaOrder<Fma::Op231>(
      table, ZYDIS_MNEMONIC_VFMADD231PS, ZYDIS_MNEMONIC_VFMSUB231PS,
      ZYDIS_MNEMONIC_VFNMADD231PS, ZYDIS_MNEMONIC_VFNMSUB231PS);
}

} // namespace dfp::emu
