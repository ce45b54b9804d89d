#ifndef DFP_TRAIN_TESTEVALUATION_H
#define DFP_TRAIN_TESTEVALUATION_H

#include "dfp/reference/Status.h"
#include "dfp/runtime/ImageDataset.h"
#include "dfp/runtime/Session.h"

namespace dfp::train {

/// Mean loss and accuracy (a fraction) of `session` over all of `test`, in
/// batches of `batch` images in index order.
Status evaluateTestSet(runtime::Session &session,
                       const runtime::ImageDataset &test, int64_t batch,
                       double &meanLoss, double &accuracy);

} // namespace dfp::train

#endif // DFP_TRAIN_TESTEVALUATION_H
