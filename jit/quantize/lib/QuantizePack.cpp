#include "dfp/quantize/QuantizePack.h"

#include "FloatEnvironment.h"
#include "ParallelFor.h"
#include "QuantizeJob.h"

#include <algorithm>
#include <cstdlib>

namespace dfp::quant {

namespace {

/// Rows of B converted per task (B rows scatter to every column panel).
constexpr int64_t kRowsPerBTask = 16;

/// How a packed operand's row-major source is cut into tasks and where each
/// source element lands.
struct PackGeometry {
  const char *operand;
  int64_t rows = 0, columns = 0; ///< of the row-major source
  int kAxis = 0;                 ///< axis of the source that is K
  int64_t block = 0;             ///< layout's exponent block along K
  int64_t rowsPerTask = 0;
  size_t packedSize = 0;
};

int64_t blockAlongK(const DfpFormat &format, int kAxis) {
  const ExponentGrouping &grouping = format.grouping;
  return grouping.kind == ExponentGrouping::Kind::Block &&
                 grouping.axis == kAxis
             ? grouping.blockSize
             : 0;
}

int32_t maxAbsOf(const int16_t *values, int64_t count) {
  int32_t maxAbs = 0;
  for (int64_t i = 0; i < count; ++i)
    maxAbs = std::max(maxAbs, std::abs(int32_t(values[i])));
  return maxAbs;
}

/// Writes source rows [row0, row0 + rows) (converted, row-major in `rowsQ`)
/// into the packed A layout: each k-pair of a row is one dword, tileRows
/// dwords apart.
void scatterA(const jit::GemmLayout &layout, const int16_t *rowsQ, int64_t row0,
              int64_t rows, int16_t *packed) {
  const int64_t step = int64_t(layout.tileRows) * 2;
  for (int64_t r = 0; r < rows; ++r) {
    int64_t i = row0 + r;
    const int16_t *row = rowsQ + r * layout.k;
    int16_t *panel = packed + (i / layout.tileRows) * layout.kPairs * step +
                     (i % layout.tileRows) * 2;
    for (const jit::ChainSegment &segment : layout.segments) {
      const int16_t *src = row + segment.kBegin;
      int16_t *dst = panel + segment.pairBegin * step;
      int64_t pairs = segment.length / 2;
      for (int64_t p = 0; p < pairs; ++p) {
        dst[p * step] = src[2 * p];
        dst[p * step + 1] = src[2 * p + 1];
      }
      if (segment.length % 2)
        dst[pairs * step] = src[segment.length - 1]; // high half stays 0
    }
  }
}

/// The same for rows of B (reduction indices k): a row fills one half of
/// its k-pair in every column panel; two rows of the same pair are
/// interleaved together.
void scatterB(const jit::GemmLayout &layout, const int16_t *rowsQ, int64_t row0,
              int64_t rows, int16_t *packed) {
  const int64_t tileCols = layout.tileCols;
  const int64_t panelSize = layout.kPairs * tileCols * 2;
  for (int64_t r = 0; r < rows;) {
    int64_t k = row0 + r;
    const jit::ChainSegment &segment = layout.segments[layout.segmentOf(k)];
    int64_t offset = k - segment.kBegin;
    int16_t *pair =
        packed + (segment.pairBegin + offset / 2) * tileCols * 2 + offset % 2;
    const int16_t *low = rowsQ + r * layout.n;
    bool both = offset % 2 == 0 && offset + 1 < segment.length && r + 1 < rows;
    for (int64_t column0 = 0; column0 < layout.n; column0 += tileCols) {
      int16_t *dst = pair + (column0 / tileCols) * panelSize;
      const int16_t *src = low + column0;
      int64_t width = std::min(tileCols, layout.n - column0);
      if (both) {
        const int16_t *high = src + layout.n;
        for (int64_t c = 0; c < width; ++c) {
          dst[2 * c] = src[c];
          dst[2 * c + 1] = high[c];
        }
      } else {
        for (int64_t c = 0; c < width; ++c)
          dst[2 * c] = src[c];
      }
    }
    r += both ? 2 : 1;
  }
}

using Scatter = void (*)(const jit::GemmLayout &, const int16_t *, int64_t,
                         int64_t, int16_t *);

Status quantizePack(const float *x, const jit::GemmLayout &layout,
                    const PackGeometry &geometry, Scatter scatter,
                    const DfpFormat &format, Rounding rounding,
                    const StochasticSeed &seed, jit::PackedOperand &packed,
                    const QuantizeOptions &options) {
  DefaultFloatEnvironment environment;
  std::vector<int64_t> shape{geometry.rows, geometry.columns};
  if (blockAlongK(format, geometry.kAxis) != geometry.block)
    return Status::error(std::string("gemm: operand ") + geometry.operand +
                         "'s exponent groups along K differ from the layout's");
  // Pass 1 runs over the plan's items; pass 2 clips them to each task's rows.
  QuantizeJob job;
  if (Status status = prepareJob(x, shape, format, nullptr, rounding, seed,
                                 options, chunkElementsFor(options), job);
      !status.ok())
    return status;

  packed.shape = shape;
  packed.format = format;
  packed.exponents = job.exponents;
  packed.data.assign(geometry.packedSize, 0);
  int64_t tasks =
      (geometry.rows + geometry.rowsPerTask - 1) / geometry.rowsPerTask;
  std::vector<int32_t> maxAbs(size_t(job.threads), 0);
  std::vector<std::vector<int16_t>> buffers(size_t(job.threads));
  Status status =
      parallelFor(tasks, job.threads, [&](int64_t task, int worker) {
        int64_t row0 = task * geometry.rowsPerTask;
        int64_t rows = std::min(geometry.rowsPerTask, geometry.rows - row0);
        int64_t begin = row0 * geometry.columns;
        int64_t end = begin + rows * geometry.columns;
        std::vector<int16_t> &buffer = buffers[size_t(worker)];
        buffer.resize(size_t(rows * geometry.columns));
        std::vector<WorkItem> clipped;
        for (const WorkItem &item : job.plan.items)
          clipWorkItem(item, begin, end, clipped);
        for (const WorkItem &item : clipped)
          if (Status s = convertItem(job, item, x, buffer.data(), begin);
              !s.ok())
            return s;
        scatter(layout, buffer.data(), row0, rows, packed.data.data());
        maxAbs[size_t(worker)] =
            std::max(maxAbs[size_t(worker)],
                     maxAbsOf(buffer.data(), int64_t(buffer.size())));
        return Status::success();
      });
  packed.maxAbs = *std::max_element(maxAbs.begin(), maxAbs.end());
  return status;
}

} // namespace

Status quantizePackA(const float *a, const jit::GemmLayout &layout,
                     const DfpFormat &format, Rounding rounding,
                     const StochasticSeed &seed, jit::PackedOperand &packed,
                     const QuantizeOptions &options) {
  PackGeometry geometry{"A",
                        layout.m,
                        layout.k,
                        1,
                        layout.blockA,
                        layout.tileRows,
                        layout.packedASize()};
  return quantizePack(a, layout, geometry, scatterA, format, rounding, seed,
                      packed, options);
}

Status quantizePackB(const float *b, const jit::GemmLayout &layout,
                     const DfpFormat &format, Rounding rounding,
                     const StochasticSeed &seed, jit::PackedOperand &packed,
                     const QuantizeOptions &options) {
  PackGeometry geometry{"B",
                        layout.k,
                        layout.n,
                        0,
                        layout.blockB,
                        kRowsPerBTask,
                        layout.packedBSize()};
  return quantizePack(b, layout, geometry, scatterB, format, rounding, seed,
                      packed, options);
}

} // namespace dfp::quant
