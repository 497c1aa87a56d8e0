#include "benchmarks/article_stream.h"

#include <stdexcept>
#include <variant>

#include "indexer/jsonl_reader.h"

namespace dossier::bench {

std::size_t for_each_article(const std::vector<std::filesystem::path>& files, std::size_t limit,
                             const std::function<void(const StreamedArticle&)>& visit) {
    std::size_t count = 0;
    StreamedArticle article;
    std::string line;
    for (const std::filesystem::path& file : files) {
        auto opened = JsonlReader::open(file, 16U << 20);
        if (!opened)
            throw std::runtime_error(file.string() + ": " + opened.problem().reason);
        JsonlReader& reader = **opened;
        for (;;) {
            const JsonlReader::Status status = reader.next(line);
            if (status == JsonlReader::Status::end)
                break;
            if (status == JsonlReader::Status::problem) {
                if (reader.problem().reason.starts_with("read error"))
                    throw std::runtime_error(reader.problem().location(file.string()) + ": " +
                                             reader.problem().reason);
                continue;  // a line over the limit
            }
            auto record = parse_jsonl_record(line, file.filename().string(), reader.line_number());
            if (!record || record->text.empty())
                continue;
            article.id = std::move(record->article.id);
            article.title = std::move(record->article.title);
            article.text = std::move(record->text);
            article.date = record->article.date ? record->article.date->iso() : std::string();
            visit(article);
            if (++count == limit)
                return count;
        }
    }
    return count;
}

}  // namespace dossier::bench
