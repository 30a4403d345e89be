// Request rendering and sequence state for one connection.
#include "travelctl/bench/driver.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "scenario_json.hpp"
#include "travelctl/bench/response_parser.hpp"

namespace travelctl::bench {

namespace {

// UUIDs name things that must not repeat across runs (Idempotency-Key): unlike every other random
// value they are not reproduced by --seed, but drawn from a generator seeded once per process.
uint64_t process_salt() {
  static const uint64_t salt = [] {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }();
  return salt;
}


constexpr std::size_t kMaxCapturedBody = 8 << 20;

void append_number(std::string& out, uint64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_hex(std::string& out, uint64_t v, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) {
    out.push_back(kHex[(v >> (i * 4)) & 0xF]);
  }
}

}  // namespace

struct RequestPlan::StepPlan {
  const Step* step = nullptr;
  std::vector<const HeaderTemplate*> headers;  // scenario headers not overridden, then the step's
  std::vector<nlohmann::json::json_pointer> pointers;  // by extract index (JSON ones)
  bool is_static = false;
  bool head = false;
  bool captures = false;
  bool extracts_json = false;
  std::string bytes;  // when is_static
};

RequestPlan::RequestPlan(const Scenario& scenario, const Url& target)
    : scenario_(scenario), host_(target.host_header()) {
  uses_slot_.assign(scenario.slot_names.size(), false);
  auto note = [&](const Template& t) {
    for (int s : t.slots()) {
      uses_slot_[static_cast<std::size_t>(s)] = true;
    }
  };
  for (const auto& item : scenario.items) {
    first_flat_.push_back(step_names_.size());
    for (const auto& st : item.steps) {
      step_names_.push_back(item.sequence ? item.name + " / " + st.name : st.name);
    }
    auto& plans = steps_.emplace_back();
    for (const auto& st : item.steps) {
      auto p = std::make_unique<StepPlan>();
      p->step = &st;
      for (const auto& h : scenario.headers) {
        const bool overridden = std::any_of(st.headers.begin(), st.headers.end(), [&](auto& o) {
          return header_name_equals(o.name, h.name);
        });
        if (!overridden) {
          p->headers.push_back(&h);
        }
      }
      for (const auto& h : st.headers) {
        p->headers.push_back(&h);
      }
      p->is_static = st.target.is_literal() && (!st.body || st.body->is_literal());
      note(st.target);
      if (st.body) {
        note(*st.body);
      }
      for (const auto* h : p->headers) {
        p->is_static = p->is_static && h->value.is_literal();
        note(h->value);
      }
      p->head = st.method == "HEAD";
      p->captures = !st.extracts.empty();
      for (const auto& e : st.extracts) {
        p->pointers.emplace_back(e.from_header ? std::string() : e.source);
        p->extracts_json = p->extracts_json || !e.from_header;
      }
      plans.push_back(std::move(p));
    }
  }
  std::string scratch;
  const std::vector<std::string> none(scenario.slot_names.size());
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    for (std::size_t j = 0; j < steps_[i].size(); ++j) {
      if (steps_[i][j]->is_static) {
        render(i, j, none, steps_[i][j]->bytes, scratch);
      }
    }
  }
}

RequestPlan::~RequestPlan() = default;

void RequestPlan::build_static_batch(unsigned copies) {
  static_batch_.clear();
  if (steps_.size() == 1 && steps_[0].size() == 1 && steps_[0][0]->is_static &&
      !steps_[0][0]->captures && scenario_.variables.empty()) {
    for (unsigned i = 0; i < copies; ++i) {
      static_batch_ += steps_[0][0]->bytes;
    }
  }
}

const RequestPlan::StepPlan& RequestPlan::step(std::size_t item, std::size_t step) const {
  return *steps_[item][step];
}

