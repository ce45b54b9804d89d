#include "ChainedSum.h"
#include "ConvIndexing.h"

#include "dfp/reference/Contraction.h"

#include <string>

namespace dfp {

namespace {

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return text;
}

enum class ConvRole { Input, Filter, Output };

/// One conv2d operand: x and dx are Input, w Filter, y and dy Output.
struct ConvOperand {
  const QuantizedTensor &tensor;
  const char *name;
  ConvRole role;
};

Status verifyOperand(const std::string &op, const ConvIndexing &indexing,
                     const ConvOperand &operand) {
  const std::string prefix = op + " " + operand.name;
  if (Status status = verifyQuantizedTensor(operand.tensor, prefix);
      !status.ok())
    return status;
  std::vector<int64_t> expected =
      operand.role == ConvRole::Input    ? indexing.inputShape()
      : operand.role == ConvRole::Filter ? indexing.filterShape()
                                         : indexing.outputShape();
  if (operand.tensor.shape != expected)
    return Status::error(
        prefix + ": shape " + shapeToString(operand.tensor.shape) +
        " does not match the geometry, expected " + shapeToString(expected));
  // Activation exponents may not vary along H or W: a padding position would
  // have no group, and backward-filter chains run across positions.
  const ExponentGrouping &g = operand.tensor.format.grouping;
  if (operand.role != ConvRole::Filter &&
      g.kind != ExponentGrouping::Kind::Tensor && g.axis >= 2)
    return Status::error(prefix +
                         ": exponent groups may not vary along H "
                         "or W (grouping on axis " +
                         std::to_string(g.axis) + ")");
  return Status::success();
}

Status verifyConv(const std::string &op, const Conv2dShape &shape,
                  int64_t chain, const ConvOperand &a, const ConvOperand &b) {
  if (Status status = shape.verify(); !status.ok())
    return Status::error(op + ": " + status.message());
  ConvIndexing indexing(shape);
  if (Status status = verifyOperand(op, indexing, a); !status.ok())
    return status;
  if (Status status = verifyOperand(op, indexing, b); !status.ok())
    return status;
  return checkChainFits(op.c_str(), chain, a.tensor, b.tensor);
}

} // namespace

Status conv2dForward(const QuantizedTensor &x, const QuantizedTensor &w,
                     const Conv2dShape &shape, int64_t chain, float *y) {
  if (Status status =
          verifyConv("conv2d", shape, chain, {x, "input", ConvRole::Input},
                     {w, "filter", ConvRole::Filter});
      !status.ok())
    return status;
  const ConvIndexing at(shape);
  const Operand input(x), filter(w);
  for (int64_t n = 0; n < shape.batch; ++n)
    for (int64_t k = 0; k < shape.filters; ++k) {
      const int64_t firstChannel = k / at.filtersPerGroup * at.channelsPerGroup;
      for (int64_t oh = 0; oh < at.outH; ++oh)
        for (int64_t ow = 0; ow < at.outW; ++ow) {
          ChainedSum sum(chain);
          for (int64_t r = 0; r < shape.kernelH; ++r)
            for (int64_t s = 0; s < shape.kernelW; ++s) {
              const int64_t ih = at.inputRow(oh, r), iw = at.inputCol(ow, s);
              if (!at.insideInput(ih, iw))
                continue; // an all-zero tap: flushing it would change nothing
              sum.cut();
              for (int64_t c = 0; c < at.channelsPerGroup; ++c)
                sum.add(input.at(at.input(n, firstChannel + c, ih, iw)),
                        filter.at(at.filter(k, c, r, s)));
            }
          y[at.output(n, k, oh, ow)] = sum.result();
        }
    }
  return Status::success();
}

Status conv2dBackwardData(const QuantizedTensor &dy, const QuantizedTensor &w,
                          const Conv2dShape &shape, int64_t chain, float *dx) {
  if (Status status = verifyConv("conv2d_backward_data", shape, chain,
                                 {dy, "output gradient", ConvRole::Output},
                                 {w, "filter", ConvRole::Filter});
      !status.ok())
    return status;
  const ConvIndexing at(shape);
  const Operand gradient(dy), filter(w);
  for (int64_t n = 0; n < shape.batch; ++n)
    for (int64_t c = 0; c < shape.channels; ++c) {
      const int64_t firstFilter = c / at.channelsPerGroup * at.filtersPerGroup;
      const int64_t channelInGroup = c % at.channelsPerGroup;
      for (int64_t h = 0; h < shape.height; ++h)
        for (int64_t iw = 0; iw < shape.width; ++iw) {
          ChainedSum sum(chain);
          for (int64_t r = 0; r < shape.kernelH; ++r)
            for (int64_t s = 0; s < shape.kernelW; ++s) {
              int64_t oh, ow;
              if (!at.outputRow(h, r, oh) || !at.outputCol(iw, s, ow))
                continue; // no output position reads x[h, iw] through (r, s)
              sum.cut();
              for (int64_t k = 0; k < at.filtersPerGroup; ++k)
                sum.add(gradient.at(at.output(n, firstFilter + k, oh, ow)),
                        filter.at(
                            at.filter(firstFilter + k, channelInGroup, r, s)));
            }
          dx[at.input(n, c, h, iw)] = sum.result();
        }
    }
  return Status::success();
}

Status conv2dBackwardFilter(const QuantizedTensor &x, const QuantizedTensor &dy,
                            const Conv2dShape &shape, int64_t chain,
                            float *dw) {
  if (Status status = verifyConv("conv2d_backward_filter", shape, chain,
                                 {x, "input", ConvRole::Input},
                                 {dy, "output gradient", ConvRole::Output});
      !status.ok())
    return status;
  const ConvIndexing at(shape);
  const Operand input(x), gradient(dy);
  for (int64_t k = 0; k < shape.filters; ++k) {
    const int64_t firstChannel = k / at.filtersPerGroup * at.channelsPerGroup;
    for (int64_t c = 0; c < at.channelsPerGroup; ++c)
      for (int64_t r = 0; r < shape.kernelH; ++r)
        for (int64_t s = 0; s < shape.kernelW; ++s) {
          ChainedSum sum(chain);
          for (int64_t n = 0; n < shape.batch; ++n) {
            sum.cut();
            const int64_t channelOrigin = at.input(n, firstChannel + c, 0, 0);
            for (int64_t oh = 0; oh < at.outH; ++oh)
              for (int64_t ow = 0; ow < at.outW; ++ow) {
                const int64_t ih = at.inputRow(oh, r), iw = at.inputCol(ow, s);
                // Padding positions are zero products that still count
                // toward the chain length.
                Term a = at.insideInput(ih, iw)
                             ? input.at(at.input(n, firstChannel + c, ih, iw))
                             : input.zeroLike(channelOrigin);
                sum.add(a, gradient.at(at.output(n, k, oh, ow)));
              }
          }
          dw[at.filter(k, c, r, s)] = sum.result();
        }
  }
  return Status::success();
}

} // namespace dfp
