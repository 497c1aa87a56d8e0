// The human-readable form of search results for a terminal or a pager:
// rank, title, source, date, path:line and the snippet. Matched words are
// bold (ANSI) only when `color` is on, which the CLI does for terminals.
#pragma once

#include <ostream>

#include "query/search/search_service.h"

namespace dossier {

struct PrintStyle {
    bool color = false;
};

void print_result(std::ostream& out, const SearchResult& result, const PrintStyle& style);
void print_passage(std::ostream& out, const PassageInContext& view, const PrintStyle& style);
void print_article(std::ostream& out, const ArticleView& view, const PrintStyle& style);
void print_story(std::ostream& out, const StoryView& view, const PrintStyle& style);

}  // namespace dossier
