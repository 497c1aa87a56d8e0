#include "query/cli/result_printer.h"

#include <algorithm>
#include <iomanip>

namespace dossier {

namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";

std::string marked(const Snippet& snippet, const PrintStyle& style) {
    std::string out = snippet.truncated_start ? "…" : "";
    std::size_t at = 0;
    for (const auto& [begin, end] : snippet.highlights) {
        out.append(snippet.text, at, begin - at);
        out += style.color ? kBold : "";
        out.append(snippet.text, begin, end - begin);
        out += style.color ? kReset : "";
        at = end;
    }
    out.append(snippet.text, at, std::string::npos);
    if (snippet.truncated_end)
        out += "…";
    // One line per hit reads best in a list.
    for (char& c : out) {
        if (c == '\n')
            c = ' ';
    }
    return out;
}

std::string attribution(const Article& a, const Passage& p) {
    std::string out = a.source.empty() ? "(no source)" : a.source;
    out += " · " + (a.date ? a.date->iso() : std::string("(no date)"));
    if (!a.author.empty())
        out += " · " + a.author;
    if (!a.dateline.empty())
        out += " · " + a.dateline;
    out += " · " + a.origin_path + ":" + std::to_string(p.line_first);
    if (p.line_last != p.line_first)
        out += "-" + std::to_string(p.line_last);
    return out;
}

void print_passage_hit(std::ostream& out, const Article& article, const PassageHit& hit,
                       const PrintStyle& style, const std::string& indent) {
    out << indent << (style.color ? kDim : "") << hit.passage_id << " · "
        << attribution(article, hit.passage.passage) << (style.color ? kReset : "") << '\n';
    out << indent << marked(hit.snippet, style) << '\n';
    if (!hit.passage.actors.empty()) {
        out << indent << "actors: ";
        for (std::size_t i = 0; i < hit.passage.actors.size(); ++i) {
            out << (i ? ", " : "") << hit.passage.actors[i].name
                << (hit.passage.actors[i].known ? "" : "?");
        }
        out << '\n';
    }
}

}  // namespace

// "and 3 copies (Reuters UK, Reuters US, CNBC)": the sources of the copies
// listed, each once.
std::string copies_line(const StoryInfo& story) {
    const unsigned others = story.size - 1;
    std::string out = "and " + std::to_string(others) + (others == 1 ? " copy (" : " copies (");
    std::vector<std::string> sources;
    for (const StoryCopy& copy : story.copies) {
        const std::string source = copy.article.source.empty() ? "no source" : copy.article.source;
        if (std::find(sources.begin(), sources.end(), source) == sources.end())
            sources.push_back(source);
    }
    for (std::size_t i = 0; i < sources.size(); ++i)
        out += (i ? ", " : "") + sources[i];
    if (story.copies.size() < others)
        out += ", ...";
    return out + ")";
}

