#ifndef DFP_TRAIN_SESSIONSETUP_H
#define DFP_TRAIN_SESSIONSETUP_H

#include "ExitCode.h"
#include "Options.h"
#include "dfp/runtime/ImageDataset.h"
#include "dfp/runtime/Session.h"

#include <memory>

namespace dfp::train {

/// The Session options of a run.
runtime::SessionOptions sessionOptions(const RunSettings &settings, int threads,
                                       bool profile);

/// The MLIR text of settings.modelPath, or of the built-in fmnist_cnn.
Status readModelText(const RunSettings &settings, std::string &text);

/// Compiles the training step of settings.modelPath (or the built-in
/// fmnist_cnn) and checks that it takes the images and classes of `data`.
Outcome createTrainingSession(const RunSettings &settings, int threads,
                              bool profile, const runtime::ImageDataset &data,
                              std::unique_ptr<runtime::Session> &out);

} // namespace dfp::train

#endif // DFP_TRAIN_SESSIONSETUP_H
