#include "indexer/page_cleaner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/text.h"

namespace dossier {
namespace {

const CleanOptions kOptions{CivilDate{2026, 11, 23}};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot read " << path;
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::string corpus_page(std::string_view name) {
    return read_file(std::string(DOSSIER_SOURCE_DIR) + "/corpus/" + std::string(name));
}

std::string fixture_page(std::string_view name) {
    return read_file(std::string(DOSSIER_TEST_DATA_DIR) + "/pages/" + std::string(name));
}

// A page and what the cleaner made of it, with lookups by line content.
struct Cleaned {
    std::string page;
    CleanPage clean;

    explicit Cleaned(std::string text, const CleanOptions& options = kOptions)
        : page(std::move(text)), clean(clean_page(page, options)) {}

    std::vector<std::string> body() const {
        std::vector<std::string> texts;
        for (const TextBlock& block : clean.body) {
            texts.emplace_back(page.substr(block.begin, block.end - block.begin));
        }
        return texts;
    }

    bool body_has_line_starting(std::string_view prefix) const {
        const auto lines = body();
        return std::any_of(lines.begin(), lines.end(),
                           [&](const std::string& line) { return line.starts_with(prefix); });
    }

    // The role of the first line whose trimmed text starts with `prefix`.
    std::string role_of(std::string_view prefix) const {
        for (const ClassifiedLine& line : clean.lines) {
            const std::string_view text =
                text::trim(std::string_view(page).substr(line.begin, line.end - line.begin));
            if (!text.empty() && text.starts_with(prefix))
                return std::string(to_string(line.role));
        }
        return "(no such line)";
    }

