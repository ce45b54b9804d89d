#include "KernelSet.h"

#include "x64/ConvertGenerator.h"
#include "x64/MaxGenerator.h"

#include "dfp/jit/CodeCache.h"

#include <array>

namespace dfp::quant {

namespace {

constexpr std::array<KernelKind, 4> kKinds = {
    KernelKind::MaxRuns, KernelKind::MaxColumns, KernelKind::ConvertRuns,
    KernelKind::ConvertColumns};

bool isMax(KernelKind kind) {
  return kind == KernelKind::MaxRuns || kind == KernelKind::MaxColumns;
}

/// The cache key: the max kernels depend on the ISA only, the convert
/// kernels also on M and the rounding.
jit::KernelDescriptor descriptorFor(jit::Isa isa, KernelKind kind, int magBits,
                                    Rounding rounding) {
  jit::KernelDescriptor descriptor;
  descriptor.op = jit::KernelOp::QuantizePack;
  descriptor.isa = isa;
  descriptor.extra[0] = int64_t(kind);
  if (!isMax(kind)) {
    descriptor.magBitsA = magBits;
    descriptor.extra[1] = int64_t(rounding);
  }
  return descriptor;
}

Status buildQuantizeKernel(const jit::KernelDescriptor &descriptor,
                           std::unique_ptr<jit::JitKernel> &kernel) {
  if (isMax(x64::QuantizeGenerator::kindOf(descriptor)))
    return jit::x64::buildKernel<x64::MaxGenerator>(descriptor, kernel);
  return jit::x64::buildKernel<x64::ConvertGenerator>(descriptor, kernel);
}

class JitKernels final : public KernelSet {
public:
  JitKernels(std::array<std::shared_ptr<const jit::JitKernel>, 4> kernels,
             jit::ExecutionMode mode)
      : kernels_(std::move(kernels)), mode_(mode) {}

  Status max(WorkItem::Shape shape, const MaxArgs &args) const override {
    return run(shape == WorkItem::Shape::Runs ? KernelKind::MaxRuns
                                              : KernelKind::MaxColumns,
               &args);
  }
  Status convert(WorkItem::Shape shape,
                 const ConvertArgs &args) const override {
    return run(shape == WorkItem::Shape::Runs ? KernelKind::ConvertRuns
                                              : KernelKind::ConvertColumns,
               &args);
  }

private:
  Status run(KernelKind kind, const void *args) const {
    return kernels_[size_t(kind)]->call(args, mode_);
  }

  std::array<std::shared_ptr<const jit::JitKernel>, 4> kernels_;
  jit::ExecutionMode mode_;
};

} // namespace

const char *toString(KernelKind kind) {
  switch (kind) {
  case KernelKind::MaxRuns:
    return "max_runs";
  case KernelKind::MaxColumns:
    return "max_columns";
  case KernelKind::ConvertRuns:
    return "convert_runs";
  case KernelKind::ConvertColumns:
    return "convert_columns";
  }
  return "unknown";
}

Status makeJitKernels(jit::Isa isa, jit::ExecutionMode mode, int magBits,
                      Rounding rounding, std::unique_ptr<KernelSet> &kernels) {
  std::array<std::shared_ptr<const jit::JitKernel>, 4> generated;
  for (KernelKind kind : kKinds) {
    Status status = jit::CodeCache::global().getOrCreate(
        descriptorFor(isa, kind, magBits, rounding), buildQuantizeKernel,
        generated[size_t(kind)]);
    if (!status.ok())
      return status;
  }
  kernels = std::make_unique<JitKernels>(std::move(generated), mode);
  return Status::success();
}

} // namespace dfp::quant
