#include "ConvScales.h"

#include "ConvIndexing.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace dfp::conv {
namespace {

int32_t exponentAt(const QuantizedTensor &t, int64_t linearIndex) {
  return t.exponents[size_t(t.groupOf(linearIndex))];
}

/// ldexpf(1, e) for any int64 e (saturating to 0 or inf like the
/// reference), built from the bits: exact, and without a libm call per row.
float powerOfTwo(int64_t e) {
  uint32_t bits = 0;
  if (e > 127)
    bits = 0x7f800000u;
  else if (e >= -126)
    bits = uint32_t(e + 127) << 23;
  else if (e >= -149)
    bits = 1u << (e + 149);
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

/// Whether the exponent group of an activation element depends on its image
/// (per-image exponents, and blocks, whose groups count the leading axes).
bool variesWithImage(const DfpFormat &format) {
  const ExponentGrouping &g = format.grouping;
  return g.kind == ExponentGrouping::Kind::Block ||
         (g.kind == ExponentGrouping::Kind::Axis && g.axis == 0);
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

RowScaleTables::RowScaleTables(const ConvPlan &plan,
                               const QuantizedTensor &first,
                               const QuantizedTensor &second)
    : size_(rowScalesSize(plan)), groups_(plan.shape.groups) {
  perImage_ = variesWithImage(first.format) ||
              (plan.direction == ConvDirection::BackwardFilter &&
               variesWithImage(second.format));
  const int64_t images = perImage_ ? plan.shape.batch : 1;
  tables_.resize(size_ * size_t(images * groups_));
  for (int64_t n = 0; n < images; ++n)
    for (int64_t g = 0; g < groups_; ++g)
      buildRowScales(plan, first, second, n, g, tables_.data() + offset(n, g));
}

} // namespace dfp::conv
