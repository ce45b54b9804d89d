#include "dfp/runtime/AtomicFile.h"

#include "FileDescriptor.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace dfp::runtime {
namespace {

constexpr const char *kTemporaryMarker = ".tmp.";

std::string directoryOf(const std::string &path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string temporaryPathFor(const std::string &path) {
  static std::atomic<uint64_t> counter{0};
  std::filesystem::path target(path);
  std::string name = "." + target.filename().string() + kTemporaryMarker +
                     std::to_string(getpid()) + "." + std::to_string(counter++);
  return (std::filesystem::path(directoryOf(path)) / name).string();
}

/// The writer's pid in a temporary file name, or 0 if the name is not one.
pid_t writerOf(const std::string &fileName) {
  if (fileName.empty() || fileName[0] != '.')
    return 0;
  size_t marker = fileName.rfind(kTemporaryMarker);
  if (marker == std::string::npos)
    return 0;
  unsigned long long pid = 0;
  unsigned long long sequence = 0;
  int consumed = 0;
  const char *fields =
      fileName.c_str() + marker + std::strlen(kTemporaryMarker);
  if (std::sscanf(fields, "%llu.%llu%n", &pid, &sequence, &consumed) != 2 ||
      fields[consumed] != '\0' || pid == 0)
    return 0;
  return pid_t(pid);
}

Status writeAll(int fd, const uint8_t *bytes, size_t size,
                const std::string &path) {
  while (size > 0) {
    ssize_t written = ::write(fd, bytes, size);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return systemError(path, "write failed");
    }
    bytes += written;
    size -= size_t(written);
  }
  return Status::success();
}

Status syncDirectory(const std::string &dir) {
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid())
    return systemError(dir, "cannot open directory to sync it");
  if (::fsync(fd.get()) != 0)
    return systemError(dir, "fsync of the directory failed");
  return Status::success();
}

Status writeAndRename(const std::string &temporary, const std::string &path,
                      const void *data, size_t size) {
  FileDescriptor fd(
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!fd.valid())
    return systemError(temporary, "cannot create temporary file");
  if (Status s = writeAll(fd.get(), static_cast<const uint8_t *>(data), size,
                          temporary);
      !s.ok())
    return s;
  if (::fsync(fd.get()) != 0)
    return systemError(temporary, "fsync failed");
  if (fd.close() != 0)
    return systemError(temporary, "close failed");
  if (::rename(temporary.c_str(), path.c_str()) != 0)
    return systemError(path, "cannot rename " + temporary + " to it");
  return Status::success();
}

} // namespace

Status writeFileAtomically(const std::string &path, const void *data,
                           size_t size) {
  std::string temporary = temporaryPathFor(path);
  if (Status s = writeAndRename(temporary, path, data, size); !s.ok()) {
    ::unlink(temporary.c_str());
    return s;
  }
  return syncDirectory(directoryOf(path));
}

bool isTemporaryFileName(const std::string &fileName) {
  return writerOf(fileName) != 0;
}

Status removeStaleTemporaryFiles(const std::string &dir) {
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  if (error)
    return Status::error(dir + ": cannot list: " + error.message());
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    const std::filesystem::path &file = it->path();
    pid_t writer = writerOf(file.filename().string());
    if (writer == 0 || writer == getpid())
      continue;
    bool writerAlive = ::kill(writer, 0) == 0 || errno == EPERM;
    if (!writerAlive && ::unlink(file.c_str()) != 0 && errno != ENOENT)
      return systemError(file.string(), "cannot remove stale file");
  }
  if (error)
    return Status::error(dir + ": cannot list: " + error.message());
  return Status::success();
}

} // namespace dfp::runtime
