#include "dfp/jit/Gemm.h"

#include "GemmScales.h"
#include "ThreadPool.h"
#include "dfp/reference/Contraction.h"
#include "x64/GemmTileGenerator.h"

#include <algorithm>
#include <climits>
#include <cstring>

namespace dfp::jit {
namespace {

// Default cache blocking. K blocks are long: measured on Zen 5, fewer and
// longer kernel calls (B micro-panel streaming from L2) beat L1-sized blocks
// by ~15 %. An M block of A (32 panels x K block) stays in L2.
constexpr int64_t kDefaultKBlock = 2048;
constexpr int64_t kDefaultMBlockPanels = 32;
constexpr int64_t kDefaultNBlockPanels = 64;

/// A run of whole chains processed together (one K cache block).
struct KBlock {
  size_t firstSegment = 0, numSegments = 0;
  int64_t pairBegin = 0;
};

std::vector<KBlock> makeKBlocks(const GemmLayout &layout, int64_t kBlock) {
  const int64_t pairsPerBlock = std::max<int64_t>(1, kBlock / 2);
  std::vector<KBlock> blocks;
  for (size_t s = 0; s < layout.segments.size(); ++s) {
    if (blocks.empty() ||
        layout.segments[s].pairBegin - blocks.back().pairBegin >= pairsPerBlock)
      blocks.push_back({s, 0, layout.segments[s].pairBegin});
    ++blocks.back().numSegments;
  }
  return blocks;
}

struct Range {
  int64_t begin = 0, end = 0;
};

Range split(int64_t count, int parts, int part) {
  return {count * part / parts, count * (part + 1) / parts};
}

class GemmDriver {
public:
  GemmDriver(const GemmLayout &layout, const PackedOperand &a,
             const PackedOperand &b, const GemmScales &scales, float *c,
             const GemmOptions &options)
      : layout_(layout), a_(a), b_(b), scales_(scales), c_(c),
        options_(options) {
    for (const ChainSegment &s : layout.segments)
      segmentPairs_.push_back(int32_t(s.pairs));
    kBlocks_ =
        makeKBlocks(layout, options.kBlock ? options.kBlock : kDefaultKBlock);
    mBlockPanels_ = options.mBlock
                        ? std::max<int64_t>(1, options.mBlock / layout.tileRows)
                        : kDefaultMBlockPanels;
    nBlockPanels_ = options.nBlock
                        ? std::max<int64_t>(1, options.nBlock / layout.tileCols)
                        : kDefaultNBlockPanels;
  }

  Status prepareKernels() {
    CodeCache &cache = options_.cache ? *options_.cache : CodeCache::global();
    Status status = kernelFor(cache, layout_.tileRows, fullKernel_);
    int tailRows = int(layout_.m % layout_.tileRows);
    if (status && tailRows)
      status = kernelFor(cache, tailRows, tailKernel_);
    return status;
  }

  Status run() {
    int threads = std::max(1, options_.threads);
    const int64_t rowPanels = layout_.rowPanels();
    const int64_t colPanels = layout_.columnPanels();
    const bool splitRows = rowPanels >= threads || rowPanels >= colPanels;
    threads =
        int(std::min<int64_t>(threads, splitRows ? rowPanels : colPanels));
    return ThreadPool::global().parallelFor(threads, [&](int t) {
      Range rows =
          splitRows ? split(rowPanels, threads, t) : Range{0, rowPanels};
      Range cols =
          splitRows ? Range{0, colPanels} : split(colPanels, threads, t);
      return runPanels(rows, cols);
    });
  }

private:
  Status kernelFor(CodeCache &cache, int mr,
                   std::shared_ptr<const JitKernel> &kernel) {
    KernelDescriptor d;
    d.op = KernelOp::GemmTile;
    d.isa = layout_.isa;
    d.avxVnni = layout_.avxVnni;
    d.mr = mr;
    d.tileRows = layout_.tileRows;
    d.tileCols = layout_.tileCols;
    d.scaleMode = scales_.mode;
    return cache.getOrCreate(d, x64::buildKernel<x64::GemmTileGenerator>,
                             kernel);
  }

