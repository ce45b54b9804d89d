#ifndef DFP_ABI_LIB_MEMREFVIEWS_H
#define DFP_ABI_LIB_MEMREFVIEWS_H

#include "dfp/abi/KernelAbi.h"
#include "dfp/reference/Quantize.h"
#include "dfp/reference/Status.h"

#include <cstdint>
#include <vector>

namespace dfp::abi {

/// A memref descriptor of any rank, as sizes and strides.
struct MemRefView {
  const void *aligned = nullptr;
  int64_t offset = 0;
  std::vector<int64_t> sizes, strides;
};

MemRefView viewOf(const DfpMemRef1D *memref);
MemRefView viewOf(const DfpMemRef2D *memref);
MemRefView viewOf(const DfpMemRef4D *memref);

/// The first element (offset applied) of a row-major contiguous memref of
/// `shape` with `elementBytes`-byte elements, or an error naming `what`
/// (e.g. "dfp_rt_matmul_invoke lhs") and the mismatch.
Status contiguousData(const MemRefView &view, const std::vector<int64_t> &shape,
                      size_t elementBytes, const char *what, const void *&data);

/// DFP16 with `magBits` and, for `axis` >= 0, one exponent per index of that
/// dimension (else one per tensor).
DfpFormat operandFormat(int64_t magBits, int64_t axis);

/// A DFP tensor of `shape` and `format` from its values and exponents
/// (numGroups of them), copied; with `transpose`, the values are read as the
/// transposed 2-D matrix (shape reversed) and stored in `shape` order.
Status decomposedTensor(const MemRefView &values, const MemRefView &exponent,
                        const std::vector<int64_t> &shape,
                        const DfpFormat &format, bool transpose,
                        const char *what, QuantizedTensor &tensor);

} // namespace dfp::abi

#endif // DFP_ABI_LIB_MEMREFVIEWS_H
