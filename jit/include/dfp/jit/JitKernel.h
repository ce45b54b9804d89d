#ifndef DFP_JIT_JITKERNEL_H
#define DFP_JIT_JITKERNEL_H

#include "dfp/jit/KernelDescriptor.h"
#include "dfp/reference/Status.h"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace dfp::jit {

namespace x64 {
class Generator;
}

/// Where a kernel runs.
enum class ExecutionMode : uint8_t {
  Auto,     ///< natively when the host supports the kernel's ISA, else emulated
  Native,   ///< natively; an error when the host lacks the ISA
  Emulated, ///< through dfp::emu::call, even on a capable host
};

/// A generated, read+execute-only function `void kernel(const Args *args)`
/// (System V, one pointer argument: the op's plain argument struct).
class JitKernel {
public:
  JitKernel(KernelDescriptor descriptor,
            std::unique_ptr<x64::Generator> generator);
  ~JitKernel();
  JitKernel(const JitKernel &) = delete;
  JitKernel &operator=(const JitKernel &) = delete;

  const KernelDescriptor &descriptor() const { return descriptor_; }
  const uint8_t *code() const;
  size_t codeSize() const;
  bool runsNatively() const;

  /// Runs the kernel on `args`. Errors: Native on a host without the ISA, or
  /// the emulator refusing an instruction.
  Status call(const void *args, ExecutionMode mode = ExecutionMode::Auto) const;

private:
  KernelDescriptor descriptor_;
  std::unique_ptr<x64::Generator> generator_;
};

} // namespace dfp::jit

#endif // DFP_JIT_JITKERNEL_H
