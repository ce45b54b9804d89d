#ifndef DFP_TRAIN_EPOCHTABLE_H
#define DFP_TRAIN_EPOCHTABLE_H

#include "Records.h"

#include <ostream>

namespace dfp::train {

/// The per-epoch table dfp-train prints: a header once, then a row per epoch.
void printEpochHeader(std::ostream &out);
void printEpochRow(std::ostream &out, const EpochRecord &record);

} // namespace dfp::train

#endif // DFP_TRAIN_EPOCHTABLE_H
