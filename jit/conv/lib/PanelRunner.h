#ifndef DFP_CONV_LIB_PANELRUNNER_H
#define DFP_CONV_LIB_PANELRUNNER_H

#include "dfp/conv/Conv.h"

#include <vector>

namespace dfp::conv {

/// One column panel of an implicit GEMM: every row panel of the packed A
/// against one column panel, over a run of the plan's chains.
struct PanelCall {
  const int16_t *rows = nullptr;  ///< packed A at the first chain's pair
  const int16_t *panel = nullptr; ///< column panel at the first chain's pair
  /// For kernels with B chain offsets: per chain of the plan, bytes from
  /// `panel` to the chain's B (firstSegment on are read).
  const int64_t *bChainOffsets = nullptr;
  const float *rowScales = nullptr; ///< buildRowScales table (chain 0 on)
  size_t firstSegment = 0;
  size_t segmentCount = 0; ///< 0: every chain from firstSegment on
  /// Rows from the call's first (0: plan.rows) and the distance between
  /// row panels of A (0: packed, kPairs * tileRows * 4 bytes).
  int64_t rowCount = 0;
  int64_t aPanelStrideBytes = 0;
  float *c = nullptr;      ///< output at row 0, the panel's column
  int64_t ldc = 0;         ///< floats between output rows
  int64_t columns = 0;     ///< valid columns (<= tileCols)
  bool accumulate = false; ///< add to c instead of overwriting it
};

/// Runs the plan's tile kernels for `call`. On AVX2 (whose kernels store
/// whole vectors) a partial panel goes through `scratch`.
class PanelRunner {
public:
  explicit PanelRunner(const ConvPlan &plan);
  Status run(const PanelCall &call);

private:
  const ConvPlan &plan_;
  std::vector<float> scratch_;
};

} // namespace dfp::conv

#endif // DFP_CONV_LIB_PANELRUNNER_H
