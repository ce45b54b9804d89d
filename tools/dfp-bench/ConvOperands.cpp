#include "ConvOperands.h"

#include "GemmOperands.h"

namespace dfp::bench {

ConvOperands::ConvOperands(const ConvShape &s)
    : shape(s), x(size_t(s.batch * s.channels * s.height * s.width)),
      w(size_t(s.filters * s.channels * s.kernel * s.kernel)),
      dy(size_t(s.batch * s.filters * s.outHeight() * s.outWidth())) {
  fillUniform(x.data(), x.size(), 1);
  fillUniform(w.data(), w.size(), 2);
  fillUniform(dy.data(), dy.size(), 3);
}

} // namespace dfp::bench
