#include "dfp/reference/Philox.h"

namespace dfp {

namespace {

constexpr uint32_t kMultiplier0 = 0xD2511F53u;
constexpr uint32_t kMultiplier1 = 0xCD9E8D57u;
constexpr uint32_t kWeyl0 = 0x9E3779B9u; // golden ratio
constexpr uint32_t kWeyl1 = 0xBB67AE85u; // sqrt(3) - 1
constexpr int kRounds = 10;

void mulHiLo(uint32_t a, uint32_t b, uint32_t &hi, uint32_t &lo) {
  uint64_t product = uint64_t(a) * b;
  hi = uint32_t(product >> 32);
  lo = uint32_t(product);
}

PhiloxCounter round(const PhiloxCounter &x, const PhiloxKey &key) {
  uint32_t hi0, lo0, hi1, lo1;
  mulHiLo(kMultiplier0, x[0], hi0, lo0);
  mulHiLo(kMultiplier1, x[2], hi1, lo1);
  return {hi1 ^ x[1] ^ key[0], lo1, hi0 ^ x[3] ^ key[1], lo0};
}

} // namespace

PhiloxCounter philox4x32_10(PhiloxCounter counter, PhiloxKey key) {
  for (int r = 0; r < kRounds; ++r) {
    if (r > 0) {
      key[0] += kWeyl0;
      key[1] += kWeyl1;
    }
    counter = round(counter, key);
  }
  return counter;
}

uint32_t stochasticBits(const StochasticSeed &seed, uint64_t index) {
  uint64_t block = index >> 2;
  PhiloxKey key{uint32_t(seed.seed), uint32_t(seed.seed >> 32)};
  PhiloxCounter counter{uint32_t(block), uint32_t(block >> 32), seed.stream,
                        seed.step};
  return philox4x32_10(counter, key)[index & 3];
}

} // namespace dfp
