#include "ProgramCheck.h"

#include <gtest/gtest.h>

#include <cstring>

namespace dfp::emu::test {
namespace {

using namespace Xbyak;

/// Flags after kortest/ktest as bits: ZF, CF, SF, OF, PF (via setcc).
void storeFlags(CodeGenerator &g, Slots &out) {
  g.setz(g.al);
  g.setc(g.ah);
  g.sets(g.bl);
  g.seto(g.bh);
  g.movzx(g.eax, g.ax);
  g.movzx(g.ebx, g.bx);
  g.shl(g.ebx, 16);
  g.or_(g.eax, g.ebx);
  g.setp(g.bl);
  g.movzx(g.ebx, g.bl);
  g.shl(g.rbx, 32);
  g.or_(g.rax, g.rbx);
  out.store(g.rax);
}

TEST(EmulatorMasks, OpmaskInstructionsMatchNative) {
  checkProgram(Isa::Avx512BW, 48, [](CodeGenerator &g, Slots &out) {
    g.kmovq(g.k1, g.ptr[g.rdi + kMasks + 32]);
    g.kmovw(g.k2, g.ptr[g.rdi + kMasks + 40]);
    g.mov(g.rax, g.ptr[g.rdi + kMasks + 48]);
    g.kmovd(g.k3, g.eax);
    g.kmovq(g.k4, g.rax);
    g.kmovb(g.k5, g.eax);
    out.store(g.k1);
    out.store(g.k2);
    out.store(g.k3);
    out.store(g.k4);
    out.store(g.k5);
    g.kmovw(g.eax, g.k1);
    out.store(g.rax);
    g.mov(g.rax, -1);
    g.kmovd(g.eax, g.k1);
    out.store(g.rax);
    g.kmovw(g.k6, g.k1);
    out.store(g.k6);
    g.kmovq(g.k6, g.k1);
    out.store(g.k6);
    g.kmovw(g.ptr[g.rsi + Slots::kBytes * out.count()], g.k1);
    out.next();
    g.kmovq(g.ptr[g.rsi + Slots::kBytes * out.count()], g.k4);
    out.next();
    g.kxnorw(g.k6, g.k6, g.k6);
    out.store(g.k6);
    g.kxnord(g.k6, g.k1, g.k3);
    out.store(g.k6);
    g.kxnorq(g.k6, g.k1, g.k3);
    out.store(g.k6);
    g.knotw(g.k6, g.k1);
    out.store(g.k6);
    g.knotq(g.k6, g.k1);
    out.store(g.k6);
    g.kandw(g.k6, g.k1, g.k3);
    out.store(g.k6);
    g.kandnw(g.k6, g.k1, g.k3);
    out.store(g.k6);
    g.korw(g.k6, g.k1, g.k3);
    out.store(g.k6);
    g.kxorw(g.k6, g.k1, g.k3);
    out.store(g.k6);
    g.kord(g.k6, g.k1, g.k3);
    out.store(g.k6);
    g.kandq(g.k6, g.k1, g.k3);
    out.store(g.k6);
    for (int count : {0, 3, 15, 16, 40}) {
      g.kshiftrw(g.k6, g.k1, count);
      out.store(g.k6);
      g.kshiftlw(g.k6, g.k1, count);
      out.store(g.k6);
    }
    g.kshiftrq(g.k6, g.k1, 33);
    out.store(g.k6);
    g.kshiftld(g.k6, g.k1, 9);
    out.store(g.k6);
    g.kunpckbw(g.k6, g.k1, g.k3);
    out.store(g.k6);
    g.kortestw(g.k1, g.k3);
    storeFlags(g, out);
    g.kxnorw(g.k6, g.k6, g.k6);
    g.kortestw(g.k6, g.k1);
    storeFlags(g, out);
    g.kxorw(g.k6, g.k6, g.k6);
    g.kortestw(g.k6, g.k6);
    storeFlags(g, out);
    g.kortestq(g.k1, g.k4);
    storeFlags(g, out);
    g.ktestw(g.k1, g.k3);
    storeFlags(g, out);
  });
}

/// The opmask semantics most kernels rely on, checked against written-out
/// expectations so that hosts without AVX-512 test them too.
TEST(EmulatorMasks, TailMaskFromShiftAndKortest) {
  GeneratedFunction function([](CodeGenerator &g) {
    g.kxnorw(g.k1, g.k1, g.k1); // 0xffff
    g.kshiftrw(g.k1, g.k1, 11); // 0x001f
    g.mov(g.eax, 0x00f0);
    g.kmovw(g.k2, g.eax);
    g.korw(g.k3, g.k1, g.k2);  // 0x00ff
    g.knotw(g.k4, g.k3);       // 0xff00
    g.kandw(g.k5, g.k4, g.k2); // 0
    g.kortestw(g.k5, g.k5);    // ZF = 1
    g.setz(g.cl);
    g.kortestw(g.k3, g.k4); // CF = 1 (all ones)
    g.setc(g.ch);
    g.kmovw(g.eax, g.k4);
    g.shl(g.eax, 16);
    g.movzx(g.ecx, g.cx);
    g.or_(g.eax, g.ecx);
  });
  uint64_t result = 0;
  dfp::Status status = function.emulate({}, &result);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(result, 0xff000101u);
}

} // namespace
} // namespace dfp::emu::test
