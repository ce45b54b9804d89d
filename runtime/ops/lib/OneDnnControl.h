#ifndef DFP_OPS_LIB_ONEDNNCONTROL_H
#define DFP_OPS_LIB_ONEDNNCONTROL_H

#include "dfp/reference/Status.h"

namespace dfp::ops {

/// Call before every oneDNN primitive creation and run. Sets the OpenMP
/// thread count of the calling thread (oneDNN picks its blocking from it at
/// creation) and, once per process, caps oneDNN at the vector ISA of
/// DFP_MAX_ISA, so that an FP32 run under DFP_MAX_ISA=avx2 compares with the
/// DFP16 kernels at the same ISA. Errors: a bad DFP_MAX_ISA, or oneDNN
/// refusing the cap (it had generated kernels before).
Status prepareOneDnn(int threads);

} // namespace dfp::ops

#endif // DFP_OPS_LIB_ONEDNNCONTROL_H
