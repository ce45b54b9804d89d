#include "ConvTestSupport.h"

#include "dfp/reference/ChainLength.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <random>

namespace dfp::conv::test {
namespace {

struct Groupings {
  ExponentGrouping x, w, dy;
};

Groupings groupingsFor(Grouping g, const Conv2dShape &shape) {
  using EG = ExponentGrouping;
  switch (g) {
  case Grouping::Tensor:
    return {EG::tensor(), EG::tensor(), EG::tensor()};
  case Grouping::PerImage:
    return {EG::perAxis(0), EG::perAxis(0), EG::perAxis(0)};
  case Grouping::PerChannel:
    return {EG::perAxis(1), EG::perAxis(1), EG::perAxis(1)};
  case Grouping::FilterBlock:
    return {EG::tensor(), EG::block(2, 1), EG::tensor()};
  case Grouping::InputBlock:
    return {EG::block(shape.channels, 1), EG::tensor(), EG::tensor()};
  case Grouping::GradientPerChannel:
    return {EG::tensor(), EG::tensor(), EG::perAxis(1)};
  }
  return {};
}

QuantizedTensor makeTensor(std::vector<int64_t> shape, int mag,
                           ExponentGrouping grouping, Values values,
                           bool allowMinInt, std::mt19937 &rng) {
  QuantizedTensor t;
  t.shape = std::move(shape);
  t.format.magBits = mag;
  t.format.grouping = grouping;
  const int32_t max = (1 << mag) - 1;
  std::uniform_int_distribution<int32_t> value(-max, max);
  std::uniform_int_distribution<int> pick(0, 7);
  for (int64_t i = 0; i < t.numElements(); ++i) {
    if (values == Values::Random) {
      t.values.push_back(int16_t(value(rng)));
      continue;
    }
    const int choice = pick(rng);
    int32_t v = choice < 3 ? max : choice < 6 ? -max : choice == 6 ? 0 : -32768;
    if (v == -32768 && !allowMinInt)
      v = -max;
    t.values.push_back(int16_t(v));
  }
  std::uniform_int_distribution<int32_t> exponent(-30, 10);
  for (int64_t i = 0; i < numGroups(t.shape, t.format); ++i)
    t.exponents.push_back(exponent(rng));
  return t;
}

int64_t longestChain(const ConvCase &c, const QuantizedTensor &a,
                     const QuantizedTensor &b) {
  if (c.chain)
    return c.chain;
  return std::max<int64_t>(
      1, chainLengthForRange(maxAbsValue(a), maxAbsValue(b), 1));
}

const char *groupingName(Grouping g) {
  static const char *names[] = {"tensor",      "perimage",   "perchannel",
                                "filterblock", "inputblock", "gradperchannel"};
  return names[int(g)];
}

} // namespace

std::string ConvCase::name() const {
  const Conv2dShape &s = shape;
  std::string text =
      "n" + std::to_string(s.batch) + "c" + std::to_string(s.channels) + "h" +
      std::to_string(s.height) + "w" + std::to_string(s.width) + "k" +
      std::to_string(s.filters) + "_" + std::to_string(s.kernelH) + "x" +
      std::to_string(s.kernelW) + "_s" + std::to_string(s.strides[0]) + "p" +
      std::to_string(s.padding[0]) + "d" + std::to_string(s.dilations[0]) +
      "g" + std::to_string(s.groups) + "_m" + std::to_string(magActivation) +
      "x" + std::to_string(magFilter) + "_" + groupingName(grouping) +
      (values == Values::Edge ? "_edge" : "");
  if (chain)
    text += "_chain" + std::to_string(chain);
  return text;
}

const ConvProblem &problemFor(const ConvCase &c) {
  static std::mutex mutex;
  static std::map<std::string, ConvProblem> problems;
  std::lock_guard<std::mutex> lock(mutex);
  const std::string key = c.name();
  if (auto found = problems.find(key); found != problems.end())
    return found->second;
  std::mt19937 rng(uint32_t(std::hash<std::string>()(key)));
  const Conv2dShape &s = c.shape;
  const Groupings g = groupingsFor(c.grouping, s);
  ConvProblem p;
  p.x = makeTensor({s.batch, s.channels, s.height, s.width}, c.magActivation,
                   g.x, c.values, true, rng);
  p.w = makeTensor({s.filters, s.channels / s.groups, s.kernelH, s.kernelW},
                   c.magFilter, g.w, c.values, false, rng);
  p.dy = makeTensor({s.batch, s.filters, s.outHeight(), s.outWidth()},
                    c.magActivation, g.dy, c.values, false, rng);
  p.chainForward = longestChain(c, p.x, p.w);
  p.chainBackwardData = longestChain(c, p.dy, p.w);
  p.chainBackwardFilter = longestChain(c, p.x, p.dy);
  p.y.resize(size_t(p.dy.numElements()));
  p.dx.resize(size_t(p.x.numElements()));
  p.dw.resize(size_t(p.w.numElements()));
  Status status = dfp::conv2dForward(p.x, p.w, s, p.chainForward, p.y.data());
  EXPECT_TRUE(status.ok()) << status.message();
  status =
      dfp::conv2dBackwardData(p.dy, p.w, s, p.chainBackwardData, p.dx.data());
  EXPECT_TRUE(status.ok()) << status.message();
  status = dfp::conv2dBackwardFilter(p.x, p.dy, s, p.chainBackwardFilter,
                                     p.dw.data());
  EXPECT_TRUE(status.ok()) << status.message();
  return problems.emplace(key, std::move(p)).first->second;
}

std::string Backend::name() const {
  return std::string(jit::toString(isa)) + (avxVnni ? "_avxvnni" : "") +
         (mode == jit::ExecutionMode::Emulated ? "_emulated" : "_native");
}

bool Backend::available() const {
  if (mode == jit::ExecutionMode::Emulated || isa == jit::Isa::Scalar)
    return true;
  return jit::hostSupports(isa) && (!avxVnni || jit::hostFeatures().avxVnni);
}

ConvOptions Backend::options(int threads) const {
  ConvOptions o;
  o.isa = isa;
  o.avxVnni = avxVnni;
  o.execution = mode;
  o.threads = threads;
  return o;
}

std::vector<Backend> vectorBackends(jit::ExecutionMode mode) {
  return {{jit::Isa::Avx512Vnni, mode},
          {jit::Isa::Avx512bw, mode},
          {jit::Isa::Avx2, mode},
          {jit::Isa::Avx2, mode, true}};
}

Conv2dShape makeShape(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k,
                      int64_t r, int64_t s, int64_t stride, int64_t pad,
                      int64_t dilation, int64_t groups) {
  Conv2dShape shape;
  shape.batch = n;
  shape.channels = c;
  shape.height = h;
  shape.width = w;
  shape.filters = k;
  shape.kernelH = r;
  shape.kernelW = s;
  shape.strides = {stride, stride};
  shape.padding = {pad, pad, pad, pad};
  shape.dilations = {dilation, dilation};
  shape.groups = groups;
  return shape;
}

} // namespace dfp::conv::test
