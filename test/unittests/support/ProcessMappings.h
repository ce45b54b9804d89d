#ifndef DFP_TEST_SUPPORT_PROCESSMAPPINGS_H
#define DFP_TEST_SUPPORT_PROCESSMAPPINGS_H

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dfp::testing {

/// One line of /proc/self/maps: [begin, end) and the "rwxp" permissions.
struct ProcessMapping {
  uintptr_t begin = 0, end = 0;
  std::string perms;
  std::string line;

  bool writable() const { return perms.size() > 1 && perms[1] == 'w'; }
  bool executable() const { return perms.size() > 2 && perms[2] == 'x'; }
};

/// The mappings of this process, or an empty list if /proc is unreadable.
inline std::vector<ProcessMapping> processMappings() {
  std::vector<ProcessMapping> mappings;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range;
    ProcessMapping mapping;
    fields >> range >> mapping.perms;
    mapping.begin = std::stoull(range.substr(0, range.find('-')), nullptr, 16);
    mapping.end = std::stoull(range.substr(range.find('-') + 1), nullptr, 16);
    mapping.line = line;
    mappings.push_back(mapping);
  }
  return mappings;
}

} // namespace dfp::testing

#endif // DFP_TEST_SUPPORT_PROCESSMAPPINGS_H
