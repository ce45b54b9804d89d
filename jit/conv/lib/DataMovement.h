#ifndef DFP_CONV_LIB_DATAMOVEMENT_H
#define DFP_CONV_LIB_DATAMOVEMENT_H

#include <cstdint>

namespace dfp::conv {

/// to[j * toStride + i] = from[i * fromStride + j] for i < rows, j < cols
/// (strides in elements; the buffers may hold other types: every access is
/// a memcpy or a vector load/store): 16x16 blocks in registers where the host
/// has AVX-512, element by element elsewhere (the same bytes).
void transposeDwords(const uint32_t *from, int64_t fromStride, int64_t rows,
                     int64_t cols, uint32_t *to, int64_t toStride);

/// Copies `rows` rows of `bytes` bytes (short rows: whole rows under one
/// AVX-512 mask where the host has it, instead of a memcpy call per row).
void copyRows(const void *from, int64_t fromStrideBytes, void *to,
              int64_t toStrideBytes, int64_t rows, int64_t bytes);

} // namespace dfp::conv

#endif // DFP_CONV_LIB_DATAMOVEMENT_H
