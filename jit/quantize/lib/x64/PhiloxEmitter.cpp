#include "x64/PhiloxEmitter.h"

#include <utility>

namespace dfp::quant::x64 {

namespace {

constexpr uint32_t kMultiplier0 = 0xD2511F53u;
constexpr uint32_t kMultiplier1 = 0xCD9E8D57u;
constexpr uint32_t kWeyl0 = 0x9E3779B9u;
constexpr uint32_t kWeyl1 = 0xBB67AE85u;

constexpr int kScratchBytes = 16;
constexpr int kAvx2KeyBytes = 32;
constexpr uint8_t kReverseDwords = 0x1b; // [3, 2, 1, 0]
constexpr uint8_t kOddWordsDown = 0xf5;  // [1, 1, 3, 3]
constexpr uint8_t kBlendOddLanes = 0xaa; // lanes 1, 3, 5, 7 from src2
constexpr uint8_t kXor3 = 0x96;          // A ^ B ^ C

} // namespace

int PhiloxEmitter::stackBytes(bool avx512) {
  return kScratchBytes + (avx512 ? 0 : kRounds * kAvx2KeyBytes);
}

PhiloxEmitter::PhiloxEmitter(QuantizeGenerator &gen, Registers registers,
                             int stackOffset)
    : gen_(gen), regs_(std::move(registers)), stackOffset_(stackOffset) {}

Xbyak::Address PhiloxEmitter::stackSlot(int offset) const {
  return gen_.ptr[gen_.rsp + stackOffset_ + offset];
}

Xbyak::Address PhiloxEmitter::roundKeySlot(int round) const {
  return stackSlot(kScratchBytes + round * kAvx2KeyBytes);
}

void PhiloxEmitter::setUp(const Xbyak::Address &seed,
                          const Xbyak::Reg64 &scratch) {
  QuantizeGenerator &g = gen_;
  // Scratch slot = dwords [k0, 0, k1, 0], broadcast to every 128-bit lane.
  auto slotDword = [&](int offset) {
    return g.dword[g.rsp + stackOffset_ + offset];
  };
  g.mov(scratch, seed);
  g.mov(slotDword(0), scratch.cvt32());
  g.mov(slotDword(4), 0);
  g.shr(scratch, 32);
  g.mov(slotDword(8), scratch.cvt32());
  g.mov(slotDword(12), 0);
  Xbyak::Address weyl = g.constantPattern({kWeyl0, 0, kWeyl1, 0});
  g.moveVec(regs_.multipliers,
            g.constantPattern({kMultiplier0, 0, kMultiplier1, 0}));
  if (g.avx512()) {
    g.vbroadcasti32x4(Xbyak::Zmm(regs_.keys[0].getIdx()), stackSlot(0));
    for (int r = 1; r < kRounds; ++r)
      g.vpaddd(regs_.keys[r], regs_.keys[r - 1], weyl);
    g.mov(scratch.cvt32(), 0x5555);
    g.kmovw(regs_.evenLanes, scratch.cvt32());
    return;
  }
  Xbyak::Ymm key(regs_.chains[0].product.getIdx());
  g.vbroadcasti128(key, stackSlot(0));
  for (int r = 0; r < kRounds; ++r) {
    if (r > 0)
      g.vpaddd(key, key, weyl);
    g.vmovdqu(roundKeySlot(r), key);
  }
  g.vpxor(regs_.zero, regs_.zero, regs_.zero);
}

void PhiloxEmitter::startAt(const Xbyak::Reg64 &block,
                            const Xbyak::Address &streamStep,
                            const Xbyak::Reg64 &scratch) {
  QuantizeGenerator &g = gen_;
  g.mov(g.qword[g.rsp + stackOffset_], block);
  g.mov(scratch, streamStep);
  g.mov(g.qword[g.rsp + stackOffset_ + 8], scratch);
  if (g.avx512())
    g.vbroadcasti32x4(Xbyak::Zmm(regs_.counter.getIdx()), stackSlot(0));
  else
    g.vbroadcasti128(Xbyak::Ymm(regs_.counter.getIdx()), stackSlot(0));
  // Qword pairs [block + b, streamStep] for the b-th group of four lanes.
  std::vector<uint32_t> offsets(g.lanes(), 0);
  for (int b = 0; b < g.lanes() / 4; ++b)
    offsets[4 * b] = uint32_t(b);
  g.vpaddq(regs_.counter, regs_.counter, g.constantPattern(offsets));
}

Xbyak::Address PhiloxEmitter::advanceConstant() {
  return gen_.constantPattern({uint32_t(gen_.lanes() / 4), 0, 0, 0});
}

void PhiloxEmitter::advance(int vectors) {
  for (int v = 0; v < vectors; ++v)
    gen_.vpaddq(regs_.counter, regs_.counter, advanceConstant());
}

std::vector<Xbyak::Xmm> PhiloxEmitter::generate(int vectors) {
  QuantizeGenerator &g = gen_;
  std::vector<Chain> chains(regs_.chains.begin(),
                            regs_.chains.begin() + vectors);
  for (int c = 0; c < vectors; ++c) {
    if (c == 0 && g.avx512())
      g.vmovdqa32(chains[c].state, regs_.counter);
    else if (c == 0)
      g.vmovdqa(chains[c].state, regs_.counter);
    else
      g.vpaddq(chains[c].state, chains[c - 1].state, advanceConstant());
  }
  for (int r = 0; r < kRounds; ++r) {
    for (Chain &chain : chains)
      g.vpmuludq(chain.product, chain.state, regs_.multipliers);
    for (Chain &chain : chains)
      g.vpshufd(chain.product, chain.product, kReverseDwords);
    for (Chain &chain : chains) {
      if (g.avx512()) {
        g.vpshufd(chain.shuffled | regs_.evenLanes | g.T_z, chain.state,
                  kOddWordsDown);
        g.vpternlogd(chain.product, chain.shuffled, regs_.keys[r], kXor3);
      } else {
        g.vpshufd(chain.shuffled, chain.state, kOddWordsDown);
        g.vpblendd(chain.shuffled, chain.shuffled, regs_.zero, kBlendOddLanes);
        g.vpxor(chain.product, chain.product, chain.shuffled);
        g.vpxor(chain.product, chain.product, roundKeySlot(r));
      }
    }
    for (Chain &chain : chains)
      std::swap(chain.state, chain.product);
  }
  // Ten swaps: every result is back in its chain's original state register.
  std::vector<Xbyak::Xmm> bits;
  for (const Chain &chain : chains)
    bits.push_back(chain.state);
  return bits;
}

} // namespace dfp::quant::x64
