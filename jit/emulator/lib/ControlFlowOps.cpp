#include "Flags.h"
#include "HandlerTable.h"

#include <cstring>

namespace dfp::emu {
namespace {

using dfp::Status;

/// Target of a branch: relative immediate, or register/memory (indirect).
uint64_t branchTarget(const Exec &e) {
  const ZydisDecodedOperand &op = e.operand(0);
  if (op.type == ZYDIS_OPERAND_TYPE_IMMEDIATE)
    return e.next + uint64_t(op.imm.value.s);
  return e.readInt(0);
}

Status jmp(Exec &e) {
  e.next = branchTarget(e);
  return Status::success();
}

Status jcc(Exec &e) {
  if (conditionHolds(e.cpu, e.insn.info.opcode & 0xf))
    e.next = branchTarget(e);
  return Status::success();
}

Status call(Exec &e) {
  uint64_t target = branchTarget(e);
  e.push(e.next);
  e.next = target;
  return Status::success();
}

Status ret(Exec &e) {
  uint64_t target = e.pop();
  if (e.operandCount() == 1)
    e.cpu.gpr[kStackPointer] += e.immediate(0);
  if (target == kReturnSentinel)
    e.returned = true;
  e.next = target;
  return Status::success();
}

Status push(Exec &e) {
  if (e.bits(0) != 64 && !e.isImmediate(0))
    return e.unsupported("push of a 16-bit operand");
  e.push(e.readInt(0));
  return Status::success();
}

Status pop(Exec &e) {
  if (e.bits(0) != 64)
    return e.unsupported("pop of a 16-bit operand");
  e.writeInt(0, e.pop());
  return Status::success();
}

Status leave(Exec &e) {
  e.cpu.gpr[kStackPointer] = e.cpu.gpr[5];
  e.cpu.gpr[5] = e.pop();
  return Status::success();
}

/// nop in all its forms, endbr64 and the prefetches, which must not fault.
Status noEffect(Exec &) { return Status::success(); }

Status vzeroupper(Exec &e) {
  for (unsigned r = 0; r < 16; ++r)
    std::memset(e.cpu.vec[r].bytes + 16, 0, kVectorBytes - 16);
  return Status::success();
}

Status vzeroall(Exec &e) {
  for (unsigned r = 0; r < 16; ++r)
    e.cpu.vec[r] = Vec();
  return Status::success();
}

} // namespace

void registerControlFlowOps(HandlerTable &table) {
  table.add(ZYDIS_MNEMONIC_JMP, jmp);
  for (ZydisMnemonic m :
       {ZYDIS_MNEMONIC_JO, ZYDIS_MNEMONIC_JNO, ZYDIS_MNEMONIC_JB,
        ZYDIS_MNEMONIC_JNB, ZYDIS_MNEMONIC_JZ, ZYDIS_MNEMONIC_JNZ,
        ZYDIS_MNEMONIC_JBE, ZYDIS_MNEMONIC_JNBE, ZYDIS_MNEMONIC_JS,
        ZYDIS_MNEMONIC_JNS, ZYDIS_MNEMONIC_JP, ZYDIS_MNEMONIC_JNP,
        ZYDIS_MNEMONIC_JL, ZYDIS_MNEMONIC_JNL, ZYDIS_MNEMONIC_JLE,
        ZYDIS_MNEMONIC_JNLE})
    table.add(m, jcc);
  table.add(ZYDIS_MNEMONIC_CALL, call);
  table.add(ZYDIS_MNEMONIC_RET, ret);
  table.add(ZYDIS_MNEMONIC_PUSH, push);
  table.add(ZYDIS_MNEMONIC_POP, pop);
  table.add(ZYDIS_MNEMONIC_LEAVE, leave);
  for (ZydisMnemonic m :
       {ZYDIS_MNEMONIC_NOP, ZYDIS_MNEMONIC_ENDBR64, ZYDIS_MNEMONIC_PREFETCHT0,
        ZYDIS_MNEMONIC_PREFETCHT1, ZYDIS_MNEMONIC_PREFETCHT2,
        ZYDIS_MNEMONIC_PREFETCHNTA, ZYDIS_MNEMONIC_PREFETCHW})
    table.add(m, noEffect);
  table.add(ZYDIS_MNEMONIC_VZEROUPPER, vzeroupper);
  table.add(ZYDIS_MNEMONIC_VZEROALL, vzeroall);
}

} // namespace dfp::emu
