#ifndef DFP_EMULATOR_FLAGS_H
#define DFP_EMULATOR_FLAGS_H

#include "Machine.h"

namespace dfp::emu {

inline uint64_t widthMask(unsigned bits) {
  return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
}
inline uint64_t signBit(unsigned bits) { return uint64_t(1) << (bits - 1); }
inline int64_t signExtend(uint64_t value, unsigned bits) {
  unsigned shift = 64 - bits;
  return int64_t(value << shift) >> shift;
}

/// ZF, SF and PF of a result of the given width.
inline void setResultFlags(CpuState &cpu, uint64_t result, unsigned bits) {
  result &= widthMask(bits);
  cpu.zf = result == 0;
  cpu.sf = (result & signBit(bits)) != 0;
  cpu.pf = !__builtin_parity(unsigned(result & 0xff));
}

inline void setLogicFlags(CpuState &cpu, uint64_t result, unsigned bits) {
  setResultFlags(cpu, result, bits);
  cpu.cf = false;
  cpu.of = false;
}

/// a + b + carryIn with all arithmetic flags (AF is not modelled).
inline uint64_t addWithFlags(CpuState &cpu, uint64_t a, uint64_t b,
                             bool carryIn, unsigned bits) {
  uint64_t mask = widthMask(bits);
  a &= mask;
  b &= mask;
  unsigned __int128 sum = (unsigned __int128)a + b + carryIn;
  uint64_t result = uint64_t(sum) & mask;
  cpu.cf = bits == 64 ? (sum >> 64) != 0 : (uint64_t(sum) >> bits) != 0;
  cpu.of = ((a ^ result) & (b ^ result) & signBit(bits)) != 0;
  setResultFlags(cpu, result, bits);
  return result;
}

/// a - b - borrowIn with all arithmetic flags (AF is not modelled).
inline uint64_t subWithFlags(CpuState &cpu, uint64_t a, uint64_t b,
                             bool borrowIn, unsigned bits) {
  uint64_t mask = widthMask(bits);
  a &= mask;
  b &= mask;
  uint64_t result = (a - b - borrowIn) & mask;
  cpu.cf = (unsigned __int128)a < (unsigned __int128)b + borrowIn;
  cpu.of = ((a ^ b) & (a ^ result) & signBit(bits)) != 0;
  setResultFlags(cpu, result, bits);
  return result;
}

/// The x86 condition code `cc` (the low nibble of jcc/setcc/cmovcc opcodes).
inline bool conditionHolds(const CpuState &cpu, unsigned cc) {
  bool holds = false;
  switch (cc >> 1) {
  case 0:
    holds = cpu.of;
    break;
  case 1:
    holds = cpu.cf;
    break;
  case 2:
    holds = cpu.zf;
    break;
  case 3:
    holds = cpu.cf || cpu.zf;
    break;
  case 4:
    holds = cpu.sf;
    break;
  case 5:
    holds = cpu.pf;
    break;
  case 6:
    holds = cpu.sf != cpu.of;
    break;
  case 7:
    holds = cpu.zf || cpu.sf != cpu.of;
    break;
  }
  return (cc & 1) ? !holds : holds;
}

} // namespace dfp::emu

#endif // DFP_EMULATOR_FLAGS_H
