#include "dfp/jit/Isa.h"

#include <gtest/gtest.h>

namespace dfp::jit {
namespace {

TEST(IsaTest, ParsesEverySpellingAndPrintsItBack) {
  for (Isa isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512bw, Isa::Avx512Vnni}) {
    Isa parsed = Isa::Scalar;
    ASSERT_TRUE(parseIsa(toString(isa), parsed).ok()) << toString(isa);
    EXPECT_EQ(parsed, isa);
  }
}

TEST(IsaTest, RejectsUnknownSpellingWithTheAcceptedValues) {
  Isa isa = Isa::Avx2;
  Status status = parseIsa("avx512", isa);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("'avx512'"), std::string::npos);
  EXPECT_NE(status.message().find("avx512_vnni, avx512bw, avx2, scalar"),
            std::string::npos);
  EXPECT_FALSE(parseIsa("AVX2", isa).ok()) << "spellings are exact";
}

TEST(IsaTest, CapLowersButNeverRaisesTheHostLevel) {
  Isa isa;
  ASSERT_TRUE(capIsa(Isa::Avx512Vnni, "avx2", isa).ok());
  EXPECT_EQ(isa, Isa::Avx2);
  ASSERT_TRUE(capIsa(Isa::Avx512Vnni, "avx512bw", isa).ok());
  EXPECT_EQ(isa, Isa::Avx512bw);
  ASSERT_TRUE(capIsa(Isa::Avx512Vnni, "scalar", isa).ok());
  EXPECT_EQ(isa, Isa::Scalar);
  ASSERT_TRUE(capIsa(Isa::Avx2, "avx512_vnni", isa).ok());
  EXPECT_EQ(isa, Isa::Avx2);
  ASSERT_TRUE(capIsa(Isa::Avx512bw, nullptr, isa).ok());
  EXPECT_EQ(isa, Isa::Avx512bw);
  ASSERT_TRUE(capIsa(Isa::Avx512bw, "", isa).ok());
  EXPECT_EQ(isa, Isa::Avx512bw);
}

TEST(IsaTest, BadCapIsAnErrorNamingTheVariable) {
  Isa isa;
  Status status = capIsa(Isa::Avx512Vnni, "avx3", isa);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("DFP_MAX_ISA"), std::string::npos);
}

TEST(IsaTest, EffectiveLevelHonoursTheEnvironment) {
  const char *saved = std::getenv("DFP_MAX_ISA");
  std::string savedValue = saved ? saved : "";
  Isa isa;
  setenv("DFP_MAX_ISA", "scalar", 1);
  ASSERT_TRUE(effectiveMaxIsa(isa).ok());
  EXPECT_EQ(isa, Isa::Scalar);
  setenv("DFP_MAX_ISA", "bogus", 1);
  EXPECT_FALSE(effectiveMaxIsa(isa).ok());
  unsetenv("DFP_MAX_ISA");
  ASSERT_TRUE(effectiveMaxIsa(isa).ok());
  EXPECT_EQ(isa, hostIsa());
  if (saved)
    setenv("DFP_MAX_ISA", savedValue.c_str(), 1);
}

TEST(IsaTest, HostFeaturesAreConsistent) {
  const CpuFeatures &f = hostFeatures();
  EXPECT_TRUE(!f.avx512Vnni || f.avx512bw);
  EXPECT_TRUE(!f.avx512bw || f.avx2);
  EXPECT_TRUE(!f.avxVnni || f.avx2);
  EXPECT_TRUE(hostSupports(Isa::Scalar));
  EXPECT_TRUE(hostSupports(hostIsa()));
  EXPECT_EQ(&f, &hostFeatures()) << "read once";
}

TEST(IsaTest, RegisterFilesPerLevel) {
  EXPECT_EQ(vectorRegisterCount(Isa::Avx2), 16);
  EXPECT_EQ(vectorRegisterCount(Isa::Avx512Vnni), 32);
  EXPECT_EQ(vectorBytes(Isa::Avx2), 32);
  EXPECT_EQ(vectorBytes(Isa::Avx512bw), 64);
}

} // namespace
} // namespace dfp::jit
