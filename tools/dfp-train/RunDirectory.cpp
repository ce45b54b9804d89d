#include "RunDirectory.h"

#include "Summary.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace dfp::train {

std::string defaultRunDir(const std::string &precision, std::time_t now) {
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
  return "runs/" + precision + "-" + stamp;
}

Status createRunDirectory(const std::string &requested,
                          const std::string &precision, std::time_t now,
                          std::string &dir, bool *holdsRun) {
  std::string candidate = requested;
  if (candidate.empty()) {
    std::string base = defaultRunDir(precision, now);
    candidate = base;
    for (int n = 2; fs::exists(candidate); ++n)
      candidate = base + "-" + std::to_string(n);
  }
  RunPaths paths{candidate};
  bool inUse =
      fs::exists(paths.checkpoints()) || fs::exists(paths.metricsCsv());
  if (holdsRun)
    *holdsRun = inUse;
  if (inUse)
    return Status::error(candidate +
                         ": holds a run already; continue it with --resume " +
                         candidate + " or choose another --run-dir");
  std::error_code error;
  fs::create_directories(candidate, error);
  if (error)
    return Status::error(
        candidate + ": cannot create the run directory: " + error.message());
  if (!fs::is_directory(candidate))
    return Status::error(candidate + ": exists and is not a directory");
  dir = candidate;
  return Status::success();
}

std::string findLatestSiblingRun(const std::string &runDir,
                                 const std::string &precision) {
  std::error_code error;
  fs::path self = fs::weakly_canonical(runDir, error);
  if (error)
    return "";
  fs::path parent = self.parent_path();
  std::string best;
  fs::file_time_type bestTime{};
  for (fs::directory_iterator it(parent, error), end; !error && it != end;
       it.increment(error)) {
    std::error_code ignored;
    if (!it->is_directory(ignored) || fs::equivalent(it->path(), self, ignored))
      continue;
    RunPaths paths{it->path().string()};
    std::map<std::string, std::string> summary;
    if (!readSummaryScalars(paths.summaryJson(), summary) ||
        summary["precision"] != precision || summary["complete"] != "true")
      continue;
    fs::file_time_type time = fs::last_write_time(paths.summaryJson(), ignored);
    if (ignored)
      continue;
    if (best.empty() || time > bestTime) {
      best = paths.dir;
      bestTime = time;
    }
  }
  return best;
}

} // namespace dfp::train
