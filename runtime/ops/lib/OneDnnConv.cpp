#include "dfp/ops/Fp32Contraction.h"

#include "OneDnnThreads.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace dfp::ops {

namespace {

using dnnl::memory;
using Tag = memory::format_tag;

const char *opName(Conv2dDirection direction) {
  switch (direction) {
  case Conv2dDirection::Forward:
    return "conv2d";
  case Conv2dDirection::BackwardData:
    return "conv2d_backward_data";
  case Conv2dDirection::BackwardFilter:
    return "conv2d_backward_filter";
  }
  return "conv2d";
}

/// oneDNN's view of a Conv2dShape.
struct OneDnnGeometry {
  memory::dims src, weights, dst, strides, dilates, padLeft, padRight;
  Tag weightsTag;

  explicit OneDnnGeometry(const Conv2dShape &s) {
    src = {s.batch, s.channels, s.height, s.width};
    dst = {s.batch, s.filters, s.outHeight(), s.outWidth()};
    if (s.groups == 1) {
      weights = {s.filters, s.channels, s.kernelH, s.kernelW};
      weightsTag = Tag::oihw;
    } else {
      // [K, C / G, R, S] is goihw with o = K / G.
      weights = {s.groups, s.filters / s.groups, s.channels / s.groups,
                 s.kernelH, s.kernelW};
      weightsTag = Tag::goihw;
    }
    strides = {s.strides[0], s.strides[1]};
    // oneDNN counts dilation from 0 (no gap).
    dilates = {s.dilations[0] - 1, s.dilations[1] - 1};
    padLeft = {s.padding[0], s.padding[1]};
    padRight = {s.padding[2], s.padding[3]};
  }

  static memory::desc any(const memory::dims &dims) {
    return memory::desc(dims, memory::data_type::f32, Tag::any);
  }
  memory::desc plainSrc() const {
    return memory::desc(src, memory::data_type::f32, Tag::nchw);
  }
  memory::desc plainDst() const {
    return memory::desc(dst, memory::data_type::f32, Tag::nchw);
  }
  memory::desc plainWeights() const {
    return memory::desc(weights, memory::data_type::f32, weightsTag);
  }
};

/// One operand of the primitive: the caller's plain buffer (its handle set
/// per run) and, when oneDNN prefers another layout, its own buffer and the
/// reorder between them.
struct Operand {
  int argument = 0;
  memory user, internal;
  std::optional<dnnl::reorder> reorder;

  Operand() = default;
  Operand(int argument, const memory::desc &plain,
          const memory::desc &preferred, const dnnl::engine &engine,
          bool isInput)
      : argument(argument), user(plain, engine, DNNL_MEMORY_NONE) {
    if (plain == preferred) {
      internal = user;
      return;
    }
    internal = memory(preferred, engine);
    reorder =
        isInput ? dnnl::reorder(user, internal) : dnnl::reorder(internal, user);
  }
};

} // namespace

struct Conv2dPrimitive::Impl {
  Conv2dDirection direction;
  Conv2dShape shape;
  int threads;
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  std::optional<dnnl::primitive> primitive;
  Operand first, second, result;

  Impl(Conv2dDirection direction, const Conv2dShape &shape, int threads)
      : direction(direction), shape(shape), threads(threads) {}

  void create() {
    const OneDnnGeometry g(shape);
    const auto algorithm = dnnl::algorithm::convolution_direct;
    dnnl::convolution_forward::primitive_desc forward(
        dnnl::convolution_forward::desc(
            dnnl::prop_kind::forward_training, algorithm, g.any(g.src),
            g.any(g.weights), g.any(g.dst), g.strides, g.dilates, g.padLeft,
            g.padRight),
        engine);
    switch (direction) {
    case Conv2dDirection::Forward:
      primitive.emplace(dnnl::convolution_forward(forward));
      first =
          Operand(DNNL_ARG_SRC, g.plainSrc(), forward.src_desc(), engine, true);
      second = Operand(DNNL_ARG_WEIGHTS, g.plainWeights(),
                       forward.weights_desc(), engine, true);
      result = Operand(DNNL_ARG_DST, g.plainDst(), forward.dst_desc(), engine,
                       false);
      return;
    case Conv2dDirection::BackwardData: {
      dnnl::convolution_backward_data::primitive_desc backward(
          dnnl::convolution_backward_data::desc(
              algorithm, g.any(g.src), g.any(g.weights), g.any(g.dst),
              g.strides, g.dilates, g.padLeft, g.padRight),
          engine, forward);
      primitive.emplace(dnnl::convolution_backward_data(backward));
      first = Operand(DNNL_ARG_DIFF_DST, g.plainDst(), backward.diff_dst_desc(),
                      engine, true);
      second = Operand(DNNL_ARG_WEIGHTS, g.plainWeights(),
                       backward.weights_desc(), engine, true);
      result = Operand(DNNL_ARG_DIFF_SRC, g.plainSrc(),
                       backward.diff_src_desc(), engine, false);
      return;
    }
    case Conv2dDirection::BackwardFilter: {
      dnnl::convolution_backward_weights::primitive_desc backward(
          dnnl::convolution_backward_weights::desc(
              algorithm, g.any(g.src), g.any(g.weights), g.any(g.dst),
              g.strides, g.dilates, g.padLeft, g.padRight),
          engine, forward);
      primitive.emplace(dnnl::convolution_backward_weights(backward));
      first = Operand(DNNL_ARG_SRC, g.plainSrc(), backward.src_desc(), engine,
                      true);
      second = Operand(DNNL_ARG_DIFF_DST, g.plainDst(),
                       backward.diff_dst_desc(), engine, true);
      result = Operand(DNNL_ARG_DIFF_WEIGHTS, g.plainWeights(),
                       backward.diff_weights_desc(), engine, false);
      return;
    }
    }
  }

