#include "LaneCases.h"

#include <gtest/gtest.h>

#include <cstring>

namespace dfp::emu::test {
namespace {

using namespace Xbyak;

constexpr int kOffsetA = 0, kOffsetB = 64, kOffsetC = 128,
              kOffsetBroadcast = 192, kOffsetMask = 256, kInputBytes = 320,
              kSlotBytes = 64;

enum EvexSlot {
  Plain,
  Memory,
  Merge,
  ZeroMemory,
  Broadcast,
  HighYmm,
  EvexSlots
};
enum VexSlot { VexYmm, VexMemory, VexXmm, VexSlots };

uint64_t element(const std::vector<uint8_t> &bytes, size_t offset,
                 unsigned size) {
  uint64_t value = 0;
  std::memcpy(&value, &bytes[offset], size);
  return value;
}

void setElement(std::vector<uint8_t> &bytes, size_t offset, unsigned size,
                uint64_t value) {
  std::memcpy(&bytes[offset], &value, size);
}

void loadMask(CodeGenerator &g, unsigned elementBytes) {
  if (elementBytes >= 4)
    g.kmovw(g.k1, g.ptr[g.rdi + kOffsetMask]);
  else if (elementBytes == 2)
    g.kmovd(g.k1, g.ptr[g.rdi + kOffsetMask]);
  else
    g.kmovq(g.k1, g.ptr[g.rdi + kOffsetMask]);
}

void emitEvexForms(CodeGenerator &g, const LaneCase &c) {
  auto prepare = [&] {
    g.vmovdqu32(g.zmm0, g.ptr[g.rdi + kOffsetC]);
    g.vmovdqu32(g.zmm1, g.ptr[g.rdi + kOffsetA]);
    g.vmovdqu32(g.zmm2, g.ptr[g.rdi + kOffsetB]);
  };
  auto store = [&](int slot) {
    g.vmovdqu32(g.ptr[g.rsi + slot * kSlotBytes], g.zmm0);
  };
  loadMask(g, c.elementBytes);
  prepare();
  c.evex(g, g.zmm0, g.zmm1, g.zmm2);
  store(Plain);
  prepare();
  c.evex(g, g.zmm0, g.zmm1, g.zword[g.rdi + kOffsetB]);
  store(Memory);
  prepare();
  c.evex(g, g.zmm0 | g.k1, g.zmm1, g.zmm2);
  store(Merge);
  prepare();
  c.evex(g, g.zmm0 | g.k1 | g.T_z, g.zmm1, g.zword[g.rdi + kOffsetB]);
  store(ZeroMemory);
  if (c.broadcast) {
    prepare();
    c.evex(g, g.zmm0, g.zmm1, g.ptr_b[g.rdi + kOffsetBroadcast]);
    store(Broadcast);
  }
  g.vmovdqu32(g.zmm16, g.ptr[g.rdi + kOffsetC]);
  g.vmovdqu32(g.ymm17, g.ptr[g.rdi + kOffsetA]);
  g.vmovdqu32(g.ymm18, g.ptr[g.rdi + kOffsetB]);
  c.evex(g, g.ymm16, g.ymm17, g.ymm18);
  g.vmovdqu32(g.ptr[g.rsi + HighYmm * kSlotBytes], g.zmm16);
  g.vzeroupper();
}

void emitVexForms(CodeGenerator &g, const LaneCase &c) {
  auto prepare = [&] {
    g.vmovdqu(g.ymm0, g.ptr[g.rdi + kOffsetC]);
    g.vmovdqu(g.ymm1, g.ptr[g.rdi + kOffsetA]);
    g.vmovdqu(g.ymm2, g.ptr[g.rdi + kOffsetB]);
  };
  auto store = [&](int slot) {
    g.vmovdqu(g.ptr[g.rsi + slot * kSlotBytes], g.ymm0);
  };
  prepare();
  c.vex(g, g.ymm0, g.ymm1, g.ymm2);
  store(VexYmm);
  prepare();
  c.vex(g, g.ymm0, g.ymm1, g.yword[g.rdi + kOffsetB]);
  store(VexMemory);
  prepare();
  c.vex(g, g.xmm0, g.xmm1, g.xmm2);
  store(VexXmm);
  g.vzeroupper();
}

/// Expected slot contents from the reference: `lanes` computed lanes (masked as
/// given), zero up to zeroBytes, the output pattern after that.
void expectSlot(std::vector<uint8_t> &expected, const std::vector<uint8_t> &in,
                const LaneCase &c, int slot, unsigned lanes, unsigned zeroBytes,
                bool masked, bool zeroing, bool broadcastB) {
  unsigned size = c.elementBytes;
  uint64_t mask = element(in, kOffsetMask, 8);
  size_t base = size_t(slot) * kSlotBytes;
  for (unsigned i = 0; i < zeroBytes; ++i)
    expected[base + i] = 0;
  for (unsigned lane = 0; lane < lanes; ++lane) {
    uint64_t oldValue = element(in, kOffsetC + lane * size, size);
    uint64_t a = element(in, kOffsetA + lane * size, size);
    uint64_t b = broadcastB ? element(in, kOffsetBroadcast, size)
                            : element(in, kOffsetB + lane * size, size);
    uint64_t value = c.reference(oldValue, a, b);
    if (masked && !((mask >> lane) & 1))
      value = zeroing ? 0 : oldValue;
    setElement(expected, base + lane * size, size, value);
  }
}

} // namespace

void checkLaneCase(const LaneCase &c) {
  unsigned size = c.elementBytes;
  for (unsigned iteration = 0; iteration < kDataIterations; ++iteration) {
    SCOPED_TRACE("data iteration " + std::to_string(iteration));
    std::vector<uint8_t> in = testData(c.data, iteration, 0, kInputBytes);
    std::vector<uint8_t> b = testData(c.data, iteration, 1, kInputBytes);
    std::vector<uint8_t> old = testData(c.data, iteration, 2, kInputBytes);
    std::memcpy(&in[kOffsetB], &b[kOffsetB], 64 + 8);
    std::memcpy(&in[kOffsetC], &old[kOffsetC], 64);
    uint64_t mask = iteration == 0 ? 0x5555555555555555ull
                                   : element(old, kOffsetMask, 8) ^ iteration;
    setElement(in, kOffsetMask, 8, mask);

    if (c.evex) {
      SCOPED_TRACE("EVEX forms");
      std::vector<uint8_t> out =
          runAndCompare([&](CodeGenerator &g) { emitEvexForms(g, c); },
                        c.evexIsa, in, EvexSlots * kSlotBytes);
      if (c.reference) {
        std::vector<uint8_t> expected(out.size(), kOutputPattern);
        unsigned lanes = 64 / size;
        expectSlot(expected, in, c, Plain, lanes, 0, false, false, false);
        expectSlot(expected, in, c, Memory, lanes, 0, false, false, false);
        expectSlot(expected, in, c, Merge, lanes, 0, true, false, false);
        expectSlot(expected, in, c, ZeroMemory, lanes, 0, true, true, false);
        if (c.broadcast)
          expectSlot(expected, in, c, Broadcast, lanes, 0, false, false, true);
        expectSlot(expected, in, c, HighYmm, lanes / 2, 64, false, false,
                   false);
        EXPECT_EQ(out, expected) << "emulated vs reference (slots: plain, "
                                    "memory, merge, zero, broadcast, ymm16):\n"
                                 << describeDifference(out, expected, size);
      }
    }
    if (c.vex) {
      SCOPED_TRACE("VEX forms");
      std::vector<uint8_t> out =
          runAndCompare([&](CodeGenerator &g) { emitVexForms(g, c); }, c.vexIsa,
                        in, VexSlots * kSlotBytes);
      if (c.reference) {
        std::vector<uint8_t> expected(out.size(), kOutputPattern);
        expectSlot(expected, in, c, VexYmm, 32 / size, 0, false, false, false);
        expectSlot(expected, in, c, VexMemory, 32 / size, 0, false, false,
                   false);
        expectSlot(expected, in, c, VexXmm, 16 / size, 32, false, false, false);
        EXPECT_EQ(out, expected) << "emulated vs reference (slots: ymm, "
                                    "memory, xmm):\n"
                                 << describeDifference(out, expected, size);
      }
    }
  }
}

} // namespace dfp::emu::test