  /// Cache blocking: N blocks outermost, then K blocks in increasing order
  /// (so every C element sees its chains in order), then M blocks; a kernel
  /// call computes the tiles of one B panel for the row panels of an M block.
  Status runPanels(Range rows, Range cols) {
    std::vector<float> scratch(size_t(mBlockPanels_) * layout_.tileRows *
                               layout_.tileCols);
    for (int64_t jc = cols.begin; jc < cols.end; jc += nBlockPanels_) {
      int64_t jcEnd = std::min(cols.end, jc + nBlockPanels_);
      for (const KBlock &block : kBlocks_) {
        for (int64_t ic = rows.begin; ic < rows.end; ic += mBlockPanels_) {
          Range panels{ic, std::min(rows.end, ic + mBlockPanels_)};
          for (int64_t jp = jc; jp < jcEnd; ++jp) {
            Status status = runTiles(panels, jp, block, scratch.data());
            if (!status)
              return status;
          }
        }
      }
    }
    return Status::success();
  }

  /// The kernel arguments for the tiles of `rowPanels` x `colPanel` over the
  /// chains of `block`, writing C in place.
  x64::GemmTileArgs tileArgs(Range rowPanels, int64_t colPanel,
                             const KBlock &block) const {
    const int64_t tileRows = layout_.tileRows, tileCols = layout_.tileCols;
    const int64_t row0 = rowPanels.begin * tileRows, col0 = colPanel * tileCols;
    x64::GemmTileArgs args;
    args.a =
        a_.data.data() +
        (rowPanels.begin * layout_.kPairs + block.pairBegin) * tileRows * 2;
    args.b = b_.data.data() +
             (colPanel * layout_.kPairs + block.pairBegin) * tileCols * 2;
    args.c = c_ + row0 * layout_.n + col0;
    args.ldcBytes = layout_.n * int64_t(sizeof(float));
    args.aPanelStrideBytes = layout_.kPairs * tileRows * 2 * sizeof(int16_t);
    args.cPanelStrideBytes = args.ldcBytes * tileRows;
    args.segmentPairs = segmentPairs_.data() + block.firstSegment;
    args.numSegments = int64_t(block.numSegments);
    if (!scales_.row.empty())
      args.rowScale =
          scales_.row.data() + block.firstSegment * scales_.rowStride + row0;
    if (!scales_.col.empty())
      args.colScale =
          scales_.col.data() + block.firstSegment * scales_.colStride + col0;
    args.rowScaleStrideBytes = scales_.rowStride * int64_t(sizeof(float));
    args.colScaleStrideBytes = scales_.colStride * int64_t(sizeof(float));
    args.rowScalePanelStrideBytes = tileRows * int64_t(sizeof(float));
    args.accumulate = block.firstSegment > 0;
    const int64_t cols = std::min(tileCols, layout_.n - col0);
    for (int v = 0; v < 4; ++v) {
      int64_t valid = std::clamp<int64_t>(cols - 16 * v, 0, 16);
      args.columnMasks[v] = uint32_t((1u << valid) - 1);
    }
    return args;
  }

  /// Full row panels with one call of the full-tile kernel, a partial last
  /// panel with the tail kernel. On AVX2 (no masked stores in our kernels)
  /// partial columns go through a full-width scratch block.
  Status runTiles(Range rowPanels, int64_t colPanel, const KBlock &block,
                  float *scratch) {
    const int64_t tileRows = layout_.tileRows, tileCols = layout_.tileCols;
    const int64_t row0 = rowPanels.begin * tileRows;
    const int64_t rows = std::min(layout_.m, rowPanels.end * tileRows) - row0;
    const int64_t cols = std::min(tileCols, layout_.n - colPanel * tileCols);
    x64::GemmTileArgs args = tileArgs(rowPanels, colPanel, block);
    float *cTile = args.c;
    const bool useScratch = layout_.isa == Isa::Avx2 && cols < tileCols;
    if (useScratch) {
      args.c = scratch;
      args.ldcBytes = tileCols * int64_t(sizeof(float));
      args.cPanelStrideBytes = args.ldcBytes * tileRows;
      if (args.accumulate)
        copyTile(cTile, layout_.n, scratch, tileCols, rows, cols);
    }

    Status status = Status::success();
    const int64_t fullPanels = rows / tileRows;
    if (fullPanels > 0) {
      args.rowPanels = fullPanels;
      status = fullKernel_->call(&args, options_.execution);
    }
    if (status && rows % tileRows) {
      args.rowPanels = 1;
      args.a += fullPanels * args.aPanelStrideBytes / int64_t(sizeof(int16_t));
      args.c += fullPanels * args.cPanelStrideBytes / int64_t(sizeof(float));
      if (args.rowScale)
        args.rowScale += fullPanels * tileRows;
      status = tailKernel_->call(&args, options_.execution);
    }
    if (status && useScratch)
      copyTile(scratch, tileCols, cTile, layout_.n, rows, cols);
    return status;
  }

