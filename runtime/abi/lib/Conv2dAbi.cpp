#include "ErrorState.h"
#include "KernelCache.h"
#include "MemRefViews.h"

#include "dfp/abi/KernelAbi.h"
#include "dfp/conv/Conv.h"

namespace dfp::abi {

namespace {

using conv::ConvDirection;

struct Conv2dKernel : Kernel {
  conv::ConvPlan plan;
  /// Shapes of the first and second operands and of the result.
  std::vector<int64_t> first, second, result;
};

Status planConv2d(ConvDirection direction, const Conv2dShape &shape,
                  const conv::ConvFormats &formats, int64_t chain, int threads,
                  Conv2dKernel &kernel) {
  if (Status s = shape.verify(); !s)
    return Status::error(std::string("dfp_rt_conv2d_dispatch (") +
                         conv::toString(direction) + "): " + s.message());
  std::vector<int64_t> x{shape.batch, shape.channels, shape.height,
                         shape.width};
  std::vector<int64_t> w{shape.filters, shape.channels / shape.groups,
                         shape.kernelH, shape.kernelW};
  std::vector<int64_t> y{shape.batch, shape.filters, shape.outHeight(),
                         shape.outWidth()};
  switch (direction) {
  case ConvDirection::Forward:
    kernel.first = x, kernel.second = w, kernel.result = y;
    break;
  case ConvDirection::BackwardData:
    kernel.first = y, kernel.second = w, kernel.result = x;
    break;
  case ConvDirection::BackwardFilter:
    kernel.first = x, kernel.second = y, kernel.result = w;
    break;
  }
  conv::ConvOptions options;
  options.threads = threads;
  return conv::makeConvPlan(direction, shape, formats, chain, options,
                            kernel.plan);
}

Status runConv2d(const Conv2dKernel &kernel, const DfpMemRef4D *first,
                 const DfpMemRef1D *firstExponent, const DfpMemRef4D *second,
                 const DfpMemRef1D *secondExponent, const DfpMemRef4D *result) {
  const conv::ConvPlan &plan = kernel.plan;
  QuantizedTensor a, b;
  if (Status s = decomposedTensor(viewOf(first), viewOf(firstExponent),
                                  kernel.first, plan.formats.first,
                                  /*transpose=*/false,
                                  "dfp_rt_conv2d_invoke first operand", a);
      !s)
    return s;
  if (Status s = decomposedTensor(viewOf(second), viewOf(secondExponent),
                                  kernel.second, plan.formats.second,
                                  /*transpose=*/false,
                                  "dfp_rt_conv2d_invoke second operand", b);
      !s)
    return s;
  const void *data = nullptr;
  if (Status s = contiguousData(viewOf(result), kernel.result, sizeof(float),
                                "dfp_rt_conv2d_invoke result", data);
      !s)
    return s;
  float *output = static_cast<float *>(const_cast<void *>(data));
  if (plan.direction == ConvDirection::BackwardFilter)
    return conv::runBackwardFilter(plan, a, b, output);
  // The filter is the second operand of forward and backward-data.
  conv::PackedConvWeights weights;
  if (Status s = conv::packWeights(plan, b, weights); !s)
    return s;
  return plan.direction == ConvDirection::Forward
             ? conv::runForward(plan, a, weights, output)
             : conv::runBackwardData(plan, a, weights, output);
}

} // namespace

} // namespace dfp::abi

using namespace dfp::abi;

extern "C" void *dfp_rt_conv2d_dispatch(
    int64_t direction, int64_t n, int64_t c, int64_t h, int64_t w, int64_t k,
    int64_t r, int64_t s, int64_t stride_h, int64_t stride_w, int64_t pad_top,
    int64_t pad_left, int64_t pad_bottom, int64_t pad_right, int64_t dilation_h,
    int64_t dilation_w, int64_t groups, int64_t mag_first, int64_t axis_first,
    int64_t mag_second, int64_t axis_second, int64_t chain) {
  if (direction < 0 || direction > 2) {
    recordError("dfp_rt_conv2d_dispatch: direction " +
                std::to_string(direction) + " is not 0, 1 or 2");
    return nullptr;
  }
  KernelKey key{direction,   n,        c,          h,          w,
                k,           r,        s,          stride_h,   stride_w,
                pad_top,     pad_left, pad_bottom, pad_right,  dilation_h,
                dilation_w,  groups,   mag_first,  axis_first, mag_second,
                axis_second, chain};
  int threads = 1;
  if (!completeKey(key, threads))
    return nullptr;
  return KernelCache::global().getOrPlan(
      key, [&](std::unique_ptr<Kernel> &planned) {
        dfp::Conv2dShape shape;
        shape.batch = n, shape.channels = c, shape.height = h, shape.width = w;
        shape.filters = k, shape.kernelH = r, shape.kernelW = s;
        shape.strides = {stride_h, stride_w};
        shape.padding = {pad_top, pad_left, pad_bottom, pad_right};
        shape.dilations = {dilation_h, dilation_w};
        shape.groups = groups;
        auto kernel = std::make_unique<Conv2dKernel>();
        if (dfp::Status status =
                planConv2d(ConvDirection(direction), shape,
                           {operandFormat(mag_first, axis_first),
                            operandFormat(mag_second, axis_second)},
                           chain, threads, *kernel);
            !status)
          return status;
        planned = std::move(kernel);
        return dfp::Status::success();
      });
}

extern "C" int32_t dfp_rt_conv2d_invoke(void *kernel, DfpMemRef4D *first,
                                        DfpMemRef1D *first_exponent,
                                        DfpMemRef4D *second,
                                        DfpMemRef1D *second_exponent,
                                        DfpMemRef4D *result) {
  auto *conv = dynamic_cast<Conv2dKernel *>(static_cast<Kernel *>(kernel));
  if (!conv)
    return hasRecordedError()
               ? DFP_RT_ERROR
               : recordError("dfp_rt_conv2d_invoke: not a conv2d kernel");
  return recordStatus(
      runConv2d(*conv, first, first_exponent, second, second_exponent, result));
}
