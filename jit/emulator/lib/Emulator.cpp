#include "dfp/emulator/Emulator.h"

#include "HandlerTable.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <vector>

namespace dfp::emu {

const HandlerTable &HandlerTable::get() {
  static const HandlerTable table = [] {
    HandlerTable t;
    registerScalarOps(t);
    registerControlFlowOps(t);
    registerMaskOps(t);
    registerVectorMoveOps(t);
    registerVectorShuffleOps(t);
    registerVectorIntOps(t);
    registerVectorFpOps(t);
    registerVectorConvertOps(t);
    return t;
  }();
  return table;
}

namespace {

constexpr unsigned kArgumentRegisters[] = {7, 6, 2, 1, 8, 9};
constexpr unsigned kCalleeSavedRegisters[] = {3, 5, 12, 13, 14, 15};
constexpr const char *kCalleeSavedNames[] = {"rbx", "rbp", "r12",
                                             "r13", "r14", "r15"};

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%" PRIx64, value);
  return text;
}

/// Decodes each instruction once, on first execution, keyed by its offset.
class DecodeCache {
public:
  explicit DecodeCache(CodeRegion code) : code_(code), slots_(code.size, -1) {
    ZydisDecoderInit(&decoder_, ZYDIS_MACHINE_MODE_LONG_64,
                     ZYDIS_STACK_WIDTH_64);
  }

  dfp::Status lookup(uint64_t offset, const DecodedInstruction *&out) {
    if (slots_[offset] < 0) {
      DecodedInstruction insn;
      if (dfp::Status status = decode(offset, insn); !status.ok())
        return status;
      slots_[offset] = int32_t(decoded_.size());
      decoded_.push_back(insn);
    }
    out = &decoded_[size_t(slots_[offset])];
    return dfp::Status::success();
  }

private:
  dfp::Status decode(uint64_t offset, DecodedInstruction &insn) {
    ZydisDecodedOperand operands[ZYDIS_MAX_OPERAND_COUNT];
    if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&decoder_, code_.begin + offset,
                                             code_.size - offset, &insn.info,
                                             operands)))
      return dfp::Status::error("undecodable bytes at offset " +
                                std::to_string(offset));
    insn.offset = offset;
    bool evex = insn.info.encoding == ZYDIS_INSTRUCTION_ENCODING_EVEX;
    for (unsigned i = 0; i < insn.info.operand_count_visible; ++i) {
      const ZydisDecodedOperand &op = operands[i];
      bool isWriteMaskOperand = evex && i == 1 &&
                                op.type == ZYDIS_OPERAND_TYPE_REGISTER &&
                                op.reg.value == insn.info.avx.mask.reg;
      if (!isWriteMaskOperand)
        insn.operands[insn.operandCount++] = op;
    }
    Exec view(dummy_, insn, 0);
    insn.handler = HandlerTable::get().find(insn.info.mnemonic);
    if (!insn.handler)
      return view.unsupported();
    ZydisRoundingMode rounding = insn.info.avx.rounding.mode;
    if (rounding != ZYDIS_ROUNDING_MODE_INVALID &&
        rounding != ZYDIS_ROUNDING_MODE_RN)
      return view.unsupported("embedded rounding other than {rn-sae}");
    for (unsigned i = 0; i < insn.operandCount; ++i) {
      const ZydisDecodedOperand &op = insn.operands[i];
      if (op.type != ZYDIS_OPERAND_TYPE_MEMORY)
        continue;
      if (op.mem.segment == ZYDIS_REGISTER_FS ||
          op.mem.segment == ZYDIS_REGISTER_GS)
        return view.unsupported("fs/gs segment override");
      if (op.mem.type == ZYDIS_MEMOP_TYPE_VSIB ||
          op.mem.type == ZYDIS_MEMOP_TYPE_MIB)
        return view.unsupported("vector-indexed memory operand");
    }
    return dfp::Status::success();
  }

  CodeRegion code_;
  ZydisDecoder decoder_;
  std::vector<int32_t> slots_;
  std::vector<DecodedInstruction> decoded_;
  CpuState dummy_;
};

} // namespace

dfp::Status call(CodeRegion code, const void *entry,
                 std::initializer_list<uint64_t> args, uint64_t *result,
                 EmulatorStats *stats, const EmulatorOptions &options) {
  auto begin = reinterpret_cast<uint64_t>(code.begin);
  auto inCode = [&](uint64_t address) {
    return address >= begin && address - begin < code.size;
  };
  uint64_t rip = reinterpret_cast<uint64_t>(entry);
  if (!inCode(rip))
    return dfp::Status::error("entry point " + hex(rip) +
                              " is outside the code region");
  if (args.size() > std::size(kArgumentRegisters))
    return dfp::Status::error(
        "at most 6 integer arguments are supported, got " +
        std::to_string(args.size()));

  CpuState cpu;
  unsigned argIndex = 0;
  for (uint64_t arg : args)
    cpu.gpr[kArgumentRegisters[argIndex++]] = arg;
  for (unsigned reg : kCalleeSavedRegisters)
    cpu.gpr[reg] = 0x5ca1ab1e00000000ull + reg;
  std::vector<uint64_t> stack(options.stackBytes / 8 + 2);
  cpu.gpr[kStackPointer] =
      reinterpret_cast<uint64_t>(stack.data() + stack.size()) & ~uint64_t(15);
  cpu.gpr[kStackPointer] -= 8;
  *reinterpret_cast<uint64_t *>(cpu.gpr[kStackPointer]) = kReturnSentinel;
  uint64_t entryStackPointer = cpu.gpr[kStackPointer];

  DecodeCache cache(code);
  uint64_t executed = 0;
  bool returned = false;
  while (!returned) {
    if (executed >= options.maxInstructions)
      return dfp::Status::error("instruction limit of " +
                                std::to_string(options.maxInstructions) +
                                " exceeded");
    const DecodedInstruction *insn = nullptr;
    if (dfp::Status status = cache.lookup(rip - begin, insn); !status.ok())
      return status;
    Exec exec(cpu, *insn, rip);
    if (dfp::Status status = insn->handler(exec); !status.ok())
      return status;
    ++executed;
    returned = exec.returned;
    if (!returned && !inCode(exec.next))
      return exec.error("control leaves the code region to " + hex(exec.next));
    rip = exec.next;
  }
  if (stats)
    stats->instructions = executed;
  if (cpu.gpr[kStackPointer] != entryStackPointer + 8)
    return dfp::Status::error("rsp not restored at return");
  for (unsigned i = 0; i < std::size(kCalleeSavedRegisters); ++i)
    if (cpu.gpr[kCalleeSavedRegisters[i]] !=
        0x5ca1ab1e00000000ull + kCalleeSavedRegisters[i])
      return dfp::Status::error(std::string("callee-saved register ") +
                                kCalleeSavedNames[i] +
                                " not restored at return");
  if (result)
    *result = cpu.gpr[0];
  return dfp::Status::success();
}

std::vector<std::string> supportedMnemonics() {
  std::vector<std::string> names;
  for (int m = 0; m <= ZYDIS_MNEMONIC_MAX_VALUE; ++m)
    if (HandlerTable::get().find(ZydisMnemonic(m)))
      names.push_back(mnemonicName(ZydisMnemonic(m)));
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace dfp::emu
