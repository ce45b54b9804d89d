#include "ErrorState.h"

#include "dfp/abi/KernelAbi.h"

#include <optional>

namespace dfp::abi {

namespace {
thread_local std::optional<std::string> lastError;
} // namespace

int32_t recordError(std::string message) {
  lastError = std::move(message);
  return DFP_RT_ERROR;
}

int32_t recordStatus(const Status &status) {
  return status.ok() ? DFP_RT_OK : recordError(status.message());
}

bool hasRecordedError() { return lastError.has_value(); }

} // namespace dfp::abi

extern "C" const char *dfp_rt_last_error(void) {
  return dfp::abi::lastError ? dfp::abi::lastError->c_str() : nullptr;
}

extern "C" void dfp_rt_clear_error(void) { dfp::abi::lastError.reset(); }
