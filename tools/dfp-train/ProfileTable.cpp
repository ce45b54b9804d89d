#include "ProfileTable.h"

#include <algorithm>
#include <cstdio>

namespace dfp::train {

void printProfile(std::ostream &out,
                  const std::vector<runtime::OpProfileEntry> &entries) {
  if (entries.empty()) {
    out << "profile: no op timings recorded\n";
    return;
  }
  double total = 0;
  size_t nameWidth = 2;
  for (const runtime::OpProfileEntry &entry : entries) {
    total += entry.seconds;
    nameWidth = std::max(nameWidth, entry.name.size());
  }
  char line[256];
  std::snprintf(line, sizeof line, "%-*s  %10s  %10s  %9s  %6s\n",
                int(nameWidth), "op", "calls", "seconds", "ms/call", "share");
  out << line;
  for (const runtime::OpProfileEntry &entry : entries) {
    double perCall =
        entry.calls ? 1e3 * entry.seconds / double(entry.calls) : 0.0;
    double share = total > 0 ? 100.0 * entry.seconds / total : 0.0;
    std::snprintf(line, sizeof line, "%-*s  %10llu  %10.3f  %9.3f  %5.1f%%\n",
                  int(nameWidth), entry.name.c_str(),
                  (unsigned long long)entry.calls, entry.seconds, perCall,
                  share);
    out << line;
  }
  std::snprintf(line, sizeof line, "%-*s  %10s  %10.3f\n", int(nameWidth),
                "total", "", total);
  out << line;
}

} // namespace dfp::train
