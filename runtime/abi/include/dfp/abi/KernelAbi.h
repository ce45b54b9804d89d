#ifndef DFP_ABI_KERNELABI_H
#define DFP_ABI_KERNELABI_H

/* The C ABI compiled code calls for DFP contractions (dfp-lower-to-kernels):
 * dispatch once per descriptor, invoke many times.
 *
 * - dfp_rt_*_dispatch returns an opaque kernel handle from a thread-safe
 *   cache keyed by the whole descriptor plus the ISA (DFP_MAX_ISA) and the
 *   thread count; handles live as long as the process. On an error it
 *   returns null and records the message.
 * - dfp_rt_*_invoke runs the kernel on decomposed DFP operands: int16
 *   values and their int32 exponents, as MLIR memref
 *   descriptors (the llvm.emit_c_interface convention: the symbol the
 *   generated code calls is _mlir_ciface_<name>). It checks every memref
 *   against the handle's shapes and returns 0, or a nonzero status with the
 *   message recorded.
 * - No exception crosses this ABI. dfp_rt_last_error() is the message of the
 *   latest failure on the calling thread since dfp_rt_clear_error(), or null.
 *
 * An operand's exponents are described by `axis_*`: -1 for one exponent per
 * tensor, else one per index of that dimension (of the operand as stored).
 *
 * Threads: dfp_rt_set_threads(n) for n >= 1, else DFP_NUM_THREADS, else 1.
 * Results never depend on it (threads split M and N, never K). */

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct DfpMemRef1D {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} DfpMemRef1D;

typedef struct DfpMemRef2D {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} DfpMemRef2D;

typedef struct DfpMemRef4D {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[4];
  int64_t strides[4];
} DfpMemRef4D;

enum DfpRtStatus { DFP_RT_OK = 0, DFP_RT_ERROR = 1 };

/* C[m x n] (f32) = op(A) * op(B), A [m x k] ([k x m] when transpose_lhs),
 * B [k x n] ([n x k] when transpose_rhs), int16 with mag_lhs / mag_rhs
 * magnitude bits, INT32 chains of `chain` products. */
void *dfp_rt_matmul_dispatch(int64_t m, int64_t n, int64_t k,
                             int64_t transpose_lhs, int64_t transpose_rhs,
                             int64_t mag_lhs, int64_t axis_lhs, int64_t mag_rhs,
                             int64_t axis_rhs, int64_t chain);
int32_t dfp_rt_matmul_invoke(void *kernel, DfpMemRef2D *lhs,
                             DfpMemRef1D *lhs_exponent, DfpMemRef2D *rhs,
                             DfpMemRef1D *rhs_exponent, DfpMemRef2D *result);

/* direction 0: forward (x, w) -> y; 1: backward-data (dy, w) -> dx;
 * 2: backward-filter (x, dy) -> dw. Input x [n, c, h, w], filter
 * [k, c/groups, r, s]; padding top, left, bottom, right. */
void *dfp_rt_conv2d_dispatch(
    int64_t direction, int64_t n, int64_t c, int64_t h, int64_t w, int64_t k,
    int64_t r, int64_t s, int64_t stride_h, int64_t stride_w, int64_t pad_top,
    int64_t pad_left, int64_t pad_bottom, int64_t pad_right, int64_t dilation_h,
    int64_t dilation_w, int64_t groups, int64_t mag_first, int64_t axis_first,
    int64_t mag_second, int64_t axis_second, int64_t chain);
int32_t dfp_rt_conv2d_invoke(void *kernel, DfpMemRef4D *first,
                             DfpMemRef1D *first_exponent, DfpMemRef4D *second,
                             DfpMemRef1D *second_exponent, DfpMemRef4D *result);

void dfp_rt_set_threads(int32_t threads);
const char *dfp_rt_last_error(void);
void dfp_rt_clear_error(void);

#ifdef __cplusplus
}
#endif

#endif /* DFP_ABI_KERNELABI_H */
