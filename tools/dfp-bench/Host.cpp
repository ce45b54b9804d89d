#include "Host.h"

#include <fstream>
#include <thread>

namespace dfp::bench {

namespace {
std::string readCpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  const std::string key = "model name";
  while (std::getline(cpuinfo, line)) {
    if (line.compare(0, key.size(), key) != 0)
      continue;
    size_t colon = line.find(':');
    if (colon != std::string::npos)
      return line.substr(line.find_first_not_of(' ', colon + 1));
  }
  return "unknown CPU";
}
} // namespace

Status detectHost(Host &host) {
  host.cpuModel = readCpuModel();
  host.bestIsa = jit::hostIsa();
  host.avxVnni = jit::hostFeatures().avxVnni;
  Status status = jit::effectiveMaxIsa(host.isa);
  if (!status)
    return status;
  unsigned threads = std::thread::hardware_concurrency();
  host.allThreads = threads == 0 ? 1 : int(threads);
  return Status::success();
}

} // namespace dfp::bench
