#ifndef DFP_CONV_CONV_H
#define DFP_CONV_CONV_H

#include "dfp/jit/AlignedAllocator.h"
#include "dfp/jit/CodeCache.h"
#include "dfp/jit/Gemm.h"
#include "dfp/jit/Isa.h"
#include "dfp/jit/JitKernel.h"
#include "dfp/reference/Contraction.h"
#include "dfp/reference/Quantize.h"
#include "dfp/reference/Status.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dfp::conv {

/// DFP16 conv2d (NCHW activations, KCRS filters, float results) bit-identical
/// to dfp::conv2dForward / conv2dBackwardData / conv2dBackwardFilter, as an
/// implicit GEMM on the GEMM tile kernels (dfp::jit, GemmScaleMode::Row) per
/// image and group. Never a whole im2col buffer:
///
/// * Stride 1 (the fast paths): the tile kernels read the activation in
///   place from a zero-padded "view" built once per image (ConvPlan::inPlace).
///   Forward / backward-data: rows = filters / input channels (packed once
///   per filter), columns = view pixels, one kernel call per tap (r, s)
///   accumulating that tap's chains over channel pairs interleaved in the
///   view. Backward-filter: rows = input channels of a tap read from their
///   padded planes, columns = filters (the output gradient transposed once
///   per image), reduction = view positions, images accumulated in order.
/// * Other strides (and chain cuts that split channel pairs): forward /
///   backward-data gather one column panel (tileCols pixels through every
///   tap, a few KB) at a time; backward-filter packs the output gradient as
///   rows and gathers tileCols (c, r, s) columns per image.
///
/// Taps that read padding or a stride gap become zero chains, which leave
/// the FP32 sums unchanged (DESIGN §2, Contraction.h). Threads split images,
/// groups, channel panels and column panels, never the reduction, so results
/// do not depend on the thread count.
///
/// Exponent groupings run on the JIT when the scale of a chain depends only
/// on the output row and the chain (per-tensor, per-image, per-channel,
/// per-filter, blocks whose boundaries fall alike in every group). Others
/// (backward-filter with input exponents varying along C, activation blocks
/// that vary along H and W, channel blocks straddling groups) and
/// Isa::Scalar run the reference itself (ConvPlan::referenceReason says why).
///
/// Typical use (plan once, run many):
///
///   ConvPlan plan;
///   makeConvPlan(ConvDirection::Forward, shape, {x.format, w.format}, chain,
///                options, plan);
///   PackedConvWeights packed;
///   packWeights(plan, w, packed);       // again when w changes
///   runForward(plan, x, packed, y);     // per minibatch

enum class ConvDirection : uint8_t { Forward, BackwardData, BackwardFilter };

const char *toString(ConvDirection direction);

struct ConvOptions {
  /// ISA level; unset means jit::effectiveMaxIsa(). A level above the host's
  /// runs through the emulator.
  std::optional<jit::Isa> isa;
  /// Avx2 level: VEX vpdpwssd (AVX-VNNI); unset means "if the host has it".
  std::optional<bool> avxVnni;
  int threads = 1;
  jit::ExecutionMode execution = jit::ExecutionMode::Auto;
  /// Kernel cache; null means jit::CodeCache::global().
  jit::CodeCache *cache = nullptr;
};

/// The operand formats of a direction, in argument order: forward (x, w),
/// backward-data (dy, w), backward-filter (x, dy).
struct ConvFormats {
  DfpFormat first, second;
};

/// Everything that does not depend on the data: geometry, chain cuts, the
/// packed layout and the kernels. Build with makeConvPlan, reuse for any
/// number of runs on tensors of the planned shapes and groupings.
struct ConvPlan {
  ConvDirection direction = ConvDirection::Forward;
  Conv2dShape shape;
  ConvFormats formats;
  int64_t chain = 0;
  ConvOptions options; ///< with isa and avxVnni resolved
  /// Why the reference runs instead of the JIT (empty: the JIT runs).
  std::string referenceReason;

  /// The implicit GEMM of one image and group: rows x columns outputs
  /// (forward: filters x output pixels; backward-data: input channels x
  /// input pixels; backward-filter: filters x (c, r, s), or in place input
  /// channels x filters per tap).
  int64_t rows = 0, columns = 0;
  int32_t tileRows = 0, tileCols = 0;
  /// R*S, except 1 for a packed backward-filter (whose reduction is the
  /// positions of an image).
  int64_t taps = 0;
  int64_t reductionPerTap = 0; ///< channels per tap, or positions per image
  /// Chains of the whole reduction (all taps, or one image) in order.
  std::vector<jit::ChainSegment> segments;
  std::vector<int32_t> segmentPairs;
  int64_t kPairs = 0;
  /// Packed position (pair * 2 + half) of reduction index
  /// tap * reductionPerTap + i.
  std::vector<int64_t> slots;
  /// True when slots[tap * reductionPerTap + i] is tap * tapPairs * 2 + i
  /// (chains of even length, except a tap's last): consecutive reduction
  /// indices share pairs, which the packing fast paths rely on.
  bool pairedSlots = false;
  std::shared_ptr<const jit::JitKernel> fullKernel, tailKernel;

