#ifndef DFP_OPS_LIB_ONEDNNTHREADS_H
#define DFP_OPS_LIB_ONEDNNTHREADS_H

namespace dfp::ops {

/// Sets the OpenMP thread count for the oneDNN primitives the calling
/// thread creates and runs next (oneDNN picks its blocking at creation).
void setOneDnnThreads(int threads);

} // namespace dfp::ops

#endif // DFP_OPS_LIB_ONEDNNTHREADS_H
