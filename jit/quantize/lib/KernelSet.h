#ifndef DFP_QUANTIZE_KERNELSET_H
#define DFP_QUANTIZE_KERNELSET_H

#include "KernelArgs.h"
#include "WorkPlan.h"

#include "dfp/jit/Isa.h"
#include "dfp/jit/JitKernel.h"
#include "dfp/reference/Format.h"
#include "dfp/reference/Status.h"

#include <memory>

namespace dfp::quant {

/// The max and convert kernels of one (ISA, magnitude bits, rounding).
class KernelSet {
public:
  virtual ~KernelSet() = default;
  virtual Status max(WorkItem::Shape shape, const MaxArgs &args) const = 0;
  virtual Status convert(WorkItem::Shape shape,
                         const ConvertArgs &args) const = 0;
};

/// The reference arithmetic, element by element (Isa::Scalar, and the
/// fallback for given exponents the vector scaling cannot reproduce).
std::unique_ptr<KernelSet> makeScalarKernels(int magBits, Rounding rounding);

/// Generated kernels for `isa` (> Scalar), fetched from the global code
/// cache; `mode` says where they run.
Status makeJitKernels(jit::Isa isa, jit::ExecutionMode mode, int magBits,
                      Rounding rounding, std::unique_ptr<KernelSet> &kernels);

} // namespace dfp::quant

#endif // DFP_QUANTIZE_KERNELSET_H
