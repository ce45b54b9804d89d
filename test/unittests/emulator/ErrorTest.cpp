#include "Harness.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace dfp::emu::test {
namespace {

using namespace Xbyak;

TEST(EmulatorErrors, UnsupportedInstructionNamesMnemonicAndOffset) {
  GeneratedFunction function([](CodeGenerator &g) {
    g.mov(g.eax, 1); // 5 bytes
    g.cpuid();
  });
  dfp::Status status = function.emulate({});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "unsupported instruction cpuid at offset 5");
}

TEST(EmulatorErrors, RdtscIsUnsupported) {
  GeneratedFunction function([](CodeGenerator &g) { g.rdtsc(); });
  dfp::Status status = function.emulate({});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("rdtsc at offset 0"), std::string::npos)
      << status.message();
}

TEST(EmulatorErrors, UndecodableBytes) {
  GeneratedFunction function([](CodeGenerator &g) {
    g.nop();
    g.db(0x06); // push es: invalid in 64-bit mode
  });
  dfp::Status status = function.emulate({});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "undecodable bytes at offset 1");
}

TEST(EmulatorErrors, BranchOutsideTheRegion) {
  GeneratedFunction function([](CodeGenerator &g) {
    g.mov(g.rax, g.rdi);
    g.jmp(g.rax);
  });
  uint64_t outside = reinterpret_cast<uint64_t>(&outside);
  dfp::Status status = function.emulate({outside});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("leaves the code region"), std::string::npos)
      << status.message();
}

TEST(EmulatorErrors, FallingOffTheEnd) {
  GeneratedFunction function([](CodeGenerator &g) { g.nop(); }, false);
  dfp::Status status = function.emulate({});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("leaves the code region"), std::string::npos)
      << status.message();
}

TEST(EmulatorErrors, InstructionLimit) {
  GeneratedFunction function([](CodeGenerator &g) {
    Label loop;
    g.L(loop);
    g.jmp(loop);
  });
  EmulatorOptions options;
  options.maxInstructions = 1000;
  dfp::Status status = function.emulate({}, nullptr, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "instruction limit of 1000 exceeded");
}

TEST(EmulatorErrors, CalleeSavedRegisterClobbered) {
  GeneratedFunction function([](CodeGenerator &g) { g.xor_(g.ebx, g.ebx); });
  dfp::Status status = function.emulate({});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("rbx not restored"), std::string::npos)
      << status.message();
}

TEST(EmulatorErrors, EmbeddedRoundingOtherThanNearestIsRefused) {
  GeneratedFunction function(
      [](CodeGenerator &g) { g.vaddps(g.zmm0, g.zmm1, g.zmm2 | g.T_rd_sae); });
  dfp::Status status = function.emulate({});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("unsupported instruction vaddps at offset 0"),
            std::string::npos)
      << status.message();
}

TEST(EmulatorErrors, MisalignedAlignedMove) {
  GeneratedFunction function(
      [](CodeGenerator &g) { g.vmovdqa(g.ymm0, g.ptr[g.rdi + 4]); });
  alignas(64) uint8_t buffer[128] = {};
  dfp::Status status = function.emulate({reinterpret_cast<uint64_t>(buffer)});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("misaligned"), std::string::npos)
      << status.message();
}

TEST(EmulatorErrors, TooManyArguments) {
  GeneratedFunction function([](CodeGenerator &) {});
  dfp::Status status = function.emulate({1, 2, 3, 4, 5, 6, 7});
  EXPECT_FALSE(status.ok());
}

TEST(EmulatorStats, CountsInstructions) {
  GeneratedFunction function([](CodeGenerator &g) {
    g.mov(g.eax, 3);
    g.add(g.eax, 4);
  });
  uint64_t result = 0;
  EmulatorStats stats;
  dfp::Status status =
      call(function.region(), function.entry(), {}, &result, &stats);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(result, 7u);
  EXPECT_EQ(stats.instructions, 3u);
}

TEST(EmulatorSubset, ListsTheSupportedMnemonics) {
  std::vector<std::string> names = supportedMnemonics();
  for (const char *name : {"vpdpwssd", "vpmaddwd", "kmovw", "jnz", "ret"})
    EXPECT_TRUE(std::binary_search(names.begin(), names.end(), name)) << name;
  EXPECT_FALSE(std::binary_search(names.begin(), names.end(), "cpuid"));
}

} // namespace
} // namespace dfp::emu::test
