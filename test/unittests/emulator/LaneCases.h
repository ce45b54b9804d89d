#ifndef DFP_TEST_EMULATOR_LANECASES_H
#define DFP_TEST_EMULATOR_LANECASES_H

#include "Harness.h"

#include <ostream>

namespace dfp::emu::test {

/// Emits `op dst, a, b`; unary instructions ignore `a`, accumulating ones also
/// read dst.
using OperandEmitter = void (*)(Xbyak::CodeGenerator &, const Xbyak::Xmm &dst,
                                const Xbyak::Xmm &a, const Xbyak::Operand &b);
/// Scalar expectation of one lane: c is the destination's old value (for
/// accumulating instructions), a and b the sources; values zero-extended.
using LaneReference = uint64_t (*)(uint64_t c, uint64_t a, uint64_t b);

/// A lane-wise vector instruction, checked in every form: EVEX zmm register and
/// memory sources, {k} merging, {k}{z} zeroing, {1toN} broadcast, EVEX ymm16+
/// (zeroing above), VEX ymm/xmm; against native execution where the host has
/// the ISA and against `reference` (when given) everywhere.
struct LaneCase {
  const char *name;
  unsigned elementBytes;
  Data data;
  Isa evexIsa;
  OperandEmitter evex; // nullptr: no EVEX form
  Isa vexIsa;
  OperandEmitter vex; // nullptr: no VEX form
  LaneReference reference;
  bool broadcast = true;
};

inline std::ostream &operator<<(std::ostream &os, const LaneCase &c) {
  return os << c.name;
}

void checkLaneCase(const LaneCase &laneCase);

} // namespace dfp::emu::test

#endif // DFP_TEST_EMULATOR_LANECASES_H
