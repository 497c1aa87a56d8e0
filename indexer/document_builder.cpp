#include "indexer/document_builder.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "common/schema.h"
#include "common/stored_article.h"
#include "common/text.h"

namespace dossier {

namespace {

// Words worth a spelling suggestion: letters only, not too short or long.
bool wants_spelling(std::string_view word) {
    if (word.size() < 3 || word.size() > 24)
        return false;
    for (const char c : word) {
        if (c >= '0' && c <= '9')
            return false;
    }
    return true;
}

void add_spelling_words(std::string_view text, SpellingCounts& spelling) {
    for (const text::Word& word : text::find_words(text)) {
        const std::string_view raw = text.substr(word.begin, word.end - word.begin);
        if (!wants_spelling(raw))
            continue;
        ++spelling[text::fold_case(raw)];
    }
}

void add_boolean(Xapian::Document& doc, std::string_view prefix, std::string_view value) {
    if (!value.empty())
        doc.add_boolean_term(schema::boolean_term(prefix, value));
}

}  // namespace

std::vector<std::string> split_authors(const std::string& author) {
    std::vector<std::string> names;
    std::string rest = author;
    for (const std::string_view separator : {" and ", " & ", ";"}) {
        std::size_t pos = 0;
        while ((pos = rest.find(separator, pos)) != std::string::npos) {
            rest.replace(pos, separator.size(), ",");
        }
    }
    std::size_t begin = 0;
    while (begin <= rest.size()) {
        std::size_t comma = rest.find(',', begin);
        if (comma == std::string::npos)
            comma = rest.size();
        const std::string_view name =
            text::trim(std::string_view(rest).substr(begin, comma - begin));
        if (!name.empty())
            names.emplace_back(name);
        begin = comma + 1;
    }
    return names;
}

ArticleDocumentBuilder::ArticleDocumentBuilder(const RecordCompressor* records)
    : records_(records) {
    terms_.set_stemmer(Xapian::Stem(std::string(schema::kStemmerLanguage)));
    terms_.set_stemming_strategy(schema::kStemStrategy);
}

ArticleDocument ArticleDocumentBuilder::build(const Article& article,
                                              const std::vector<ActorRef>& title_actors,
                                              const std::vector<AnnotatedPassage>& passages,
                                              SpellingCounts& spelling) {
    ArticleDocument out;
    Xapian::Document& doc = out.document;
    terms_.set_document(doc);

    // The title counts as words of the article, weighted (schema::kTitleWdf),
    // and again under its own prefix for `title:`, without positions: a
    // title phrase is matched on the article's positions (query_builder.cpp).
    if (!article.title.empty()) {
        terms_.index_text(article.title, schema::kTitleWdf);
        const Xapian::termpos title_end = terms_.get_termpos();
        terms_.index_text_without_positions(article.title, 1, std::string(schema::kTitlePrefix));
        terms_.set_termpos(title_end);
        add_spelling_words(article.title, spelling);
    }
    // After the title, however long it is: title and body never touch.
    terms_.set_termpos(terms_.get_termpos() + schema::kTitleGap);

    StoredArticle stored;
    stored.article = article;
    // The article's actors: distinct, the title's first, then in order of first mention.
    auto add_actors = [&](const std::vector<ActorRef>& actors) {
        for (const ActorRef& actor : actors) {
            if (std::find(stored.actors.begin(), stored.actors.end(), actor) == stored.actors.end())
                stored.actors.push_back(actor);
        }
    };
    add_actors(title_actors);
    stored.actor_in_heading.assign(stored.actors.size(), true);
    std::vector<Xapian::termpos> bounds;
    for (const AnnotatedPassage& annotated : passages) {
        StoredPassage sp;
        sp.passage = annotated;
        sp.first_position = terms_.get_termpos() + 1;
        terms_.index_text(annotated.passage.text);
        sp.end_position = terms_.get_termpos() + 1;
        bounds.push_back(sp.first_position);
        add_spelling_words(annotated.passage.text, spelling);
        add_actors(annotated.actors);
        stored.passages.push_back(std::move(sp));
    }
    stored.actor_in_heading.resize(stored.actors.size(), false);
    bounds.push_back(terms_.get_termpos() + 1);
    doc.add_value(schema::kSlotPassageStarts, encode_passage_bounds(bounds));

    out.unique_term = schema::article_term(article.id);
    doc.add_boolean_term(out.unique_term);
    add_boolean(doc, schema::kOriginPathPrefix, article.origin_path);
    if (!article.source.empty())
        doc.add_boolean_term(schema::folded_term(schema::kSourcePrefix, article.source));
    doc.add_value(schema::kSlotSource, article.source);

    const std::vector<std::string> authors = split_authors(article.author);
    for (std::size_t i = 0; i < authors.size(); ++i) {
        doc.add_boolean_term(schema::folded_term(schema::kAuthorPrefix, authors[i]));
        if (i < schema::kAuthorSlotCount)
            doc.add_value(schema::kSlotFirstAuthor + i, authors[i]);
    }

    if (article.date) {
        const CivilDate& d = *article.date;
        char key_buffer[24];  // "YYYYMMDD", "YYYYMM00" or "YYYY0000"
        std::snprintf(key_buffer, sizeof key_buffer, "%04d%02u%02u", d.year, d.month, d.day);
        const std::string key = key_buffer;
        doc.add_boolean_term(schema::year_term(key));
        doc.add_value(schema::kSlotYear, key.substr(0, 4));
        if (d.has_month()) {
            doc.add_boolean_term(schema::month_term(key));
            doc.add_value(schema::kSlotMonth, d.iso().substr(0, 7));
        }
        if (d.has_day()) {
            doc.add_boolean_term(schema::day_term(key));
            doc.add_value(schema::kSlotDate, key);
        }
    }

    std::set<std::string> types;
    for (std::size_t i = 0; i < stored.actors.size(); ++i) {
        const ActorRef& actor = stored.actors[i];
        doc.add_boolean_term(schema::folded_term(schema::kActorPrefix, actor.name));
        types.insert(std::string(to_string(actor.type)));
        if (i < schema::kActorSlotCount) {
            doc.add_value(schema::kSlotFirstActor + i,
                          schema::actor_slot_value(to_string(actor.type), actor.name));
        }
    }
    out.actors_over_facet_slots = stored.actors.size() > schema::kActorSlotCount;
    for (const std::string& type : types)
        add_boolean(doc, schema::kActorTypePrefix, type);

    std::set<int> years;
    for (const AnnotatedPassage& annotated : passages) {
        for (const DateMention& mention : annotated.dates) {
            years.insert(mention.date.year);
            if (mention.date.has_day())
                add_boolean(doc, schema::kMentionedDatePrefix, mention.date.yyyymmdd());
        }
    }
    std::size_t year_slot = 0;
    for (const int year : years) {
        add_boolean(doc, schema::kMentionedYearPrefix, std::to_string(year));
        if (year_slot < schema::kMentionedYearSlotCount)
            doc.add_value(schema::kSlotFirstMentionedYear + year_slot++, std::to_string(year));
    }

    std::vector<std::string_view> texts;
    for (const AnnotatedPassage& annotated : passages)
        texts.push_back(annotated.passage.text);
    out.sketch = sketch_of(shingle_hashes(texts));
    for (const std::uint64_t hash : out.sketch.candidates)
        doc.add_boolean_term(schema::copy_candidate_term(hash));

    std::string record = encode_stored_article(stored);
    doc.set_data(records_ ? records_->compress(std::move(record)) : record);
    out.actors = std::move(stored.actors);
    return out;
}

}  // namespace dossier
