// Builds the Xapian document of one passage, following common/schema.h: stemmed
// positional terms for the passage and its article's title, boolean filter
// terms, facet values and the stored record.
//
// Not thread-safe (a TermGenerator has state): give each thread its own builder.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "common/article.h"

namespace dossier {

struct PassageDocument {
    Xapian::Document document;
    std::string unique_term;  // the passage id term
};

// Words for Xapian's spelling dictionary ("did you mean"), with their counts.
using SpellingCounts = std::unordered_map<std::string, unsigned>;

class PassageDocumentBuilder {
  public:
    PassageDocumentBuilder();

    // `first_passage` stores the article's extra JSONL fields with this passage.
    PassageDocument build(const Article& article, const AnnotatedPassage& passage,
                          bool first_passage, SpellingCounts& spelling);

  private:
    Xapian::TermGenerator terms_;
};

// "Eric Auchard and Paul Thomasch" -> {"Eric Auchard", "Paul Thomasch"}.
std::vector<std::string> split_authors(const std::string& author);

}  // namespace dossier
