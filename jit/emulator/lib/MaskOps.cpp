#include "Flags.h"
#include "HandlerTable.h"

namespace dfp::emu {
namespace {

using dfp::Status;
using BitFn = uint64_t (*)(uint64_t, uint64_t);

uint64_t andBits(uint64_t a, uint64_t b) { return a & b; }
uint64_t andNotBits(uint64_t a, uint64_t b) { return ~a & b; }
uint64_t orBits(uint64_t a, uint64_t b) { return a | b; }
uint64_t xorBits(uint64_t a, uint64_t b) { return a ^ b; }
uint64_t xnorBits(uint64_t a, uint64_t b) { return ~(a ^ b); }
uint64_t notBits(uint64_t a, uint64_t) { return ~a; }

/// kmov{b,w,d,q} between mask registers, general registers and memory; the
/// destination is zero-extended beyond `Bits`.
template <unsigned Bits> Status kmov(Exec &e) {
  uint64_t value = e.readInt(1) & widthMask(Bits);
  e.writeInt(0, value);
  return Status::success();
}

template <unsigned Bits, BitFn Fn> Status maskBinary(Exec &e) {
  uint64_t b = e.operandCount() > 2 ? e.readInt(2) : 0;
  e.maskRegister(0) = Fn(e.readInt(1), b) & widthMask(Bits);
  return Status::success();
}

template <unsigned Bits, bool Left> Status maskShift(Exec &e) {
  unsigned count = unsigned(e.immediate(2) & 0xff);
  uint64_t value = e.readInt(1) & widthMask(Bits);
  uint64_t result = 0;
  if (count < Bits)
    result = (Left ? value << count : value >> count) & widthMask(Bits);
  e.maskRegister(0) = result;
  return Status::success();
}

void clearOtherFlags(CpuState &cpu) { cpu.of = cpu.sf = cpu.pf = false; }

template <unsigned Bits> Status kortest(Exec &e) {
  uint64_t value = (e.readInt(0) | e.readInt(1)) & widthMask(Bits);
  e.cpu.zf = value == 0;
  e.cpu.cf = value == widthMask(Bits);
  clearOtherFlags(e.cpu);
  return Status::success();
}

template <unsigned Bits> Status ktest(Exec &e) {
  uint64_t a = e.readInt(0), b = e.readInt(1);
  e.cpu.zf = (a & b & widthMask(Bits)) == 0;
  e.cpu.cf = (~a & b & widthMask(Bits)) == 0;
  clearOtherFlags(e.cpu);
  return Status::success();
}

/// kunpck{bw,wd,dq}: the low halves of the two sources, the second one lowest.
template <unsigned HalfBits> Status kunpck(Exec &e) {
  uint64_t high = e.readInt(1) & widthMask(HalfBits);
  uint64_t low = e.readInt(2) & widthMask(HalfBits);
  e.maskRegister(0) = (high << HalfBits) | low;
  return Status::success();
}

template <unsigned Bits>
void addWidth(HandlerTable &table, ZydisMnemonic kmovM, ZydisMnemonic andM,
              ZydisMnemonic andnM, ZydisMnemonic orM, ZydisMnemonic xorM,
              ZydisMnemonic xnorM, ZydisMnemonic notM, ZydisMnemonic shlM,
              ZydisMnemonic shrM, ZydisMnemonic kortestM,
              ZydisMnemonic ktestM) {
  table.add(kmovM, kmov<Bits>);
  table.add(andM, maskBinary<Bits, andBits>);
  table.add(andnM, maskBinary<Bits, andNotBits>);
  table.add(orM, maskBinary<Bits, orBits>);
  table.add(xorM, maskBinary<Bits, xorBits>);
  table.add(xnorM, maskBinary<Bits, xnorBits>);
  table.add(notM, maskBinary<Bits, notBits>);
  table.add(shlM, maskShift<Bits, true>);
  table.add(shrM, maskShift<Bits, false>);
  table.add(kortestM, kortest<Bits>);
  table.add(ktestM, ktest<Bits>);
}

} // namespace

void registerMaskOps(HandlerTable &table) {
#define DFP_MASK_WIDTH(bits, s)                                                \
  addWidth<bits>(table, ZYDIS_MNEMONIC_KMOV##s, ZYDIS_MNEMONIC_KAND##s,        \
                 ZYDIS_MNEMONIC_KANDN##s, ZYDIS_MNEMONIC_KOR##s,               \
                 ZYDIS_MNEMONIC_KXOR##s, ZYDIS_MNEMONIC_KXNOR##s,              \
                 ZYDIS_MNEMONIC_KNOT##s, ZYDIS_MNEMONIC_KSHIFTL##s,            \
                 ZYDIS_MNEMONIC_KSHIFTR##s, ZYDIS_MNEMONIC_KORTEST##s,         \
                 ZYDIS_MNEMONIC_KTEST##s)
  DFP_MASK_WIDTH(8, B);
  DFP_MASK_WIDTH(16, W);
  DFP_MASK_WIDTH(32, D);
  DFP_MASK_WIDTH(64, Q);
#undef DFP_MASK_WIDTH
  table.add(ZYDIS_MNEMONIC_KUNPCKBW, kunpck<8>);
  table.add(ZYDIS_MNEMONIC_KUNPCKWD, kunpck<16>);
  table.add(ZYDIS_MNEMONIC_KUNPCKDQ, kunpck<32>);
}

} // namespace dfp::emu
