#include "dfp/jit/JitKernel.h"

#include "dfp/emulator/Emulator.h"
#include "x64/Generator.h"

namespace dfp::jit {
namespace {

// UBSan's -fsanitize=function reads a signature word in front of an
// indirectly called function; generated code has none (and its page may be
// the first of the mapping).
#if defined(__clang__)
__attribute__((no_sanitize("function")))
#endif
void invokeNative(const uint8_t *code, const void *args) {
  using Entry = void (*)(const void *);
  reinterpret_cast<Entry>(const_cast<uint8_t *>(code))(args);
}

} // namespace

JitKernel::JitKernel(KernelDescriptor descriptor,
                     std::unique_ptr<x64::Generator> generator)
    : descriptor_(std::move(descriptor)), generator_(std::move(generator)) {}

JitKernel::~JitKernel() = default;

const uint8_t *JitKernel::code() const { return generator_->entry(); }

size_t JitKernel::codeSize() const { return generator_->codeBytes(); }

bool JitKernel::runsNatively() const {
  if (!hostSupports(descriptor_.isa))
    return false;
  return !descriptor_.avxVnni || hostFeatures().avxVnni;
}

Status JitKernel::call(const void *args, ExecutionMode mode) const {
  bool native = mode == ExecutionMode::Native ||
                (mode == ExecutionMode::Auto && runsNatively());
  if (native) {
    if (!runsNatively())
      return Status::error(std::string("kernel ") + descriptor_.name() +
                           " needs " + toString(descriptor_.isa) +
                           (descriptor_.avxVnni ? " with AVX-VNNI" : "") +
                           ", which this host lacks");
    invokeNative(code(), args);
    return Status::success();
  }
  Status status = emu::call({code(), codeSize()}, code(),
                            {reinterpret_cast<uint64_t>(args)});
  if (!status)
    return Status::error("emulating " + descriptor_.name() + ": " +
                         status.message());
  return Status::success();
}

} // namespace dfp::jit