  /// Forward and backward-data with stride 1 (and paired slots) read the
  /// activation in place from a "view": per conv group and image, the
  /// channel pairs interleaved, zero-padded to viewHeight x viewWidth so
  /// that tap (r, s) of view column q = y * viewWidth + x (output pixel
  /// (y, x) when x < the output width) is element q + tapShift[tap] of
  /// every pair plane (viewPlane dwords apart). One kernel call per tap
  /// then accumulates that tap's chains; columns with x past the output
  /// width are computed and dropped. The kernels then take B pairs
  /// viewPlane dwords apart. Backward-filter with stride 1 reads A in place
  /// instead (see planFilterView in ConvPlan.cpp): rows are the input
  /// channels of one tap, columns the filters, and the reduction runs over
  /// view positions; there viewPlane counts int16 elements of one channel
  /// plane rather than dwords. The view fields are meaningful when inPlace.
  bool inPlace = false;
  int64_t viewHeight = 0, viewWidth = 0, viewPlane = 0;
  /// View (i, j) of source phase (a, b) holds source element
  /// ((i + viewOriginRow) * viewPhasesH + a, (j + viewOriginCol) *
  /// viewPhasesW + b): forward splits a strided input into stride phases,
  /// one viewHeight x viewWidth plane each, so that every tap reads
  /// consecutive elements.
  int64_t viewOriginRow = 0, viewOriginCol = 0;
  int64_t viewPhasesH = 1, viewPhasesW = 1;
  int64_t viewColumns = 0; ///< output rows * viewWidth
  /// Unit strides may use a *shifted* view instead (when it drops fewer
  /// columns, e.g. 7x7 and 14x14 images): each pair plane holds one column
  /// plane per kernel column s (viewColumnPlanes of viewColumnPlane dwords),
  /// the source shifted by viewColumnOffsets[s], so that viewWidth is the
  /// output width and no column is dropped; and viewImages images (tensor-
  /// wide exponents) interleave row by row: view row i * viewImages + b
  /// holds source row i + viewOriginRow of image b, and output row y of
  /// image b is view row y * viewImages + b. viewRowOffsets[r] (source row
  /// - output row of kernel row r) lets a panel skip the taps that read
  /// only padding. Plain views have one column plane and one image.
  int64_t viewColumnPlanes = 1, viewColumnPlane = 0;
  std::vector<int64_t> viewColumnOffsets, viewRowOffsets;
  int64_t viewImages = 1;
  std::vector<int64_t> tapShift;
  /// Forward / backward-data: output pixel (y * outputStrideH + row,
  /// x * outputStrideW + col) of phase (row, col) is view column
  /// q = y * viewWidth + x; `taps` (in order) reach it, reading from view
  /// element q + shifts[i]. Backward-data with stride s has s*s phases
  /// (stride gaps drop taps); forward has one.
  struct Phase {
    int64_t row = 0, col = 0;
    std::vector<int64_t> taps, shifts;
    /// Per chain of the plan (segments), where its B starts in bytes from
    /// the view panel's column 0 (for the kernels' bChainOffsets): the
    /// tap's shift plus the chain's first pair plane. Meaningless for taps
    /// not in `taps`.
    std::vector<int64_t> chainOffsets;
    /// `taps` is every tap in order: one kernel call runs them all.
    bool allTaps = false;
  };
  std::vector<Phase> phases;
  int64_t outputStrideH = 1, outputStrideW = 1;

  bool usesReference() const { return !referenceReason.empty(); }
  int64_t rowPanels() const { return (rows + tileRows - 1) / tileRows; }
  int64_t columnPanels() const {
    const bool viewColumnsArePanels =
        inPlace && direction != ConvDirection::BackwardFilter;
    return ((viewColumnsArePanels ? viewColumns : columns) + tileCols - 1) /
           tileCols;
  }
  int64_t paddedRows() const { return rowPanels() * tileRows; }
  /// Views per conv group of a minibatch (viewImages images each).
  int64_t viewBlocks() const {
    return (shape.batch + viewImages - 1) / viewImages;
  }
};

