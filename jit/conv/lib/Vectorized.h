#ifndef DFP_CONV_LIB_VECTORIZED_H
#define DFP_CONV_LIB_VECTORIZED_H

/// Compiles a hot integer data-movement loop (view building, packing, range
/// scans) for AVX-512BW, AVX2 and baseline x86-64, picked at load time by
/// the CPU. Integer moves only: every clone gives the same bytes.
#define DFP_CONV_VECTORIZED                                                    \
  __attribute__((target_clones("avx512bw", "avx2", "default")))

#endif // DFP_CONV_LIB_VECTORIZED_H
