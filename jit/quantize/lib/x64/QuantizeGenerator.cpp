#include "x64/QuantizeGenerator.h"

#include <cstring>

namespace dfp::quant::x64 {

QuantizeGenerator::QuantizeGenerator(const jit::KernelDescriptor &descriptor)
    : jit::x64::Generator(descriptor) {}

KernelKind QuantizeGenerator::kindOf(const jit::KernelDescriptor &descriptor) {
  return KernelKind(descriptor.extra[0]);
}

void QuantizeGenerator::setLaneRange(const LaneMask &mask,
                                     const LaneMask &scratch,
                                     const Xbyak::Reg64 *lo,
                                     const Xbyak::Reg64 &hi,
                                     const Xbyak::Reg64 &scratchGpr) {
  lea(scratchGpr, ptr[rip + maskTable_]);
  if (isAvx512()) {
    // Word table: entry n = (1 << n) - 1.
    kmovw(mask.opmask, word[scratchGpr + hi * 2]);
    if (lo) {
      kmovw(scratch.opmask, word[scratchGpr + *lo * 2]);
      kandnw(mask.opmask, scratch.opmask, mask.opmask);
    }
    return;
  }
  // Dword table: lanes() ones then lanes() zeros; the window starting at
  // dword lanes() - n holds n leading ones.
  auto window = [&](const Xbyak::Xmm &dst, const Xbyak::Reg64 &n) {
    neg(n);
    vmovdqu(dst, ptr[scratchGpr + n * 4 + lanes() * 4]);
    neg(n);
  };
  window(mask.vector, hi);
  if (lo) {
    window(scratch.vector, *lo);
    vpandn(mask.vector, scratch.vector, mask.vector);
  }
}

void QuantizeGenerator::maskedLoad(const Xbyak::Xmm &dst, const LaneMask &mask,
                                   const Xbyak::Address &mem) {
  if (isAvx512())
    vmovdqu32(dst | mask.opmask | T_z, mem);
  else
    vpmaskmovd(dst, mask.vector, mem);
}

void QuantizeGenerator::moveVec(const Xbyak::Xmm &dst,
                                const Xbyak::Operand &src) {
  if (isAvx512())
    vmovdqu32(dst, src);
  else
    vmovdqu(dst, src);
}

void QuantizeGenerator::moveVec(const Xbyak::Address &dst,
                                const Xbyak::Xmm &src) {
  if (isAvx512())
    vmovdqu32(dst, src);
  else
    vmovdqu(dst, src);
}

Xbyak::Address QuantizeGenerator::constant(uint32_t value) {
  return constantPattern({value});
}

Xbyak::Address QuantizeGenerator::constantFloat(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return constant(bits);
}

Xbyak::Address
QuantizeGenerator::constantPattern(const std::vector<uint32_t> &pattern) {
  return ptr[rip + pool_[pattern]];
}

void QuantizeGenerator::emitData() {
  step("data");
  align(64);
  L(maskTable_);
  if (isAvx512()) {
    for (int n = 0; n <= lanes(); ++n)
      dw(uint16_t((1u << n) - 1));
  } else {
    for (int n = 0; n < 2 * lanes(); ++n)
      dd(n < lanes() ? 0xffffffffu : 0u);
  }
  for (auto &[pattern, label] : pool_) {
    align(64);
    L(label);
    for (int lane = 0; lane < lanes(); ++lane)
      dd(pattern[lane % pattern.size()]);
  }
}

} // namespace dfp::quant::x64
