#include "OpenMpWaitPolicy.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace dfp::tools {

namespace {
constexpr const char *kWaitPolicy = "OMP_WAIT_POLICY";
}

Status makeOpenMpWaitPassive(char **argv) {
  if (std::getenv(kWaitPolicy))
    return Status::success();
  if (setenv(kWaitPolicy, "passive", /*overwrite=*/1) != 0)
    return Status::error(std::string("cannot set OMP_WAIT_POLICY: ") +
                         std::strerror(errno));
  execv("/proc/self/exe", argv);
  return Status::error(
      std::string("cannot re-execute with OMP_WAIT_POLICY=passive (") +
      std::strerror(errno) + "); set OMP_WAIT_POLICY and run again");
}

const char *openMpWaitPolicy() {
  const char *policy = std::getenv(kWaitPolicy);
  return policy ? policy : "unset";
}

} // namespace dfp::tools
