#ifndef DFP_EMULATOR_HANDLERTABLE_H
#define DFP_EMULATOR_HANDLERTABLE_H

#include "Exec.h"

#include <array>

namespace dfp::emu {

/// Handlers keyed by mnemonic. A mnemonic without a handler is unsupported.
class HandlerTable {
public:
  void add(ZydisMnemonic mnemonic, Handler handler) {
    handlers_[mnemonic] = handler;
  }
  Handler find(ZydisMnemonic mnemonic) const { return handlers_[mnemonic]; }

  static const HandlerTable &get();

private:
  std::array<Handler, ZYDIS_MNEMONIC_MAX_VALUE + 1> handlers_{};
};

void registerScalarOps(HandlerTable &table);
void registerControlFlowOps(HandlerTable &table);
void registerMaskOps(HandlerTable &table);
void registerVectorMoveOps(HandlerTable &table);
void registerVectorShuffleOps(HandlerTable &table);
void registerVectorIntOps(HandlerTable &table);
void registerVectorFpOps(HandlerTable &table);
void registerVectorConvertOps(HandlerTable &table);

} // namespace dfp::emu

#endif // DFP_EMULATOR_HANDLERTABLE_H
