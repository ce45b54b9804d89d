#include "OneDnnConv.h"

#include "OneDnnControl.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <optional>
#include <unordered_map>
#include <utility>

namespace dfp::bench {

namespace {
using dnnl::memory;
using Tag = memory::format_tag;

class OneDnnConv : public Contender {
public:
  OneDnnConv(std::shared_ptr<const ConvOperands> operands,
             ConvDirection direction, int threads)
      : operands_(std::move(operands)), shape_(operands_->shape),
        direction_(direction), threads_(threads),
        engine_(dnnl::engine::kind::cpu, 0), stream_(engine_) {}

  Status prepare() override {
    // oneDNN picks its blocking from the thread count at creation time.
    setOneDnnThreads(threads_);
    try {
      create();
    } catch (const dnnl::error &e) {
      return Status::error("oneDNN cannot create " + shape_.name(direction_) +
                           ": " + e.what());
    }
    return Status::success();
  }

  Status run() override {
    setOneDnnThreads(threads_);
    try {
      primitive_->execute(stream_, arguments_);
      stream_.wait();
    } catch (const dnnl::error &e) {
      return Status::error("oneDNN failed on " + shape_.name(direction_) +
                           ": " + e.what());
    }
    return Status::success();
  }

  /// The output reordered to NCHW / KCRS (after the timed runs).
  const std::vector<float> *output() const override {
    try {
      const Tag tag =
          direction_ == ConvDirection::BackwardWeights ? Tag::oihw : Tag::nchw;
      const memory::desc plainDesc(outputDims_, memory::data_type::f32, tag);
      output_.assign(plainDesc.get_size() / sizeof(float), 0.0f);
      memory plain(plainDesc, engine_, output_.data());
      memory result = arguments_.at(outputArgument_);
      dnnl::reorder(result, plain).execute(stream_, result, plain);
      stream_.wait();
    } catch (const dnnl::error &) {
      return nullptr;
    }
    return &output_;
  }

private:
  memory::desc anyLayout(const memory::dims &dims) const {
    return memory::desc(dims, memory::data_type::f32, Tag::any);
  }

  /// A buffer in the layout `desc` chose holding `values` (NCHW or OIHW
  /// `dims`), reordered in.
  memory input(const memory::desc &desc, const memory::dims &dims,
               const std::vector<float> &values, Tag tag) {
    memory buffer(desc, engine_);
    memory plain(memory::desc(dims, memory::data_type::f32, tag), engine_,
                 const_cast<float *>(values.data()));
    dnnl::reorder(plain, buffer).execute(stream_, plain, buffer);
    stream_.wait();
    return buffer;
  }

  memory result(const memory::desc &desc, const memory::dims &dims,
                int argument) {
    outputArgument_ = argument;
    outputDims_ = dims;
    return memory(desc, engine_);
  }

  void create() {
    const ConvShape &s = shape_;
    memory::dims src = {s.batch, s.channels, s.height, s.width};
    memory::dims weights = {s.filters, s.channels, s.kernel, s.kernel};
    memory::dims dst = {s.batch, s.filters, s.outHeight(), s.outWidth()};
    memory::dims strides = {s.stride, s.stride};
    memory::dims padding = {s.padding, s.padding};
    auto algorithm = dnnl::algorithm::convolution_direct;

    dnnl::convolution_forward::primitive_desc forward(
        dnnl::convolution_forward::desc(
            dnnl::prop_kind::forward_training, algorithm, anyLayout(src),
            anyLayout(weights), anyLayout(dst), strides, padding, padding),
        engine_);

    switch (direction_) {
    case ConvDirection::Forward:
      primitive_.emplace(dnnl::convolution_forward(forward));
      arguments_ = {
          {DNNL_ARG_SRC,
           input(forward.src_desc(), src, operands_->x, Tag::nchw)},
          {DNNL_ARG_WEIGHTS,
           input(forward.weights_desc(), weights, operands_->w, Tag::oihw)},
          {DNNL_ARG_DST, result(forward.dst_desc(), dst, DNNL_ARG_DST)}};
      return;
    case ConvDirection::BackwardData: {
      dnnl::convolution_backward_data::primitive_desc backward(
          dnnl::convolution_backward_data::desc(
              algorithm, anyLayout(src), anyLayout(weights), anyLayout(dst),
              strides, padding, padding),
          engine_, forward);
      primitive_.emplace(dnnl::convolution_backward_data(backward));
      arguments_ = {{DNNL_ARG_DIFF_DST, input(backward.diff_dst_desc(), dst,
                                              operands_->dy, Tag::nchw)},
                    {DNNL_ARG_WEIGHTS, input(backward.weights_desc(), weights,
                                             operands_->w, Tag::oihw)},
                    {DNNL_ARG_DIFF_SRC,
                     result(backward.diff_src_desc(), src, DNNL_ARG_DIFF_SRC)}};
      return;
    }
    case ConvDirection::BackwardWeights: {
      dnnl::convolution_backward_weights::primitive_desc backward(
          dnnl::convolution_backward_weights::desc(
              algorithm, anyLayout(src), anyLayout(weights), anyLayout(dst),
              strides, padding, padding),
          engine_, forward);
      primitive_.emplace(dnnl::convolution_backward_weights(backward));
      arguments_ = {
          {DNNL_ARG_SRC,
           input(backward.src_desc(), src, operands_->x, Tag::nchw)},
          {DNNL_ARG_DIFF_DST,
           input(backward.diff_dst_desc(), dst, operands_->dy, Tag::nchw)},
          {DNNL_ARG_DIFF_WEIGHTS, result(backward.diff_weights_desc(), weights,
                                         DNNL_ARG_DIFF_WEIGHTS)}};
      return;
    }
    }
  }

  std::shared_ptr<const ConvOperands> operands_;
  ConvShape shape_;
  ConvDirection direction_;
  int threads_;
  dnnl::engine engine_;
  mutable dnnl::stream stream_;
  std::optional<dnnl::primitive> primitive_;
  std::unordered_map<int, memory> arguments_;
  int outputArgument_ = 0;
  memory::dims outputDims_;
  mutable std::vector<float> output_;
};
} // namespace

std::unique_ptr<Contender>
makeOneDnnConv(std::shared_ptr<const ConvOperands> operands,
               ConvDirection direction, int threads) {
  return std::make_unique<OneDnnConv>(std::move(operands), direction, threads);
}

} // namespace dfp::bench
