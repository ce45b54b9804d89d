#ifndef DFP_RUNTIME_ATOMICFILE_H
#define DFP_RUNTIME_ATOMICFILE_H

#include "dfp/reference/Status.h"

#include <cstddef>
#include <string>

namespace dfp::runtime {

/// Replaces `path` with `size` bytes atomically and durably: writes a
/// temporary file in the same directory (".<name>.tmp.<pid>.<n>"), fsyncs it,
/// renames it over `path` and fsyncs the directory. On failure the temporary
/// file is removed and `path` is untouched.
Status writeFileAtomically(const std::string &path, const void *data,
                           size_t size);

/// True for names writeFileAtomically gives its temporary files.
bool isTemporaryFileName(const std::string &fileName);

/// Deletes temporary files in `dir` left by processes that no longer run
/// (killed in the middle of writeFileAtomically).
Status removeStaleTemporaryFiles(const std::string &dir);

} // namespace dfp::runtime

#endif // DFP_RUNTIME_ATOMICFILE_H
