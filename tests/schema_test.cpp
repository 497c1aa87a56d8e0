#include "common/schema.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace dossier {
namespace {

TEST(Schema, AShortArticleIdIsItsOwnTerm) {
    EXPECT_EQ(schema::article_term("003_a9a4a9c0d7962cea"), "Q003_a9a4a9c0d7962cea");
    const std::string longest_literal(schema::kLiteralArticleIdBytes, 'x');
    EXPECT_EQ(schema::article_term(longest_literal), "Q" + longest_literal);
}

TEST(Schema, ALongArticleIdBecomesAShortDistinctDigestTerm) {
    std::set<std::string> terms;
    const std::string base = "reutersfin-20081219-us-london-energy-meeting-idUSLJ5065542008";
    for (int i = 0; i < 100000; ++i) {
        const std::string term = schema::article_term(base + std::to_string(i));
        ASSERT_EQ(term.size(), 18u) << term;
        ASSERT_EQ(term.substr(0, 2), "Q#");
        terms.insert(term);
    }
    EXPECT_EQ(terms.size(), 100000u);
    // The same id always gives the same term: re-indexing finds the article.
    EXPECT_EQ(schema::article_term(base + "7"), schema::article_term(base + "7"));
}

TEST(Schema, AnIdThatLooksLikeADigestIsDigestedToo) {
    // "#" + 16 characters could otherwise be mistaken for another id's digest.
    const std::string term = schema::article_term("#AAAAAAAAAAAAAAAA");
    EXPECT_NE(term, "Q#AAAAAAAAAAAAAAAA");
    EXPECT_EQ(term.size(), 18u);
}

TEST(Schema, ActorSlotValuesRoundTripTheirTypeAndName) {
    for (const char* type : {"person", "country", "organisation"}) {
        const std::string value = schema::actor_slot_value(type, "Vladimir Putin");
        EXPECT_EQ(value.size(), 2 + std::string("Vladimir Putin").size()) << value;
        const auto [got_type, got_name] = schema::split_actor_slot_value(value);
        EXPECT_EQ(got_type, type);
        EXPECT_EQ(got_name, "Vladimir Putin");
    }
    // A name with a colon keeps it.
    const std::string value = schema::actor_slot_value("organisation", "A: B");
    const auto [type, name] = schema::split_actor_slot_value(value);  // views into `value`
    EXPECT_EQ(type, "organisation");
    EXPECT_EQ(name, "A: B");
}

}  // namespace
}  // namespace dossier
