#include "Exec.h"

#include <cassert>
#include <cstring>

namespace dfp::emu {
namespace {

uint64_t lowBits(unsigned bits) {
  return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
}

bool isHighByteRegister(ZydisRegister reg) {
  return reg == ZYDIS_REGISTER_AH || reg == ZYDIS_REGISTER_CH ||
         reg == ZYDIS_REGISTER_DH || reg == ZYDIS_REGISTER_BH;
}

unsigned gprIndex(ZydisRegister reg) {
  ZydisRegister full =
      ZydisRegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64, reg);
  assert(full >= ZYDIS_REGISTER_RAX && full <= ZYDIS_REGISTER_R15);
  return unsigned(full - ZYDIS_REGISTER_RAX);
}

[[maybe_unused]] bool isGpr(ZydisRegister reg) {
  switch (ZydisRegisterGetClass(reg)) {
  case ZYDIS_REGCLASS_GPR8:
  case ZYDIS_REGCLASS_GPR16:
  case ZYDIS_REGCLASS_GPR32:
  case ZYDIS_REGCLASS_GPR64:
    return true;
  default:
    return false;
  }
}

} // namespace

std::string mnemonicName(ZydisMnemonic mnemonic) {
  const char *name = ZydisMnemonicGetString(mnemonic);
  return name ? name : "<invalid>";
}

bool Exec::isRegister(unsigned i) const {
  return operand(i).type == ZYDIS_OPERAND_TYPE_REGISTER;
}
bool Exec::isMemory(unsigned i) const {
  return operand(i).type == ZYDIS_OPERAND_TYPE_MEMORY;
}
bool Exec::isImmediate(unsigned i) const {
  return operand(i).type == ZYDIS_OPERAND_TYPE_IMMEDIATE;
}
bool Exec::isVectorRegister(unsigned i) const {
  if (!isRegister(i))
    return false;
  ZydisRegisterClass cls = ZydisRegisterGetClass(operand(i).reg.value);
  return cls == ZYDIS_REGCLASS_XMM || cls == ZYDIS_REGCLASS_YMM ||
         cls == ZYDIS_REGCLASS_ZMM;
}
bool Exec::isMaskRegister(unsigned i) const {
  return isRegister(i) &&
         ZydisRegisterGetClass(operand(i).reg.value) == ZYDIS_REGCLASS_MASK;
}

unsigned Exec::vecIndex(unsigned i) const {
  assert(isVectorRegister(i));
  return unsigned(ZydisRegisterGetId(operand(i).reg.value));
}
unsigned Exec::maskIndex(unsigned i) const {
  assert(isMaskRegister(i));
  return unsigned(ZydisRegisterGetId(operand(i).reg.value));
}

uint64_t Exec::readGpr(ZydisRegister reg) const {
  if (reg == ZYDIS_REGISTER_RIP)
    return next;
  uint64_t full = cpu.gpr[gprIndex(reg)];
  if (isHighByteRegister(reg))
    return (full >> 8) & 0xff;
  return full & lowBits(ZydisRegisterGetWidth(ZYDIS_MACHINE_MODE_LONG_64, reg));
}

uint64_t Exec::effectiveAddress(unsigned i) const {
  const auto &mem = operand(i).mem;
  uint64_t address = uint64_t(mem.disp.value);
  if (mem.base != ZYDIS_REGISTER_NONE)
    address += readGpr(mem.base);
  if (mem.index != ZYDIS_REGISTER_NONE)
    address += readGpr(mem.index) * mem.scale;
  return address & lowBits(insn.info.address_width);
}

void Exec::readMemory(uint64_t address, void *to, unsigned size) const {
  std::memcpy(to, reinterpret_cast<const void *>(address), size);
}
void Exec::writeMemory(uint64_t address, const void *from,
                       unsigned size) const {
  std::memcpy(reinterpret_cast<void *>(address), from, size);
}

uint64_t Exec::readInt(unsigned i) const {
  const ZydisDecodedOperand &op = operand(i);
  switch (op.type) {
  case ZYDIS_OPERAND_TYPE_REGISTER:
    if (isMaskRegister(i))
      return maskRegister(i);
    if (isVectorRegister(i))
      return cpu.vec[vecIndex(i)].get<uint64_t>(0) & lowBits(bits(i));
    return readGpr(op.reg.value);
  case ZYDIS_OPERAND_TYPE_MEMORY: {
    uint64_t value = 0;
    readMemory(effectiveAddress(i), &value, bytes(i));
    return value;
  }
  case ZYDIS_OPERAND_TYPE_IMMEDIATE:
    return op.imm.value.u;
  default:
    assert(false && "operand kind not readable as an integer");
    return 0;
  }
}

void Exec::writeInt(unsigned i, uint64_t value) {
  const ZydisDecodedOperand &op = operand(i);
  value &= lowBits(bits(i));
  if (op.type == ZYDIS_OPERAND_TYPE_MEMORY) {
    writeMemory(effectiveAddress(i), &value, bytes(i));
    return;
  }
  assert(op.type == ZYDIS_OPERAND_TYPE_REGISTER);
  ZydisRegister reg = op.reg.value;
  if (isMaskRegister(i)) {
    maskRegister(i) = value;
    return;
  }
  if (isVectorRegister(i)) {
    Vec v;
    v.set<uint64_t>(0, value);
    writeVec(i, v, 0);
    return;
  }
  assert(isGpr(reg));
  uint64_t &full = cpu.gpr[gprIndex(reg)];
  if (isHighByteRegister(reg)) {
    full = (full & ~uint64_t(0xff00)) | (value << 8);
    return;
  }
  unsigned width = ZydisRegisterGetWidth(ZYDIS_MACHINE_MODE_LONG_64, reg);
  if (width >= 32)
    full = value;
  else
    full = (full & ~lowBits(width)) | value;
}

