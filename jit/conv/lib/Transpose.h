#ifndef DFP_CONV_LIB_TRANSPOSE_H
#define DFP_CONV_LIB_TRANSPOSE_H

#include <cstdint>

namespace dfp::conv {

/// to[j * toStride + i] = from[i * fromStride + j] for i < rows, j < cols
/// (strides in elements; the buffers may hold other types: every access is
/// a memcpy or a vector load/store): 16x16 blocks in registers where the host
/// has AVX-512, element by element elsewhere (the same bytes).
void transposeDwords(const uint32_t *from, int64_t fromStride, int64_t rows,
                     int64_t cols, uint32_t *to, int64_t toStride);

} // namespace dfp::conv

#endif // DFP_CONV_LIB_TRANSPOSE_H