    std::vector<std::string> roles_of_lines_equal_to(std::string_view wanted) const {
        std::vector<std::string> roles;
        for (const ClassifiedLine& line : clean.lines) {
            const std::string_view text =
                text::trim(std::string_view(page).substr(line.begin, line.end - line.begin));
            if (text == wanted)
                roles.emplace_back(to_string(line.role));
        }
        return roles;
    }
};

// Every body block is one whole line of the page without its surrounding
// blanks, listed as a body line, in page order.
void expect_body_blocks_are_page_lines(const Cleaned& cleaned) {
    const std::string_view page = cleaned.page;
    std::size_t previous_end = 0;
    for (const TextBlock& block : cleaned.clean.body) {
        ASSERT_EQ(block.line_first, block.line_last);
        ASSERT_GE(block.line_first, 1);
        ASSERT_LE(static_cast<std::size_t>(block.line_first), cleaned.clean.lines.size());
        const ClassifiedLine& line =
            cleaned.clean.lines[static_cast<std::size_t>(block.line_first - 1)];
        EXPECT_EQ(line.number, block.line_first);
        EXPECT_EQ(line.role, LineRole::body) << "line " << line.number;
        const std::string_view whole = page.substr(line.begin, line.end - line.begin);
        EXPECT_EQ(page.substr(block.begin, block.end - block.begin), text::trim(whole))
            << "line " << line.number;
        EXPECT_GE(block.begin, previous_end);
        EXPECT_LT(block.begin, block.end);
        previous_end = block.end;
    }
}

void expect_lines_cover_page(const Cleaned& cleaned) {
    const auto expected = text::split_lines(cleaned.page);
    ASSERT_EQ(cleaned.clean.lines.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(cleaned.clean.lines[i].begin, expected[i].begin);
        EXPECT_EQ(cleaned.clean.lines[i].end, expected[i].end);
        EXPECT_EQ(cleaned.clean.lines[i].number, expected[i].number);
    }
}

// --- corpus/000: header date, breadcrumb, teaser blocks, name + bio, comment form ---

TEST(PageCleaner, TakesTitleAfterBreadcrumbAndDateFromHeader) {
    const Cleaned page(corpus_page("000_38333822f4d6acfe.txt"));
    const PageMetadata& meta = page.clean.metadata;
    EXPECT_EQ(meta.title, "What China-Russia Security Talks Mean for the U.S?");
    ASSERT_TRUE(meta.date.has_value());
    EXPECT_EQ(*meta.date, (CivilDate{2024, 12, 10}));
    EXPECT_EQ(meta.date_origin, DateOrigin::header);
    EXPECT_EQ(meta.source, "");
    EXPECT_EQ(page.role_of("HomeGlobal Affairs"), "breadcrumb");
    EXPECT_EQ(page.role_of("Tuesday, December 10, 2024"), "header_date");
    EXPECT_FALSE(page.body_has_line_starting("What China-Russia Security Talks"));
}

TEST(PageCleaner, AByteOrderMarkBeforeTheTitleIsNotPartOfIt) {
    const Cleaned page("\xEF\xBB\xBF" + corpus_page("000_38333822f4d6acfe.txt"));
    EXPECT_EQ(page.clean.metadata.title, "What China-Russia Security Talks Mean for the U.S?");
    expect_lines_cover_page(page);
    // The body's byte ranges point at the same text as without the mark
    // (they were 3 bytes short on the first line, found by fuzzing).
    const Cleaned body_first("\xEF\xBB\xBFThe first line is the body here, a sentence of news.\n");
    const Cleaned no_mark("The first line is the body here, a sentence of news.\n");
    EXPECT_EQ(body_first.body(), no_mark.body());
    // A page that starts with its title line keeps the title whole too.
    const Cleaned bare("\xEF\xBB\xBFNato Leaders Meet In Brussels To Discuss Defence\n\n" +
                       std::string(40, 'x') + " " +
                       "The alliance met on Tuesday to discuss spending and the war in Ukraine "
                       "with leaders from thirty countries who agreed to raise budgets.\n");
    EXPECT_EQ(bare.clean.metadata.title, "Nato Leaders Meet In Brussels To Discuss Defence");
}

TEST(PageCleaner, TakesAuthorFromNameLinesHeadingTheirBio) {
    const Cleaned page(corpus_page("000_38333822f4d6acfe.txt"));
    EXPECT_EQ(page.clean.metadata.author, "Saeed Minhas");
    EXPECT_TRUE(page.clean.metadata.author_bio.starts_with(
        "Saeed Minhas is an accomplished journalist with extensive experience"));
    EXPECT_TRUE(
        page.clean.metadata.author_bio.ends_with("Chief Editor (National) at The Think "
                                                 "Tank Journal"));
    EXPECT_EQ(page.roles_of_lines_equal_to("Saeed Minhas"),
              (std::vector<std::string>{"byline", "byline"}));
    EXPECT_FALSE(page.body_has_line_starting("Saeed Minhas"));
}

TEST(PageCleaner, DropsRelatedStoriesTeaserBlock) {
    const Cleaned page(corpus_page("000_38333822f4d6acfe.txt"));
    EXPECT_EQ(page.role_of("Related stories"), "teaser");
    EXPECT_EQ(page.role_of("The Cost of War: Can Ukraine Outlast"), "teaser");
    EXPECT_EQ(page.role_of("The ongoing war in Ukraine has shaped global geopolitics,..."),
              "teaser");
    EXPECT_EQ(page.role_of("How UAE"), "teaser");
    EXPECT_EQ(page.role_of("Latest stories"), "teaser");
    // The block ends at the first real paragraph.
    EXPECT_EQ(page.body().front().substr(0, 59),
              "The deepening relationship between China and Russia in rece");
}

TEST(PageCleaner, DropsLabelsTemplateTokensAndCommentForm) {
    const Cleaned page(corpus_page("000_38333822f4d6acfe.txt"));
    EXPECT_EQ(page.role_of("Date:"), "label");
    EXPECT_EQ(page.role_of("Publication:"), "label");
    EXPECT_EQ(page.roles_of_lines_equal_to("spot_img"),
              (std::vector<std::string>{"template_debris", "template_debris"}));
    EXPECT_EQ(page.role_of("LEAVE A REPLY"), "comment_form");
    EXPECT_EQ(page.role_of("Please enter your comment!"), "comment_form");
    EXPECT_EQ(page.role_of("Please enter your name here"), "comment_form");
}

TEST(PageCleaner, KeepsInBodyHeadingsListItemsAndReferences) {
    const Cleaned page(corpus_page("000_38333822f4d6acfe.txt"));
    EXPECT_TRUE(page.body_has_line_starting("Objectives :"));
    EXPECT_TRUE(page.body_has_line_starting("A Growing Geopolitical Concern"));
    EXPECT_TRUE(page.body_has_line_starting("How Might the Trump Administration Handle This?"));
    EXPECT_TRUE(page.body_has_line_starting("1. Strengthening Bilateral Military Coordination"));
    EXPECT_TRUE(page.body_has_line_starting("References"));
    EXPECT_EQ(page.body().back(),
              "4. Institute of Russian, Eastern European, and Central Asian Studies. (2024).");
    EXPECT_EQ(page.clean.body.size(), 32u);
}

// --- corpus/001: banner, header date, "Read more:" links, "The writer is" bio ---

TEST(PageCleaner, TakesSourceFromWelcomeBanner) {
    const Cleaned page(corpus_page("001_0c49961f96213048.txt"));
    EXPECT_EQ(page.clean.metadata.source, "Global Village Space");
    EXPECT_EQ(page.role_of("| Welcome to Global Village Space"), "banner");
}

TEST(PageCleaner, TakesTitleFromLineAfterHeaderDate) {
    const Cleaned page(corpus_page("001_0c49961f96213048.txt"));
    const PageMetadata& meta = page.clean.metadata;
    EXPECT_EQ(meta.title,
              "Prospects of China-Russia strategic cooperation in light of US-China competition");
    ASSERT_TRUE(meta.date.has_value());
    EXPECT_EQ(*meta.date, (CivilDate{2024, 7, 21}));
    EXPECT_EQ(meta.date_origin, DateOrigin::header);
    EXPECT_TRUE(page.body().front().starts_with("Moscow is aware that Beijing"));
}

TEST(PageCleaner, DropsReadMoreLinks) {
    const Cleaned page(corpus_page("001_0c49961f96213048.txt"));
    EXPECT_EQ(page.role_of("Read more: NATO warns China"), "read_more");
    EXPECT_FALSE(page.body_has_line_starting("Read more:"));
    EXPECT_TRUE(page.body_has_line_starting("China and Russia\xE2\x80\x99s improved ties"));
}

TEST(PageCleaner, KeepsWriterBioOutOfBodyWithoutDisclaimerAndInventsNoAuthor) {
    const Cleaned page(corpus_page("001_0c49961f96213048.txt"));
    EXPECT_EQ(page.clean.metadata.author, "");
    EXPECT_EQ(page.clean.metadata.author_bio,
              "The writer is an Assistant Professor in the Department of Political Science at "
              "Abdul Wali Khan University Mardan. He can be reached at op-ed@hafeezkhan.com.");
    EXPECT_EQ(page.role_of("The writer is"), "author_bio");
    EXPECT_FALSE(page.body_has_line_starting("The writer is"));
}

TEST(PageCleaner, TrimsNoBreakSpacesFromKeptLines) {
    const Cleaned page(corpus_page("001_0c49961f96213048.txt"));
    const auto body = page.body();
    EXPECT_NE(std::find(body.begin(), body.end(), "The statement reads"), body.end());
}

// --- corpus/002: title on line 1, dated lead sentence without a year ---

TEST(PageCleaner, ResolvesLeadDateYearFromWeekday) {
    const Cleaned page(corpus_page("002_5bee35d626bb8c1b.txt"));
    const PageMetadata& meta = page.clean.metadata;
    EXPECT_EQ(meta.title,
              "China & Russia Seek Closer Security Cooperation Amidst Growing American Influence");
    ASSERT_TRUE(meta.date.has_value());
    EXPECT_EQ(*meta.date, (CivilDate{2024, 4, 9}));  // a Tuesday
    EXPECT_EQ(meta.date_origin, DateOrigin::lead);
    EXPECT_EQ(meta.author, "");
    EXPECT_EQ(meta.source, "");
    ASSERT_EQ(page.clean.body.size(), 4u);
    EXPECT_TRUE(page.body().front().starts_with("On Tuesday, April 9, Chinese State Official"));
}

TEST(PageCleaner, NeverResolvesLeadDateAfterToday) {
    // The day before April 9, 2024, the latest Tuesday April 9 is in 2019.
    const Cleaned page(corpus_page("002_5bee35d626bb8c1b.txt"), CleanOptions{{2024, 4, 8}});
    ASSERT_TRUE(page.clean.metadata.date.has_value());
    EXPECT_EQ(*page.clean.metadata.date, (CivilDate{2019, 4, 9}));
}

TEST(PageCleaner, LeavesLeadDateUnresolvedWithoutToday) {
    const Cleaned page(corpus_page("002_5bee35d626bb8c1b.txt"), CleanOptions{});
    EXPECT_FALSE(page.clean.metadata.date.has_value());
    EXPECT_EQ(page.clean.metadata.date_origin, DateOrigin::none);
}

// --- corpus/003: photo markers and captions, no date, comment form ---

TEST(PageCleaner, DropsPhotoMarkersButKeepsCaptionSentences) {
    const Cleaned page(corpus_page("003_a9a4a9c0d7962cea.txt"));
    EXPECT_EQ(page.role_of("Too alone, China races to find allies: Is an alliance with Russia "
                           "possible?  - Photo 2."),
              "caption");
    EXPECT_EQ(page.role_of("Too alone, China races to find allies: Is an alliance with Russia "
                           "possible?  - Photo 4."),
              "caption");
    EXPECT_FALSE(page.body_has_line_starting("Too alone"));
    // The caption under a marker says who, where and when: it is searchable text.
    EXPECT_TRUE(page.body_has_line_starting(
        "Chinese soldiers take part in the Victory Parade to mark the Victory Day"));
    EXPECT_TRUE(page.body_has_line_starting("A new runway project built by a Chinese corporation"));
}

TEST(PageCleaner, KeepsOneCopyOfARepeatedCaption) {
    const Cleaned page(corpus_page("003_a9a4a9c0d7962cea.txt"));
    EXPECT_EQ(page.roles_of_lines_equal_to(
                  "China and Russian Navy hold joint drills in the Sea of Japan."),
              (std::vector<std::string>{"body", "duplicate"}));
}

TEST(PageCleaner, DropsLinesThatOnlyCreditAPhoto) {
    const Cleaned page(
        "Ministers agree on a new fisheries treaty\n"
        "Photo: AP\n"
        "(Photo credit: Jane Roe/Harbour Gazette)\n"
        "Negotiators from both countries met for three days and agreed on quotas for the "
        "next five fishing seasons.\n");
    EXPECT_EQ(page.role_of("Photo: AP"), "caption");
    EXPECT_EQ(page.role_of("(Photo credit:"), "caption");
    EXPECT_EQ(page.body().size(), 1u);
}

TEST(PageCleaner, LeavesDateAbsentWhenPageHasNone) {
    const Cleaned page(corpus_page("003_a9a4a9c0d7962cea.txt"));
    const PageMetadata& meta = page.clean.metadata;
    EXPECT_EQ(meta.title,
              "Too alone, China races to find allies: Is an alliance with Russia possible?");
    EXPECT_FALSE(meta.date.has_value());
    EXPECT_EQ(meta.date_origin, DateOrigin::none);
    EXPECT_EQ(meta.author, "");
    EXPECT_EQ(meta.author_bio, "");
    EXPECT_EQ(meta.source, "");
}

TEST(PageCleaner, KeepsArticleAndDropsTrailingCommentForm) {
    const Cleaned page(corpus_page("003_a9a4a9c0d7962cea.txt"));
    EXPECT_TRUE(page.body_has_line_starting("China wants to create its own alliance network"));
    EXPECT_TRUE(page.body_has_line_starting("What should America do?"));
    EXPECT_TRUE(page.body_has_line_starting("Since 2012, China-Russia has conducted"));
    EXPECT_EQ(page.role_of("Leave a comment"), "comment_form");
    EXPECT_EQ(page.role_of("Your email address will not be published."), "comment_form");
    EXPECT_TRUE(page.body().back().starts_with("The United States needs foresight"));
    EXPECT_EQ(page.clean.body.size(), 31u);
}

TEST(PageCleaner, EveryCorpusBodyBlockIsALineOfThePage) {
    for (const char* name : {"000_38333822f4d6acfe.txt", "001_0c49961f96213048.txt",
                             "002_5bee35d626bb8c1b.txt", "003_a9a4a9c0d7962cea.txt"}) {
        SCOPED_TRACE(name);
        const Cleaned page(corpus_page(name));
        expect_lines_cover_page(page);
        expect_body_blocks_are_page_lines(page);
        EXPECT_FALSE(page.clean.body.empty());
    }
}

// --- made-up pages for the general rules ---

TEST(PageCleaner, DropsAnotherSitesTeaserBlockWithUnicodeEllipses) {
    const Cleaned page(fixture_page("harbour_gazette.txt"));
    EXPECT_EQ(page.role_of("You may also like"), "teaser");
    EXPECT_EQ(page.role_of("Council approves budget"), "teaser");
    EXPECT_EQ(page.role_of("The harbour wall, damaged"), "teaser");
    EXPECT_EQ(page.role_of("March 3, 2025"), "teaser");
    EXPECT_EQ(page.role_of("Skippers say"), "teaser");
    EXPECT_EQ(page.role_of("Comments"), "comment_form");
    EXPECT_TRUE(page.body().back().starts_with("The council will decide in the spring"));
    expect_body_blocks_are_page_lines(page);
}

TEST(PageCleaner, TakesAuthorsFromByline) {
    const Cleaned page(fixture_page("harbour_gazette.txt"));
    EXPECT_EQ(page.clean.metadata.author, "Jane Roe and Tom Field");
    EXPECT_EQ(page.role_of("By Jane Roe"), "byline");
    EXPECT_EQ(page.clean.metadata.author_bio, "");
}

TEST(PageCleaner, TreatsShortLinesAboveTheHeadlineAsNavigation) {
    const Cleaned page(fixture_page("harbour_gazette.txt"));
    EXPECT_EQ(page.clean.metadata.title, "New ferry terminal opens after three years of delays");
    EXPECT_EQ(page.role_of("Harbour Gazette"), "breadcrumb");
    EXPECT_EQ(page.role_of("Home > Local"), "breadcrumb");
    EXPECT_EQ(page.role_of("Photo: Harbour Gazette"), "caption");
    // A site name is not a self-naming banner: the source is not guessed.
    EXPECT_EQ(page.clean.metadata.source, "");
    // "Monday" alone in the first paragraph is not a dated lead.
    EXPECT_FALSE(page.clean.metadata.date.has_value());
    EXPECT_TRUE(page.body().front().starts_with("The new ferry terminal"));
    EXPECT_TRUE(page.body_has_line_starting("What happens next"));
}

TEST(PageCleaner, EndsMidArticleTeaserBlockAtTheNextParagraph) {
    const Cleaned page(fixture_page("midland_courier.txt"));
    EXPECT_EQ(page.role_of("Related stories"), "teaser");
    EXPECT_EQ(page.role_of("Bus timetable changes"), "teaser");
    EXPECT_EQ(page.role_of("Council tax: what the new bands mean for..."), "teaser");
    EXPECT_EQ(page.role_of("Park cafe wins"), "teaser");
    EXPECT_TRUE(page.body_has_line_starting("The head librarian said"));
    EXPECT_TRUE(page.body_has_line_starting("The repairs cost the council"));
    expect_body_blocks_are_page_lines(page);
}

TEST(PageCleaner, ReadsAbbreviatedHeaderDate) {
    const Cleaned page(fixture_page("midland_courier.txt"));
    const PageMetadata& meta = page.clean.metadata;
    EXPECT_EQ(meta.title, "Library reopens with longer hours after flood repairs");
    ASSERT_TRUE(meta.date.has_value());
    EXPECT_EQ(*meta.date, (CivilDate{2025, 9, 5}));
    EXPECT_EQ(meta.date_origin, DateOrigin::header);
}

TEST(PageCleaner, DropsAlsoReadLinkAuthorBlurbButtonsAndReadersComments) {
    const Cleaned page(fixture_page("midland_courier.txt"));
    EXPECT_EQ(page.role_of("Also read:"), "read_more");
    EXPECT_EQ(page.role_of("The author is a staff reporter"), "author_bio");
    EXPECT_EQ(page.clean.metadata.author_bio,
              "The author is a staff reporter covering local government and public services.");
    EXPECT_EQ(page.clean.metadata.author, "");
    EXPECT_EQ(page.role_of("SUBSCRIBE"), "template_debris");
    EXPECT_EQ(page.role_of("Leave a Reply"), "comment_form");
    EXPECT_EQ(page.role_of("Great news, we have missed the library"), "comment_form");
    EXPECT_EQ(page.body().size(), 3u);
}

TEST(PageCleaner, KeepsShortHeadingThatIntroducesProseButDropsEmptyLabel) {
    const Cleaned page(
        "Ministers agree on a new fisheries treaty\n"
        "\n"
        "Summary:\n"
        "\n"
        "Background :\n"
        "Negotiators from both countries met for three days and agreed on quotas for the "
        "next five fishing seasons.\n");
    EXPECT_EQ(page.role_of("Summary:"), "label");
    EXPECT_EQ(page.role_of("Background :"), "body");
}

TEST(PageCleaner, DetectsBreadcrumbThatEndsWithTheTitle) {
    const Cleaned page(
        "NewsWorldEuropeTalks end without a deal in Geneva\n"
        "\n"
        "Talks end without a deal in Geneva\n"
        "\n"
        "Negotiators left Geneva on Friday without agreeing on the text of a ceasefire, and no "
        "date was set for another round.\n");
    EXPECT_EQ(page.role_of("NewsWorldEurope"), "breadcrumb");
    EXPECT_EQ(page.clean.metadata.title, "Talks end without a deal in Geneva");
    EXPECT_EQ(page.body().size(), 1u);
}

TEST(PageCleaner, KeepsHeadingThatSoundsLikeATeaserHeadingWhenProseFollows) {
    const Cleaned page(
        "Ministers agree on a new fisheries treaty\n"
        "\n"
        "Negotiators from both countries met for three days and agreed on quotas for the "
        "next five fishing seasons.\n"
        "\n"
        "Popular support\n"
        "\n"
        "Polls in both countries show that most voters back the treaty, although fishing "
        "communities remain divided over the quotas.\n"
        "\n"
        "Unrelated matters\n"
        "Short line\n");
    EXPECT_EQ(page.role_of("Popular support"), "body");
    EXPECT_EQ(page.role_of("Unrelated matters"), "body");
    EXPECT_EQ(page.body().size(), 5u);
}

TEST(PageCleaner, HandlesCrlfLineEndings) {
    const Cleaned page(
        "Ministers agree on a new fisheries treaty\r\n"
        "By Jane Roe\r\n"
        "\r\n"
        "Negotiators from both countries met for three days and agreed on quotas for the "
        "next five fishing seasons.\r\n"
        "\r\n"
        "Read more: Another story entirely\r\n");
    EXPECT_EQ(page.clean.metadata.title, "Ministers agree on a new fisheries treaty");
    EXPECT_EQ(page.clean.metadata.author, "Jane Roe");
    ASSERT_EQ(page.body().size(), 1u);
    EXPECT_TRUE(page.body().front().ends_with("seasons."));
    EXPECT_EQ(page.clean.lines.size(), 6u);
    expect_lines_cover_page(page);
    expect_body_blocks_are_page_lines(page);
}

TEST(PageCleaner, BylinesKeepEveryNameParticleTheGazetteerKnows) {
    // "di" and "dos" were missing from the page cleaner's own particle list.
    for (const std::string author : {"Luigi di Maio", "Maria dos Santos", "Jane van der Berg"}) {
        const Cleaned page("Ministers agree on a new fisheries treaty\nBy " + author +
                           "\n\nNegotiators from both countries met for three days and agreed on "
                           "quotas for the next five fishing seasons.\n");
        EXPECT_EQ(page.clean.metadata.author, author);
    }
}

TEST(PageCleaner, KeepsLastLineWithoutTrailingNewline) {
    const std::string text =
        "Ministers agree on a new fisheries treaty\n"
        "Negotiators from both countries met for three days and agreed on quotas for the next "
        "five fishing seasons.";
    const Cleaned page(text);
    ASSERT_EQ(page.clean.body.size(), 1u);
    EXPECT_EQ(page.clean.body.front().end, text.size());
    EXPECT_EQ(page.clean.body.front().line_first, 2);
}

TEST(PageCleaner, TreatsNoBreakSpaceOnlyLinesAsBlank) {
    const Cleaned page("Ministers agree on a new fisheries treaty\n\xC2\xA0 \xC2\xA0\n \t\n");
    ASSERT_EQ(page.clean.lines.size(), 3u);
    EXPECT_EQ(page.clean.lines[1].role, LineRole::blank);
    EXPECT_EQ(page.clean.lines[2].role, LineRole::blank);
    EXPECT_TRUE(page.clean.body.empty());
}

TEST(PageCleaner, ReturnsNothingForEmptyPage) {
    const Cleaned page("");
    EXPECT_TRUE(page.clean.lines.empty());
    EXPECT_TRUE(page.clean.body.empty());
    EXPECT_EQ(page.clean.metadata.title, "");
    EXPECT_FALSE(page.clean.metadata.date.has_value());
}

TEST(PageCleaner, KeepsNoBodyFromPageOfOnlyBoilerplate) {
    const Cleaned page(
        "spot_img\n\nLEAVE A REPLY\nPlease enter your comment!\nRead more: Elsewhere\n"
        "Related stories\nSomething happened somewhere...\nPhoto: AP\n");
    EXPECT_TRUE(page.clean.body.empty());
    EXPECT_EQ(page.clean.metadata.title, "");
    EXPECT_EQ(page.clean.metadata.author, "");
}

TEST(PageCleaner, KeepsSingleEnormousLineAsOneBodyBlock) {
    std::string text;
    for (int i = 0; i < 200000; ++i)
        text += "word ";
    text += "end.";
    const Cleaned page(text);
    ASSERT_EQ(page.clean.body.size(), 1u);
    EXPECT_EQ(page.clean.body.front().begin, 0u);
    EXPECT_EQ(page.clean.body.front().end, text.size());
    EXPECT_EQ(page.clean.metadata.title, "");
}

TEST(PageCleaner, SurvivesArbitraryBytes) {
    std::string text;
    for (int i = 0; i < 4096; ++i)
        text.push_back(static_cast<char>((i * 7919) % 256));
    const Cleaned page(text);
    expect_lines_cover_page(page);
    expect_body_blocks_are_page_lines(page);
}

TEST(PageCleaner, NamesEveryRole) {
    EXPECT_EQ(to_string(LineRole::teaser), "teaser");
    EXPECT_EQ(to_string(LineRole::comment_form), "comment_form");
    EXPECT_EQ(to_string(LineRole::author_bio), "author_bio");
}

}  // namespace
}  // namespace dossier
