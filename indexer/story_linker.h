// Stories: an article and its copies (indexer/copy_sketch.h), found at the
// end of every indexing run and written as each copy's story key
// (schema::kSlotStory and schema::story_term, docs/copies.md).
//
// A run's new articles are linked to one another through their sketches
// held in memory, and to the articles of earlier runs, in every shard,
// through the copy candidate terms in the index; a pair the sketches cannot
// decide is decided on the exact shingle sets of the two stored records.
// Copies form a story as connected copies: an article that is a copy of two
// stories joins them (under the larger story's key). A story one of whose
// copies a run deleted or replaced is linked again from its remaining
// copies: it may fall apart into smaller stories, and a copy left alone
// loses its key.
//
// Each shard remembers (metadata schema::kMetaStoriesThrough) the last
// document it has linked, so that a run killed before linking leaves its
// articles to be linked by the next.
//
// Ownership: borrows the writer's shards after the build's workers have
// stopped; reads them on the calling thread, writes each on a thread of its
// own; commits every shard it changed. Errors:
// Xapian errors propagate; a damaged record throws std::runtime_error.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "indexer/copy_sketch.h"
#include "indexer/index_writer.h"

namespace dossier {

// An article a run added, as its worker wrote it.
struct AddedArticle {
    std::size_t sequence = 0;  // input order
    unsigned shard = 0;
    Xapian::docid docid = 0;  // in its shard
    std::string id;
    CopySketch sketch;
};

struct StoryTotals {
    std::size_t pairs_judged = 0;  // candidate pairs whose sketches were compared
    std::size_t exact_checks = 0;  // of those, decided on the exact shingle sets
    std::size_t links = 0;         // copy pairs that joined two stories
    std::size_t keys_written = 0;  // documents whose story key changed
    std::size_t stories = 0;       // in the whole index: stories of two articles or more
    std::size_t articles_in_stories = 0;
    double seconds = 0;        // all of it
    double write_seconds = 0;  // of which writing the keys
};

// `broken_stories`: keys of stories the run deleted an article of. The pair
// search among the run's articles uses `threads` threads.
StoryTotals link_stories(IndexWriter& writer, std::vector<AddedArticle> added,
                         const std::set<std::string>& broken_stories, unsigned threads);

}  // namespace dossier
