// Plain text and Markdown tables (see text_table.hpp).
#include "travelctl/reports/text_table.hpp"

#include <algorithm>

namespace travelctl::reports {

std::string box_table(const std::vector<TableRow>& rows) {
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      width[i] = std::max(width[i], r[i].size());
    }
  }
  auto rule = [&](const char* left, const char* mid, const char* right) {
    std::string s = left;
    for (std::size_t i = 0; i < width.size(); ++i) {
      for (std::size_t k = 0; k < width[i] + 2; ++k) {
        s += "─";
      }
      s += i + 1 < width.size() ? mid : right;
    }
    return s + "\n";
  };
  std::string out = rule("┌", "┬", "┐");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += "│";
    for (std::size_t i = 0; i < rows[r].size(); ++i) {
      const std::string& cell = rows[r][i];
      const std::size_t pad = width[i] - cell.size();
      out.push_back(' ');
      if (i == 0) {
        out.append(cell).append(pad, ' ');
      } else {
        out.append(pad, ' ').append(cell);
      }
      out.append(" │");
    }
    out += "\n";
    if (r == 0) {
      out += rule("├", "┼", "┤");
    }
  }
  return out + rule("└", "┴", "┘");
}

std::string markdown_table(const std::vector<TableRow>& rows) {
  std::string out;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += "|";
    for (const auto& c : rows[r]) {
      out += " " + c + " |";
    }
    out += "\n";
    if (r == 0) {
      out += "|---|";
      for (std::size_t i = 1; i < rows[r].size(); ++i) {
        out += "---:|";
      }
      out += "\n";
    }
  }
  return out;
}

}  // namespace travelctl::reports
