#ifndef DFP_JIT_X64_GENERATOR_H
#define DFP_JIT_X64_GENERATOR_H

#include "dfp/jit/Isa.h"
#include "dfp/jit/JitKernel.h"
#include "dfp/jit/KernelDescriptor.h"
#include "dfp/reference/Status.h"

#include <xbyak/xbyak.h>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dfp::jit::x64 {

/// Base of every Xbyak generator (oneDNN jit_generator style). It owns the
/// System V calling convention, the prologue/epilogue (saving only the
/// callee-saved GPRs it hands out), GPR and vector register pools sized for
/// the ISA, named steps, and finalisation: the code buffer is allocated
/// read+write, generated, then switched to read+execute (never both), and
/// optionally dumped (DFP_JIT_DUMP=<dir> writes <name>.bin and <name>.txt).
///
/// A derived generator implements emit() as a sequence of named steps:
///
///   void emit() override {
///     Xbyak::Reg64 args = argument(0);
///     Xbyak::Reg64 src = takeGpr(), n = takeGpr();  // before prologue()
///     prologue();
///     step("load arguments"); mov(src, ptr[args + offsetof(Args, src)]); ...
///     step("main loop"); ...
///     epilogue();
///   }
///
/// Kernels take one pointer argument (their plain args struct) so that the
/// emulator (dfp::emu::call) can run them as well.
class Generator : public Xbyak::CodeGenerator {
public:
  explicit Generator(const KernelDescriptor &descriptor,
                     size_t maxCodeBytes = 64 * 1024);
  ~Generator() override;

  /// Emits the code, makes it read+execute and dumps it when asked.
  /// Generation errors (Xbyak's, or a pool running dry) become a Status.
  Status generate();

  const KernelDescriptor &descriptor() const { return descriptor_; }
  Isa isa() const { return descriptor_.isa; }
  const uint8_t *entry() const { return getCode(); }
  size_t codeBytes() const { return getSize(); }
  /// (offset, name) of each step, in emission order.
  const std::vector<std::pair<size_t, std::string>> &steps() const {
    return steps_;
  }

protected:
  virtual void emit() = 0;

  // --- Calling convention -------------------------------------------------
  /// The index-th integer/pointer argument register (rdi, rsi, rdx, rcx, r8,
  /// r9). Argument registers are never handed out by takeGpr() for the
  /// first `numArguments` arguments (see reserveArguments).
  Xbyak::Reg64 argument(int index);
  /// Declares how many argument registers the kernel reads (default 1).
  void reserveArguments(int count);

  // --- Registers ----------------------------------------------------------
  /// A free GPR: caller-saved first, then callee-saved (saved by prologue()).
  /// Must be called before prologue().
  Xbyak::Reg64 takeGpr();
  /// A free vector register at the ISA's width (Ymm for Avx2, Zmm above),
  /// returned as Xmm (Xbyak's common base). Throws when the pool is empty.
  Xbyak::Xmm takeVec();
  /// Vector register `index` at the ISA's width.
  Xbyak::Xmm vecAt(int index) const;
  int vectorRegisters() const { return vectorRegisterCount(isa()); }
  int vectorWidthBytes() const { return vectorBytes(isa()); }
  bool isAvx512() const { return isa() >= Isa::Avx512bw; }

  // --- Frame --------------------------------------------------------------
  void prologue();
  /// Restores the saved GPRs, vzeroupper, ret.
  void epilogue();

  // --- Width-independent helpers -------------------------------------------
  /// dst = 0 (vpxord on zmm, vpxor on ymm).
  void zeroVec(const Xbyak::Xmm &dst);

  /// Names the code that follows (kept for the dump's listing).
  void step(const char *name);

private:
  KernelDescriptor descriptor_;
  int reservedArguments_ = 1;
  std::vector<int> freeGprs_; // Xbyak register indices
  std::vector<int> usedCalleeSaved_;
  int nextVec_ = 0;
  bool prologueDone_ = false;
  std::vector<std::pair<size_t, std::string>> steps_;
};

/// Factory body shared by the generators: constructs G(descriptor), generates
/// it and wraps it into a JitKernel (usable as a CodeCache KernelFactory).
template <typename G>
Status buildKernel(const KernelDescriptor &descriptor,
                   std::unique_ptr<JitKernel> &kernel) {
  std::unique_ptr<G> generator;
  try {
    generator = std::make_unique<G>(descriptor);
  } catch (const std::exception &e) {
    return Status::error(std::string("cannot create generator for ") +
                         descriptor.name() + ": " + e.what());
  }
  Status status = generator->generate();
  if (!status)
    return status;
  kernel = std::make_unique<JitKernel>(descriptor, std::move(generator));
  return Status::success();
}

} // namespace dfp::jit::x64

#endif // DFP_JIT_X64_GENERATOR_H