  static void copyTile(const float *from, int64_t fromStride, float *to,
                       int64_t toStride, int64_t rows, int64_t cols) {
    for (int64_t i = 0; i < rows; ++i)
      std::memcpy(to + i * toStride, from + i * fromStride,
                  size_t(cols) * sizeof(float));
  }

  const GemmLayout &layout_;
  const PackedOperand &a_, &b_;
  const GemmScales &scales_;
  float *c_;
  const GemmOptions &options_;
  std::vector<int32_t> segmentPairs_;
  std::vector<KBlock> kBlocks_;
  int64_t mBlockPanels_ = 1, nBlockPanels_ = 1;
  std::shared_ptr<const JitKernel> fullKernel_, tailKernel_;
};

Status checkPacked(const GemmLayout &layout, const PackedOperand &a,
                   const PackedOperand &b) {
  if (a.shape != std::vector<int64_t>{layout.m, layout.k} ||
      a.data.size() != layout.packedASize())
    return Status::error("gemm: packed A does not match the layout");
  if (b.shape != std::vector<int64_t>{layout.k, layout.n} ||
      b.data.size() != layout.packedBSize())
    return Status::error("gemm: packed B does not match the layout");
  // The checks of dfp::matmul, so that both accept the same inputs.
  if (layout.chain * int64_t(a.maxAbs) * int64_t(b.maxAbs) > INT32_MAX)
    return Status::error("gemm: chain " + std::to_string(layout.chain) +
                         " can overflow INT32 for operands with max |A| = " +
                         std::to_string(a.maxAbs) +
                         " and max |B| = " + std::to_string(b.maxAbs));
  auto maxExponent = [](const PackedOperand &p) {
    return p.exponents.empty() ? int64_t(0)
                               : int64_t(*std::max_element(p.exponents.begin(),
                                                           p.exponents.end()));
  };
  if (maxExponent(a) + maxExponent(b) > 127)
    return Status::error("gemm: exponent sum " +
                         std::to_string(maxExponent(a) + maxExponent(b)) +
                         " overflows the FP32 scale");
  return Status::success();
}

} // namespace

Status gemmPacked(const GemmLayout &layout, const PackedOperand &a,
                  const PackedOperand &b, float *c,
                  const GemmOptions &options) {
  Status status = checkPacked(layout, a, b);
  if (!status)
    return status;
  GemmScales scales = buildGemmScales(layout, a, b);
  if (layout.isa == Isa::Scalar || !scales.exact) {
    gemmPackedScalar(layout, a, b, c);
    return Status::success();
  }
  GemmDriver driver(layout, a, b, scales, c, options);
  if (!(status = driver.prepareKernels()))
    return status;
  return driver.run();
}

Status gemm(const QuantizedTensor &a, const QuantizedTensor &b, int64_t chain,
            float *c, const GemmOptions &options) {
  if (a.shape.size() != 2 || b.shape.size() != 2 || a.shape[1] != b.shape[0])
    return Status::error("gemm: operands must be M x K and K x N");
  Isa isa;
  if (options.isa) {
    isa = *options.isa;
  } else if (Status status = effectiveMaxIsa(isa); !status) {
    return status;
  }
  // The reference also handles empty operands (C = 0, or nothing to write).
  if (isa == Isa::Scalar || a.numElements() == 0 || b.numElements() == 0)
    return matmul(a, b, chain, c);
  GemmOptions resolved = options;
  resolved.isa = isa;
  GemmLayout layout;
  Status status = makeGemmLayout(a.shape[0], b.shape[1], a.shape[1], a.format,
                                 b.format, chain, resolved, layout);
  if (!status)
    return status;
  PackedOperand packedA, packedB;
  if (!(status = packA(layout, a, packedA)) ||
      !(status = packB(layout, b, packedB)))
    return status;
  return gemmPacked(layout, packedA, packedB, c, resolved);
}

} // namespace dfp::jit
