// What the terminal allows: colour only on a TTY and never with NO_COLOR (DESIGN.md conventions).
#pragma once

#include <unistd.h>

#include <cstdlib>

namespace travelctl::cli {

inline bool stdout_is_tty() { return isatty(STDOUT_FILENO) == 1; }

/// ANSI colour on stdout: a terminal, and NO_COLOR unset or empty.
inline bool colour_wanted() {
  const char* no_color = std::getenv("NO_COLOR");
  return stdout_is_tty() && (no_color == nullptr || *no_color == '\0');
}

}  // namespace travelctl::cli
