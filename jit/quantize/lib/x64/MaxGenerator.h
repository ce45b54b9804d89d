#ifndef DFP_QUANTIZE_X64_MAXGENERATOR_H
#define DFP_QUANTIZE_X64_MAXGENERATOR_H

#include "x64/QuantizeGenerator.h"

#include <vector>

namespace dfp::quant::x64 {

/// Pass 1: the largest |x| bits of each run (MaxRuns) or of each column
/// (MaxColumns) of a MaxArgs rectangle, as unsigned dword maxima of
/// x & 0x7fffffff (NaN/Inf show up as >= 0x7f800000). Partial vectors are
/// loaded masked, so nothing outside the rectangle is read.
class MaxGenerator final : public QuantizeGenerator {
public:
  explicit MaxGenerator(const jit::KernelDescriptor &descriptor);

private:
  void emit() override;
  void emitRuns();
  void emitColumns();

  /// acc = max(acc, |mem|) over all lanes, or over `mask` when given.
  void accumulate(const Xbyak::Xmm &acc, const Xbyak::Address &mem,
                  const LaneMask *mask = nullptr);
  /// out32 = the largest lane of acc (clobbers acc and tmp_).
  void horizontalMax(const Xbyak::Reg32 &out32, const Xbyak::Xmm &acc);

  static constexpr int kUnroll = 4;
  Xbyak::Reg64 x_, length_, count_, strideBytes_, out_, pos_, rem_, rowPtr_,
      rowsLeft_, scratch_;
  std::vector<Xbyak::Xmm> acc_;
  Xbyak::Xmm absMask_, tmp_;
  LaneMask mask_, scratchMask_;
};

} // namespace dfp::quant::x64

#endif // DFP_QUANTIZE_X64_MAXGENERATOR_H
