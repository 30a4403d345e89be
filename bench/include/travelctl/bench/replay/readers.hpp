// Readers of replay inputs: our capture NDJSON (travelctl.capture/v1) and HAR 1.2, the format
// told apart by content. Bad lines or entries become problems with their line or index; reading
// goes on.
#pragma once

#include <string>
#include <string_view>

#include "travelctl/bench/expected.hpp"
#include "travelctl/bench/replay/exchange.hpp"

namespace travelctl::bench::replay {

/// Reads NDJSON capture text: one exchange per non-blank line, problems by 1-based line number.
ReplayInput read_capture(std::string_view text);

/// Reads a HAR 1.2 document. The error (the document is not JSON, or has no log.entries array)
/// means nothing can be read; problems in single entries are listed by 0-based entry index.
Expected<ReplayInput, std::string> read_har(std::string_view text);

/// Tells the format by content (a JSON document with a "log" object is HAR; anything else is
/// read as NDJSON lines) and reads it.
Expected<ReplayInput, std::string> read_replay_input(std::string_view text);

}  // namespace travelctl::bench::replay
