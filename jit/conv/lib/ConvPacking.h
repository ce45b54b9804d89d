#ifndef DFP_CONV_LIB_CONVPACKING_H
#define DFP_CONV_LIB_CONVPACKING_H

#include "dfp/conv/Conv.h"

#include <cstdint>

namespace dfp::conv {

/// Elements of one packed A operand (all row panels of one image and group)
/// and of one packed column panel (the GemmLayout orders of dfp::jit).
size_t packedRowsSize(const ConvPlan &plan);
size_t packedPanelSize(const ConvPlan &plan);

/// Forward / backward-data A: the filter of conv group `group`, rows
/// (filters, resp. input channels) by reduction (taps, then channels).
/// `packed` holds packedRowsSize() zeros on entry.
void packFilterRows(const ConvPlan &plan, const QuantizedTensor &w,
                    int64_t group, int16_t *packed);

/// Filters per packFilterRun call: a row panel (forward) or a filter pair
/// (backward-data) when the slots are paired and runs stay inside a group,
/// else 1.
int64_t filterRunLength(const ConvPlan &plan);

/// packFilterRows for `filters` (at most filterRunLength) consecutive
/// filters of one group from `firstFilter` (within the group, a multiple of
/// the run length; `values` their C/groups x R x S elements each) into the
/// group's packed rows.
void packFilterRun(const ConvPlan &plan, const int16_t *values,
                   int64_t firstFilter, int64_t filters, int16_t *packed);

/// Backward-filter A: the output gradient of image n and conv group `group`,
/// rows (filters) by reduction (output positions). `packed` holds zeros.
void packGradientRows(const ConvPlan &plan, const QuantizedTensor &dy,
                      int64_t image, int64_t group, int16_t *packed);

/// Forward / backward-data column panel `panel` (pixels panel * tileCols
/// on) gathered through every tap from `channels`, the activation planes of
/// the image and group (x for forward, dy for backward-data; planes of
/// `planeSize` elements, one per reduced channel). Overwrites all of `out`.
void packTapPanel(const ConvPlan &plan, const int16_t *channels,
                  int64_t planeSize, int64_t panel, int16_t *out);

/// Elements of one in-place view (ConvPlan::inPlace), with the slack that
/// the last panel's dropped columns read past the last pair plane.
size_t viewSize(const ConvPlan &plan);

/// The view of one block of `images` (at most viewImages) images and one
/// conv group from `channels`, the first image's activation planes (x for
/// forward, dy for backward-data) of sourceHeight x sourceWidth, the next
/// image's `imageStride` elements on. Overwrites all of `view`.
void buildView(const ConvPlan &plan, const int16_t *channels,
               int64_t imageStride, int64_t images, int64_t sourceHeight,
               int64_t sourceWidth, int16_t *view);

/// The parts of buildView: pair plane `pair` of image `image` of a block of
/// `images` from the planes of its two channels (`high` null: the odd last
/// channel, zeros), and the zero slack past the last pair plane. Each
/// image writes rows of its own, so the images of a block may be built
/// concurrently.
void buildViewPair(const ConvPlan &plan, const int16_t *low,
                   const int16_t *high, int64_t sourceHeight,
                   int64_t sourceWidth, int64_t pair, int64_t image,
                   int64_t images, int16_t *view);
void clearViewSlack(const ConvPlan &plan, int16_t *view);

/// Backward-filter column panel `panel` (columns (c, r, s) from
/// panel * tileCols on): input `channels` of the image and group gathered
/// over the output positions. Overwrites all of `out`.
void packPositionPanel(const ConvPlan &plan, const int16_t *channels,
                       int64_t panel, int16_t *out);

} // namespace dfp::conv

#endif // DFP_CONV_LIB_CONVPACKING_H