void RequestPlan::render(std::size_t item, std::size_t step, const std::vector<std::string>& values,
                         std::string& out, std::string& scratch) const {
  const StepPlan& p = *steps_[item][step];
  if (p.is_static && !p.bytes.empty()) {
    out += p.bytes;
    return;
  }
  const Step& st = *p.step;
  out += st.method;
  out += ' ';
  st.target.render(out, values);
  out += " HTTP/1.1\r\nHost: ";
  out += host_;
  out += "\r\n";
  for (const auto* h : p.headers) {
    out += h->name;
    out += ": ";
    h->value.render(out, values);
    out += "\r\n";
  }
  if (st.body) {
    scratch.clear();
    st.body->render(scratch, values);
    out += "Content-Length: ";
    append_number(out, scratch.size());
    out += "\r\n\r\n";
    out += scratch;
  } else {
    if (st.method == "POST" || st.method == "PUT" || st.method == "PATCH") {
      out += "Content-Length: 0\r\n";
    }
    out += "\r\n";
  }
}

Driver::Driver(const RequestPlan& plan, uint32_t conn, uint32_t thread, uint32_t run, uint64_t seed)
    : plan_(plan),
      rng_(seed ^ (0x9e3779b97f4a7c15ULL * (conn + 1))),
      uuid_rng_(process_salt() ^ (0x9e3779b97f4a7c15ULL * (conn + 1)) ^
                (0xbf58476d1ce4e5b9ULL * run)),
      conn_(conn) {
  const Scenario& s = plan.scenario();
  values_.resize(s.slot_names.size());
  set_number(kSlotConn, conn);
  set_number(kSlotThread, thread);
  set_number(kSlotRun, run);
  counters_.resize(s.variables.size());
  for (std::size_t i = 0; i < s.variables.size(); ++i) {
    counters_[i] = s.variables[i].start;
  }
  single_item_ = s.items.size() == 1;
  today_ = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())
               .time_since_epoch()
               .count();
  // Constants and connection-scoped variables are evaluated once, here.
  for (std::size_t i = 0; i < s.variables.size(); ++i) {
    const Variable& v = s.variables[i];
    if (v.kind == Variable::Kind::kCounter && v.per_connection) {
      set_number(v.slot, v.start + static_cast<int64_t>(conn) * v.step);
    } else if (v.per_connection || v.kind == Variable::Kind::kValue) {
      evaluate(i);
    }
  }
}

void Driver::evaluate(std::size_t index) {
  const Variable& v = plan_.scenario().variables[index];
  std::string& out = values_[static_cast<std::size_t>(v.slot)];
  switch (v.kind) {
    case Variable::Kind::kValue:
      out = v.values[0];
      break;
    case Variable::Kind::kPick: {
      const double r = rng_.uniform() * v.cumulative_weights.back();
      const auto it = std::upper_bound(v.cumulative_weights.begin(), v.cumulative_weights.end(), r);
      const auto k = std::min<std::size_t>(it - v.cumulative_weights.begin(), v.values.size() - 1);
      out = v.values[k];
      break;
    }
    case Variable::Kind::kCounter:
      set_number(v.slot, counters_[index]);
      counters_[index] += v.step;
      break;
    case Variable::Kind::kRandomInt:
      set_number(v.slot, v.min + random_below(static_cast<uint64_t>(v.max - v.min) + 1));
      break;
    case Variable::Kind::kDate: {
      // Per connection the day is spread, not drawn (as a connection-scoped counter is): each
      // connection gets its own day, so concurrent sequences do not contend for the same trips.
      const auto span = static_cast<uint64_t>(v.max - v.min) + 1;
      const int64_t offset =
          v.per_connection ? static_cast<int64_t>(conn_ % span) : random_below(span);
      const int64_t day = today_ + v.min + offset;
      const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                    static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
      out.assign(buf);
      break;
    }
  }
}

int64_t Driver::random_below(uint64_t n) {
  return n == 0 ? static_cast<int64_t>(rng_.next()) : static_cast<int64_t>(rng_.next() % n);
}

void Driver::set_number(int slot, int64_t v) {
  std::string& s = values_[static_cast<std::size_t>(slot)];
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  s.assign(buf, end);
}

