// Plain tables shared by the renderers: UTF-8 box drawing for terminals, GitHub Markdown for CI.
#pragma once

#include <string>
#include <vector>

namespace travelctl::reports {

using TableRow = std::vector<std::string>;

/// A box-drawn table; the first row is the heading, the first column left-aligned, the others
/// right-aligned (figures). Every row has the heading's number of cells.
std::string box_table(const std::vector<TableRow>& rows);
/// The same as a GitHub-flavoured Markdown table.
std::string markdown_table(const std::vector<TableRow>& rows);

}  // namespace travelctl::reports
