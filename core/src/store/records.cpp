// Names of the store's enumerations, as shown to people and written in the database.
#include "travelctl/core/store/records.hpp"

namespace travelctl::core::store {

const char* to_string(IdempotencyState state) {
  switch (state) {
    case IdempotencyState::in_progress:
      return "in_progress";
    case IdempotencyState::completed:
      return "completed";
    case IdempotencyState::unknown_outcome:
      return "unknown_outcome";
  }
  return "?";
}

const char* to_string(BeginOutcome outcome) {
  switch (outcome) {
    case BeginOutcome::started:
      return "started";
    case BeginOutcome::replay:
      return "replay";
    case BeginOutcome::conflict:
      return "conflict";
    case BeginOutcome::in_progress:
      return "in_progress";
    case BeginOutcome::unknown_outcome:
      return "unknown_outcome";
  }
  return "?";
}

const char* to_string(OutboxState state) {
  switch (state) {
    case OutboxState::pending:
      return "pending";
    case OutboxState::delivered:
      return "delivered";
    case OutboxState::dead:
      return "dead";
  }
  return "?";
}

const char* to_string(BatchStatus status) {
  switch (status) {
    case BatchStatus::queued:
      return "queued";
    case BatchStatus::running:
      return "running";
    case BatchStatus::done:
      return "done";
  }
  return "?";
}

const char* to_string(StoreError::Code code) {
  switch (code) {
    case StoreError::Code::busy:
      return "busy";
    case StoreError::Code::io:
      return "io";
    case StoreError::Code::corrupt:
      return "corrupt";
    case StoreError::Code::conflict:
      return "conflict";
    case StoreError::Code::closed:
      return "closed";
    case StoreError::Code::internal:
      return "internal";
  }
  return "?";
}

std::optional<OutboxState> parse_outbox_state(std::string_view text) {
  for (auto s : {OutboxState::pending, OutboxState::delivered, OutboxState::dead}) {
    if (text == to_string(s)) {
      return s;
    }
  }
  return std::nullopt;
}

std::optional<BatchStatus> parse_batch_status(std::string_view text) {
  for (auto s : {BatchStatus::queued, BatchStatus::running, BatchStatus::done}) {
    if (text == to_string(s)) {
      return s;
    }
  }
  return std::nullopt;
}

}  // namespace travelctl::core::store
