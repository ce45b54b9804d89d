#ifndef DFP_JIT_X64_GEMMTILEGENERATOR_H
#define DFP_JIT_X64_GEMMTILEGENERATOR_H

#include "x64/Generator.h"

#include <cstdint>

namespace dfp::jit::x64 {

/// Arguments of a GemmTile kernel: `rowPanels` consecutive register tiles
/// (mr rows x tileCols columns each, one per packed A panel, all against the
/// same packed B panel) of C over a run of consecutive chains of the packed
/// operands. Per tile, for each chain s (pairs = segmentPairs[s]):
///   acc_int[i][j] = sum over the chain's k-pairs of the int16 products
///   acc[i][j] = fma(float(acc_int[i][j]), scale_s(i, j), acc[i][j])
/// with scale_s from rowScale/colScale (advanced by their strides per chain),
/// starting from 0 (accumulate == 0) or from C (accumulate != 0), and C
/// stored at the end. On AVX-512, C columns are loaded/stored under the
/// 16-bit masks columnMasks[v] of column vector v (bit c: column v*16+c).
struct GemmTileArgs {
  /// Packed A at the first tile's panel and the first chain's pair.
  const int16_t *a = nullptr;
  /// Packed B panel at the first chain's pair.
  const int16_t *b = nullptr;
  /// C at the first tile's first row and column.
  float *c = nullptr;
  int64_t ldcBytes = 0;
  /// Tiles to compute (>= 1) and the strides from one tile to the next.
  int64_t rowPanels = 1;
  int64_t aPanelStrideBytes = 0, cPanelStrideBytes = 0,
          rowScalePanelStrideBytes = 0;
  /// k-pairs of each chain.
  const int32_t *segmentPairs = nullptr;
  int64_t numSegments = 0;
  /// Scales at the first tile's first row / column, and their strides per
  /// chain (0: the same for all chains).
  const float *rowScale = nullptr;
  const float *colScale = nullptr;
  int64_t rowScaleStrideBytes = 0;
  int64_t colScaleStrideBytes = 0;
  int64_t accumulate = 0;
  uint32_t columnMasks[4] = {0xffff, 0xffff, 0xffff, 0xffff};
  /// With kBChainOffsetsExtra: chain s reads B from b + bChainOffsets[s]
  /// bytes (numSegments entries), instead of continuing where chain s - 1
  /// ended. The conv kernels run all filter taps in one call this way: the
  /// FP32 tile stays in registers across taps.
  const int64_t *bChainOffsets = nullptr;
};

/// KernelDescriptor::extra slot holding the byte distance between
/// consecutive k-pairs of B; 0 means packed panels (tileCols * 4). The conv
/// kernels read B in place from a channel-pair-interleaved image this way.
constexpr int kBPairStrideExtra = 0;
/// Likewise for A: bytes between consecutive k-pairs of a row (0: packed,
/// tileRows * 4) and between the rows of a tile (0: packed, 4). The conv
/// backward-filter kernels read A rows in place from per-channel planes.
constexpr int kAPairStrideExtra = 1;
constexpr int kARowStrideExtra = 2;
/// Nonzero: the kernel reads GemmTileArgs::bChainOffsets (GemmScaleMode::Row
/// only, whose column-scale registers it uses).
constexpr int kBChainOffsetsExtra = 3;

/// Tile shapes the generator uses per ISA: rows and column vectors.
struct GemmTileShape {
  int rows = 0, columnVectors = 0;
};
GemmTileShape gemmTileShape(Isa isa);

/// The register-blocked microkernel. Per k-pair: load the tile's column
/// vectors of B, then per row broadcast A's int16 pair (a dword) and
/// multiply-add into the INT32 accumulators (vpdpwssd, or vpmaddwd +
/// vpaddd). Per chain: convert the INT32 sums to FP32 and FMA them with the
/// chain's scales into FP32 accumulators kept in registers.
class GemmTileGenerator : public Generator {
public:
  explicit GemmTileGenerator(const KernelDescriptor &descriptor);

private:
  void emit() override;

  void emitChainLoop();
  void emitPairProducts(int unroll);
  void emitFlush();
  void loadOrZeroAccumulators();
  Xbyak::Address field(size_t offset);
  int64_t bPairStrideBytes() const;
  int64_t aPairStrideBytes() const;
  int64_t aRowStrideBytes() const;
  bool bChainOffsets() const;
  void storeAccumulators();

  int rows_ = 0, columnVectors_ = 0;
  bool useDot_ = false; // vpdpwssd (EVEX zmm or VEX ymm)

  // counter_ counts k-pairs in the chain loop and walks C's rows around it.
  // Row mode has no column scales: with bChainOffsets, their registers hold
  // B's base and the next chain's offset instead (bBase_, bChainOffset_).
  Xbyak::Reg64 args_, a_, b_, c_, ldc_, segments_, numSegments_, counter_,
      rowScale_, colScale_, rowScaleStride_, colScaleStride_, aPanel_,
      rowScalePanel_, panelsLeft_, bBase_, bChainOffset_;
  std::vector<Xbyak::Xmm> intAcc_, floatAcc_, bVec_;
  Xbyak::Xmm aVec_, tmp_;
};

} // namespace dfp::jit::x64

#endif // DFP_JIT_X64_GEMMTILEGENERATOR_H
