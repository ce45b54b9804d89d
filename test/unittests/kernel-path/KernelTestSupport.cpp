#include "KernelTestSupport.h"

#include <random>

namespace dfp::testing {

QuantizedTensor randomOperand(std::vector<int64_t> shape, int magBits,
                              int32_t exponent, uint32_t seed, int axis) {
  QuantizedTensor t;
  t.shape = std::move(shape);
  t.format = {16, magBits,
              axis < 0 ? ExponentGrouping::tensor()
                       : ExponentGrouping::perAxis(axis)};
  int32_t limit = (1 << magBits) - 1;
  std::mt19937 generator(seed);
  std::uniform_int_distribution<int32_t> value(-limit, limit);
  t.values.resize(size_t(t.numElements()));
  for (int16_t &q : t.values)
    q = int16_t(value(generator));
  for (size_t i = 0; i < t.values.size(); i += 7)
    t.values[i] = int16_t(i % 2 ? limit : -limit);
  t.exponents.resize(size_t(numGroups(t.shape, t.format)));
  for (size_t g = 0; g < t.exponents.size(); ++g)
    t.exponents[g] = exponent + int32_t(g % 7) - 3;
  return t;
}

std::string dfpTypeOf(const QuantizedTensor &t) {
  std::string grouping = t.format.grouping.kind == ExponentGrouping::Kind::Axis
                             ? "axis " + std::to_string(t.format.grouping.axis)
                             : "tensor";
  return "!dfp.tensor<" + shapeText(t.shape) +
         "xi16, mag = " + std::to_string(t.format.magBits) +
         ", exp = " + grouping + ">";
}

namespace {

llvm::Expected<CallStatus>
callPair(JitModule &module, const std::string &function,
         const QuantizedTensor &a, const QuantizedTensor &b,
         const std::vector<int64_t> &resultShape, std::vector<float> &result) {
  int64_t count = 1;
  for (int64_t size : resultShape)
    count *= size;
  result.assign(size_t(count), -1.0f);
  return module.call(
      function,
      {JitArgument::dfp(
           TensorView::of(a.values.data(), a.shape),
           TensorView::of(a.exponents.data(), {int64_t(a.exponents.size())})),
       JitArgument::dfp(
           TensorView::of(b.values.data(), b.shape),
           TensorView::of(b.exponents.data(), {int64_t(b.exponents.size())}))},
      {JitArgument::of(TensorView::of(result.data(), resultShape))});
}

} // namespace

std::vector<float> callOnDfpPair(JitModule &module, const std::string &function,
                                 const QuantizedTensor &a,
                                 const QuantizedTensor &b,
                                 const std::vector<int64_t> &resultShape) {
  std::vector<float> result;
  auto status = callPair(module, function, a, b, resultShape, result);
  if (!status)
    ADD_FAILURE() << llvm::toString(status.takeError());
  return result;
}

std::string callErrorOnDfpPair(JitModule &module, const std::string &function,
                               const QuantizedTensor &a,
                               const QuantizedTensor &b,
                               const std::vector<int64_t> &resultShape) {
  std::vector<float> result;
  auto status = callPair(module, function, a, b, resultShape, result);
  return status ? "" : llvm::toString(status.takeError());
}

} // namespace dfp::testing
