#ifndef DFP_JIT_GEMM_H
#define DFP_JIT_GEMM_H

#include "dfp/jit/AlignedAllocator.h"
#include "dfp/jit/CodeCache.h"
#include "dfp/jit/Isa.h"
#include "dfp/jit/JitKernel.h"
#include "dfp/reference/Format.h"
#include "dfp/reference/Quantize.h"
#include "dfp/reference/Status.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace dfp::jit {

/// DFP16 GEMM C[M x N] (f32) = A[M x K] (int16) * B[K x N] (int16), with the
/// chained accumulation of DESIGN §2 (bit-identical to dfp::matmul), for
/// every exponent grouping dfp::matmul accepts: typically per tensor, per row
/// of A / column of B, or per block along K (the OCP MX layout).

struct GemmOptions {
  /// ISA level; unset means effectiveMaxIsa() (the host's, capped by
  /// DFP_MAX_ISA). A level above the host's runs through the emulator.
  std::optional<Isa> isa;
  /// Avx2 level: use VEX vpdpwssd (AVX-VNNI); unset means "if the host has it".
  std::optional<bool> avxVnni;
  /// Threads splitting M and N (never K); results do not depend on it.
  int threads = 1;
  ExecutionMode execution = ExecutionMode::Auto;
  /// Kernel cache; null means CodeCache::global().
  CodeCache *cache = nullptr;
  /// Cache blocking (elements): K per block (whole chains are kept together,
  /// so a block may be larger), rows of A and columns of B per block. 0 picks
  /// defaults.
  int64_t kBlock = 0, mBlock = 0, nBlock = 0;
};

/// One INT32 chain: reduction indices [kBegin, kBegin + length), stored in the
/// packed layout as `pairs` = ceil(length / 2) k-pairs starting at pair
/// `pairBegin` (an odd chain's last pair is completed by a zero).
struct ChainSegment {
  int64_t kBegin = 0, length = 0, pairBegin = 0, pairs = 0;
};

/// Cuts [0, k) into chains in increasing order: a chain ends after `chain`
/// indices or where an exponent group of A or B changes along K (every
/// blockA or blockB indices, 0 = never), whichever comes first; the count
/// restarts after each cut.
std::vector<ChainSegment> chainSegments(int64_t k, int64_t chain,
                                        int64_t blockA, int64_t blockB);

/// The packed operand layout the tile kernels read (and that a fused
/// quantize+pack kernel may write directly):
///
/// * K is cut into chains (`segments`); chain s occupies k-pairs
///   [pairBegin_s, pairBegin_s + pairs_s); kPairs is the total. The pair
///   t = pairBegin_s + p holds k = kBegin_s + 2p (low half) and k + 1 (high
///   half); a half past the chain's end holds 0, so odd chains never mix.
/// * Packed A: ceil(M / tileRows) panels of tileRows rows; element
///     data[((panel * kPairs + t) * tileRows + r) * 2 + h] =
///     A[panel*tileRows+r][k]
///   i.e. per k-pair, tileRows int16 pairs (one dword per row, which the
///   kernel broadcasts). Rows past M hold 0.
/// * Packed B: ceil(N / tileCols) panels of tileCols columns; element
///     data[((panel * kPairs + t) * tileCols + c) * 2 + h] =
///     B[k][panel*tileCols+c]
///   i.e. per k-pair, tileCols int16 pairs, the [K/2][N][2] layout
///   vpdpwssd/vpmaddwd multiply against. Columns past N hold 0.
/// Panels start 64-byte aligned when the buffer is (AlignedVector).
struct GemmLayout {
  int64_t m = 0, n = 0, k = 0;
  int64_t chain = 0;
  /// Exponent groups change along K every blockA (blockB) indices, 0: never.
  int64_t blockA = 0, blockB = 0;
  Isa isa = Isa::Scalar;
  bool avxVnni = false;
  int32_t tileRows = 0, tileCols = 0;
  std::vector<ChainSegment> segments;
  int64_t kPairs = 0;

  int64_t rowPanels() const { return (m + tileRows - 1) / tileRows; }
  int64_t columnPanels() const { return (n + tileCols - 1) / tileCols; }
  size_t packedASize() const {
    return size_t(rowPanels()) * kPairs * tileRows * 2;
  }
  size_t packedBSize() const {
    return size_t(columnPanels()) * kPairs * tileCols * 2;
  }
  /// Index of the chain holding reduction index k.
  size_t segmentOf(int64_t k) const;
  /// Positions of A[i][k] and B[k][j] in the packed buffers.
  size_t packedAIndex(int64_t i, int64_t k) const;
  size_t packedBIndex(int64_t k, int64_t j) const;
};

/// Plans the GEMM of `a` (M x K, formatA) by `b` (K x N, formatB) at the ISA
/// chosen by `options`. Errors: bad shapes or formats, chain <= 0, a bad
/// DFP_MAX_ISA.
Status makeGemmLayout(int64_t m, int64_t n, int64_t k, const DfpFormat &formatA,
                      const DfpFormat &formatB, int64_t chain,
                      const GemmOptions &options, GemmLayout &layout);

/// A packed operand: integers in the GemmLayout order plus what the run needs
/// from the original tensor (format, exponents in QuantizedTensor order, and
/// the largest |q|, for the overflow check on the true range).
struct PackedOperand {
  std::vector<int64_t> shape;
  DfpFormat format;
  std::vector<int32_t> exponents;
  int32_t maxAbs = 0;
  AlignedVector<int16_t> data;
};

Status packA(const GemmLayout &layout, const QuantizedTensor &a,
             PackedOperand &packed);
Status packB(const GemmLayout &layout, const QuantizedTensor &b,
             PackedOperand &packed);

/// C (row-major M x N) from operands packed for `layout`. Errors (those of
/// dfp::matmul): a chain that could overflow INT32 for the operands' true
/// ranges (chain * max|A| * max|B| > 2^31 - 1), max ea + max eb > 127; and
/// kernel generation or emulation failures.
/// The kernels scale a chain sum by 2^(ea+eb) computed exactly as
/// ldexpf(1, ea+eb) in the driver, except when both operands' exponents vary
/// over a tile (e.g. per row of A and per column of B): there the kernel
/// multiplies 2^ea * 2^eb, exact only when ea, eb and ea+eb all lie in
/// [-149, 127]; outside that range the GEMM runs on the scalar path over the
/// same packed data (same chains, sums and fmaf), which is bit-identical.
Status gemmPacked(const GemmLayout &layout, const PackedOperand &a,
                  const PackedOperand &b, float *c,
                  const GemmOptions &options = {});

/// Plans, packs and runs: the drop-in for dfp::matmul. Isa::Scalar calls
/// dfp::matmul itself.
Status gemm(const QuantizedTensor &a, const QuantizedTensor &b, int64_t chain,
            float *c, const GemmOptions &options = {});

} // namespace dfp::jit

#endif // DFP_JIT_GEMM_H
