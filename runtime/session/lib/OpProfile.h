#ifndef DFP_RUNTIME_SESSION_OPPROFILE_H
#define DFP_RUNTIME_SESSION_OPPROFILE_H

#include "dfp/runtime/Session.h"

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace dfp::runtime::session {

/// Wall time per op kind ("conv2d dfp16", "batch_norm", ...), summed over
/// the runs of every executor that shares it.
class OpProfile {
public:
  struct Kind {
    std::string name;
    double seconds = 0;
    uint64_t calls = 0;
  };

  /// The entry of `name`; stable for the profile's lifetime.
  Kind *kind(const std::string &name) { return &kinds_[name]; }

  std::vector<OpProfileEntry> entries() const;
  void clear();

  using Clock = std::chrono::steady_clock;

private:
  std::map<std::string, Kind> kinds_;
};

} // namespace dfp::runtime::session

#endif // DFP_RUNTIME_SESSION_OPPROFILE_H
