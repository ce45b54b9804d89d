#include "ProgramCheck.h"

#include <gtest/gtest.h>

#include <cstring>

namespace dfp::emu::test {
namespace {

std::vector<uint8_t> programInput(Data kind, unsigned iteration) {
  std::vector<uint8_t> in = testData(kind, iteration, 0, kProgramInputBytes);
  std::vector<uint8_t> other = testData(kind, iteration, 1, kProgramInputBytes);
  std::copy(other.begin() + kV1, other.begin() + kV2, in.begin() + kV1);
  const uint64_t counts[] = {0, 5, 31, 32, 100, 7, 63, 64};
  std::memcpy(&in[kCounts], counts, sizeof counts);
  const uint64_t masks[] = {0x5555555555555555ull,
                            0xf0f0f0f0f0f0f0f0ull,
                            0x00000000ffff0001ull,
                            0x8000000000000001ull,
                            0,
                            0,
                            0,
                            0};
  std::memcpy(&in[kMasks], masks, sizeof masks);
  std::memcpy(&in[kMasks + 32], &other[kV2], 32); // random masks
  return in;
}

} // namespace

void checkProgram(Isa isa, size_t slots, const Program &program) {
  if (!hostSupports(isa))
    GTEST_LOG_(INFO) << "host lacks " << isaName(isa)
                     << ": emulation only, no native comparison";
  for (Data kind : {Data::Int8, Data::Int16, Data::Int32, Data::Float})
    for (unsigned iteration = 0; iteration < kDataIterations; ++iteration) {
      SCOPED_TRACE("data kind " + std::to_string(int(kind)) + ", iteration " +
                   std::to_string(iteration));
      runAndCompare(
          [&](Xbyak::CodeGenerator &g) {
            Slots out(g);
            g.push(g.rbx);
            program(g, out);
            EXPECT_LE(size_t(out.count()), slots) << "enlarge the slot count";
            g.pop(g.rbx);
            g.vzeroupper();
          },
          isa, programInput(kind, iteration), slots * Slots::kBytes);
    }
}

} // namespace dfp::emu::test
