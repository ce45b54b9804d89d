#ifndef DFP_QUANTIZE_X64_QUANTIZEGENERATOR_H
#define DFP_QUANTIZE_X64_QUANTIZEGENERATOR_H

#include "KernelArgs.h"

#include "x64/Generator.h"

#include <cstdint>
#include <map>
#include <vector>

namespace dfp::quant::x64 {

/// What the quantize generators share on top of jit::x64::Generator: lane
/// masks for partial vectors (an opmask on AVX-512, a dword mask vector on
/// AVX2, both read from tables emitted after the code), masked loads, and a
/// pool of full-width constant vectors addressed rip-relative.
class QuantizeGenerator : public jit::x64::Generator {
public:
  explicit QuantizeGenerator(const jit::KernelDescriptor &descriptor);

  static KernelKind kindOf(const jit::KernelDescriptor &descriptor);

  int lanes() const { return vectorWidthBytes() / 4; }
  bool avx512() const { return isAvx512(); }

  /// Unaligned full-width vector move (vmovdqu32 on AVX-512, vmovdqu on AVX2).
  void moveVec(const Xbyak::Xmm &dst, const Xbyak::Operand &src);
  void moveVec(const Xbyak::Address &dst, const Xbyak::Xmm &src);

  /// A full vector of `value` in every dword lane (rip-relative).
  Xbyak::Address constant(uint32_t value);
  Xbyak::Address constantFloat(float value);
  /// A full vector repeating `pattern`, whose length divides lanes().
  Xbyak::Address constantPattern(const std::vector<uint32_t> &pattern);

protected:
  /// A set of active lanes: an opmask on AVX-512, a dword mask vector on
  /// AVX2 (the other member is unused).
  struct LaneMask {
    Xbyak::Xmm vector;
    Xbyak::Opmask opmask;
  };

  /// Sets `mask` to the lanes [lo, hi), 0 <= lo <= hi <= lanes(), given in
  /// GPRs; `lo` null means 0. Clobbers `scratch` and `scratchGpr`.
  void setLaneRange(const LaneMask &mask, const LaneMask &scratch,
                    const Xbyak::Reg64 *lo, const Xbyak::Reg64 &hi,
                    const Xbyak::Reg64 &scratchGpr);

  /// dst = the lanes of `mem` that `mask` selects, 0 in the others; no
  /// masked-off lane is read.
  void maskedLoad(const Xbyak::Xmm &dst, const LaneMask &mask,
                  const Xbyak::Address &mem);

  /// Emits the mask tables and the constant pool; call after epilogue().
  void emitData();

private:
  Xbyak::Label maskTable_;
  std::map<std::vector<uint32_t>, Xbyak::Label> pool_;
};

} // namespace dfp::quant::x64

#endif // DFP_QUANTIZE_X64_QUANTIZEGENERATOR_H
