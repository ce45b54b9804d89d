#include "Harness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include <sys/mman.h>
#include <unistd.h>

namespace dfp::emu::test {
namespace {

using namespace Xbyak;

/// Emulates f(in, out) and checks it natively too where the host can.
template <typename Out, typename In>
std::vector<Out> run(Isa isa, const std::vector<In> &input, size_t outCount,
                     const Emit &emit) {
  std::vector<uint8_t> bytes(input.size() * sizeof(In));
  std::memcpy(bytes.data(), input.data(), bytes.size());
  std::vector<uint8_t> out =
      runAndCompare(emit, isa, bytes, outCount * sizeof(Out));
  std::vector<Out> values(outCount);
  std::memcpy(values.data(), out.data(), out.size());
  return values;
}

TEST(EmulatorExpectations, VpmovsdwSaturatesIntoMaskedMemory) {
  std::vector<int32_t> in = {
      0,         1,      -1,      32767, 32768,  -32768, -32769, INT32_MAX,
      INT32_MIN, 100000, -100000, 12345, -12345, 65535,  7,      -7};
  auto out = run<int16_t>(Isa::Avx512BW, in, 16, [](CodeGenerator &g) {
    g.vmovdqu32(g.zmm0, g.ptr[g.rdi]);
    g.mov(g.eax, 0x7fff); // element 15 stays untouched
    g.kmovw(g.k1, g.eax);
    g.vpmovsdw(g.ptr[g.rsi] | g.k1, g.zmm0);
    g.vzeroupper();
  });
  int16_t pattern;
  std::memset(&pattern, kOutputPattern, 2);
  std::vector<int16_t> expected;
  for (size_t i = 0; i < 15; ++i)
    expected.push_back(int16_t(std::clamp<int32_t>(in[i], -32768, 32767)));
  expected.push_back(pattern);
  EXPECT_EQ(out, expected);
}

TEST(EmulatorExpectations, VpdpwssdZmmWithBroadcastAndMask) {
  std::vector<int16_t> in(32 + 2 + 32);
  for (size_t i = 0; i < 32; ++i)
    in[i] = int16_t(i % 3 == 0 ? -32768 : int(i * 1000) - 16000);
  in[32] = -32768; // broadcast pair
  in[33] = -32768;
  for (size_t i = 0; i < 32; ++i)
    in[34 + i] = int16_t(i * 77); // accumulator as 16 int32s
  auto out = run<int32_t>(Isa::Avx512Vnni, in, 16, [](CodeGenerator &g) {
    g.vmovdqu32(g.zmm0, g.ptr[g.rdi + 68]);
    g.vmovdqu16(g.zmm1, g.ptr[g.rdi]);
    g.mov(g.eax, 0xf0f0);
    g.kmovw(g.k1, g.eax);
    g.vpdpwssd(g.zmm0 | g.k1 | g.T_z, g.zmm1, g.ptr_b[g.rdi + 64]);
    g.vmovdqu32(g.ptr[g.rsi], g.zmm0);
    g.vzeroupper();
  });
  for (size_t lane = 0; lane < 16; ++lane) {
    int32_t acc;
    std::memcpy(&acc, &in[34 + 2 * lane], 4);
    int64_t sum = int64_t(acc) + int64_t(in[2 * lane]) * -32768 +
                  int64_t(in[2 * lane + 1]) * -32768;
    int32_t expected = ((0xf0f0 >> lane) & 1) ? int32_t(uint32_t(sum)) : 0;
    EXPECT_EQ(out[lane], expected) << "lane " << lane;
  }
}

TEST(EmulatorExpectations, VpermwAndVpcmpdIntoOpmask) {
  std::vector<int32_t> in(32);
  for (int i = 0; i < 16; ++i) {
    in[i] = i * 3 - 20;
    in[16 + i] = 31 - 2 * i; // word indices for vpermw (low word) and compare
  }
  auto out = run<uint32_t>(Isa::Avx512BW, in, 17, [](CodeGenerator &g) {
    g.vmovdqu32(g.zmm0, g.ptr[g.rdi]);
    g.vmovdqu32(g.zmm1, g.ptr[g.rdi + 64]);
    g.vpermw(g.zmm2, g.zmm1, g.zmm0);
    g.vmovdqu32(g.ptr[g.rsi], g.zmm2);
    g.vpcmpd(g.k1, g.zmm0, g.zmm1, 2); // LE
    g.kmovw(g.ptr[g.rsi + 64], g.k1);
    g.vzeroupper();
  });
  uint16_t words[32], indices[32];
  std::memcpy(words, in.data(), 64);
  std::memcpy(indices, in.data() + 16, 64);
  for (int i = 0; i < 32; ++i) {
    uint16_t got = uint16_t(out[i / 2] >> (16 * (i % 2)));
    EXPECT_EQ(got, words[indices[i] & 31]) << "word " << i;
  }
  uint32_t mask = 0;
  for (int i = 0; i < 16; ++i)
    mask |= uint32_t(in[i] <= in[16 + i]) << i;
  EXPECT_EQ(out[16] & 0xffff, mask);
}

TEST(EmulatorExpectations, BroadcastFromGprAndVcvtps2dqIndefinite) {
  std::vector<float> in = {
      0.5f,           1.5f,
      2.5f,           -0.5f,
      -1.5f,          2147483648.0f,
      -2147483648.0f, std::numeric_limits<float>::quiet_NaN(),
      -3e9f,          1e10f,
      0.49999997f,    -2.5f,
      8388607.5f,     3.5f,
      -0.0f,          std::numeric_limits<float>::infinity()};
  auto out = run<int32_t>(Isa::Avx512F, in, 32, [](CodeGenerator &g) {
    g.vcvtps2dq(g.zmm0, g.ptr[g.rdi]);
    g.vmovdqu32(g.ptr[g.rsi], g.zmm0);
    g.mov(g.eax, -123456);
    g.vpbroadcastd(g.zmm1, g.eax);
    g.vmovdqu32(g.ptr[g.rsi + 64], g.zmm1);
    g.vzeroupper();
  });
  const int32_t expected[16] = {
      0,         2,         2, 0,  -2,      INT32_MIN, INT32_MIN, INT32_MIN,
      INT32_MIN, INT32_MIN, 0, -2, 8388608, 4,         0,         INT32_MIN};
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(out[i], expected[i]) << "lane " << i;
    EXPECT_EQ(out[16 + i], -123456);
  }
}

/// Masked-off lanes of a load are not read: a tail load ending at an
/// inaccessible page must not fault, natively or emulated.
TEST(EmulatorExpectations, MaskedLoadsAndStoresSuppressFaults) {
  long page = sysconf(_SC_PAGESIZE);
  auto *base =
      static_cast<uint8_t *>(mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE,
                                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(base, MAP_FAILED);
  ASSERT_EQ(mprotect(base + page, page, PROT_NONE), 0);
  uint8_t *tail = base + page - 10; // five int16 before the guard page
  for (int i = 0; i < 10; ++i)
    tail[i] = uint8_t(i + 1);
  GeneratedFunction function([](CodeGenerator &g) {
    g.mov(g.eax, 0x1f);
    g.kmovd(g.k1, g.eax);
    g.vmovdqu16(g.zmm0 | g.k1 | g.T_z, g.ptr[g.rdi]);
    g.vpaddw(g.zmm0 | g.k1 | g.T_z, g.zmm0, g.ptr[g.rdi]);
    g.vmovdqu16(g.ptr[g.rdi] | g.k1, g.zmm0); // doubles the five words in place
    g.vzeroupper();
  });
  dfp::Status status = function.emulate({reinterpret_cast<uint64_t>(tail)});
  EXPECT_TRUE(status.ok()) << status.message();
  for (int i = 0; i < 5; ++i) {
    uint16_t word;
    std::memcpy(&word, tail + 2 * i, 2);
    EXPECT_EQ(word, uint16_t(2 * ((2 * i + 1) | (2 * i + 2) << 8)));
  }
  if (hostSupports(Isa::Avx512BW))
    function.runNative(reinterpret_cast<uint64_t>(tail));
  munmap(base, 2 * page);
}

/// FMA NaN priority with every source position holding a distinct NaN.
TEST(EmulatorExpectations, FmaNanPriority) {
  for (unsigned nanMask = 1; nanMask < 8; ++nanMask) {
    std::vector<uint32_t> in(48, 0x3f800000u); // 1.0f
    for (unsigned source = 0; source < 3; ++source)
      if ((nanMask >> source) & 1)
        for (unsigned lane = 0; lane < 16; ++lane)
          in[16 * source + lane] = 0x7f800001u + source; // signalling NaNs
    run<uint32_t>(Isa::Avx2, in, 24, [](CodeGenerator &g) {
      auto forms = {0, 1, 2};
      int slot = 0;
      for (int form : forms) {
        g.vmovdqu(g.ymm0, g.ptr[g.rdi]);
        g.vmovdqu(g.ymm1, g.ptr[g.rdi + 64]);
        if (form == 0)
          g.vfmadd132ps(g.ymm0, g.ymm1, g.ptr[g.rdi + 128]);
        else if (form == 1)
          g.vfmadd213ps(g.ymm0, g.ymm1, g.ptr[g.rdi + 128]);
        else
          g.vfmadd231ps(g.ymm0, g.ymm1, g.ptr[g.rdi + 128]);
        g.vmovdqu(g.ptr[g.rsi + 32 * slot++], g.ymm0);
      }
      g.vzeroupper();
    });
  }
}

} // namespace
} // namespace dfp::emu::test
