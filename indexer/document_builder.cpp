#include "indexer/document_builder.h"

#include <set>

#include "common/schema.h"
#include "common/stored_record.h"
#include "common/text.h"

namespace dossier {

namespace {

// Title words sit this many positions before the passage text, so that a
// NEAR query never pairs a title word with a passage word.
constexpr Xapian::termpos kTitleGap = 100;

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

PassageDocumentBuilder::PassageDocumentBuilder() {
    terms_.set_stemmer(Xapian::Stem(std::string(schema::kStemmerLanguage)));
    terms_.set_stemming_strategy(schema::kStemStrategy);
}

PassageDocument PassageDocumentBuilder::build(const Article& article,
                                              const AnnotatedPassage& annotated, bool first_passage,
                                              SpellingCounts& spelling) {
    const Passage& passage = annotated.passage;
    Xapian::Document doc;
    terms_.set_document(doc);

    // Every passage carries its article's title under the title prefix: for
    // `title:` and for the search side's title boost. Not as plain words: a
    // passage must match a query by its own text, or every passage of an
    // article whose title names "China" would match "china".
    if (!article.title.empty()) {
        terms_.index_text(article.title, 1, std::string(schema::kTitlePrefix));
        terms_.increase_termpos(kTitleGap);
    }
    terms_.index_text(passage.text);
    add_spelling_words(passage.text, spelling);
    if (first_passage)
        add_spelling_words(article.title, spelling);

    const std::string id = schema::passage_id(article.id, passage.ordinal);
    PassageDocument out{Xapian::Document(), schema::boolean_term(schema::kPassageIdPrefix, id)};
    doc.add_boolean_term(out.unique_term);
    add_boolean(doc, schema::kArticleIdPrefix, article.id);
    add_boolean(doc, schema::kOriginPathPrefix, article.origin_path);
    add_boolean(doc, schema::kUrlPrefix, article.url);
    add_boolean(doc, schema::kSourcePrefix, text::fold_case(article.source));
    doc.add_value(schema::kSlotSource, article.source);
    doc.add_value(schema::kSlotArticle, article.id);
    doc.add_value(schema::kSlotOrdinal, Xapian::sortable_serialise(passage.ordinal));

    const std::vector<std::string> authors = split_authors(article.author);
    for (std::size_t i = 0; i < authors.size(); ++i) {
        add_boolean(doc, schema::kAuthorPrefix, text::fold_case(authors[i]));
        if (i < schema::kAuthorSlotCount)
            doc.add_value(schema::kSlotFirstAuthor + i, authors[i]);
    }

    if (article.date) {
        const CivilDate& d = *article.date;
        const std::string year = std::to_string(d.year);
        add_boolean(doc, schema::kYearPrefix, year);
        doc.add_value(schema::kSlotYear, year);
        if (d.has_month()) {
            const std::string month = d.iso().substr(0, 7);
            add_boolean(doc, schema::kMonthPrefix, month.substr(0, 4) + month.substr(5, 2));
            doc.add_value(schema::kSlotMonth, month);
        }
        if (d.has_day()) {
            add_boolean(doc, schema::kDatePrefix, d.yyyymmdd());
            doc.add_value(schema::kSlotDate, d.yyyymmdd());
        }
    }

    std::set<std::string> types;
    for (std::size_t i = 0; i < annotated.actors.size(); ++i) {
        const ActorRef& actor = annotated.actors[i];
        add_boolean(doc, schema::kActorPrefix, text::fold_case(actor.name));
        types.insert(std::string(to_string(actor.type)));
        if (i < schema::kActorSlotCount) {
            doc.add_value(schema::kSlotFirstActor + i,
                          schema::actor_slot_value(to_string(actor.type), actor.name));
        }
    }
    for (const std::string& type : types)
        add_boolean(doc, schema::kActorTypePrefix, type);

    std::set<int> years;
    for (const DateMention& mention : annotated.dates) {
        years.insert(mention.date.year);
        if (mention.date.has_day())
            add_boolean(doc, schema::kMentionedDatePrefix, mention.date.yyyymmdd());
    }
    std::size_t year_slot = 0;
    for (const int year : years) {
        add_boolean(doc, schema::kMentionedYearPrefix, std::to_string(year));
        if (year_slot < schema::kMentionedYearSlotCount) {
            doc.add_value(schema::kSlotFirstMentionedYear + year_slot++, std::to_string(year));
        }
    }

    doc.set_data(to_stored_json(article, annotated, first_passage).dump());
    out.document = std::move(doc);
    return out;
}

}  // namespace dossier