void print_result(std::ostream& out, const SearchResult& result, const PrintStyle& style) {
    // An inexact total is Xapian's lower bound: "200+".
    const char* unit = result.stories ? (result.total == 1 ? " story" : " stories")
                                      : (result.total == 1 ? " article" : " articles");
    out << result.total << (result.total_exact ? "" : "+") << unit;
    if (!result.total_exact && result.total_estimate > result.total)
        out << " (about " << result.total_estimate << ")";
    if (!result.hits.empty()) {
        out << "; showing " << result.hits.front().rank << "-" << result.hits.back().rank;
    }
    out << " (" << std::fixed << std::setprecision(1) << result.took_ms << " ms)\n";
    if (!result.suggestion.empty())
        out << "Did you mean: " << result.suggestion << "\n";
    if (result.read_as_words)
        out << "Read as plain words, operators and quotes ignored (" << result.why_words << ")\n";
    if (result.relaxed) {
        const char* hits = result.stories ? "stories" : "articles";
        if (result.all_words_total == 0)
            out << "No article has all " << result.relaxed_words << " words";
        else
            out << "Only " << result.all_words_total << ' '
                << (result.all_words_total == 1 ? (result.stories ? "story" : "article") : hits)
                << (result.all_words_total == 1 ? " has" : " have") << " all "
                << result.relaxed_words << " words";
        out << "; showing " << hits
            << " with any of them, the most and rarest first (--all-words to require every "
               "word)\n";
    }
    if (!result.request_words.empty()) {
        out << "Not counted (words of the request):";
        for (const std::string& word : result.request_words)
            out << ' ' << word;
        out << '\n';
    }
    if (!result.dropped_words.empty() && (result.relaxed || result.read_as_words)) {
        out << "Not counted (common words):";
        for (const std::string& word : result.dropped_words)
            out << ' ' << word;
        out << '\n';
    }
    for (const SearchHit& hit : result.hits) {
        out << '\n'
            << std::setw(3) << hit.rank << ". " << (style.color ? kBold : "")
            << (hit.article.title.empty() ? "(untitled)" : hit.article.title)
            << (style.color ? kReset : "");
        if (hit.score > 0)
            out << "  [" << std::setprecision(2) << hit.score << "]";
        out << "  " << hit.article.id;
        if (hit.matched_passages > hit.passages.size())
            out << "  (" << hit.matched_passages << " passages match)";
        out << '\n';
        if (hit.story.size > 1)
            out << "     " << copies_line(hit.story) << '\n';
        for (const PassageHit& passage : hit.passages)
            print_passage_hit(out, hit.article, passage, style, "     ");
        for (const std::string& line : hit.explanation)
            out << "     explain: " << line << '\n';
    }
    for (const Facet& facet : result.facets) {
        out << '\n' << facet.name << ":";
        for (const FacetValue& v : facet.values)
            out << "  " << v.value << " (" << v.count << ")";
        out << '\n';
    }
}

void print_passage(std::ostream& out, const PassageInContext& view, const PrintStyle& style) {
    const PassageHit& hit = view.passage;
    const Article& a = view.article;
    out << (style.color ? kBold : "") << (a.title.empty() ? "(untitled)" : a.title)
        << (style.color ? kReset : "") << "\n"
        << attribution(a, hit.passage.passage) << "\npassage " << hit.passage_id << ", bytes "
        << hit.passage.passage.byte_begin << "-" << hit.passage.passage.byte_end
        << (a.url.empty() ? "" : "\n" + a.url) << "\n\n";
    for (const PassageHit& before : view.before)
        out << before.passage.passage.text << "\n\n";
    out << (style.color ? kBold : ">>> ") << hit.passage.passage.text
        << (style.color ? kReset : " <<<") << "\n";
    for (const PassageHit& after : view.after)
        out << "\n" << after.passage.passage.text << "\n";
}

void print_story(std::ostream& out, const StoryView& view, const PrintStyle& style) {
    out << view.copies.size() << (view.copies.size() == 1 ? " article" : " articles")
        << " in this story, oldest first\n";
    for (const StoryCopy& copy : view.copies) {
        const Article& a = copy.article;
        out << "\n"
            << (a.date ? a.date->iso() : std::string("(no date)")) << "  "
            << (a.source.empty() ? "(no source)" : a.source) << "  " << (style.color ? kBold : "")
            << (a.title.empty() ? "(untitled)" : a.title) << (style.color ? kReset : "") << "\n  "
            << a.id << " · " << a.origin_path
            << (a.origin_line > 0 ? ":" + std::to_string(a.origin_line) : "") << " · "
            << copy.length << " words";
        if (a.id == view.story.newest_id)
            out << " · newest";
        if (a.id == view.story.longest_id)
            out << " · longest";
        out << (a.url.empty() ? "" : "\n  " + a.url) << "\n";
    }
}

void print_article(std::ostream& out, const ArticleView& view, const PrintStyle& style) {
    const Article& a = view.article;
    out << (style.color ? kBold : "") << (a.title.empty() ? "(untitled)" : a.title)
        << (style.color ? kReset : "") << "\n";
    if (!view.passages.empty())
        out << attribution(a, view.passages.front().passage.passage) << "\n";
    for (const PassageHit& passage : view.passages)
        out << "\n" << passage.passage.passage.text << "\n";
}

}  // namespace dossier