bool Exec::hasWriteMask() const {
  const auto &mask = insn.info.avx.mask;
  return (mask.mode == ZYDIS_MASK_MODE_MERGING ||
          mask.mode == ZYDIS_MASK_MODE_ZEROING) &&
         mask.reg != ZYDIS_REGISTER_K0;
}
bool Exec::zeroMasking() const {
  return insn.info.avx.mask.mode == ZYDIS_MASK_MODE_ZEROING ||
         insn.info.avx.mask.mode == ZYDIS_MASK_MODE_CONTROL_ZEROING;
}
uint64_t Exec::writeMask() const {
  if (!hasWriteMask())
    return ~uint64_t(0);
  return cpu.mask[insn.info.avx.mask.reg - ZYDIS_REGISTER_K0];
}
uint64_t Exec::controlMask() const {
  ZydisRegister reg = insn.info.avx.mask.reg;
  if (reg == ZYDIS_REGISTER_NONE || reg == ZYDIS_REGISTER_K0)
    return ~uint64_t(0);
  return cpu.mask[reg - ZYDIS_REGISTER_K0];
}

static bool isEmbeddedBroadcast(const ZydisDecodedInstruction &info) {
  return info.avx.broadcast.mode != ZYDIS_BROADCAST_MODE_INVALID &&
         !info.avx.broadcast.is_static;
}

Vec Exec::readVec(unsigned i, unsigned laneBytes) const {
  Vec value;
  if (isVectorRegister(i))
    return cpu.vec[vecIndex(i)];
  if (!isMemory(i)) {
    value.set<uint64_t>(0, readInt(i));
    return value;
  }
  uint64_t base = effectiveAddress(i);
  uint64_t mask = laneBytes ? writeMask() : ~uint64_t(0);
  if (isEmbeddedBroadcast(insn.info)) {
    unsigned elementBytes = bytes(i);
    unsigned lanes = vectorBytes() / elementBytes;
    uint64_t used = lanes >= 64 ? ~uint64_t(0) : (uint64_t(1) << lanes) - 1;
    if ((mask & used) == 0)
      return value;
    uint8_t element[8];
    readMemory(base, element, elementBytes);
    for (unsigned lane = 0; lane < lanes; ++lane)
      std::memcpy(value.bytes + lane * elementBytes, element, elementBytes);
    return value;
  }
  if (!hasWriteMask() || laneBytes == 0) {
    readMemory(base, value.bytes, bytes(i));
    return value;
  }
  for (unsigned lane = 0; lane < bytes(i) / laneBytes; ++lane)
    if ((mask >> lane) & 1)
      readMemory(base + lane * laneBytes, value.bytes + lane * laneBytes,
                 laneBytes);
  return value;
}

void Exec::writeVec(unsigned i, const Vec &value, unsigned laneBytes) {
  unsigned width = bytes(i);
  if (laneBytes == 0) {
    assert(!hasWriteMask() && "a masked write needs a lane size");
    laneBytes = width;
  }
  Vec clipped = value;
  std::memset(clipped.bytes + width, 0, kVectorBytes - width);
  writeVecLanes(i, clipped, laneBytes, width / laneBytes);
}

void Exec::writeVecLanes(unsigned i, const Vec &value, unsigned laneBytes,
                         unsigned lanes) {
  bool masked = hasWriteMask();
  uint64_t mask = writeMask();
  if (isMemory(i)) {
    uint64_t base = effectiveAddress(i);
    if (!masked) {
      writeMemory(base, value.bytes, lanes * laneBytes);
      return;
    }
    for (unsigned lane = 0; lane < lanes; ++lane)
      if ((mask >> lane) & 1)
        writeMemory(base + lane * laneBytes, value.bytes + lane * laneBytes,
                    laneBytes);
    return;
  }
  Vec &reg = cpu.vec[vecIndex(i)];
  if (!masked) {
    reg = value;
    return;
  }
  Vec merged = value;
  bool zeroing = zeroMasking();
  for (unsigned lane = 0; lane < lanes; ++lane) {
    uint8_t *to = merged.bytes + lane * laneBytes;
    if ((mask >> lane) & 1)
      continue;
    if (zeroing)
      std::memset(to, 0, laneBytes);
    else
      std::memcpy(to, reg.bytes + lane * laneBytes, laneBytes);
  }
  reg = merged;
}

void Exec::push(uint64_t value) {
  cpu.gpr[kStackPointer] -= 8;
  writeMemory(cpu.gpr[kStackPointer], &value, 8);
}

uint64_t Exec::pop() {
  uint64_t value;
  readMemory(cpu.gpr[kStackPointer], &value, 8);
  cpu.gpr[kStackPointer] += 8;
  return value;
}

dfp::Status Exec::unsupported(const std::string &detail) const {
  std::string message = "unsupported instruction " + mnemonicName(mnemonic()) +
                        " at offset " + std::to_string(insn.offset);
  if (!detail.empty())
    message += ": " + detail;
  return dfp::Status::error(message);
}

dfp::Status Exec::error(const std::string &what) const {
  return dfp::Status::error(what + " (" + mnemonicName(mnemonic()) +
                            " at offset " + std::to_string(insn.offset) + ")");
}

} // namespace dfp::emu
