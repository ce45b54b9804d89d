#include "x64/Generator.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace dfp::jit::x64 {
namespace {

using Xbyak::Operand;

constexpr int kArgumentRegisters[] = {Operand::RDI, Operand::RSI, Operand::RDX,
                                      Operand::RCX, Operand::R8,  Operand::R9};
constexpr int kScratchRegisters[] = {Operand::RAX, Operand::R10, Operand::R11};
constexpr int kCalleeSavedRegisters[] = {Operand::RBX, Operand::RBP,
                                         Operand::R12, Operand::R13,
                                         Operand::R14, Operand::R15};

bool isCalleeSaved(int index) {
  for (int reg : kCalleeSavedRegisters)
    if (reg == index)
      return true;
  return false;
}

Status writeFile(const std::string &path, const void *data, size_t size) {
  std::ofstream out(path, std::ios::binary);
  out.write(static_cast<const char *>(data), std::streamsize(size));
  if (!out)
    return Status::error("DFP_JIT_DUMP: cannot write " + path);
  return Status::success();
}

} // namespace

Generator::Generator(const KernelDescriptor &descriptor, size_t maxCodeBytes)
    : Xbyak::CodeGenerator(maxCodeBytes, Xbyak::DontSetProtectRWE),
      descriptor_(descriptor) {}

Generator::~Generator() = default;

Status Generator::generate() {
  try {
    emit();
    ready(PROTECT_RE);
    setProtectModeRE();
  } catch (const std::exception &e) {
    return Status::error("generating " + descriptor_.name() + ": " + e.what());
  }
  const char *dumpDir = std::getenv("DFP_JIT_DUMP");
  if (!dumpDir || !*dumpDir)
    return Status::success();
  std::string base = std::string(dumpDir) + "/" + descriptor_.name();
  Status status = writeFile(base + ".bin", getCode(), getSize());
  if (!status)
    return status;
  std::string text = descriptor_.describe();
  text += "code_bytes = " + std::to_string(getSize()) + "\nsteps:\n";
  for (const auto &[offset, name] : steps_)
    text += "  " + std::to_string(offset) + ": " + name + "\n";
  return writeFile(base + ".txt", text.data(), text.size());
}

Xbyak::Reg64 Generator::argument(int index) {
  if (index < 0 || index >= reservedArguments_)
    throw std::logic_error("argument register not reserved");
  return Xbyak::Reg64(kArgumentRegisters[index]);
}

void Generator::reserveArguments(int count) {
  if (!freeGprs_.empty() || prologueDone_ || count < 0 || count > 6)
    throw std::logic_error("reserveArguments must come first, count <= 6");
  reservedArguments_ = count;
}

Xbyak::Reg64 Generator::takeGpr() {
  if (prologueDone_)
    throw std::logic_error("takeGpr after prologue");
  if (freeGprs_.empty() && usedCalleeSaved_.empty()) {
    // Preference order, consumed from the back: scratch registers, unused
    // argument registers, then callee-saved ones.
    for (int i = int(std::size(kCalleeSavedRegisters)) - 1; i >= 0; --i)
      freeGprs_.push_back(kCalleeSavedRegisters[i]);
    for (int i = reservedArguments_; i < 6; ++i)
      freeGprs_.push_back(kArgumentRegisters[i]);
    for (int i = int(std::size(kScratchRegisters)) - 1; i >= 0; --i)
      freeGprs_.push_back(kScratchRegisters[i]);
  }
  if (freeGprs_.empty())
    throw std::runtime_error("out of general-purpose registers");
  int index = freeGprs_.back();
  freeGprs_.pop_back();
  if (isCalleeSaved(index))
    usedCalleeSaved_.push_back(index);
  return Xbyak::Reg64(index);
}

Xbyak::Xmm Generator::vecAt(int index) const {
  if (isAvx512())
    return Xbyak::Zmm(index);
  return Xbyak::Ymm(index);
}

Xbyak::Xmm Generator::takeVec() {
  if (nextVec_ >= vectorRegisters())
    throw std::runtime_error("out of vector registers");
  return vecAt(nextVec_++);
}

void Generator::prologue() {
  step("prologue");
  for (int index : usedCalleeSaved_)
    push(Xbyak::Reg64(index));
  prologueDone_ = true;
}

void Generator::epilogue() {
  step("epilogue");
  for (auto it = usedCalleeSaved_.rbegin(); it != usedCalleeSaved_.rend(); ++it)
    pop(Xbyak::Reg64(*it));
  if (isa() != Isa::Scalar)
    vzeroupper();
  ret();
}

void Generator::zeroVec(const Xbyak::Xmm &dst) {
  if (isAvx512())
    vpxord(dst, dst, dst);
  else
    vpxor(dst, dst, dst);
}

void Generator::step(const char *name) { steps_.emplace_back(getSize(), name); }

} // namespace dfp::jit::x64