/// Plans a convolution. Errors: bad geometry, chain <= 0, formats the
/// geometry rejects (exponents varying along H or W), a bad DFP_MAX_ISA,
/// kernel generation failures.
Status makeConvPlan(ConvDirection direction, const Conv2dShape &shape,
                    const ConvFormats &formats, int64_t chain,
                    const ConvOptions &options, ConvPlan &plan);

/// The filter of a forward or backward-data plan in GEMM A panels, one
/// buffer per group, with the exponents and true range the run needs.
struct PackedConvWeights {
  QuantizedTensor metadata; ///< shape, format, exponents (values empty)
  int32_t maxAbs = 0;
  std::vector<jit::AlignedVector<int16_t>> groups;
  /// The whole tensor, kept only when the plan runs the reference.
  std::optional<QuantizedTensor> original;
};

Status packWeights(const ConvPlan &plan, const QuantizedTensor &w,
                   PackedConvWeights &packed);

/// The runs check the tensors against the plan (shapes, groupings) and the
/// chain against their true ranges, with the errors of the reference.
Status runForward(const ConvPlan &plan, const QuantizedTensor &x,
                  const PackedConvWeights &w, float *y);
Status runBackwardData(const ConvPlan &plan, const QuantizedTensor &dy,
                       const PackedConvWeights &w, float *dx);
Status runBackwardFilter(const ConvPlan &plan, const QuantizedTensor &x,
                         const QuantizedTensor &dy, float *dw);
/// The same with max |q| of x and dy given instead of scanned (a bound such
/// as 2^M - 1 for a fresh quantization is enough: the chain check uses it).
Status runBackwardFilter(const ConvPlan &plan, const QuantizedTensor &x,
                         int32_t xMaxAbs, const QuantizedTensor &dy,
                         int32_t dyMaxAbs, float *dw);

/// An activation (forward: x, backward-data: dy) quantized from FP32 by
/// quantizeActivation straight into the layout its plan reads. For in-place
/// plans with an even channel count per group that is the views (one read
/// of the FP32 data for the exponents, one for convert + interleave; the
/// NCHW int16 tensor is never written); otherwise `tensor` holds the
/// quantized values and the runs take the ordinary path. Reuse one object
/// across runs to keep its buffers.
struct ConvActivation {
  /// Shape, format and exponents; the values only when `views` is empty.
  QuantizedTensor tensor;
  /// Max |q| of the quantized values (quantizeActivation: the true range;
  /// a caller may give a bound, e.g. 2^M - 1): the chain check uses it.
  int32_t maxAbs = 0;
  /// Per block of viewImages images and conv group, in that order, one
  /// view of the plan.
  jit::AlignedVector<int16_t> views;
};

/// dfp::quantize of the plan's first operand (shape and format from the
/// plan) into `out`, with the plan's ISA, execution mode and threads:
/// bit-identical to quant::quantize followed by the tensor run. Errors:
/// those of quantize (non-finite input), a backward-filter plan.
Status quantizeActivation(const ConvPlan &plan, const float *activation,
                          Rounding rounding, const StochasticSeed &seed,
                          ConvActivation &out);

/// quant::quantize of the FP32 filter (KCRS, the plan's filter format)
/// followed by packWeights, in one: each filter is converted into a small
/// buffer and scattered into the panels, never stored as an int16 tensor.
/// Bit-identical to quantize + packWeights. Errors: those of quantize, a
/// backward-filter plan.
Status quantizeWeights(const ConvPlan &plan, const float *w, Rounding rounding,
                       const StochasticSeed &seed, PackedConvWeights &packed);

Status runForward(const ConvPlan &plan, const ConvActivation &x,
                  const PackedConvWeights &w, float *y);
Status runBackwardData(const ConvPlan &plan, const ConvActivation &dy,
                       const PackedConvWeights &w, float *dx);

/// Plan + pack + run: drop-ins for the reference functions.
Status conv2dForward(const QuantizedTensor &x, const QuantizedTensor &w,
                     const Conv2dShape &shape, int64_t chain, float *y,
                     const ConvOptions &options = {});
Status conv2dBackwardData(const QuantizedTensor &dy, const QuantizedTensor &w,
                          const Conv2dShape &shape, int64_t chain, float *dx,
                          const ConvOptions &options = {});
Status conv2dBackwardFilter(const QuantizedTensor &x, const QuantizedTensor &dy,
                            const Conv2dShape &shape, int64_t chain, float *dw,
                            const ConvOptions &options = {});

} // namespace dfp::conv

#endif // DFP_CONV_CONV_H
