#ifndef DFP_TEST_EMULATOR_LANEEMITTERS_H
#define DFP_TEST_EMULATOR_LANEEMITTERS_H

#include "LaneCases.h"

#include <cstdint>

// Captureless emitters for LaneCase tables: `op dst, a, b`, `op dst, b` and
// forms with an imm8.
#define DFP_BINARY(insn)                                                       \
  [](Xbyak::CodeGenerator &g, const Xbyak::Xmm &d, const Xbyak::Xmm &a,        \
     const Xbyak::Operand &b) { g.insn(d, a, b); }
#define DFP_BINARY_IMM(insn, imm)                                              \
  [](Xbyak::CodeGenerator &g, const Xbyak::Xmm &d, const Xbyak::Xmm &a,        \
     const Xbyak::Operand &b) { g.insn(d, a, b, imm); }
#define DFP_BINARY_VEX(insn)                                                   \
  [](Xbyak::CodeGenerator &g, const Xbyak::Xmm &d, const Xbyak::Xmm &a,        \
     const Xbyak::Operand &b) { g.insn(d, a, b, Xbyak::VexEncoding); }
#define DFP_UNARY(insn)                                                        \
  [](Xbyak::CodeGenerator &g, const Xbyak::Xmm &d, const Xbyak::Xmm &,         \
     const Xbyak::Operand &b) { g.insn(d, b); }
#define DFP_UNARY_IMM(insn, imm)                                               \
  [](Xbyak::CodeGenerator &g, const Xbyak::Xmm &d, const Xbyak::Xmm &,         \
     const Xbyak::Operand &b) { g.insn(d, b, imm); }

namespace dfp::emu::test {

template <typename T> int64_t asSigned(uint64_t value) {
  return int64_t(std::make_signed_t<T>(T(value)));
}

} // namespace dfp::emu::test

#endif // DFP_TEST_EMULATOR_LANEEMITTERS_H
