// Chooses the Store backend named by the configuration (store.kind).
#include "sqlite/sqlite_store.hpp"
#include "travelctl/core/store/store.hpp"

namespace travelctl::core::store {

Expected<std::unique_ptr<Store>, std::string> open_store(const StoreOptions& options) {
  if (options.kind == "sqlite") {
    return sqlite::open_sqlite_store(options);
  }
  if (options.kind == "redis") {
    // The seam for the shared backend (DESIGN.md "State"): a RedisStore implementing Store over
    // hiredis + Asio goes here. Refused clearly until it exists, rather than falling back silently.
    return unexpected(std::string("store.kind \"redis\" (") + options.url +
                      ") is not available in this build yet; use \"sqlite\"");
  }
  return unexpected("store.kind: unknown backend \"" + options.kind +
                    "\" (expected \"sqlite\" or \"redis\")");
}

}  // namespace travelctl::core::store
