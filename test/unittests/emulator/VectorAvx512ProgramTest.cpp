#include "ProgramCheck.h"

#include <gtest/gtest.h>

namespace dfp::emu::test {
namespace {

using namespace Xbyak;

void loadSources(CodeGenerator &g) {
  g.vmovdqu64(g.zmm0, g.ptr[g.rdi + kV0]);
  g.vmovdqu64(g.zmm1, g.ptr[g.rdi + kV1]);
  g.vmovdqu64(g.zmm2, g.ptr[g.rdi + kV2]);
  g.vmovdqu64(g.zmm3, g.ptr[g.rdi + kV3]);
  g.kmovq(g.k1, g.ptr[g.rdi + kMasks]);
  g.kmovq(g.k2, g.ptr[g.rdi + kMasks + 32]);
  g.vmovdqa64(g.zmm4, g.zmm3); // merge-masked results start from v3
}

/// zmm4 = v3 (a distinctive old value for merge masking).
void resetDestination(CodeGenerator &g) { g.vmovdqa64(g.zmm4, g.zmm3); }

TEST(EmulatorAvx512, PermutesAndShuffles) {
  checkProgram(Isa::Avx512BW, 40, [](CodeGenerator &g, Slots &out) {
    loadSources(g);
    auto run = [&](auto emit) {
      resetDestination(g);
      emit();
      out.store(g.zmm4);
    };
    run([&] { g.vpermq(g.zmm4, g.zmm0, 0x1b); });
    run([&] { g.vpermq(g.zmm4 | g.k1, g.zmm1, g.zmm0); });
    run([&] { g.vpermd(g.zmm4 | g.k2 | g.T_z, g.zmm1, g.zmm0); });
    run([&] { g.vpermd(g.zmm4, g.zmm1, g.ptr_b[g.rdi + kV2]); });
    run([&] { g.vpermw(g.zmm4, g.zmm1, g.zmm0); });
    run([&] { g.vpermw(g.zmm4 | g.k2, g.zmm1, g.ptr[g.rdi + kV2]); });
    run([&] { g.vpermps(g.ymm4, g.ymm1, g.ymm0); });
    run([&] { g.vpermt2d(g.zmm4, g.zmm1, g.zmm0); });
    run([&] { g.vpermt2w(g.zmm4 | g.k1, g.zmm1, g.zmm0); });
    run([&] { g.vpermi2q(g.zmm4, g.zmm1, g.zmm0); });
    run([&] { g.vshufi32x4(g.zmm4, g.zmm0, g.zmm1, 0x4e); });
    run([&] { g.vshufi64x2(g.zmm4 | g.k1 | g.T_z, g.zmm0, g.zmm1, 0xb1); });
    run([&] { g.vshuff32x4(g.ymm4, g.ymm0, g.ymm1, 0x2); });
    run([&] { g.valignd(g.zmm4, g.zmm0, g.zmm1, 5); });
    run([&] { g.valignq(g.zmm4 | g.k2, g.zmm0, g.zmm1, 3); });
    run([&] { g.vpalignr(g.zmm4, g.zmm0, g.zmm1, 7); });
    run([&] { g.vpshufd(g.zmm4 | g.k1, g.zmm0, 0x39); });
    run([&] { g.vpshufd(g.zmm4, g.ptr_b[g.rdi + kV1], 0x39); });
    run([&] { g.vpshufb(g.zmm4 | g.k2 | g.T_z, g.zmm0, g.zmm1); });
    run([&] { g.vpunpcklwd(g.zmm4 | g.k1, g.zmm0, g.zmm1); });
    run([&] { g.vpunpckhdq(g.zmm4, g.zmm0, g.ptr_b[g.rdi + kV2]); });
    run([&] { g.vpackssdw(g.zmm4, g.zmm0, g.zmm1); });
    run([&] { g.vpackssdw(g.zmm4 | g.k2, g.zmm0, g.ptr_b[g.rdi + kV1]); });
    run([&] { g.vpackusdw(g.zmm4 | g.k1 | g.T_z, g.zmm0, g.zmm1); });
    run([&] { g.vpacksswb(g.zmm4, g.zmm0, g.zmm1); });
    run([&] { g.vshufps(g.zmm4, g.zmm0, g.zmm1, 0x1e); });
    // VEX writes zero the upper half of the zmm register.
    run([&] { g.vpaddd(g.ymm4, g.ymm0, g.ymm1); });
    run([&] { g.vpxor(g.xmm4, g.xmm0, g.xmm1); });
  });
}

TEST(EmulatorAvx512, MovesExtendsAndNarrows) {
  checkProgram(Isa::Avx512BW, 48, [](CodeGenerator &g, Slots &out) {
    loadSources(g);
    auto run = [&](auto emit) {
      resetDestination(g);
      emit();
      out.store(g.zmm4);
    };
    auto toMemory = [&](auto emit) {
      // The slot starts as v3, so unwritten (masked) elements show.
      g.vmovdqu64(out.next(), g.zmm3);
      emit(g.ptr[g.rsi + Slots::kBytes * (out.count() - 1)]);
    };
    run([&] { g.vpmovdw(g.ymm4, g.zmm0); });
    run([&] { g.vpmovsdw(g.ymm4 | g.k1, g.zmm0); });
    run([&] { g.vpmovusdw(g.ymm4 | g.k2 | g.T_z, g.zmm0); });
    run([&] { g.vpmovqd(g.ymm4, g.zmm0); });
    run([&] { g.vpmovwb(g.ymm4, g.zmm0); });
    run([&] { g.vpmovswb(g.ymm4, g.zmm1); });
    run([&] { g.vpmovuswb(g.ymm4, g.zmm1); });
    run([&] { g.vpmovdb(g.xmm4, g.zmm0); });
    run([&] { g.vpmovsdb(g.xmm4 | g.k1, g.ymm0); });
    toMemory([&](const Address &a) { g.vpmovdw(a, g.zmm0); });
    toMemory([&](const Address &a) { g.vpmovsdw(a | g.k1, g.zmm0); });
    toMemory([&](const Address &a) { g.vpmovusdw(a | g.k2, g.zmm1); });
    toMemory([&](const Address &a) {
      g.vextracti32x4(a, g.zmm0, 3);
    }); // Xbyak refuses {k} here
    toMemory([&](const Address &a) { g.vmovdqu16(a | g.k2, g.zmm1); });
    toMemory([&](const Address &a) { g.vmovdqu8(a | g.k1, g.zmm2); });
    toMemory([&](const Address &a) { g.vmovups(a | g.k1, g.zmm2); });
    run([&] { g.vpmovsxwd(g.zmm4, g.ymm0); });
    run([&] { g.vpmovsxwd(g.zmm4 | g.k1, g.ptr[g.rdi + kV1]); });
    run([&] { g.vpmovzxwd(g.zmm4 | g.k2 | g.T_z, g.ymm1); });
    run([&] { g.vpmovzxbw(g.zmm4, g.ymm2); });
    run([&] { g.vpmovsxbd(g.zmm4, g.xmm2); });
    run([&] { g.vextracti32x4(g.xmm4, g.zmm0, 2); });
    run([&] { g.vextracti32x4(g.xmm4 | g.k2 | g.T_z, g.zmm0, 1); });
    run([&] { g.vextracti64x4(g.ymm4, g.zmm1, 1); });
    run([&] { g.vinserti32x4(g.zmm4, g.zmm0, g.xmm1, 3); });
    run([&] { g.vinserti32x4(g.zmm4 | g.k1, g.zmm0, g.ptr[g.rdi + kV2], 1); });
    run([&] { g.vinserti64x4(g.zmm4, g.zmm0, g.ymm1, 1); });
    run([&] { g.vbroadcasti32x4(g.zmm4 | g.k1, g.ptr[g.rdi + kV1]); });
    run([&] { g.vbroadcasti64x4(g.zmm4, g.ptr[g.rdi + kV2]); });
    run([&] {
      g.mov(g.rax, g.ptr[g.rdi + kV1]);
      g.vpbroadcastd(g.zmm4, g.eax);
    });
    run([&] { g.vpbroadcastw(g.zmm4 | g.k1, g.ax); });
    run([&] { g.vpbroadcastb(g.zmm4 | g.k2 | g.T_z, g.al); });
    run([&] { g.vpbroadcastq(g.zmm4, g.rax); });
    run([&] { g.vpbroadcastd(g.zmm4 | g.k1, g.xmm2); });
    run([&] { g.vbroadcastss(g.zmm4, g.ptr[g.rdi + kV3 + 8]); });
    run([&] { g.vmovdqu16(g.zmm4 | g.k1, g.ptr[g.rdi + 2]); });
    run([&] { g.vmovdqu8(g.zmm4 | g.k2 | g.T_z, g.zmm0); });
    run([&] { g.vmovdqu32(g.zmm4 | g.k1 | g.T_z, g.ptr[g.rdi + 4]); });
    run([&] { g.vmovdqa64(g.zmm4 | g.k2, g.zmm1); });
    run([&] { g.vmovups(g.zmm4 | g.k1, g.zmm2); });
    run([&] {
      g.vmovd(g.xmm20, g.ptr[g.rdi + 4]);
      g.vmovdqa64(g.zmm4, g.zmm20);
    });
    run([&] { g.vmovss(g.xmm4 | g.k1, g.ptr[g.rdi + kV2]); });
  });
}

TEST(EmulatorAvx512, ComparesIntoOpmasksAndBlends) {
  checkProgram(Isa::Avx512BW, 90, [](CodeGenerator &g, Slots &out) {
    loadSources(g);
    for (int predicate = 0; predicate < 8; ++predicate) {
      g.vpcmpd(g.k3, g.zmm0, g.zmm1, predicate);
      out.store(g.k3);
      g.vpcmpud(g.k3 | g.k2, g.zmm0, g.ptr[g.rdi + kV1], predicate);
      out.store(g.k3);
      g.vpcmpw(g.k3, g.zmm0, g.zmm1, predicate);
      out.store(g.k3);
      g.vpcmpuq(g.k3, g.zmm0, g.ptr_b[g.rdi + kV2], predicate);
      out.store(g.k3);
    }
    for (int predicate = 0; predicate < 32; ++predicate) {
      g.vcmpps(g.k3 | g.k1, g.zmm0, g.zmm1, predicate);
      out.store(g.k3);
    }
    g.vpcmpeqd(g.k3, g.zmm0, g.zmm1);
    out.store(g.k3);
    g.vpcmpgtd(g.k3 | g.k2, g.zmm0, g.zmm1);
    out.store(g.k3);
    g.vpcmpeqw(g.k3, g.zmm0, g.zmm1);
    out.store(g.k3);
    g.vpcmpgtb(g.k3, g.zmm0, g.zmm1);
    out.store(g.k3);
    g.vpcmpeqd(g.k3, g.ymm0, g.ymm1);
    out.store(g.k3);
    g.vptestmd(g.k3, g.zmm0, g.zmm1);
    out.store(g.k3);
    g.vptestnmd(g.k3 | g.k1, g.zmm0, g.zmm1);
    out.store(g.k3);
    g.vptestmb(g.k3, g.zmm0, g.zmm1);
    out.store(g.k3);
    g.vpmovd2m(g.k3, g.zmm0);
    out.store(g.k3);
    g.vpmovm2w(g.zmm4, g.k1);
    out.store(g.zmm4);
    g.vpblendmd(g.zmm4 | g.k1, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vpblendmd(g.zmm4 | g.k2 | g.T_z, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vblendmps(g.zmm4 | g.k2, g.zmm0, g.ptr_b[g.rdi + kV2]);
    out.store(g.zmm4);
    g.vpblendmw(g.zmm4 | g.k1, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vpblendmb(g.zmm4 | g.k2, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vpblendmq(g.zmm4, g.zmm0, g.zmm1);
    out.store(g.zmm4);
  });
}

TEST(EmulatorAvx512, ShiftsByRegisterAndMaskedArithmetic) {
  checkProgram(Isa::Avx512BW, 40, [](CodeGenerator &g, Slots &out) {
    loadSources(g);
    for (int count = 0; count < 8; ++count) {
      g.vmovq(g.xmm5, g.ptr[g.rdi + kCounts + 8 * count]);
      g.vpsrad(g.zmm4 | g.k1, g.zmm0, g.xmm5);
      out.store(g.zmm4);
      g.vpsraq(g.zmm4, g.zmm0, g.xmm5);
      out.store(g.zmm4);
      g.vpsllw(g.zmm4, g.zmm0, g.ptr[g.rdi + kCounts + 8 * count]);
      out.store(g.zmm4);
    }
    g.vpsravq(g.zmm4, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vpsrlvw(g.zmm4 | g.k2, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vpsllvq(g.zmm4, g.zmm0, g.ptr_b[g.rdi + kCounts + 8]);
    out.store(g.zmm4);
    g.vpsrld(g.zmm4 | g.k2 | g.T_z, g.ptr_b[g.rdi + kV1], 3);
    out.store(g.zmm4);
    g.vpmaddwd(g.zmm4 | g.k1, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vpmaddubsw(g.zmm4, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vpdpwssd(g.zmm4 | g.k2, g.zmm0, g.ptr_b[g.rdi + kV1]);
    out.store(g.zmm4);
    g.vpabsb(g.zmm4, g.zmm0);
    out.store(g.zmm4);
    g.vpmaxuw(g.zmm4, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vpaddusb(g.zmm4 | g.k1, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vcvtudq2ps(g.zmm4, g.zmm0);
    out.store(g.zmm4);
    g.vpmulhw(g.zmm4, g.zmm0, g.zmm1);
    out.store(g.zmm4);
    g.vpmuldq(g.zmm4, g.zmm0, g.ptr_b[g.rdi + kV2]);
    out.store(g.zmm4);
  });
}

TEST(EmulatorAvx512, DoublewordAndQuadwordBlockOps) {
  checkProgram(Isa::Avx512Dq, 12, [](CodeGenerator &g, Slots &out) {
    loadSources(g);
    auto run = [&](auto emit) {
      resetDestination(g);
      emit();
      out.store(g.zmm4);
    };
    run([&] { g.vextracti32x8(g.ymm4 | g.k1, g.zmm0, 1); });
    run([&] { g.vinserti32x8(g.zmm4 | g.k2 | g.T_z, g.zmm0, g.ymm1, 0); });
    run([&] { g.vinserti64x2(g.zmm4, g.zmm0, g.xmm1, 2); });
    run([&] { g.vextracti64x2(g.xmm4, g.zmm1, 3); });
    run([&] { g.vbroadcasti32x8(g.zmm4 | g.k1, g.ptr[g.rdi + kV2]); });
    run([&] { g.vpmovm2d(g.zmm4, g.k2); });
    run([&] { g.vpmullq(g.zmm4, g.zmm0, g.zmm1); });
    run([&] { g.vandnps(g.zmm4 | g.k1, g.zmm0, g.zmm1); });
    run([&] { g.vorps(g.zmm4, g.zmm0, g.ptr_b[g.rdi + kV1]); });
    run([&] {
      g.vpmovq2m(g.k3, g.zmm0);
      g.vpmovm2q(g.zmm4, g.k3);
    });
  });
}

} // namespace
} // namespace dfp::emu::test
