// Turns one article as read (a page file, or a JSONL record's `text`) into
// its Xapian document: page cleaning and metadata, passage splitting, actors
// and dates, document building. Runs on worker threads:
// everything it touches is the caller's (the gazetteer is only read; each
// thread brings its own builder and spelling counts).
//
// Errors: none thrown for bad text; an article with nothing to index comes
// back with its `problem` set (indexer/input_problem.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/article.h"
#include "common/dates.h"
#include "common/gazetteer.h"
#include "indexer/document_builder.h"
#include "indexer/input_files.h"
#include "indexer/input_problem.h"
#include "indexer/passage_splitter.h"

namespace dossier {

// One article as read, before any processing.
struct RawArticle {
    Article article;
    std::string text;  // the page file, or the JSONL `text`
    InputKind kind = InputKind::page;
};

struct ProcessedArticle {
    Article article;
    ArticleDocument document;
    std::size_t passages = 0;
    std::size_t actor_mentions = 0;       // passage-actor pairs
    std::optional<InputProblem> problem;  // set: nothing to index
    // A JSONL record with neither title nor text: nothing to index, and
    // nothing wrong with the input either (counted, not skipped).
    bool empty = false;
};

struct ProcessingOptions {
    CivilDate today;  // resolves the year of weekday-only lead dates
    PassageBounds bounds;
};

// Adds the words of the article's passages and title to `spelling`.
ProcessedArticle process_article(RawArticle&& raw, const ActorGazetteer& gazetteer,
                                 const ProcessingOptions& options, ArticleDocumentBuilder& builder,
                                 SpellingCounts& spelling);

// The line a problem of this article is reported on: the JSONL record's
// line, or 0 (the whole file) for a page.
int article_line(const Article& article);

}  // namespace dossier
