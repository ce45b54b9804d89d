#ifndef DFP_ABI_LIB_ERRORSTATE_H
#define DFP_ABI_LIB_ERRORSTATE_H

#include "dfp/reference/Status.h"

#include <cstdint>
#include <string>

namespace dfp::abi {

/// Records `message` as the calling thread's last error; returns
/// DFP_RT_ERROR.
int32_t recordError(std::string message);
/// DFP_RT_OK for a success, else recordError(status.message()).
int32_t recordStatus(const Status &status);
/// Whether an error is recorded on this thread since the last clear.
bool hasRecordedError();

} // namespace dfp::abi

#endif // DFP_ABI_LIB_ERRORSTATE_H
