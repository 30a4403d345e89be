// The SQLite schema of the store and its migrations (PRAGMA user_version is the version).
#pragma once

#include <string>

#include "connection.hpp"

namespace travelctl::core::store::sqlite {

/// PRAGMA application_id of a travelctl store ("TRVL"), to refuse other applications' files.
constexpr int kApplicationId = 0x5452564C;

/// The newest schema version this build knows.
int latest_schema_version();

/// Brings the schema to the latest version inside one write transaction. Returns "" on success,
/// else why the file cannot be used (a newer version, another application's database).
std::string migrate(Connection& db);

}  // namespace travelctl::core::store::sqlite
