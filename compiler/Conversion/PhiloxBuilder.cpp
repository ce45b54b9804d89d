#include "PhiloxBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <array>

namespace mlir::dfp {

namespace {

constexpr uint32_t kMultiplier0 = 0xD2511F53u;
constexpr uint32_t kMultiplier1 = 0xCD9E8D57u;
constexpr uint32_t kWeyl0 = 0x9E3779B9u;
constexpr uint32_t kWeyl1 = 0xBB67AE85u;
constexpr int kRounds = 10;

Value i32Constant(ImplicitLocOpBuilder &b, uint32_t value) {
  return b.create<arith::ConstantIntOp>(int64_t(int32_t(value)), 32);
}

using Words = std::array<Value, 4>;

Words buildRound(ImplicitLocOpBuilder &b, const Words &x, uint32_t key0,
                 uint32_t key1) {
  auto product0 =
      b.create<arith::MulUIExtendedOp>(i32Constant(b, kMultiplier0), x[0]);
  auto product1 =
      b.create<arith::MulUIExtendedOp>(i32Constant(b, kMultiplier1), x[2]);
  Value word0 = b.create<arith::XOrIOp>(
      b.create<arith::XOrIOp>(product1.getHigh(), x[1]), i32Constant(b, key0));
  Value word2 = b.create<arith::XOrIOp>(
      b.create<arith::XOrIOp>(product0.getHigh(), x[3]), i32Constant(b, key1));
  return {word0, product1.getLow(), word2, product0.getLow()};
}

} // namespace

Value buildStochasticBits(ImplicitLocOpBuilder &b, const PhiloxStream &stream,
                          Value index) {
  Type i32 = b.getI32Type();
  Value block =
      b.create<arith::ShRUIOp>(index, b.create<arith::ConstantIntOp>(2, 64));
  Value blockHigh =
      b.create<arith::ShRUIOp>(block, b.create<arith::ConstantIntOp>(32, 64));
  Words counter = {b.create<arith::TruncIOp>(i32, block),
                   b.create<arith::TruncIOp>(i32, blockHigh),
                   i32Constant(b, stream.stream), stream.step};
  uint32_t key0 = uint32_t(stream.seed), key1 = uint32_t(stream.seed >> 32);
  for (int round = 0; round < kRounds; ++round) {
    if (round > 0) {
      key0 += kWeyl0;
      key1 += kWeyl1;
    }
    counter = buildRound(b, counter, key0, key1);
  }
  Value word = b.create<arith::TruncIOp>(
      i32,
      b.create<arith::AndIOp>(index, b.create<arith::ConstantIntOp>(3, 64)));
  Value result = counter[3];
  for (uint32_t w = 3; w-- > 0;) {
    Value isWord = b.create<arith::CmpIOp>(arith::CmpIPredicate::eq, word,
                                           i32Constant(b, w));
    result = b.create<arith::SelectOp>(isWord, counter[w], result);
  }
  return result;
}

} // namespace mlir::dfp
