#ifndef DFP_EMULATOR_EXEC_H
#define DFP_EMULATOR_EXEC_H

#include "Machine.h"
#include "dfp/reference/Status.h"

#include <Zydis/Zydis.h>

#include <string>

namespace dfp::emu {

class Exec;
using Handler = dfp::Status (*)(Exec &);

/// One decoded instruction with its visible operands; for EVEX instructions the
/// opmask operand is removed (it lives in info.avx.mask), so handlers see the
/// same operand positions for VEX and EVEX forms.
struct DecodedInstruction {
  ZydisDecodedInstruction info;
  ZydisDecodedOperand operands[ZYDIS_MAX_OPERAND_COUNT_VISIBLE];
  unsigned operandCount = 0;
  Handler handler = nullptr;
  uint64_t offset = 0;
};

/// The view a handler has of the machine while executing one instruction:
/// operand access (registers, host memory, immediates), write masking, stack
/// and control flow.
class Exec {
public:
  Exec(CpuState &cpu, const DecodedInstruction &insn, uint64_t address)
      : cpu(cpu), insn(insn), address(address),
        next(address + insn.info.length) {}

  CpuState &cpu;
  const DecodedInstruction &insn;
  const uint64_t address;
  /// Address of the next instruction to execute; branches change it.
  uint64_t next;
  /// Set by the `ret` that leaves the outermost frame.
  bool returned = false;

  ZydisMnemonic mnemonic() const { return insn.info.mnemonic; }
  unsigned operandCount() const { return insn.operandCount; }
  const ZydisDecodedOperand &operand(unsigned i) const {
    return insn.operands[i];
  }
  bool isRegister(unsigned i) const;
  bool isMemory(unsigned i) const;
  bool isImmediate(unsigned i) const;
  bool isVectorRegister(unsigned i) const;
  bool isMaskRegister(unsigned i) const;
  unsigned bits(unsigned i) const { return operand(i).size; }
  unsigned bytes(unsigned i) const { return operand(i).size / 8; }
  /// Bytes of the instruction's vector length (16, 32 or 64).
  unsigned vectorBytes() const { return insn.info.avx.vector_length / 8; }
  uint64_t immediate(unsigned i) const { return operand(i).imm.value.u; }
  /// Effective address of a memory operand (also `lea`'s).
  uint64_t effectiveAddress(unsigned i) const;

  /// Integer operand: a register or memory operand zero-extended from bits(i);
  /// an immediate as Zydis extends it to 64 bits (sign-extended when signed).
  uint64_t readInt(unsigned i) const;
  /// Writes the low bits(i) of value; 32-bit register writes zero the upper
  /// half.
  void writeInt(unsigned i, uint64_t value);
  uint64_t readGpr(ZydisRegister reg) const;

  /// Vector operand. A register gives the whole 512-bit register; memory gives
  /// bytes(i) bytes, or one element replicated when the EVEX form broadcasts.
  /// With a write mask and laneBytes > 0, only memory lanes selected by the
  /// mask are read (like the hardware's fault suppression); the others read as
  /// zero.
  Vec readVec(unsigned i, unsigned laneBytes = 0) const;
  /// Stores bytes(i) bytes of value, lane by lane under the write mask (merging
  /// or zeroing); a register destination is zeroed above (VEX/EVEX semantics;
  /// the legacy SSE forms are not in the subset). laneBytes 0: the write is
  /// unmasked.
  void writeVec(unsigned i, const Vec &value, unsigned laneBytes);
  /// Writes `lanes` lanes under the write mask; a register destination takes
  /// the rest of its 512 bits from value (memory: nothing beyond the lanes).
  void writeVecLanes(unsigned i, const Vec &value, unsigned laneBytes,
                     unsigned lanes);
  Vec &vecRegister(unsigned i) { return cpu.vec[vecIndex(i)]; }
  uint64_t &maskRegister(unsigned i) { return cpu.mask[maskIndex(i)]; }
  uint64_t maskRegister(unsigned i) const { return cpu.mask[maskIndex(i)]; }

  /// EVEX merging or zeroing write mask other than k0.
  bool hasWriteMask() const;
  bool zeroMasking() const;
  /// The write mask's bits, all ones without one.
  uint64_t writeMask() const;
  /// The opmask of instructions that use it as a selector (vpblendm*): all ones
  /// for k0.
  uint64_t controlMask() const;

  void push(uint64_t value);
  uint64_t pop();

  /// "unsupported instruction <mnemonic> at offset N[: detail]".
  dfp::Status unsupported(const std::string &detail = {}) const;
  dfp::Status error(const std::string &what) const;

private:
  unsigned vecIndex(unsigned i) const;
  unsigned maskIndex(unsigned i) const;
  void readMemory(uint64_t address, void *to, unsigned size) const;
  void writeMemory(uint64_t address, const void *from, unsigned size) const;
};

std::string mnemonicName(ZydisMnemonic mnemonic);

} // namespace dfp::emu

#endif // DFP_EMULATOR_EXEC_H
