#include "OneDnnConv.h"

#include "GemmOperands.h"
#include "OneDnnControl.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <optional>
#include <unordered_map>

namespace dfp::bench {

namespace {
using dnnl::memory;
using Tag = memory::format_tag;

class OneDnnConv : public Contender {
public:
  OneDnnConv(const ConvShape &shape, ConvDirection direction, int threads)
      : shape_(shape), direction_(direction), threads_(threads),
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

private:
  memory::desc anyLayout(const memory::dims &dims) const {
    return memory::desc(dims, memory::data_type::f32, Tag::any);
  }

  /// A buffer in the layout `desc` chose, filled with random values (its
  /// contents only matter for timing).
  memory allocate(const memory::desc &desc, uint32_t seed) {
    memory buffer(desc, engine_);
    fillUniform(static_cast<float *>(buffer.get_data_handle()),
                desc.get_size() / sizeof(float), seed);
    return buffer;
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
      arguments_ = {{DNNL_ARG_SRC, allocate(forward.src_desc(), 1)},
                    {DNNL_ARG_WEIGHTS, allocate(forward.weights_desc(), 2)},
                    {DNNL_ARG_DST, allocate(forward.dst_desc(), 3)}};
      return;
    case ConvDirection::BackwardData: {
      dnnl::convolution_backward_data::primitive_desc backward(
          dnnl::convolution_backward_data::desc(
              algorithm, anyLayout(src), anyLayout(weights), anyLayout(dst),
              strides, padding, padding),
          engine_, forward);
      primitive_.emplace(dnnl::convolution_backward_data(backward));
      arguments_ = {{DNNL_ARG_DIFF_DST, allocate(backward.diff_dst_desc(), 1)},
                    {DNNL_ARG_WEIGHTS, allocate(backward.weights_desc(), 2)},
                    {DNNL_ARG_DIFF_SRC, allocate(backward.diff_src_desc(), 3)}};
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
          {DNNL_ARG_SRC, allocate(backward.src_desc(), 1)},
          {DNNL_ARG_DIFF_DST, allocate(backward.diff_dst_desc(), 2)},
          {DNNL_ARG_DIFF_WEIGHTS, allocate(backward.diff_weights_desc(), 3)}};
      return;
    }
    }
  }

  ConvShape shape_;
  ConvDirection direction_;
  int threads_;
  dnnl::engine engine_;
  dnnl::stream stream_;
  std::optional<dnnl::primitive> primitive_;
  std::unordered_map<int, memory> arguments_;
};
} // namespace

std::unique_ptr<Contender>
makeOneDnnConv(const ConvShape &shape, ConvDirection direction, int threads) {
  return std::make_unique<OneDnnConv>(shape, direction, threads);
}

} // namespace dfp::bench
