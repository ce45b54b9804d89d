#ifndef DFP_EMULATOR_EMULATOR_H
#define DFP_EMULATOR_EMULATOR_H

#include "dfp/reference/Status.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace dfp::emu {

/// The bytes the emulated code may execute; every branch target must lie
/// inside.
struct CodeRegion {
  const uint8_t *begin = nullptr;
  size_t size = 0;
};

struct EmulatorOptions {
  uint64_t maxInstructions = uint64_t(1) << 36;
  size_t stackBytes = size_t(1) << 20;
};

struct EmulatorStats {
  uint64_t instructions = 0;
};

/// Executes the function at `entry` (inside `code`) as a System V x86-64 call
/// with integer/pointer arguments `args` (at most 6: rdi, rsi, rdx, rcx, r8,
/// r9), against host memory (loads and stores dereference host addresses
/// directly), on an emulated stack. Ends at the `ret` that returns from the
/// outermost frame; *result gets rax. Errors: an instruction outside the
/// supported subset (named by mnemonic and offset), undecodable bytes, a branch
/// leaving `code`, exceeding maxInstructions. No instruction is ever ignored.
/// The supported subset is listed in jit/emulator/README.md.
dfp::Status call(CodeRegion code, const void *entry,
                 std::initializer_list<uint64_t> args,
                 uint64_t *result = nullptr, EmulatorStats *stats = nullptr,
                 const EmulatorOptions &options = {});

/// The mnemonics (Zydis spelling, lower case, sorted) the emulator executes.
/// Some forms of them may still be refused, e.g. embedded rounding other than
/// {rn-sae} or vector-indexed (VSIB) memory operands.
std::vector<std::string> supportedMnemonics();

} // namespace dfp::emu

#endif // DFP_EMULATOR_EMULATOR_H
