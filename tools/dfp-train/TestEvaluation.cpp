#include "TestEvaluation.h"

#include "dfp/runtime/BatchIterator.h"
#include "dfp/runtime/FashionMnist.h"

#include <cmath>

namespace dfp::train {

Status evaluateTestSet(runtime::Session &session,
                       const runtime::ImageDataset &test, int64_t batch,
                       double &meanLoss, double &accuracy) {
  runtime::BatchOptions batching;
  batching.batchSize = batch;
  batching.shuffle = false;
  batching.normalization = runtime::kFashionMnistNormalization;
  std::unique_ptr<runtime::BatchIterator> batches;
  if (Status s = runtime::BatchIterator::create(test, batching, batches); !s)
    return s;
  double lossSum = 0;
  int64_t correct = 0, count = 0;
  runtime::Batch images;
  while (batches->next(images)) {
    runtime::EvalResult result;
    if (Status s = session.evaluate(images.images.data(), images.labels.data(),
                                    images.size, result);
        !s)
      return Status::error("evaluation failed: " + s.message());
    lossSum += result.meanLoss * double(result.count);
    correct += result.correct;
    count += result.count;
  }
  meanLoss = count ? lossSum / double(count) : NAN;
  accuracy = count ? double(correct) / double(count) : NAN;
  return Status::success();
}

} // namespace dfp::train
