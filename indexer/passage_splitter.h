// Splits an article's cleaned body into passages, the unit of retrieval.
// Paragraphs are the natural unit; a long paragraph is cut at sentence
// boundaries and very short ones (headings, one-line paragraphs) are merged
// with their neighbours, so that each passage reads on its own in a result
// list. A passage is always one contiguous range of the source text: blocks
// are merged only when nothing but whitespace separates them in the source, so
// dropped boilerplate never ends up inside a passage. Pure; never throws.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "common/article.h"

namespace dossier {

// Bounds in words. 40 is about two sentences of news prose: less rarely stands
// on its own (a heading, a one-line paragraph). 160 is about what fits a result
// snippet area and keeps passages of similar length, so that BM25's length
// normalisation ranks them fairly; a longer paragraph is cut into pieces of
// about `target_words`, at sentence ends.
struct PassageBounds {
    std::size_t min_words = 40;
    std::size_t target_words = 120;
    std::size_t max_words = 160;
};

// `blocks` are in source order and do not overlap. Passage line numbers are
// lines of `source`.
std::vector<Passage> split_into_passages(std::string_view source,
                                         const std::vector<TextBlock>& blocks,
                                         const PassageBounds& bounds = {});

// The paragraphs of a plain text (runs of non-blank lines, as in a JSONL
// `text` field), trimmed, as blocks with their line numbers in `text`.
std::vector<TextBlock> paragraph_blocks(std::string_view text);

// Byte offsets just past each sentence end in `text` (after the terminal
// punctuation and any closing quote), not counting the end of the text.
// Abbreviations ("Mr.", "U.S.", "Jan.") and initials ("John F. Kennedy") do
// not end a sentence.
std::vector<std::size_t> find_sentence_ends(std::string_view text);

}  // namespace dossier
