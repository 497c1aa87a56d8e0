// libFuzzer target: a scraped page (a .txt input of dossier-index).
//
// clean_page promises to take any bytes, so every input goes to it. Inputs
// the indexer would hand on (not blank, no NUL byte, valid UTF-8: page_problem
// in indexer/indexing_run.cpp) then take the rest of the way an article goes,
// passages, actors, dates and its Xapian document (process_article): the
// bytes that reach that code in real runs are only ever those.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/default_gazetteer.h"
#include "indexer/article_processor.h"
#include "indexer/document_builder.h"
#include "indexer/page_cleaner.h"
#include "indexer/passage_splitter.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace dossier;
using fuzz::require;

bool indexer_accepts(std::string_view page) {
    return !text::is_blank(page) && page.find('\0') == std::string_view::npos &&
           fuzz::is_valid_utf8(page);
}

// split_into_passages requires blocks in source order, not overlapping: the
// cleaner's body is what the indexer passes it.
void check_cleaned(std::string_view page, const CleanPage& clean, bool valid_utf8) {
    std::size_t previous_end = 0;
    int number = 0;
    for (const ClassifiedLine& line : clean.lines) {
        require(line.number == ++number, "page lines are numbered 1, 2, 3, ...");
        require(line.begin >= previous_end && line.begin <= line.end && line.end <= page.size(),
                "page lines are byte ranges of the page, in order");
        previous_end = line.end;
    }
    previous_end = 0;
    for (const TextBlock& block : clean.body) {
        require(block.begin >= previous_end && block.begin <= block.end &&
                    block.end <= page.size() && block.line_first <= block.line_last,
                "body blocks are byte ranges of the page, in order, not overlapping");
        previous_end = block.end;
    }
    const PageMetadata& meta = clean.metadata;
    if (meta.date)
        require(fuzz::is_real_date(*meta.date), "a page's date is a real calendar date");
    if (valid_utf8) {
        for (const std::string* field : {&meta.title, &meta.author, &meta.author_bio, &meta.source})
            require(fuzz::is_valid_utf8(*field), "metadata of a UTF-8 page is valid UTF-8");
    }
}

// Passages are stored and shown as they are: a cut inside a UTF-8 sequence
// would reach the JSON output.
void check_passages(std::string_view page, const std::vector<Passage>& passages) {
    std::size_t previous_end = 0;
    int ordinal = 0;
    for (const Passage& passage : passages) {
        require(passage.ordinal == ordinal++, "passage ordinals count from 0");
        require(passage.byte_begin >= previous_end && passage.byte_begin < passage.byte_end &&
                    passage.byte_end <= page.size(),
                "passages are non-empty byte ranges of the page, in order");
        require(
            passage.text == page.substr(passage.byte_begin, passage.byte_end - passage.byte_begin),
            "a passage's text is exactly the page bytes [byte_begin, byte_end)");
        require(fuzz::is_valid_utf8(passage.text), "passages of a UTF-8 page are valid UTF-8");
        previous_end = passage.byte_end;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ActorGazetteer gazetteer = default_gazetteer();
    const std::string_view page = fuzz::as_text(data, size);
    const bool accepted = indexer_accepts(page);

    const CleanPage clean = clean_page(page, CleanOptions{fuzz::kToday});
    check_cleaned(page, clean, fuzz::is_valid_utf8(page));
    if (!accepted)
        return 0;
    check_passages(page, split_into_passages(page, clean.body));

    RawArticle raw;
    raw.kind = InputKind::page;
    raw.article.id = "fuzz";
    raw.article.origin_path = "fuzz.txt";
    raw.text = std::string(page);
    ArticleDocumentBuilder builder;
    SpellingCounts spelling;
    process_article(std::move(raw), gazetteer, ProcessingOptions{fuzz::kToday, {}}, builder,
                    spelling);
    return 0;
}
