#ifndef DFP_QUANTIZE_X64_PHILOXEMITTER_H
#define DFP_QUANTIZE_X64_PHILOXEMITTER_H

#include "x64/QuantizeGenerator.h"

#include <vector>

namespace dfp::quant::x64 {

/// Vectorised Philox4x32-10 for stochastic rounding, in the layout the
/// elements need: the four counter words of one block sit in four
/// consecutive dword lanes [c0, c1, c2, c3], so after ten rounds lane l holds
/// word l & 3 of its block, exactly the bits element (4 * block + (l & 3))
/// uses. One round on a whole vector:
///   P = vpmuludq(c, [M0, 0, M1, 0])     lanes [lo0, hi0, lo1, hi1]
///   P = vpshufd(P, 0x1b)                lanes [hi1, lo1, hi0, lo0]
///   T = vpshufd(c, 0xf5) with lanes 1, 3 zeroed: [c1, 0, c3, 0]
///   c = P ^ T ^ [k0, 0, k1, 0]          (one vpternlogd on AVX-512)
/// The round keys k + r * W are built once per call (registers on AVX-512,
/// stack slots on AVX2).
class PhiloxEmitter {
public:
  /// One Philox evaluation in flight: its state and two temporaries.
  struct Chain {
    Xbyak::Xmm state, product, shuffled;
  };
  struct Registers {
    Xbyak::Xmm counter, multipliers;
    /// Independent evaluations interleaved to hide the multiply latency.
    std::vector<Chain> chains;
    Xbyak::Xmm zero;              ///< AVX2: zeros for the lane blend
    Xbyak::Opmask evenLanes;      ///< AVX-512: lanes 0 and 2 of each 4
    std::vector<Xbyak::Xmm> keys; ///< AVX-512: the ten round keys
  };
  static constexpr int kRounds = 10;
  /// Stack bytes used from `stackOffset` (scratch + AVX2 key slots).
  static int stackBytes(bool avx512);

  PhiloxEmitter(QuantizeGenerator &gen, Registers registers, int stackOffset);

  /// Builds the round keys from the 64-bit seed at `seed` (key word 0 = low
  /// half). Clobbers `scratch`.
  void setUp(const Xbyak::Address &seed, const Xbyak::Reg64 &scratch);
  /// counter lanes = block `block` + lane / 4, with words 2 and 3 from the
  /// qword at `streamStep`. Clobbers `scratch`.
  void startAt(const Xbyak::Reg64 &block, const Xbyak::Address &streamStep,
               const Xbyak::Reg64 &scratch);
  /// Moves the counter `vectors` vectors (lanes / 4 blocks each) on.
  void advance(int vectors = 1);
  /// Ten rounds for the `vectors` consecutive vectors starting at the
  /// counter (at most chains.size()), interleaved; returns the registers
  /// holding the bits (each chain's `state`). Clobbers the chains' temps.
  std::vector<Xbyak::Xmm> generate(int vectors = 1);

private:
  Xbyak::Address stackSlot(int offset) const;
  Xbyak::Address roundKeySlot(int round) const;
  Xbyak::Address advanceConstant();

  QuantizeGenerator &gen_;
  Registers regs_;
  int stackOffset_;
};

} // namespace dfp::quant::x64

#endif // DFP_QUANTIZE_X64_PHILOXEMITTER_H
