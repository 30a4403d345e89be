// Opening the store's SQLite file with every start-up check (path, permissions, format, integrity,
// schema), each failure reported with the path and the cause.
#pragma once

#include <memory>
#include <string>

#include "connection.hpp"
#include "travelctl/core/expected.hpp"
#include "travelctl/core/store/store.hpp"

namespace travelctl::core::store::sqlite {

/// The absolute form of `path` (for messages and describe()); `path` itself if that fails.
std::string absolute_path(const std::string& path);

/// A ready connection: WAL, synchronous=FULL, busy timeout, schema at the latest version.
Expected<std::unique_ptr<Connection>, std::string> open_database(const StoreOptions& options);

}  // namespace travelctl::core::store::sqlite
