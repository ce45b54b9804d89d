#ifndef DFP_TEST_EMULATOR_SLOTS_H
#define DFP_TEST_EMULATOR_SLOTS_H

#include <xbyak/xbyak.h>

namespace dfp::emu::test {

/// Stores results of a generated test program into consecutive 64-byte slots
/// of the output buffer (rsi).
class Slots {
public:
  static constexpr int kBytes = 64;
  explicit Slots(Xbyak::CodeGenerator &g) : g_(g) {}

  Xbyak::Address next() { return g_.ptr[g_.rsi + kBytes * count_++]; }
  void store(const Xbyak::Xmm &reg) {
    if (reg.isZMM())
      g_.vmovdqu32(next(), reg);
    else
      g_.vmovdqu(next(), reg);
  }
  void store(const Xbyak::Reg64 &reg) { g_.mov(next(), reg); }
  void store(const Xbyak::Opmask &k) {
    g_.kmovq(g_.rax, k);
    store(g_.rax);
  }
  int count() const { return count_; }
  size_t bytes() const { return size_t(count_) * kBytes; }

private:
  Xbyak::CodeGenerator &g_;
  int count_ = 0;
};

} // namespace dfp::emu::test

#endif // DFP_TEST_EMULATOR_SLOTS_H
