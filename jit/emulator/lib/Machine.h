#ifndef DFP_EMULATOR_MACHINE_H
#define DFP_EMULATOR_MACHINE_H

#include "Vector.h"

#include <cstdint>

namespace dfp::emu {

constexpr unsigned kGprCount = 16;
constexpr unsigned kVectorRegisterCount = 32;
constexpr unsigned kMaskRegisterCount = 8;
constexpr unsigned kStackPointer = 4; // rsp in the x86 register numbering
/// Return address of the outermost frame: non-canonical, so never code.
constexpr uint64_t kReturnSentinel = 0xdead00000000beefull;

/// The architectural state the emulated subset reads and writes. MXCSR is not
/// modelled: it is assumed to hold its default (nearest even, no DAZ/FTZ,
/// masked).
struct CpuState {
  uint64_t gpr[kGprCount] = {};
  Vec vec[kVectorRegisterCount];
  uint64_t mask[kMaskRegisterCount] = {};
  bool cf = false, pf = false, zf = false, sf = false, of = false;
};

} // namespace dfp::emu

#endif // DFP_EMULATOR_MACHINE_H
