// libFuzzer target: one line of a JSON Lines corpus, read by
// parse_jsonl_record and, when it is an article, processed as dossier-index
// processes it (process_article: passages, actors, dates, Xapian document).
//
// A line is whatever a scrape wrote, so the whole input is the line; an
// InputProblem is the answer for anything that is not an article, never a
// crash. What comes out is checked against the header's promises: text that
// passages and JSON output can rely on.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "common/default_gazetteer.h"
#include "indexer/article_processor.h"
#include "indexer/document_builder.h"
#include "indexer/jsonl_reader.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace dossier;
using fuzz::require;

constexpr int kLineNumber = 7;

void check_record(const JsonlRecord& record) {
    const Article& article = record.article;
    require(!article.id.empty(), "a record always has an id (its own, or path:line)");
    require(article.origin_line == kLineNumber, "a record keeps its line number");
    for (const std::string* field : {&record.text, &article.id, &article.title, &article.author,
                                     &article.source, &article.url, &article.dateline}) {
        require(fuzz::is_valid_utf8(*field), "a record's text fields are valid UTF-8");
    }
    if (article.date)
        require(fuzz::is_real_date(*article.date), "a record's date is a real date");
    require(article.extra.is_object(), "a record's other fields are a JSON object");
    // Every search hit writes them out, with dump()'s strict UTF-8 check.
    article.extra.dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ActorGazetteer gazetteer = default_gazetteer();
    const std::string_view line = fuzz::as_text(data, size);

    Expected<JsonlRecord> parsed = parse_jsonl_record(line, "fuzz.jsonl", kLineNumber);
    if (!parsed) {
        require(!parsed.problem().reason.empty() && parsed.problem().line == kLineNumber,
                "a refused line says why, on its line");
        return 0;
    }
    JsonlRecord& record = *parsed;
    check_record(record);

    RawArticle raw;
    raw.kind = InputKind::jsonl;
    raw.article = std::move(record.article);
    raw.text = std::move(record.text);
    ArticleDocumentBuilder builder;
    SpellingCounts spelling;
    process_article(std::move(raw), gazetteer, ProcessingOptions{fuzz::kToday, {}}, builder,
                    spelling);
    return 0;
}
