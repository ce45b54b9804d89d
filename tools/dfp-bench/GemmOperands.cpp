#include "GemmOperands.h"

#include <random>

namespace dfp::bench {

void fillUniform(float *values, size_t count, uint32_t seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (size_t i = 0; i < count; ++i)
    values[i] = uniform(engine);
}

GemmOperands::GemmOperands(const GemmShape &shape)
    : shape(shape), a(size_t(shape.m * shape.k)), b(size_t(shape.k * shape.n)) {
  fillUniform(a.data(), a.size(), 1);
  fillUniform(b.data(), b.size(), 2);
}

} // namespace dfp::bench
