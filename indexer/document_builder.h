// Builds the Xapian document of one article, following common/schema.h:
// stemmed positional terms for its title and passages (the title also under
// `title:`), boolean filter terms, facet values, the passage bounds value and
// the stored record with the passage table (common/stored_article.h), and
// the copy candidate terms of its text (indexer/copy_sketch.h).
//
// Not thread-safe (a TermGenerator has state): give each thread its own builder.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "common/article.h"
#include "common/record_compression.h"
#include "indexer/copy_sketch.h"

namespace dossier {

struct ArticleDocument {
    Xapian::Document document;
    std::string unique_term;               // the article id term
    std::vector<ActorRef> actors;          // distinct, in order of first mention
    bool actors_over_facet_slots = false;  // more distinct actors than schema::kActorSlotCount
    CopySketch sketch;                     // of the passages' text: finds the article's copies
};

// Words for Xapian's spelling dictionary ("did you mean"), with their counts.
using SpellingCounts = std::unordered_map<std::string, unsigned>;

class ArticleDocumentBuilder {
  public:
    // `records` (borrowed, may be null: records stay plain) compresses the
    // stored records; the caller keeps it alive and unchanged while building.
    explicit ArticleDocumentBuilder(const RecordCompressor* records = nullptr);

    // Adds the words of the title and passages to `spelling`.
    // `title_actors`: the actors the title names; they count for the article
    // (filters, facets) ahead of its passages' actors, in no passage.
    ArticleDocument build(const Article& article, const std::vector<ActorRef>& title_actors,
                          const std::vector<AnnotatedPassage>& passages, SpellingCounts& spelling);

  private:
    Xapian::TermGenerator terms_;
    const RecordCompressor* records_;
};

// "Eric Auchard and Paul Thomasch" -> {"Eric Auchard", "Paul Thomasch"}.
std::vector<std::string> split_authors(const std::string& author);

}  // namespace dossier
