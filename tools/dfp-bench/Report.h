#ifndef DFP_BENCH_REPORT_H
#define DFP_BENCH_REPORT_H

#include "Comparison.h"
#include "Host.h"
#include "Peaks.h"
#include "dfp/reference/Status.h"

#include <ostream>
#include <string>
#include <vector>

namespace dfp::bench {

/// CPU model, ISA levels, thread counts and one line per entry of
/// `settings`.
void printHost(std::ostream &out, const Host &host,
               const std::vector<std::string> &settings);

/// The measured peaks and their ratio (the ceiling of the DFP16 speed-up
/// over FP32) per thread count.
void printPeaks(std::ostream &out, const Peaks &peaks);

/// One line per comparison; "n/a" where dfpc has no kernel yet, followed by
/// the reasons.
void printTable(std::ostream &out, const std::vector<Comparison> &rows);

/// Writes a JSON array with one object per comparison: name, op, isa,
/// threads, quantize_included, dfp_gops, onednn_gops, ratio, peak_fraction
/// (null when not available), plus onednn_fp32_peak_fraction, relative_error
/// (dfp against oneDNN), pairs, note.
Status writeSummaryJson(const std::string &path,
                        const std::vector<Comparison> &rows);

} // namespace dfp::bench

#endif // DFP_BENCH_REPORT_H
