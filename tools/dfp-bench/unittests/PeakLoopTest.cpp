#include "PeakLoop.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dfp::bench {
namespace {

TEST(PeakLoopTest, OpsCountOneMultiplyAddAsTwo) {
  EXPECT_EQ(opsPerInstruction(PeakInstruction::VpdpwssdZmm), 64);
  EXPECT_EQ(opsPerInstruction(PeakInstruction::VpmaddwdVpadddZmm), 64);
  EXPECT_EQ(opsPerInstruction(PeakInstruction::VpdpwssdYmm), 32);
  EXPECT_EQ(opsPerInstruction(PeakInstruction::VpmaddwdVpadddYmm), 32);
  EXPECT_EQ(opsPerInstruction(PeakInstruction::VfmaddpsZmm), 32);
  EXPECT_EQ(opsPerInstruction(PeakInstruction::VfmaddpsYmm), 16);
}

TEST(PeakLoopTest, InstructionFollowsTheIsa) {
  PeakInstruction instruction;
  ASSERT_TRUE(integerPeakInstruction(jit::Isa::Avx512Vnni, false, instruction));
  EXPECT_EQ(instruction, PeakInstruction::VpdpwssdZmm);
  ASSERT_TRUE(integerPeakInstruction(jit::Isa::Avx512bw, true, instruction));
  EXPECT_EQ(instruction, PeakInstruction::VpmaddwdVpadddZmm);
  ASSERT_TRUE(integerPeakInstruction(jit::Isa::Avx2, false, instruction));
  EXPECT_EQ(instruction, PeakInstruction::VpmaddwdVpadddYmm);
  ASSERT_TRUE(integerPeakInstruction(jit::Isa::Avx2, true, instruction));
  EXPECT_EQ(instruction, PeakInstruction::VpdpwssdYmm);
  EXPECT_FALSE(integerPeakInstruction(jit::Isa::Scalar, true, instruction));
  ASSERT_TRUE(fp32PeakInstruction(jit::Isa::Avx2, instruction));
  EXPECT_EQ(instruction, PeakInstruction::VfmaddpsYmm);
  ASSERT_TRUE(fp32PeakInstruction(jit::Isa::Avx512Vnni, instruction));
  EXPECT_EQ(instruction, PeakInstruction::VfmaddpsZmm);
  EXPECT_FALSE(fp32PeakInstruction(jit::Isa::Scalar, instruction));
}

TEST(PeakLoopTest, MeasuresEveryLoopTheHostRuns) {
  for (PeakInstruction instruction :
       {PeakInstruction::VpdpwssdZmm, PeakInstruction::VpmaddwdVpadddZmm,
        PeakInstruction::VpdpwssdYmm, PeakInstruction::VpmaddwdVpadddYmm,
        PeakInstruction::VfmaddpsZmm, PeakInstruction::VfmaddpsYmm}) {
    bool zmm = instruction == PeakInstruction::VpdpwssdZmm ||
               instruction == PeakInstruction::VpmaddwdVpadddZmm ||
               instruction == PeakInstruction::VfmaddpsZmm;
    const jit::CpuFeatures &host = jit::hostFeatures();
    bool runs = instruction == PeakInstruction::VpdpwssdZmm   ? host.avx512Vnni
                : instruction == PeakInstruction::VpdpwssdYmm ? host.avxVnni
                : zmm                                         ? host.avx512bw
                                                              : host.avx2;
    if (!runs)
      continue;
    double gops = 0;
    ASSERT_TRUE(measurePeakGops(instruction, 1, PeakSampling{0.001, 5}, gops))
        << toString(instruction);
    EXPECT_TRUE(std::isfinite(gops)) << toString(instruction);
    // Any vector unit does more than 1 GOP/s; a broken loop or op count
    // would not.
    EXPECT_GT(gops, 1.0) << toString(instruction);
  }
}

} // namespace
} // namespace dfp::bench
