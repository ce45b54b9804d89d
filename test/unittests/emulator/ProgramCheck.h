#ifndef DFP_TEST_EMULATOR_PROGRAMCHECK_H
#define DFP_TEST_EMULATOR_PROGRAMCHECK_H

#include "Harness.h"
#include "Slots.h"

namespace dfp::emu::test {

/// Input layout of test programs: four 64-byte vectors of test data at 0..255,
/// then shift counts and opmask values at 256.
constexpr int kV0 = 0, kV1 = 64, kV2 = 128, kV3 = 192, kCounts = 256,
              kMasks = 320, kProgramInputBytes = 384;

using Program = std::function<void(Xbyak::CodeGenerator &, Slots &)>;

/// Runs `program` (wrapped in push/pop rbx and vzeroupper) over every data kind
/// and iteration, compared with native execution where the host has `isa`.
void checkProgram(Isa isa, size_t slots, const Program &program);

} // namespace dfp::emu::test

#endif // DFP_TEST_EMULATOR_PROGRAMCHECK_H
