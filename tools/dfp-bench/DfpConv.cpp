#include "DfpConv.h"

#include "dfp/conv/Conv.h"
#include "dfp/quantize/Quantize.h"
#include "dfp/reference/ChainLength.h"

#include <utility>

namespace dfp::bench {

namespace {

conv::ConvDirection toConv(ConvDirection direction) {
  switch (direction) {
  case ConvDirection::Forward:
    return conv::ConvDirection::Forward;
  case ConvDirection::BackwardData:
    return conv::ConvDirection::BackwardData;
  case ConvDirection::BackwardWeights:
    return conv::ConvDirection::BackwardFilter;
  }
  return conv::ConvDirection::Forward;
}

/// dfpc DFP16 convolution: plan, quantization and filter packing happen in
/// prepare(); with quantizeIncluded, run() also quantizes its operands
/// (activations into the kernels' views, the filter with its packing) from
/// FP32.
class DfpConv : public Contender {
public:
  DfpConv(std::shared_ptr<const ConvOperands> operands, ConvDirection direction,
          jit::Isa isa, int threads, bool quantizeIncluded)
      : operands_(std::move(operands)), direction_(toConv(direction)),
        quantizeIncluded_(quantizeIncluded) {
    const ConvShape &shape = operands_->shape;
    shape_.batch = shape.batch;
    shape_.channels = shape.channels;
    shape_.filters = shape.filters;
    shape_.height = shape.height;
    shape_.width = shape.width;
    shape_.kernelH = shape_.kernelW = shape.kernel;
    shape_.strides = {shape.stride, shape.stride};
    shape_.padding = {shape.padding, shape.padding, shape.padding,
                      shape.padding};
    options_.isa = isa;
    options_.threads = threads;
    options_.execution = jit::ExecutionMode::Native;
  }

  Status prepare() override {
    const int64_t outH = shape_.outHeight(), outW = shape_.outWidth();
    xShape_ = {shape_.batch, shape_.channels, shape_.height, shape_.width};
    dyShape_ = {shape_.batch, shape_.filters, outH, outW};
    const bool filterGradient =
        direction_ == conv::ConvDirection::BackwardFilter;
    out_.assign(direction_ == conv::ConvDirection::Forward
                    ? operands_->dy.size()
                : filterGradient ? operands_->w.size()
                                 : operands_->x.size(),
                0.0f);
    Status status = conv::makeConvPlan(
        direction_, shape_, {format_, format_},
        chainLength(format_.magBits, format_.magBits), options_, plan_);
    return status ? quantizeOperands() : status;
  }

  const std::vector<float> *output() const override { return &out_; }

  Status run() override {
    if (quantizeIncluded_)
      if (Status status = quantizeOperands(); !status)
        return status;
    switch (direction_) {
    case conv::ConvDirection::Forward:
      return conv::runForward(plan_, x_a_, packedW_, out_.data());
    case conv::ConvDirection::BackwardData:
      return conv::runBackwardData(plan_, dy_a_, packedW_, out_.data());
    case conv::ConvDirection::BackwardFilter:
      return conv::runBackwardFilter(plan_, x_q_, dy_q_, out_.data());
    }
    return Status::success();
  }

private:
  Status quantize(const std::vector<float> &x,
                  const std::vector<int64_t> &shape, Rounding rounding,
                  QuantizedTensor &out) const {
    quant::QuantizeOptions options;
    options.isa = options_.isa;
    options.threads = options_.threads;
    options.mode = jit::ExecutionMode::Native;
    return quant::quantize(x.data(), shape, format_, rounding, StochasticSeed{},
                           out, options);
  }

  /// The operands of the direction, as training quantizes them (gradients
  /// with stochastic rounding): x and w (forward), dy and w (backward data),
  /// x and dy (backward filter). Forward and backward-data quantize their
  /// activation straight into the views the kernels read, and the filter
  /// straight into its packed panels.
  Status quantizeOperands() {
    Status status = Status::success();
    switch (direction_) {
    case conv::ConvDirection::Forward:
      status = conv::quantizeActivation(plan_, operands_->x.data(),
                                        Rounding::NearestEven, StochasticSeed{},
                                        x_a_);
      break;
    case conv::ConvDirection::BackwardData:
      status = conv::quantizeActivation(plan_, operands_->dy.data(),
                                        Rounding::Stochastic, StochasticSeed{},
                                        dy_a_);
      break;
    case conv::ConvDirection::BackwardFilter:
      status = quantize(operands_->x, xShape_, Rounding::NearestEven, x_q_);
      if (status)
        status = quantize(operands_->dy, dyShape_, Rounding::Stochastic, dy_q_);
      break;
    }
    if (status && direction_ != conv::ConvDirection::BackwardFilter) {
      status = conv::quantizeWeights(plan_, operands_->w.data(),
                                     Rounding::NearestEven, StochasticSeed{},
                                     packedW_);
    }
    return status;
  }

  std::shared_ptr<const ConvOperands> operands_;
  conv::ConvDirection direction_;
  bool quantizeIncluded_;
  Conv2dShape shape_;
  DfpFormat format_; // DFP16, M = 13, one exponent per tensor
  conv::ConvOptions options_;
  conv::ConvPlan plan_;
  std::vector<int64_t> xShape_, dyShape_;
  std::vector<float> out_;
  QuantizedTensor x_q_, dy_q_;
  conv::ConvActivation x_a_, dy_a_;
  conv::PackedConvWeights packedW_;
};

} // namespace

ContenderOrReason makeDfpConv(std::shared_ptr<const ConvOperands> operands,
                              ConvDirection direction, jit::Isa isa,
                              int threads, bool quantizeIncluded) {
  ContenderOrReason result;
  result.contender = std::make_unique<DfpConv>(std::move(operands), direction,
                                               isa, threads, quantizeIncluded);
  return result;
}

} // namespace dfp::bench
