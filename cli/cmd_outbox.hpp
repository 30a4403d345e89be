// `travelctl outbox list|show|retry`: on-call tools for the webhook outbox of a store, usable while
// `travelctl serve` runs on the same file.
#pragma once

#include <string>

#include "command.hpp"

namespace travelctl::cli {

/// Which store the outbox commands open. Resolved as `serve` resolves it, so both open the same
/// file: --store, else TRAVELCTL_STORE_PATH, else `store.path` of --config, else `travelctl.db`.
struct OutboxStoreOptions {
  std::string store;        ///< --store PATH
  std::string config_file;  ///< --config F
};

/// Flags of `outbox list`.
struct OutboxListOptions {
  OutboxStoreOptions where;
  bool dead = false;   ///< shorthand for --state dead
  std::string state;   ///< pending, delivered or dead; empty: every state
  std::string client;  ///< only this client's entries
  int limit = 100;     ///< at most this many entries, oldest first
  std::string format = "table";
};

/// Flags of `outbox show ID`.
struct OutboxShowOptions {
  OutboxStoreOptions where;
  std::string id;
  std::string format = "table";
};

/// Flags of `outbox retry ID` and `outbox retry --dead [--client C]`.
struct OutboxRetryOptions {
  OutboxStoreOptions where;
  std::string id;     ///< one dead entry
  bool dead = false;  ///< every dead entry (of `client`, if given)
  std::string client;
};

/// Registers `outbox` and its subcommands `list`, `show` and `retry`.
void add_outbox_command(CLI::App& app, int& exit_code);
/// Each returns the exit code: 0 ok, 2 usage or input error (unknown entry, not dead), 3 the store
/// cannot be opened or fails.
int run_outbox_list(const OutboxListOptions& options);
int run_outbox_show(const OutboxShowOptions& options);
int run_outbox_retry(const OutboxRetryOptions& options);

}  // namespace travelctl::cli
