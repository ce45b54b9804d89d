#include "ConvScales.h"

#include "ConvIndexing.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace dfp::conv {
namespace {

int32_t exponentAt(const QuantizedTensor &t, int64_t linearIndex) {
  return t.exponents[size_t(t.groupOf(linearIndex))];
}

/// ldexpf(1, e) for any int64 e (saturating to 0 or inf like the reference).
float powerOfTwo(int64_t e) {
  return std::ldexp(1.0f, int(std::clamp<int64_t>(e, -1000, 1000)));
}

} // namespace

size_t rowScalesSize(const ConvPlan &plan) {
  return plan.segments.size() * size_t(plan.paddedRows());
}

void buildRowScales(const ConvPlan &plan, const QuantizedTensor &first,
                    const QuantizedTensor &second, int64_t image, int64_t group,
                    float *table) {
  const ConvIndexing at(plan.shape);
  const int64_t firstChannel = group * at.channelsPerGroup;
  const int64_t firstFilter = group * at.filtersPerGroup;
  const int64_t paddedRows = plan.paddedRows();
  std::fill(table, table + rowScalesSize(plan), 0.0f);
  for (size_t chain = 0; chain < plan.segments.size(); ++chain) {
    // A chain lies in one exponent group of each operand: its first
    // reduction index stands for all of it.
    const int64_t begin = plan.segments[chain].kBegin;
    const int64_t tap = begin / plan.reductionPerTap;
    const int64_t i = begin % plan.reductionPerTap;
    const int64_t r = tap / plan.shape.kernelW, s = tap % plan.shape.kernelW;
    float *scales = table + chain * size_t(paddedRows);
    for (int64_t row = 0; row < plan.rows; ++row) {
      int64_t sum = 0;
      switch (plan.direction) {
      case ConvDirection::Forward:
        sum = exponentAt(first, at.input(image, firstChannel + i, 0, 0)) +
              exponentAt(second, at.filter(firstFilter + row, i, r, s));
        break;
      case ConvDirection::BackwardData:
        sum = exponentAt(first, at.output(image, firstFilter + i, 0, 0)) +
              exponentAt(second, at.filter(firstFilter + i, row, r, s));
        break;
      case ConvDirection::BackwardFilter:
        sum = exponentAt(first, at.input(image, firstChannel, 0, 0)) +
              exponentAt(second, at.output(image, firstFilter + row, 0, 0));
        break;
      }
      scales[row] = powerOfTwo(sum);
    }
  }
}

/// Row-scale tables of every image and group, in (image, group) order.
std::vector<float> allRowScales(const ConvPlan &plan,
                                const QuantizedTensor &first,
                                const QuantizedTensor &second) {
  const int64_t images = plan.shape.batch, groups = plan.shape.groups;
  const size_t size = rowScalesSize(plan);
  std::vector<float> tables(size * size_t(images * groups));
  for (int64_t n = 0; n < images; ++n)
    for (int64_t g = 0; g < groups; ++g)
      buildRowScales(plan, first, second, n, g,
                     tables.data() + size * size_t(n * groups + g));
  return tables;
}

} // namespace dfp::conv
