#include "ProgramCheck.h"

#include <gtest/gtest.h>

#include <cstring>

namespace dfp::emu::test {
namespace {

using namespace Xbyak;

void loadSources(CodeGenerator &g) {
  g.vmovdqu(g.ymm0, g.ptr[g.rdi + kV0]);
  g.vmovdqu(g.ymm1, g.ptr[g.rdi + kV1]);
  g.vmovdqu(g.ymm2, g.ptr[g.rdi + kV2]);
  g.vmovdqu(g.ymm3, g.ptr[g.rdi + kV3]);
}

TEST(EmulatorAvx2, PermutesShufflesPacksAndUnpacks) {
  checkProgram(Isa::Avx2, 40, [](CodeGenerator &g, Slots &out) {
    loadSources(g);
    g.vpermq(g.ymm4, g.ymm0, 0x1b);
    out.store(g.ymm4);
    g.vpermq(g.ymm4, g.ptr[g.rdi + kV1], 0x4e);
    out.store(g.ymm4);
    g.vpermd(g.ymm4, g.ymm1, g.ymm0);
    out.store(g.ymm4);
    g.vpermps(g.ymm4, g.ymm0, g.ptr[g.rdi + kV2]);
    out.store(g.ymm4);
    g.vperm2i128(g.ymm4, g.ymm0, g.ymm1, 0x21);
    out.store(g.ymm4);
    g.vperm2i128(g.ymm4, g.ymm0, g.ymm1, 0x83);
    out.store(g.ymm4);
    g.vpshufd(g.ymm4, g.ymm0, 0xb1);
    out.store(g.ymm4);
    g.vpshufb(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpshuflw(g.ymm4, g.ymm0, 0x1b);
    out.store(g.ymm4);
    g.vpshufhw(g.ymm4, g.ymm0, 0x4e);
    out.store(g.ymm4);
    g.vshufps(g.ymm4, g.ymm0, g.ymm1, 0x93);
    out.store(g.ymm4);
    g.vpunpcklwd(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpunpckhwd(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpunpckldq(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpunpckhdq(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpunpcklqdq(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpunpckhqdq(g.ymm4, g.ymm0, g.ptr[g.rdi + kV2]);
    out.store(g.ymm4);
    g.vpunpcklbw(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vunpcklps(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpackssdw(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpackusdw(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpacksswb(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpackuswb(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpalignr(g.ymm4, g.ymm0, g.ymm1, 4);
    out.store(g.ymm4);
    g.vpalignr(g.ymm4, g.ymm0, g.ymm1, 20);
    out.store(g.ymm4);
    g.vpslldq(g.ymm4, g.ymm0, 3);
    out.store(g.ymm4);
    g.vpsrldq(g.ymm4, g.ymm0, 9);
    out.store(g.ymm4);
    g.vpblendvb(g.ymm4, g.ymm0, g.ymm1, g.ymm2);
    out.store(g.ymm4);
    g.vblendvps(g.ymm4, g.ymm0, g.ymm1, g.ymm2);
    out.store(g.ymm4);
    g.vpblendd(g.ymm4, g.ymm0, g.ymm1, 0xa5);
    out.store(g.ymm4);
    g.vpblendw(g.ymm4, g.ymm0, g.ymm1, 0x3c);
    out.store(g.ymm4);
    g.vpmaddubsw(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpmulhw(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpmulhuw(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpmullw(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpaddsw(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpsubusw(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpminub(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpmaxud(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpmuldq(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
  });
}

TEST(EmulatorAvx2, MovesBroadcastsInsertsAndExtracts) {
  checkProgram(Isa::Avx2, 40, [](CodeGenerator &g, Slots &out) {
    loadSources(g);
    g.vextracti128(g.xmm4, g.ymm0, 1);
    out.store(g.ymm4);
    g.vextractf128(g.ptr[g.rsi + Slots::kBytes * out.count()], g.ymm1, 0);
    out.next();
    g.vinserti128(g.ymm4, g.ymm0, g.xmm1, 1);
    out.store(g.ymm4);
    g.vinsertf128(g.ymm4, g.ymm0, g.ptr[g.rdi + kV2], 0);
    out.store(g.ymm4);
    g.vbroadcastss(g.ymm4, g.ptr[g.rdi + kV1 + 4]);
    out.store(g.ymm4);
    g.vbroadcastss(g.ymm4, g.xmm1);
    out.store(g.ymm4);
    g.vpbroadcastd(g.ymm4, g.ptr[g.rdi + kV1 + 8]);
    out.store(g.ymm4);
    g.vpbroadcastw(g.ymm4, g.xmm0);
    out.store(g.ymm4);
    g.vpbroadcastb(g.xmm4, g.ptr[g.rdi + 3]);
    out.store(g.ymm4);
    g.vpbroadcastq(g.ymm4, g.xmm2);
    out.store(g.ymm4);
    g.vbroadcasti128(g.ymm4, g.ptr[g.rdi + kV3]);
    out.store(g.ymm4);
    g.vmovd(g.xmm4, g.ptr[g.rdi + 12]);
    out.store(g.ymm4);
    g.mov(g.rax, g.ptr[g.rdi + kV1]);
    g.vmovd(g.xmm4, g.eax);
    out.store(g.ymm4);
    g.vmovq(g.xmm4, g.rax);
    out.store(g.ymm4);
    g.vmovq(g.xmm4, g.xmm1);
    out.store(g.ymm4);
    g.vmovd(g.ebx, g.xmm2);
    out.store(g.rbx);
    g.vmovq(g.rbx, g.xmm2);
    out.store(g.rbx);
    g.vmovq(g.ptr[g.rsi + Slots::kBytes * out.count()], g.xmm3);
    out.next();
    g.vmovss(g.xmm4, g.ptr[g.rdi + kV2]);
    out.store(g.ymm4);
    g.vmovss(g.xmm4, g.xmm0, g.xmm1);
    out.store(g.ymm4);
    g.vmovss(g.ptr[g.rsi + Slots::kBytes * out.count()], g.xmm2);
    out.next();
    g.vpmovsxwd(g.ymm4, g.xmm0);
    out.store(g.ymm4);
    g.vpmovzxwd(g.ymm4, g.ptr[g.rdi + kV1]);
    out.store(g.ymm4);
    g.vpmovsxbw(g.ymm4, g.ptr[g.rdi + kV2]);
    out.store(g.ymm4);
    g.vpmovzxbd(g.ymm4, g.xmm3);
    out.store(g.ymm4);
    g.vpmovsxdq(g.ymm4, g.xmm1);
    out.store(g.ymm4);
    g.vmovmskps(g.eax, g.ymm0);
    out.store(g.rax);
    g.vpmovmskb(g.eax, g.ymm1);
    out.store(g.rax);
    g.vmovdqu(g.xmm4, g.ptr[g.rdi + kV3]);
    out.store(g.ymm4);
    g.vmovups(g.ymm4, g.ptr[g.rdi + 4]);
    out.store(g.ymm4);
    g.vmovaps(g.ymm4, g.ymm2);
    out.store(g.ymm4);
    g.vpmaskmovd(g.ymm4, g.ymm1, g.ptr[g.rdi + kV2]);
    out.store(g.ymm4);
    g.vmaskmovps(g.xmm4, g.xmm0, g.ptr[g.rdi + kV3]);
    out.store(g.ymm4);
    g.vmovdqu(out.next(), g.ymm3);
    g.vpmaskmovq(g.ptr[g.rsi + Slots::kBytes * (out.count() - 1)], g.ymm0,
                 g.ymm2);
  });
}

TEST(EmulatorAvx2, ComparesAndShiftsByRegister) {
  checkProgram(Isa::Avx2, 56, [](CodeGenerator &g, Slots &out) {
    loadSources(g);
    g.vpcmpeqd(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpcmpgtd(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpcmpeqw(g.ymm4, g.ymm0, g.ptr[g.rdi + kV1]);
    out.store(g.ymm4);
    g.vpcmpgtb(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpcmpeqq(g.ymm4, g.ymm0, g.ymm0);
    out.store(g.ymm4);
    for (int predicate = 0; predicate < 32; ++predicate) {
      g.vcmpps(g.ymm4, g.ymm0, g.ymm1, predicate);
      out.store(g.ymm4);
    }
    for (int count = 0; count < 4; ++count) {
      g.vmovq(g.xmm5, g.ptr[g.rdi + kCounts + 8 * count + 8]);
      g.vpsrld(g.ymm4, g.ymm0, g.xmm5);
      out.store(g.ymm4);
      g.vpsraw(g.ymm4, g.ymm0, g.xmm5);
      out.store(g.ymm4);
      g.vpsllq(g.ymm4, g.ymm0, g.ptr[g.rdi + kCounts + 8 * count]);
      out.store(g.ymm4);
    }
    g.vpsravd(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpsrlvq(g.ymm4, g.ymm0, g.ymm1);
    out.store(g.ymm4);
    g.vpsllvq(g.ymm4, g.ymm0, g.ptr[g.rdi + kCounts]);
    out.store(g.ymm4);
  });
}

TEST(EmulatorAvx2, ScalarFloatAndConversions) {
  checkProgram(Isa::Avx2, 24, [](CodeGenerator &g, Slots &out) {
    loadSources(g);
    g.vaddss(g.xmm4, g.xmm0, g.xmm1);
    out.store(g.ymm4);
    g.vmulss(g.xmm4, g.xmm0, g.ptr[g.rdi + kV2]);
    out.store(g.ymm4);
    g.vsubss(g.xmm4, g.xmm0, g.xmm1);
    out.store(g.ymm4);
    g.vdivss(g.xmm4, g.xmm0, g.xmm1);
    out.store(g.ymm4);
    g.vmaxss(g.xmm4, g.xmm0, g.xmm1);
    out.store(g.ymm4);
    g.vminss(g.xmm4, g.xmm0, g.xmm1);
    out.store(g.ymm4);
    g.mov(g.rax, g.ptr[g.rdi + kV1]);
    g.vcvtsi2ss(g.xmm4, g.xmm0, g.eax);
    out.store(g.ymm4);
    g.vcvtsi2ss(g.xmm4, g.xmm0, g.rax);
    out.store(g.ymm4);
    g.vcvtsi2ss(g.xmm4, g.xmm0, g.dword[g.rdi + kV2]);
    out.store(g.ymm4);
    g.vcvtss2si(g.eax, g.xmm0);
    out.store(g.rax);
    g.vcvtss2si(g.rax, g.xmm1);
    out.store(g.rax);
    g.vcvttss2si(g.eax, g.ptr[g.rdi + kV2 + 4]);
    out.store(g.rax);
    g.vcvttss2si(g.rax, g.xmm2);
    out.store(g.rax);
    for (int lane = 0; lane < 4; ++lane) {
      g.vpsrldq(g.xmm5, g.xmm0, 4 * lane);
      g.vpsrldq(g.xmm6, g.xmm1, 4 * lane);
      g.xor_(g.eax, g.eax);
      g.vcomiss(g.xmm5, g.xmm6);
      g.setz(g.al);
      g.setp(g.ah);
      g.setc(g.bl);
      g.movzx(g.ebx, g.bl);
      g.shl(g.ebx, 16);
      g.or_(g.eax, g.ebx);
      g.vucomiss(g.xmm6, g.xmm5);
      g.seta(g.bl);
      g.shl(g.rbx, 32);
      g.or_(g.rax, g.rbx);
      out.store(g.rax);
    }
  });
}

} // namespace
} // namespace dfp::emu::test
