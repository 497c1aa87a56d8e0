#include "indexer/article_processor.h"

#include <algorithm>
#include <optional>

#include "common/text.h"
#include "indexer/actor_annotator.h"
#include "indexer/dateline.h"
#include "indexer/page_cleaner.h"

namespace dossier {

ProcessedArticle process_article(RawArticle&& raw, const ActorGazetteer& gazetteer,
                                 const ProcessingOptions& options, ArticleDocumentBuilder& builder,
                                 SpellingCounts& spelling) {
    ProcessedArticle out;
    out.article = std::move(raw.article);
    std::vector<Passage> passages;
    if (raw.kind == InputKind::page) {
        CleanPage page = clean_page(raw.text, CleanOptions{options.today});
        out.article.title = page.metadata.title;
        out.article.author = page.metadata.author;
        out.article.author_bio = page.metadata.author_bio;
        out.article.source = page.metadata.source;
        out.article.date = page.metadata.date;
        out.article.date_origin = page.metadata.date_origin;
        passages = split_into_passages(raw.text, page.body, options.bounds);
        if (passages.empty())
            out.problem = InputProblem{"no article text left after removing boilerplate",
                                       article_line(out.article)};
    } else {
        passages = split_into_passages(raw.text, paragraph_blocks(raw.text), options.bounds);
        for (Passage& passage : passages) {
            passage.line_first = passage.line_last = out.article.origin_line;
        }
        // A headline-only story (a title, no text: 1,799 of Reuters-21578's)
        // is indexed by its title, without passages.
        if (passages.empty() && text::is_blank(out.article.title)) {
            out.empty = true;
            return out;
        }
    }
    if (out.problem)
        return out;
    std::optional<int> year;
    if (out.article.date)
        year = out.article.date->year;
    std::vector<std::string> credited;
    std::vector<AnnotatedPassage> annotated =
        annotate_passages(std::move(passages), gazetteer, year, &credited);
    // The people a credit line names wrote or edited the article: its
    // authors (searchable with author:), not its actors.
    if (!credited.empty()) {
        std::vector<std::string> authors = split_authors(out.article.author);
        for (const std::string& person : credited) {
            const std::string folded = text::fold_case(person);
            if (std::none_of(authors.begin(), authors.end(),
                             [&](const std::string& a) { return text::fold_case(a) == folded; }))
                authors.push_back(person);
        }
        std::string joined;
        for (const std::string& author : authors)
            joined += (joined.empty() ? "" : ", ") + author;
        out.article.author = std::move(joined);
    }
    out.passages = annotated.size();
    for (const AnnotatedPassage& passage : annotated)
        out.actor_mentions += passage.actors.size();
    // The headline names what the article is about, and is all a
    // headline-only story has. A headline in capitals ("SYRIA SAYS ISRAEL
    // BLOCKS ...") gives only actors the gazetteer knows: capitals say
    // nothing there about which words are names.
    std::vector<ActorRef> title_actors;
    const bool capitals = text::fold_case(out.article.title) != out.article.title &&
                          !text::has_lower_case(out.article.title);
    for (const ActorMatch& match : gazetteer.match(out.article.title)) {
        if (!capitals || match.actor.known)
            title_actors.push_back(match.actor);
    }
    // The dateline's country is an actor of the article too (the country
    // facet counts it): "TOKYO, March 3" is a story from Japan.
    if (out.article.dateline.empty())
        out.article.dateline =
            annotated.empty() ? std::string() : dateline_of_text(annotated.front().passage.text);
    if (const Actor* country = dateline_country(out.article.dateline, gazetteer, out.article.date))
        title_actors.push_back({country->name, country->type, true});
    out.actor_mentions += title_actors.size();
    out.document = builder.build(out.article, title_actors, annotated, spelling);
    return out;
}

int article_line(const Article& article) {
    return article.origin_line;
}

}  // namespace dossier
