// The report's stylesheet, inlined into every page. Private to the reports library.
#pragma once

namespace travelctl::reports::html {

extern const char* const kReportCss;

}  // namespace travelctl::reports::html