  void run(const float *firstData, const float *secondData, float *resultData) {
    // oneDNN only reads the inputs; its handles are not const.
    first.user.set_data_handle(const_cast<float *>(firstData));
    second.user.set_data_handle(const_cast<float *>(secondData));
    result.user.set_data_handle(resultData);
    for (Operand *input : {&first, &second})
      if (input->reorder)
        input->reorder->execute(stream, input->user, input->internal);
    primitive->execute(stream, {{first.argument, first.internal},
                                {second.argument, second.internal},
                                {result.argument, result.internal}});
    if (result.reorder)
      result.reorder->execute(stream, result.internal, result.user);
    stream.wait();
  }
};

Conv2dPrimitive::Conv2dPrimitive(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
Conv2dPrimitive::~Conv2dPrimitive() = default;

Status Conv2dPrimitive::create(Conv2dDirection direction,
                               const Conv2dShape &shape,
                               const OpOptions &options,
                               std::unique_ptr<Conv2dPrimitive> &primitive) {
  const std::string op = opName(direction);
  if (Status status = shape.verify(); !status)
    return Status::error(op + ": " + status.message());
  auto impl = std::make_unique<Impl>(direction, shape, options.threads);
  setOneDnnThreads(options.threads);
  try {
    impl->create();
  } catch (const dnnl::error &e) {
    return Status::error(op +
                         ": oneDNN cannot create the primitive: " + e.what());
  }
  primitive.reset(new Conv2dPrimitive(std::move(impl)));
  return Status::success();
}

Status Conv2dPrimitive::run(const float *first, const float *second,
                            float *result) {
  setOneDnnThreads(impl_->threads);
  try {
    impl_->run(first, second, result);
  } catch (const dnnl::error &e) {
    return Status::error(std::string(opName(impl_->direction)) +
                         ": oneDNN failed: " + e.what());
  }
  return Status::success();
}

Conv2dDirection Conv2dPrimitive::direction() const { return impl_->direction; }
const Conv2dShape &Conv2dPrimitive::shape() const { return impl_->shape; }
bool Conv2dPrimitive::runsInPlace() const {
  return !impl_->first.reorder && !impl_->second.reorder &&
         !impl_->result.reorder;
}

namespace {

/// The primitives of conv2dForward & co., one per direction, shape and
/// thread count.
class PrimitiveCache {
public:
  static PrimitiveCache &global() {
    static PrimitiveCache cache;
    return cache;
  }

  Status get(Conv2dDirection direction, const Conv2dShape &s,
             const OpOptions &options, Conv2dPrimitive *&primitive) {
    const std::vector<int64_t> key = {
        int64_t(direction), s.batch,      s.channels,
        s.height,           s.width,      s.filters,
        s.kernelH,          s.kernelW,    s.strides[0],
        s.strides[1],       s.padding[0], s.padding[1],
        s.padding[2],       s.padding[3], s.dilations[0],
        s.dilations[1],     s.groups,     options.threads};
    std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<Conv2dPrimitive> &slot = primitives_[key];
    if (!slot)
      if (Status status = Conv2dPrimitive::create(direction, s, options, slot);
          !status) {
        primitives_.erase(key);
        return status;
      }
    primitive = slot.get();
    return Status::success();
  }

private:
  std::mutex mutex_;
  std::map<std::vector<int64_t>, std::unique_ptr<Conv2dPrimitive>> primitives_;
};

Status runCached(Conv2dDirection direction, const Conv2dShape &shape,
                 const OpOptions &options, const float *first,
                 const float *second, float *result) {
  Conv2dPrimitive *primitive = nullptr;
  if (Status status =
          PrimitiveCache::global().get(direction, shape, options, primitive);
      !status)
    return status;
  return primitive->run(first, second, result);
}

} // namespace

Status conv2dForward(const float *x, const float *w, const Conv2dShape &shape,
                     float *y, const OpOptions &options) {
  return runCached(Conv2dDirection::Forward, shape, options, x, w, y);
}

Status conv2dBackwardData(const float *dy, const float *w,
                          const Conv2dShape &shape, float *dx,
                          const OpOptions &options) {
  return runCached(Conv2dDirection::BackwardData, shape, options, dy, w, dx);
}

Status conv2dBackwardFilter(const float *x, const float *dy,
                            const Conv2dShape &shape, float *dw,
                            const OpOptions &options) {
  return runCached(Conv2dDirection::BackwardFilter, shape, options, x, dy, dw);
}

} // namespace dfp::ops
