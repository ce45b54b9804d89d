#ifndef DFP_TRAIN_PROFILETABLE_H
#define DFP_TRAIN_PROFILETABLE_H

#include "dfp/runtime/Session.h"

#include <ostream>
#include <vector>

namespace dfp::train {

/// Where the time went: one row per op kind (as Session::profile() orders
/// them) with calls, total seconds, milliseconds per call and the share of
/// the profiled time, then the total.
void printProfile(std::ostream &out,
                  const std::vector<runtime::OpProfileEntry> &entries);

} // namespace dfp::train

#endif // DFP_TRAIN_PROFILETABLE_H
