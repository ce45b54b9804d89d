#include "dfp/jit/Gemm.h"

#include "GemmScales.h"
#include "x64/GemmTileGenerator.h"

#include <algorithm>

namespace dfp::jit {
namespace {

using Kind = ExponentGrouping::Kind;

int64_t nextMultiple(int64_t k, int64_t block) {
  return block ? (k / block + 1) * block : INT64_MAX;
}

} // namespace

int64_t exponentBlockAlongK(const DfpFormat &format, int kAxis) {
  const ExponentGrouping &g = format.grouping;
  switch (g.kind) {
  case Kind::Tensor:
    return 0;
  case Kind::Axis:
    return g.axis == kAxis ? 1 : 0; // one exponent per k, or none along K
  case Kind::Block:
    // Blocks along the other axis are distinct for every k.
    return g.axis == kAxis ? g.blockSize : 1;
  }
  return 0;
}

std::vector<ChainSegment> chainSegments(int64_t k, int64_t chain,
                                        int64_t blockA, int64_t blockB) {
  std::vector<ChainSegment> segments;
  int64_t pair = 0;
  for (int64_t begin = 0; begin < k;) {
    int64_t end = std::min({k, begin + chain, nextMultiple(begin, blockA),
                            nextMultiple(begin, blockB)});
    ChainSegment segment{begin, end - begin, pair, (end - begin + 1) / 2};
    pair += segment.pairs;
    segments.push_back(segment);
    begin = end;
  }
  return segments;
}

size_t GemmLayout::segmentOf(int64_t kIndex) const {
  auto it = std::upper_bound(
      segments.begin(), segments.end(), kIndex,
      [](int64_t value, const ChainSegment &s) { return value < s.kBegin; });
  return size_t(it - segments.begin()) - 1;
}

size_t GemmLayout::packedAIndex(int64_t i, int64_t kIndex) const {
  const ChainSegment &s = segments[segmentOf(kIndex)];
  int64_t offset = kIndex - s.kBegin;
  int64_t pairIndex = s.pairBegin + offset / 2;
  int64_t panel = i / tileRows, row = i % tileRows;
  return size_t(((panel * kPairs + pairIndex) * tileRows + row) * 2 +
                offset % 2);
}

size_t GemmLayout::packedBIndex(int64_t kIndex, int64_t j) const {
  const ChainSegment &s = segments[segmentOf(kIndex)];
  int64_t offset = kIndex - s.kBegin;
  int64_t pairIndex = s.pairBegin + offset / 2;
  int64_t panel = j / tileCols, column = j % tileCols;
  return size_t(((panel * kPairs + pairIndex) * tileCols + column) * 2 +
                offset % 2);
}

Status makeGemmLayout(int64_t m, int64_t n, int64_t k, const DfpFormat &formatA,
                      const DfpFormat &formatB, int64_t chain,
                      const GemmOptions &options, GemmLayout &layout) {
  if (m < 1 || n < 1 || k < 1)
    return Status::error("gemm: empty shape " + std::to_string(m) + "x" +
                         std::to_string(n) + "x" + std::to_string(k));
  if (chain <= 0)
    return Status::error("gemm: chain must be positive, got " +
                         std::to_string(chain));
  Status status = formatA.verify({m, k});
  if (!status)
    return Status::error("gemm: operand A: " + status.message());
  if (!(status = formatB.verify({k, n})))
    return Status::error("gemm: operand B: " + status.message());
  GemmLayout result;
  result.blockA = exponentBlockAlongK(formatA, 1);
  result.blockB = exponentBlockAlongK(formatB, 0);
  if (options.isa) {
    result.isa = *options.isa;
  } else if (!(status = effectiveMaxIsa(result.isa))) {
    return status;
  }
  result.avxVnni = result.isa == Isa::Avx2 &&
                   options.avxVnni.value_or(hostFeatures().avxVnni);
  result.m = m;
  result.n = n;
  result.k = k;
  result.chain = chain;
  x64::GemmTileShape shape = x64::gemmTileShape(result.isa);
  int lanes = result.isa == Isa::Scalar ? 8 : vectorBytes(result.isa) / 4;
  result.tileRows = shape.rows;
  result.tileCols = shape.columnVectors * lanes;
  result.segments = chainSegments(k, chain, result.blockA, result.blockB);
  const ChainSegment &last = result.segments.back();
  result.kPairs = last.pairBegin + last.pairs;
  layout = std::move(result);
  return Status::success();
}

} // namespace dfp::jit
