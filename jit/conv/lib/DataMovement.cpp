#include "DataMovement.h"

#include <cstring>
#include <immintrin.h>

namespace dfp::conv {
namespace {

void transposeScalar(const uint32_t *from, int64_t fromStride, int64_t rows,
                     int64_t cols, uint32_t *to, int64_t toStride) {
  for (int64_t j = 0; j < cols; ++j)
    for (int64_t i = 0; i < rows; ++i)
      std::memcpy(to + j * toStride + i, from + i * fromStride + j, 4);
}

__attribute__((target("avx512f"))) void transpose16x16(const uint32_t *from,
                                                       int64_t fromStride,
                                                       uint32_t *to,
                                                       int64_t toStride) {
  __m512i r[16], t[16];
  for (int i = 0; i < 16; ++i)
    r[i] = _mm512_loadu_si512(from + i * fromStride);
  // Per 128-bit lane l: t[2k] holds rows 2k, 2k+1 at columns 4l, 4l+1 and
  // t[2k+1] at columns 4l+2, 4l+3.
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
  }
  // r[4g + c], lane l: rows 4g..4g+3 of column 4l + c.
  for (int g = 0; g < 16; g += 4) {
    r[g] = _mm512_unpacklo_epi64(t[g], t[g + 2]);
    r[g + 1] = _mm512_unpackhi_epi64(t[g], t[g + 2]);
    r[g + 2] = _mm512_unpacklo_epi64(t[g + 1], t[g + 3]);
    r[g + 3] = _mm512_unpackhi_epi64(t[g + 1], t[g + 3]);
  }
  // Per c, a 4x4 transpose of 128-bit lanes across the row groups g.
  for (int c = 0; c < 4; ++c) {
    const __m512i a = _mm512_shuffle_i32x4(r[c], r[4 + c], 0x44);
    const __m512i b = _mm512_shuffle_i32x4(r[c], r[4 + c], 0xee);
    const __m512i d = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0x44);
    const __m512i e = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0xee);
    _mm512_storeu_si512(to + c * toStride, _mm512_shuffle_i32x4(a, d, 0x88));
    _mm512_storeu_si512(to + (4 + c) * toStride,
                        _mm512_shuffle_i32x4(a, d, 0xdd));
    _mm512_storeu_si512(to + (8 + c) * toStride,
                        _mm512_shuffle_i32x4(b, e, 0x88));
    _mm512_storeu_si512(to + (12 + c) * toStride,
                        _mm512_shuffle_i32x4(b, e, 0xdd));
  }
}

__attribute__((target("avx512bw,bmi2"))) void
copyRowsAvx512(const char *from, int64_t fromStride, char *to, int64_t toStride,
               int64_t rows, int64_t bytes) {
  const int64_t full = bytes / 64;
  const __mmask64 tail = _bzhi_u64(~0ull, unsigned(bytes % 64));
  for (int64_t i = 0; i < rows; ++i, from += fromStride, to += toStride) {
    for (int64_t j = 0; j < full; ++j)
      _mm512_storeu_si512(to + 64 * j, _mm512_loadu_si512(from + 64 * j));
    if (tail)
      _mm512_mask_storeu_epi8(to + 64 * full, tail,
                              _mm512_maskz_loadu_epi8(tail, from + 64 * full));
  }
}

} // namespace

void copyRows(const void *from, int64_t fromStrideBytes, void *to,
              int64_t toStrideBytes, int64_t rows, int64_t bytes) {
  static const bool avx512 =
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("bmi2");
  if (avx512) {
    copyRowsAvx512(static_cast<const char *>(from), fromStrideBytes,
                   static_cast<char *>(to), toStrideBytes, rows, bytes);
    return;
  }
  for (int64_t i = 0; i < rows; ++i)
    std::memcpy(static_cast<char *>(to) + i * toStrideBytes,
                static_cast<const char *>(from) + i * fromStrideBytes,
                size_t(bytes));
}

void transposeDwords(const uint32_t *from, int64_t fromStride, int64_t rows,
                     int64_t cols, uint32_t *to, int64_t toStride) {
  static const bool avx512 = __builtin_cpu_supports("avx512f");
  int64_t i0 = 0;
  if (avx512)
    for (; i0 + 16 <= rows; i0 += 16) {
      int64_t j0 = 0;
      for (; j0 + 16 <= cols; j0 += 16)
        transpose16x16(from + i0 * fromStride + j0, fromStride,
                       to + j0 * toStride + i0, toStride);
      transposeScalar(from + i0 * fromStride + j0, fromStride, 16, cols - j0,
                      to + j0 * toStride + i0, toStride);
    }
  transposeScalar(from + i0 * fromStride, fromStride, rows - i0, cols, to + i0,
                  toStride);
}

} // namespace dfp::conv
