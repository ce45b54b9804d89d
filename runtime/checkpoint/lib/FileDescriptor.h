#ifndef DFP_RUNTIME_CHECKPOINT_FILEDESCRIPTOR_H
#define DFP_RUNTIME_CHECKPOINT_FILEDESCRIPTOR_H

#include "dfp/reference/Status.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <unistd.h>

namespace dfp::runtime {

/// Owns a POSIX file descriptor.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  FileDescriptor(const FileDescriptor &) = delete;
  FileDescriptor &operator=(const FileDescriptor &) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  /// Closes now, reporting the error close() may return.
  int close() {
    int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

private:
  int fd_;
};

/// "<path>: <what>: <strerror(errno)>"
inline Status systemError(const std::string &path, const std::string &what) {
  return Status::error(path + ": " + what + ": " + std::strerror(errno));
}

} // namespace dfp::runtime

#endif // DFP_RUNTIME_CHECKPOINT_FILEDESCRIPTOR_H
