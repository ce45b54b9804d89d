// Runs a fuzz target's LLVMFuzzerTestOneInput over files without libFuzzer,
// so the committed crash inputs replay as ordinary tests in every build.
// Arguments are files or directories (whose regular files are all replayed).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

namespace fs = std::filesystem;

bool replayFile(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  std::fprintf(stderr, "replaying %s (%zu bytes)\n", path.c_str(),
               bytes.size());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  return true;
}

bool isInput(const fs::path &path) {
  // Documentation (README.md) and placeholders (.gitkeep) sit beside inputs.
  return fs::is_regular_file(path) && path.extension() != ".md" &&
         path.filename() != ".gitkeep";
}

} // namespace

int main(int argc, char **argv) {
  size_t replayed = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    fs::path arg(argv[i]);
    if (fs::is_directory(arg)) {
      std::vector<fs::path> files;
      for (const fs::directory_entry &entry : fs::directory_iterator(arg))
        if (isInput(entry.path()))
          files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      for (const fs::path &file : files)
        replayed += replayFile(file);
    } else if (fs::exists(arg)) {
      ok &= replayFile(arg);
      ++replayed;
    } else {
      std::fprintf(stderr, "no such input: %s\n", argv[i]);
      ok = false;
    }
  }
  std::fprintf(stderr, "replayed %zu inputs\n", replayed);
  return ok ? 0 : 1;
}
