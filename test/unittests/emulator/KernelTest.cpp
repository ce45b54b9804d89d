#include "Harness.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

namespace dfp::emu::test {
namespace {

using namespace Xbyak;

/// One row of a DFP16 contraction as the JIT computes it (DESIGN.md §2): 16
/// output columns, K cut into chains of kChain products summed in INT32, each
/// chain converted to FP32 and added with an FMA times the exponent scale.
constexpr int kK = 96, kChain = 32, kColumns = 16;

struct Problem {
  std::vector<int16_t> a;      // kK
  std::vector<int16_t> packed; // kK/2 x kColumns pairs (k, k+1) per column
  float scale = 0;
};

Problem makeProblem(unsigned seed) {
  std::mt19937 rng(seed);
  Problem p;
  p.a.resize(kK);
  p.packed.resize(kK * kColumns);
  for (int16_t &v : p.a)
    v = int16_t(rng() % 3 == 0 ? -32768 : int(rng() % 16383) - 8191);
  for (int16_t &v : p.packed)
    v = int16_t(rng() % 5 == 0 ? 32767 : int(rng() % 16383) - 8191);
  p.scale = std::ldexp(1.0f, -int(rng() % 20));
  return p;
}

std::vector<float> reference(const Problem &p) {
  std::vector<float> c(kColumns, 0.0f);
  for (int column = 0; column < kColumns; ++column)
    for (int chain = 0; chain < kK; chain += kChain) {
      uint32_t sum = 0; // INT32 with wraparound, as the hardware
      for (int k = chain; k < chain + kChain; ++k) {
        int16_t b = p.packed[(k / 2) * 2 * kColumns + 2 * column + k % 2];
        sum += uint32_t(int32_t(p.a[k]) * b);
      }
      c[column] = std::fma(float(int32_t(sum)), p.scale, c[column]);
    }
  return c;
}

/// rdi = a, rsi = packed B, rdx = &scale, rcx = C.
void emitVnniKernel(CodeGenerator &g) {
  Label chainLoop, kLoop;
  g.vpxord(g.zmm2, g.zmm2, g.zmm2);
  g.mov(g.r8d, kK / kChain);
  g.L(chainLoop);
  g.vpxord(g.zmm0, g.zmm0, g.zmm0);
  g.mov(g.r9d, kChain / 2);
  g.L(kLoop);
  g.vpbroadcastd(g.zmm1, g.ptr[g.rdi]);
  g.vpdpwssd(g.zmm0, g.zmm1, g.ptr[g.rsi]);
  g.add(g.rdi, 4);
  g.add(g.rsi, 64);
  g.dec(g.r9d);
  g.jnz(kLoop);
  g.vcvtdq2ps(g.zmm0, g.zmm0);
  g.vfmadd231ps(g.zmm2, g.zmm0, g.ptr_b[g.rdx]);
  g.sub(g.r8d, 1);
  g.jnz(chainLoop);
  g.vmovups(g.ptr[g.rcx], g.zmm2);
  g.vzeroupper();
}

/// The AVX2 form: vpmaddwd + vpaddd on two ymm halves.
void emitAvx2Kernel(CodeGenerator &g) {
  Label chainLoop, kLoop;
  g.vxorps(g.ymm4, g.ymm4, g.ymm4);
  g.vxorps(g.ymm5, g.ymm5, g.ymm5);
  g.vbroadcastss(g.ymm6, g.ptr[g.rdx]);
  g.mov(g.r8d, kK / kChain);
  g.L(chainLoop);
  g.vpxor(g.ymm0, g.ymm0, g.ymm0);
  g.vpxor(g.ymm1, g.ymm1, g.ymm1);
  g.mov(g.r9d, kChain / 2);
  g.L(kLoop);
  g.vpbroadcastd(g.ymm2, g.ptr[g.rdi]);
  g.vpmaddwd(g.ymm3, g.ymm2, g.ptr[g.rsi]);
  g.vpaddd(g.ymm0, g.ymm0, g.ymm3);
  g.vpmaddwd(g.ymm3, g.ymm2, g.ptr[g.rsi + 32]);
  g.vpaddd(g.ymm1, g.ymm1, g.ymm3);
  g.add(g.rdi, 4);
  g.add(g.rsi, 64);
  g.dec(g.r9d);
  g.jnz(kLoop);
  g.vcvtdq2ps(g.ymm0, g.ymm0);
  g.vcvtdq2ps(g.ymm1, g.ymm1);
  g.vfmadd231ps(g.ymm4, g.ymm0, g.ymm6);
  g.vfmadd231ps(g.ymm5, g.ymm1, g.ymm6);
  g.sub(g.r8d, 1);
  g.jnz(chainLoop);
  g.vmovups(g.ptr[g.rcx], g.ymm4);
  g.vmovups(g.ptr[g.rcx + 32], g.ymm5);
  g.vzeroupper();
}

void checkKernel(const Emit &emit, Isa isa) {
  GeneratedFunction function(emit);
  for (unsigned seed = 0; seed < 4; ++seed) {
    Problem p = makeProblem(seed);
    std::vector<float> expected = reference(p);
    std::vector<float> emulated(kColumns, -1.0f);
    dfp::Status status =
        function.emulate({reinterpret_cast<uint64_t>(p.a.data()),
                          reinterpret_cast<uint64_t>(p.packed.data()),
                          reinterpret_cast<uint64_t>(&p.scale),
                          reinterpret_cast<uint64_t>(emulated.data())});
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(0, std::memcmp(emulated.data(), expected.data(),
                             sizeof(float) * kColumns))
        << "seed " << seed;
    if (!hostSupports(isa))
      continue;
    std::vector<float> native(kColumns, -1.0f);
    auto fn = reinterpret_cast<void (*)(const void *, const void *,
                                        const void *, void *)>(
        const_cast<void *>(function.entry()));
    fn(p.a.data(), p.packed.data(), &p.scale, native.data());
    EXPECT_EQ(0, std::memcmp(emulated.data(), native.data(),
                             sizeof(float) * kColumns))
        << "seed " << seed;
  }
}

TEST(EmulatorKernels, VnniChainedContractionMatchesTheSpec) {
  checkKernel(emitVnniKernel, Isa::Avx512Vnni);
}

TEST(EmulatorKernels, Avx2ChainedContractionMatchesTheSpec) {
  checkKernel(emitAvx2Kernel, Isa::Avx2);
}

} // namespace
} // namespace dfp::emu::test
