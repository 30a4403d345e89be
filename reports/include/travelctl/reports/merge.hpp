// `bench merge`: one results file from several load machines that ran the same scenarios at the
// same time. Counts add; histograms add exactly and every percentile is recomputed from the sum.
#pragma once

#include <string>
#include <vector>

#include "travelctl/reports/expected.hpp"
#include "travelctl/reports/results.hpp"

namespace travelctl::reports {

struct Merged {
  Results results;
  std::vector<std::string> warnings;  ///< differences worth knowing (tool versions, configs)
};

/// Why the inputs cannot be merged, one reason each (naming the file, scenario and run).
struct MergeError {
  std::vector<std::string> reasons;
};

/// Merges run i of each scenario across all inputs. Requires the same scenarios, the same number
/// of runs, and a histogram in every run. Per run: requests, rps, bytes/s, errors and
/// behind_schedule add; duration is the longest; latency_ms comes from the merged histogram;
/// timelines align by t_s (requests and errors add; a slice's p50 is the request-weighted mean and
/// its p99 the largest of the inputs, since slices keep no histogram). latency_uncorrected_ms
/// cannot be recomputed and is dropped (with a warning). `names` label the inputs in messages.
Expected<Merged, MergeError> merge_results(const std::vector<Results>& inputs,
                                           const std::vector<std::string>& names);

/// Appends the runs of every input, in input order, into one file (for runs of the same scenarios
/// made by separate invocations, e.g. an interleaved A/B run alternating two targets). Requires
/// the same scenarios in every input; runs are kept as they are and each summary is recomputed.
Expected<Merged, MergeError> append_runs(const std::vector<Results>& inputs,
                                         const std::vector<std::string>& names);

}  // namespace travelctl::reports
