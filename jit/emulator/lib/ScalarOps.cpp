#include "Flags.h"
#include "HandlerTable.h"

namespace dfp::emu {
namespace {

using dfp::Status;
using AluFn = uint64_t (*)(CpuState &, uint64_t, uint64_t, unsigned);

uint64_t add(CpuState &cpu, uint64_t a, uint64_t b, unsigned bits) {
  return addWithFlags(cpu, a, b, false, bits);
}
uint64_t adc(CpuState &cpu, uint64_t a, uint64_t b, unsigned bits) {
  return addWithFlags(cpu, a, b, cpu.cf, bits);
}
uint64_t sub(CpuState &cpu, uint64_t a, uint64_t b, unsigned bits) {
  return subWithFlags(cpu, a, b, false, bits);
}
uint64_t sbb(CpuState &cpu, uint64_t a, uint64_t b, unsigned bits) {
  return subWithFlags(cpu, a, b, cpu.cf, bits);
}
uint64_t bitAnd(CpuState &cpu, uint64_t a, uint64_t b, unsigned bits) {
  setLogicFlags(cpu, a & b, bits);
  return a & b;
}
uint64_t bitOr(CpuState &cpu, uint64_t a, uint64_t b, unsigned bits) {
  setLogicFlags(cpu, a | b, bits);
  return a | b;
}
uint64_t bitXor(CpuState &cpu, uint64_t a, uint64_t b, unsigned bits) {
  setLogicFlags(cpu, a ^ b, bits);
  return a ^ b;
}

/// Two-operand ALU instruction; `WriteBack` is false for cmp and test.
template <AluFn Fn, bool WriteBack> Status alu(Exec &e) {
  uint64_t result = Fn(e.cpu, e.readInt(0), e.readInt(1), e.bits(0));
  if (WriteBack)
    e.writeInt(0, result);
  return Status::success();
}

/// inc/dec: like add/sub of 1, but CF is preserved.
template <AluFn Fn> Status incDec(Exec &e) {
  bool cf = e.cpu.cf;
  e.writeInt(0, Fn(e.cpu, e.readInt(0), 1, e.bits(0)));
  e.cpu.cf = cf;
  return Status::success();
}

enum class ShiftKind { Left, LogicalRight, ArithmeticRight };

template <ShiftKind Kind> Status shift(Exec &e) {
  unsigned bits = e.bits(0);
  unsigned count = unsigned(e.readInt(1)) & (bits == 64 ? 63 : 31);
  uint64_t value = e.readInt(0);
  if (count == 0) {
    e.writeInt(0, value);
    return Status::success();
  }
  uint64_t result;
  CpuState &cpu = e.cpu;
  switch (Kind) {
  case ShiftKind::Left: {
    unsigned __int128 wide = (unsigned __int128)value << count;
    result = uint64_t(wide);
    cpu.cf = (wide >> bits) & 1;
    cpu.of = ((result & signBit(bits)) != 0) != cpu.cf;
    break;
  }
  case ShiftKind::LogicalRight: // count is at most 63 here
    result = value >> count;
    cpu.cf = (value >> (count - 1)) & 1;
    cpu.of = (value & signBit(bits)) != 0;
    break;
  case ShiftKind::ArithmeticRight: {
    int64_t extended = signExtend(value, bits);
    result = uint64_t(extended >> count);
    cpu.cf = (extended >> (count - 1)) & 1;
    cpu.of = false;
    break;
  }
  }
  setResultFlags(cpu, result, bits);
  e.writeInt(0, result);
  return Status::success();
}

Status imul(Exec &e) {
  if (e.operandCount() < 2)
    return e.unsupported("one-operand form");
  unsigned bits = e.bits(0);
  unsigned lastSource = e.operandCount() - 1;
  __int128 a = signExtend(e.readInt(lastSource - 1) & widthMask(bits), bits);
  __int128 b = signExtend(e.readInt(lastSource) & widthMask(bits), bits);
  __int128 product = a * b;
  uint64_t result = uint64_t(product) & widthMask(bits);
  bool overflow = __int128(signExtend(result, bits)) != product;
  setResultFlags(e.cpu, result, bits);
  e.cpu.cf = e.cpu.of = overflow;
  e.writeInt(0, result);
  return Status::success();
}

Status mov(Exec &e) {
  e.writeInt(0, e.readInt(1));
  return Status::success();
}

Status movsx(Exec &e) {
  e.writeInt(0, uint64_t(signExtend(e.readInt(1), e.bits(1))));
  return Status::success();
}

Status lea(Exec &e) {
  e.writeInt(0, e.effectiveAddress(1));
  return Status::success();
}

Status bitNot(Exec &e) {
  e.writeInt(0, ~e.readInt(0));
  return Status::success();
}

Status neg(Exec &e) {
  e.writeInt(0, subWithFlags(e.cpu, 0, e.readInt(0), false, e.bits(0)));
  return Status::success();
}

/// cdq/cqo: rdx/edx gets the sign of eax/rax.
Status signToRdx(Exec &e) {
  unsigned bits = e.mnemonic() == ZYDIS_MNEMONIC_CQO ? 64 : 32;
  uint64_t value = e.cpu.gpr[0] & widthMask(bits);
  uint64_t fill = (value & signBit(bits)) ? widthMask(bits) : 0;
  e.cpu.gpr[2] = fill;
  return Status::success();
}

/// A 32-bit cmov writes its destination (clearing the upper half) even when the
/// condition is false.
Status cmov(Exec &e) {
  bool take = conditionHolds(e.cpu, e.insn.info.opcode & 0xf);
  e.writeInt(0, take ? e.readInt(1) : e.readInt(0));
  return Status::success();
}

Status setcc(Exec &e) {
  e.writeInt(0, conditionHolds(e.cpu, e.insn.info.opcode & 0xf) ? 1 : 0);
  return Status::success();
}

} // namespace

void registerScalarOps(HandlerTable &table) {
  table.add(ZYDIS_MNEMONIC_MOV, mov);
  table.add(ZYDIS_MNEMONIC_MOVZX, mov);
  table.add(ZYDIS_MNEMONIC_MOVSX, movsx);
  table.add(ZYDIS_MNEMONIC_MOVSXD, movsx);
  table.add(ZYDIS_MNEMONIC_LEA, lea);
  table.add(ZYDIS_MNEMONIC_ADD, alu<add, true>);
  table.add(ZYDIS_MNEMONIC_ADC, alu<adc, true>);
  table.add(ZYDIS_MNEMONIC_SUB, alu<sub, true>);
  table.add(ZYDIS_MNEMONIC_SBB, alu<sbb, true>);
  table.add(ZYDIS_MNEMONIC_CMP, alu<sub, false>);
  table.add(ZYDIS_MNEMONIC_AND, alu<bitAnd, true>);
  table.add(ZYDIS_MNEMONIC_OR, alu<bitOr, true>);
  table.add(ZYDIS_MNEMONIC_XOR, alu<bitXor, true>);
  table.add(ZYDIS_MNEMONIC_TEST, alu<bitAnd, false>);
  table.add(ZYDIS_MNEMONIC_INC, incDec<add>);
  table.add(ZYDIS_MNEMONIC_DEC, incDec<sub>);
  table.add(ZYDIS_MNEMONIC_NOT, bitNot);
  table.add(ZYDIS_MNEMONIC_NEG, neg);
  table.add(ZYDIS_MNEMONIC_SHL, shift<ShiftKind::Left>);
  table.add(ZYDIS_MNEMONIC_SHR, shift<ShiftKind::LogicalRight>);
  table.add(ZYDIS_MNEMONIC_SAR, shift<ShiftKind::ArithmeticRight>);
  table.add(ZYDIS_MNEMONIC_IMUL, imul);
  table.add(ZYDIS_MNEMONIC_CDQ, signToRdx);
  table.add(ZYDIS_MNEMONIC_CQO, signToRdx);
  for (ZydisMnemonic m :
       {ZYDIS_MNEMONIC_CMOVO, ZYDIS_MNEMONIC_CMOVNO, ZYDIS_MNEMONIC_CMOVB,
        ZYDIS_MNEMONIC_CMOVNB, ZYDIS_MNEMONIC_CMOVZ, ZYDIS_MNEMONIC_CMOVNZ,
        ZYDIS_MNEMONIC_CMOVBE, ZYDIS_MNEMONIC_CMOVNBE, ZYDIS_MNEMONIC_CMOVS,
        ZYDIS_MNEMONIC_CMOVNS, ZYDIS_MNEMONIC_CMOVP, ZYDIS_MNEMONIC_CMOVNP,
        ZYDIS_MNEMONIC_CMOVL, ZYDIS_MNEMONIC_CMOVNL, ZYDIS_MNEMONIC_CMOVLE,
        ZYDIS_MNEMONIC_CMOVNLE})
    table.add(m, cmov);
  for (ZydisMnemonic m :
       {ZYDIS_MNEMONIC_SETO, ZYDIS_MNEMONIC_SETNO, ZYDIS_MNEMONIC_SETB,
        ZYDIS_MNEMONIC_SETNB, ZYDIS_MNEMONIC_SETZ, ZYDIS_MNEMONIC_SETNZ,
        ZYDIS_MNEMONIC_SETBE, ZYDIS_MNEMONIC_SETNBE, ZYDIS_MNEMONIC_SETS,
        ZYDIS_MNEMONIC_SETNS, ZYDIS_MNEMONIC_SETP, ZYDIS_MNEMONIC_SETNP,
        ZYDIS_MNEMONIC_SETL, ZYDIS_MNEMONIC_SETNL, ZYDIS_MNEMONIC_SETLE,
        ZYDIS_MNEMONIC_SETNLE})
    table.add(m, setcc);
}

} // namespace dfp::emu
