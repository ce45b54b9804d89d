#include "dfp/jit/KernelDescriptor.h"

#include <sstream>
#include <tuple>

namespace dfp::jit {
namespace {

auto fields(const KernelDescriptor &d) {
  return std::tie(d.op, d.isa, d.avxVnni, d.m, d.n, d.k, d.mr, d.tileRows,
                  d.tileCols, d.lda, d.ldb, d.ldc, d.magBitsA, d.magBitsB,
                  d.chain, d.scaleMode, d.extra);
}

void mix(size_t &seed, uint64_t value) {
  seed ^= std::hash<uint64_t>()(value) + 0x9e3779b97f4a7c15ull + (seed << 6) +
          (seed >> 2);
}

} // namespace

const char *toString(KernelOp op) {
  switch (op) {
  case KernelOp::GemmTile:
    return "gemm_tile";
  case KernelOp::QuantizePack:
    return "quantize_pack";
  }
  return "unknown";
}

const char *toString(GemmScaleMode mode) {
  switch (mode) {
  case GemmScaleMode::Column:
    return "col";
  case GemmScaleMode::Row:
    return "row";
  case GemmScaleMode::RowColumn:
    return "rowcol";
  }
  return "unknown";
}

bool KernelDescriptor::operator==(const KernelDescriptor &other) const {
  return fields(*this) == fields(other);
}

size_t KernelDescriptor::hash() const {
  size_t seed = 0;
  for (uint64_t value :
       {uint64_t(op), uint64_t(isa), uint64_t(avxVnni), uint64_t(m),
        uint64_t(n), uint64_t(k), uint64_t(mr), uint64_t(tileRows),
        uint64_t(tileCols), uint64_t(lda), uint64_t(ldb), uint64_t(ldc),
        uint64_t(magBitsA), uint64_t(magBitsB), uint64_t(chain),
        uint64_t(scaleMode)})
    mix(seed, value);
  for (int64_t value : extra)
    mix(seed, uint64_t(value));
  return seed;
}

std::string KernelDescriptor::name() const {
  std::ostringstream out;
  out << toString(op) << '_' << toString(isa) << (avxVnni ? "_avxvnni" : "")
      << '_' << mr << 'x' << tileCols;
  if (mr != tileRows)
    out << "_of" << tileRows;
  if (op == KernelOp::GemmTile)
    out << '_' << toString(scaleMode);
  out << '_' << std::hex << (hash() & 0xffffffffu);
  return out.str();
}

std::string KernelDescriptor::describe() const {
  std::ostringstream out;
  out << "op = " << toString(op) << "\nisa = " << toString(isa)
      << "\navx_vnni = " << avxVnni << "\nshape = " << m << " x " << n << " x "
      << k << "\nmr = " << mr << "\ntile = " << tileRows << " x " << tileCols
      << "\nld = " << lda << ", " << ldb << ", " << ldc
      << "\nmag_bits = " << magBitsA << ", " << magBitsB
      << "\nchain = " << chain << "\nscale_mode = " << toString(scaleMode)
      << "\nextra = " << extra[0] << ", " << extra[1] << ", " << extra[2]
      << ", " << extra[3] << '\n';
  return out.str();
}

} // namespace dfp::jit