void Driver::start_item() {
  const Scenario& s = plan_.scenario();
  if (single_item_) {
    item_ = 0;
  } else {
    const double r = rng_.uniform() * s.cumulative_weights.back();
    const auto it = std::upper_bound(s.cumulative_weights.begin(), s.cumulative_weights.end(), r);
    item_ = static_cast<uint32_t>(
        std::min<std::size_t>(it - s.cumulative_weights.begin(), s.items.size() - 1));
  }
  step_ = 0;
  in_sequence_ = s.items[item_].steps.size() > 1;
  if (plan_.uses_slot(kSlotIteration)) {
    set_number(kSlotIteration, static_cast<int64_t>(iteration_));
  }
  ++iteration_;
  if (plan_.uses_slot(kSlotRandomId)) {
    std::string& v = values_[kSlotRandomId];
    v.clear();
    append_hex(v, rng_.next(), 16);
  }
  if (plan_.uses_slot(kSlotUuid)) {
    const uint64_t hi = (uuid_rng_.next() & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    const uint64_t lo = (uuid_rng_.next() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    std::string& v = values_[kSlotUuid];
    v.clear();
    append_hex(v, hi >> 32, 8);
    v += '-';
    append_hex(v, (hi >> 16) & 0xFFFF, 4);
    v += '-';
    append_hex(v, hi & 0xFFFF, 4);
    v += '-';
    append_hex(v, lo >> 48, 4);
    v += '-';
    append_hex(v, lo & 0xFFFFFFFFFFFFULL, 12);
  }
  for (std::size_t i = 0; i < s.variables.size(); ++i) {
    const Variable& v = s.variables[i];
    if (!v.per_connection && v.kind != Variable::Kind::kValue && plan_.uses_slot(v.slot)) {
      evaluate(i);
    }
  }
}

Driver::Sent Driver::next(std::string& out) {
  if (!in_sequence_) {
    start_item();
  }
  const auto& plan = plan_.step(item_, step_);
  plan_.render(item_, step_, values_, out, scratch_);
  Sent sent;
  sent.item = item_;
  sent.step = step_;
  sent.head = plan.head;
  sent.continues = step_ + 1 < plan_.scenario().items[item_].steps.size();
  return sent;
}

void Driver::prepare(const Sent& sent, ResponseParser& parser) {
  const auto& plan = plan_.step(sent.item, sent.step);
  if (!plan.captures) {
    return;
  }
  if (plan.extracts_json) {
    parser.capture_body(&body_, kMaxCapturedBody);
  }
  for (const auto& e : plan.step->extracts) {
    if (e.from_header) {
      values_[static_cast<std::size_t>(e.slot)].clear();
      parser.capture_header(e.source, &values_[static_cast<std::size_t>(e.slot)]);
    }
  }
}

Driver::Outcome Driver::on_response(const Sent& sent, int status, const ResponseParser& parser) {
  const auto& plan = plan_.step(sent.item, sent.step);
  const Step& st = *plan.step;
  const bool ok = st.expect.empty()
                      ? (status >= 200 && status < 300)
                      : std::find(st.expect.begin(), st.expect.end(), status) != st.expect.end();
  Outcome outcome = ok ? Outcome::kOk : Outcome::kUnexpectedStatus;
  if (ok && plan.captures) {
    nlohmann::json doc;
    if (plan.extracts_json) {
      try {
        doc = nlohmann::json::parse(body_, nullptr, false);
      } catch (const nlohmann::json::exception&) {
        doc = nlohmann::json(nlohmann::json::value_t::discarded);
      }
      if (doc.is_discarded() || parser.body_truncated()) {
        outcome = Outcome::kExtractFailed;
      }
    }
    for (std::size_t i = 0; i < st.extracts.size() && outcome == Outcome::kOk; ++i) {
      const Extraction& e = st.extracts[i];
      std::string& slot = values_[static_cast<std::size_t>(e.slot)];
      if (e.from_header) {
        if (slot.empty()) {
          outcome = Outcome::kExtractFailed;
        }
        continue;
      }
      try {
        if (!doc.contains(plan.pointers[i])) {
          outcome = Outcome::kExtractFailed;
          continue;
        }
        const auto& v = doc.at(plan.pointers[i]);
        slot = v.is_string() ? v.get<std::string>() : v.dump();
      } catch (const nlohmann::json::exception&) {
        outcome = Outcome::kExtractFailed;
      }
    }
  }
  if (outcome == Outcome::kOk && sent.continues) {
    step_ = sent.step + 1;
  } else {
    in_sequence_ = false;  // done, or failed: the next request starts a new item
    step_ = 0;
  }
  return outcome;
}

bool Driver::abort() {
  const bool was = in_sequence_;
  in_sequence_ = false;
  step_ = 0;
  return was;
}

}  // namespace travelctl::bench
