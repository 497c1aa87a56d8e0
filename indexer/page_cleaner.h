// Turns the text of a scraped web page (a .txt file like those in corpus/) into
// article metadata and the article body, dropping what the scraper picked up
// around the article: navigation and breadcrumbs, site banners, teaser lists
// of other stories, "Read more:" links, comment forms, template debris,
// photo credits and author bios. Works line by line with a classifier over
// general features of each line and its neighbours, not a list of strings.
//
// Pure: no I/O, never throws for any input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/dates.h"

namespace dossier {

// What a line of a page is.
enum class LineRole {
    blank,
    body,             // article text: kept
    title,            // the article title (its first occurrence)
    header_date,      // "Tuesday, December 10, 2024"
    breadcrumb,       // "HomeGlobal AffairsDiplomacy...<title>"
    banner,           // "| Welcome to Global Village Space"
    label,            // "Date:", "Publication:" with nothing after them
    teaser,           // other stories: "Related stories" and the lines under it
    read_more,        // "Read more: ..." links to other stories
    comment_form,     // "LEAVE A REPLY", "Please enter your comment!", ...
    template_debris,  // "spot_img" and similar template tokens
    caption,          // "<title> - Photo 2.", "Photo: AP"
    duplicate,        // repeats the line before it
    author_bio,       // "Saeed Minhas is an accomplished journalist ...", "The writer is ..."
    byline,           // "By Jane Roe", or a name line that heads the author bio
};
std::string_view to_string(LineRole role);

struct ClassifiedLine {
    std::size_t begin = 0;  // byte range of the line, terminator excluded
    std::size_t end = 0;
    int number = 0;  // 1-based
    LineRole role = LineRole::blank;
};

struct PageMetadata {
    std::string title;
    std::string author;
    std::string author_bio;
    std::string source;  // from a self-naming banner ("Welcome to ...")
    std::optional<CivilDate> date;
    DateOrigin date_origin = DateOrigin::none;
};

struct CleanPage {
    PageMetadata metadata;
    std::vector<TextBlock> body;        // kept lines, one block per line, in order
    std::vector<ClassifiedLine> lines;  // every line with its role (for tests and --explain)
};

struct CleanOptions {
    CivilDate today;  // resolves a lead date's missing year ("not after today")
};

CleanPage clean_page(std::string_view page, const CleanOptions& options);

}  // namespace dossier
