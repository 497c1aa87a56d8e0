#include "indexer/page_cleaner.h"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/gazetteer.h"
#include "common/text.h"

namespace dossier {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// A paragraph is what a teaser list, a menu or a form never holds: a finished
// sentence of some length, or a line so long it can only be prose. Teaser
// headlines run to 15 words at most; their blurbs end in "...".
constexpr std::size_t kParagraphMinWords = 16;
constexpr std::size_t kProseMinWords = 40;
// A title is a line, not a paragraph.
constexpr std::size_t kTitleMaxWords = 30;
// Headings of teaser lists and labels are a few words long.
constexpr std::size_t kHeadingMaxWords = 6;
constexpr std::size_t kLabelMaxWords = 3;
// How many body lines may carry the dated lead sentence.
constexpr int kLeadLines = 2;

bool is_ascii_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_ascii_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
char ascii_lower(char c) {
    return is_ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_folded(std::string_view s, std::string_view lower_prefix) {
    if (s.size() < lower_prefix.size())
        return false;
    for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
        if (ascii_lower(s[i]) != lower_prefix[i])
            return false;
    }
    return true;
}

// ASCII lower case; other bytes unchanged. Enough for the English cue phrases
// matched below, and it cannot fail on invalid UTF-8.
std::string ascii_folded(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = ascii_lower(c);
    return out;
}

// The text without closing quotes and brackets at its end: "... possible?”".
std::string_view without_closers(std::string_view s) {
    for (bool stripped = true; stripped && !s.empty();) {
        stripped = false;
        for (const std::string_view closer :
             {"\"", "'", ")", "]", "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB"}) {
            if (s.ends_with(closer)) {
                s.remove_suffix(closer.size());
                s = text::trim(s);
                stripped = true;
            }
        }
    }
    return s;
}

bool ends_with_ellipsis(std::string_view s) {
    s = without_closers(s);
    return s.ends_with("...") || s.ends_with("\xE2\x80\xA6");
}

bool ends_sentence(std::string_view s) {
    s = without_closers(s);
    if (s.empty() || ends_with_ellipsis(s))
        return false;
    const char last = s.back();
    return last == '.' || last == '!' || last == '?';
}

// No lower-case ASCII letter and at least two upper-case ones: "LEAVE A REPLY".
bool is_all_caps(std::string_view s) {
    std::size_t upper = 0;
    for (const char c : s) {
        if (is_ascii_lower(c))
            return false;
        if (is_ascii_upper(c))
            ++upper;
    }
    return upper >= 2;
}

// One line of the page and the features the rules look at.
struct PageLine {
    std::size_t begin = 0;  // the whole line, terminator excluded
    std::size_t end = 0;
    std::size_t text_begin = 0;  // the line without surrounding blanks
    std::size_t text_end = 0;
    std::string_view text;
    int number = 0;
    std::size_t words = 0;
    bool blank = true;
    bool ellipsis = false;   // "...": a truncated teaser
    bool paragraph = false;  // prose: see kParagraphMinWords
    bool list_item = false;  // "1. ...", "- ...", "• ..."
};

bool looks_like_list_item(std::string_view s) {
    std::size_t digits = 0;
    while (digits < s.size() && is_ascii_digit(s[digits]))
        ++digits;
    if (digits > 0 && digits < s.size() && (s[digits] == '.' || s[digits] == ')'))
        return true;
    return s.starts_with("- ") || s.starts_with("* ") || s.starts_with("\xE2\x80\xA2");
}

std::vector<PageLine> read_lines(std::string_view page) {
    std::vector<PageLine> lines;
    for (const text::Line& raw : text::split_lines(page)) {
        PageLine line;
        line.begin = raw.begin;
        line.end = raw.end;
        line.number = raw.number;
        std::string_view whole = page.substr(raw.begin, raw.end - raw.begin);
        // A UTF-8 byte-order mark opens some saved pages; it is not text.
        if (raw.begin == 0 && whole.starts_with("\xEF\xBB\xBF"))
            whole.remove_prefix(3);
        line.text = text::trim(whole);
        line.text_begin = static_cast<std::size_t>(line.text.data() - page.data());
        line.text_end = line.text_begin + line.text.size();
        line.blank = line.text.empty();
        if (!line.blank) {
            line.words = text::count_words(line.text);
            line.ellipsis = ends_with_ellipsis(line.text);
            line.paragraph =
                !line.ellipsis && ((line.words >= kParagraphMinWords && ends_sentence(line.text)) ||
                                   line.words >= kProseMinWords);
            line.list_item = looks_like_list_item(line.text);
        }
        lines.push_back(line);
    }
    return lines;
}

// --- Rules about a line on its own ---------------------------------------------------------

// "| Welcome to Global Village Space": the site's name, or empty.
std::string_view banner_site(std::string_view s) {
    while (!s.empty() && (s.front() == '|' || s.front() == ' '))
        s.remove_prefix(1);
    s = text::trim(s);
    if (!starts_with_folded(s, "welcome to "))
        return {};
    std::string_view site = s.substr(11);
    while (!site.empty() && (site.back() == '|' || site.back() == '!'))
        site.remove_suffix(1);
    site = text::trim(site);
    const std::size_t words = text::count_words(site);
    if (words == 0 || words > kHeadingMaxWords || !text::starts_upper(site) ||
        ends_sentence(site)) {
        return {};
    }
    return site;
}

// "HomeGlobal Affairs...": a breadcrumb trail glued together, or "Home > World".
bool is_home_breadcrumb(std::string_view s) {
    if (!s.starts_with("Home") || s.size() == 4)
        return false;
    if (is_ascii_upper(s[4]))
        return true;
    const std::string_view rest = text::trim(s.substr(4));
    for (const std::string_view separator : {">", "/", "|", "\xC2\xBB", "\xE2\x80\xBA"}) {
        if (rest.starts_with(separator))
            return true;
    }
    return false;
}

// "spot_img", "{{ad_slot}}": a template token the scraper printed.
bool is_template_token(std::string_view s) {
    if (s.starts_with("{{") || s.starts_with("{%"))
        return true;
    bool underscore = false;
    for (const char c : s) {
        if (c == '_') {
            underscore = true;
        } else if (!is_ascii_lower(c) && !is_ascii_upper(c) && !is_ascii_digit(c) && c != '-') {
            return false;
        }
    }
    return underscore;
}

// "Read more: ...", "Also read - ...": a link to another story.
bool is_read_more(const PageLine& line) {
    if (line.words > kTitleMaxWords)
        return false;
    for (const std::string_view cue :
         {"read more", "also read", "read also", "see also", "related", "more:", "watch"}) {
        if (!starts_with_folded(line.text, cue))
            continue;
        const std::string_view rest = text::trim(line.text.substr(cue.size()));
        if (cue.back() == ':' || rest.starts_with(":") || rest.starts_with("-") ||
            rest.starts_with("|") || rest.starts_with("\xE2\x80\x93") ||
            rest.starts_with("\xE2\x80\x94")) {
            return true;
        }
    }
    return false;
}

// Headings and fields of a comment form.
bool is_comment_heading(std::string_view s) {
    const std::string folded = ascii_folded(without_closers(s));
    for (const std::string_view heading : {"leave a reply", "leave a comment", "post a comment",
                                           "add a comment", "write a comment", "comments"}) {
        if (folded == heading)
            return true;
    }
    // "3 Comments", "0 comments"
    std::size_t digits = 0;
    while (digits < folded.size() && is_ascii_digit(folded[digits]))
        ++digits;
    const std::string_view rest = std::string_view(folded).substr(digits);
    return digits > 0 && (rest == " comments" || rest == " comment");
}

bool is_comment_form_line(const PageLine& line) {
    if (line.words > 25)
        return false;
    if (is_comment_heading(line.text))
        return true;
    const std::string folded = ascii_folded(line.text);
    for (const std::string_view field :
         {"please enter your", "please enter a valid", "you have entered an incorrect",
          "your email address will not be published", "required fields are marked",
          "save my name, email", "save my name and email", "notify me of", "post comment",
          "submit comment", "cancel reply", "comments are closed", "you must be logged in",
          "log in to leave a comment", "log in to comment"}) {
        if (folded.starts_with(field))
            return true;
    }
    return false;
}

// "<title> - Photo 2.", "Photo 3", "(Image 1)": where an image stood.
bool is_photo_marker(std::string_view s) {
    s = without_closers(s);
    while (!s.empty() && s.back() == '.')
        s.remove_suffix(1);
    std::size_t digits_begin = s.size();
    while (digits_begin > 0 && is_ascii_digit(s[digits_begin - 1]))
        --digits_begin;
    if (digits_begin == s.size())
        return false;
    s = text::trim(s.substr(0, digits_begin));
    bool named = false;
    for (const std::string_view word : {"photo", "image", "picture", "photograph"}) {
        if (s.size() >= word.size() && starts_with_folded(s.substr(s.size() - word.size()), word)) {
            s = text::trim(s.substr(0, s.size() - word.size()));
            named = true;
            break;
        }
    }
    if (!named)
        return false;
    if (s.empty())
        return true;
    for (const std::string_view dash : {"-", "|", "(", "\xE2\x80\x93", "\xE2\x80\x94"}) {
        if (s.ends_with(dash))
            return true;
    }
    return false;
}

// "Photo: AP", "(Photo credit: Jane Roe)", "Photo by Jane Roe": a line that
// only credits an image. A caption sentence that ends with its credit ("... in
// the Maldives. Photo: AP") describes the story's subject and stays.
bool is_photo_credit(std::string_view s) {
    while (!s.empty() && (s.front() == '(' || s.front() == '['))
        s.remove_prefix(1);
    for (const std::string_view cue : {"photo credit:", "image credit:", "photograph:", "photo:",
                                       "image:", "picture:", "credit:", "photo by "}) {
        if (starts_with_folded(s, cue))
            return text::count_words(s.substr(cue.size())) <= kHeadingMaxWords;
    }
    return false;
}

// "The writer is ...", "The author was ...": the blurb at the end of an op-ed.
bool is_writer_bio(const PageLine& line) {
    if (line.words > 120)
        return false;
    for (const std::string_view subject :
         {"the writer", "the author", "the columnist", "the contributor"}) {
        if (!starts_with_folded(line.text, subject))
            continue;
        std::string_view rest = line.text.substr(subject.size());
        if (rest.starts_with("s"))
            rest.remove_prefix(1);
        for (const std::string_view verb : {" is ", " are ", " was ", " has been "}) {
            if (rest.starts_with(verb))
                return true;
        }
    }
    return false;
}

// "Saeed Minhas", "Jane van der Berg", "John F. Kennedy": a person's name alone.
// `connectors` lets "and" and "&" join several names ("Jane Roe and John Doe").
bool is_person_name(std::string_view s, bool connectors) {
    if (s.empty() || s.size() > 80 || !text::starts_upper(s))
        return false;
    for (const char c : s) {
        const auto byte = static_cast<unsigned char>(c);
        const bool allowed = byte >= 0x80 || is_ascii_upper(c) || is_ascii_lower(c) || c == ' ' ||
                             c == '.' || c == '-' || c == '\'' || (connectors && c == '&');
        if (!allowed)
            return false;
    }
    const std::vector<text::Word> words = text::find_words(s);
    std::size_t names = 0;
    for (const text::Word& word : words) {
        const std::string_view w = s.substr(word.begin, word.end - word.begin);
        if (text::starts_upper(w)) {
            ++names;
        } else if (!is_name_particle(w) && !(connectors && w == "and")) {
            return false;
        }
    }
    return names >= 2 && words.size() <= (connectors ? 8 : 5);
}

// "By Jane Roe", "By JANE ROE | Reuters", "Written by Jane Roe, Staff Writer": the name.
std::string_view byline_author(std::string_view s) {
    std::string_view rest;
    for (const std::string_view cue :
         {"by ", "written by ", "words by ", "story by ", "reporting by "}) {
        if (starts_with_folded(s, cue)) {
            rest = s.substr(cue.size());
            break;
        }
    }
    if (rest.empty())
        return {};
    std::size_t cut = rest.size();
    for (const std::string_view separator : {"|", ",", " - ", "\xE2\x80\x93", "\xE2\x80\x94"}) {
        cut = std::min(cut, rest.find(separator));
    }
    const std::string_view name = text::trim(rest.substr(0, cut));
    return is_person_name(name, true) ? name : std::string_view{};
}

// The author blurb without the publisher's disclaimer that often trails it.
std::string_view without_disclaimer(std::string_view bio) {
    const std::string folded = ascii_folded(bio);
    for (const std::string_view cue :
         {"the views expressed", "views expressed", "the opinions expressed", "disclaimer:"}) {
        const std::size_t at = folded.find(cue);
        if (at != std::string::npos && at > 0)
            bio = bio.substr(0, at);
    }
    return text::trim(bio);
}

// Whether `phrase` occurs in `s` as whole words: "related" in "Related
// stories" but not in "Unrelated".
bool contains_phrase(std::string_view s, std::string_view phrase) {
    for (std::size_t at = s.find(phrase); at != std::string_view::npos;
         at = s.find(phrase, at + 1)) {
        const std::size_t end = at + phrase.size();
        const bool starts_word = at == 0 || s[at - 1] == ' ';
        const bool ends_word = end == s.size() || !is_ascii_lower(s[end]);
        if (starts_word && ends_word)
            return true;
    }
    return false;
}

// "Related stories", "You may also like": the heading of a list of other stories.
bool is_teaser_heading(const PageLine& line) {
    if (line.words == 0 || line.words > kHeadingMaxWords || ends_sentence(line.text))
        return false;
    std::string folded = ascii_folded(line.text);
    while (!folded.empty() && (folded.back() == ':' || folded.back() == ' '))
        folded.pop_back();
    for (const std::string_view cue :
         {"related",        "latest",         "more stories", "more news",   "more from",
          "more articles",  "also like",      "trending",     "popular",     "most read",
          "most viewed",    "recommended",    "read next",    "top stories", "recent posts",
          "recent stories", "editor's picks", "must read",    "don't miss",  "you missed"}) {
        if (contains_phrase(folded, cue))
            return true;
    }
    return false;
}

// --- The classifier --------------------------------------------------------------------------

// Holds one page while its lines are classified; every rule below reads the
// features of a line and its neighbours and only ever reclassifies lines that
// are still `body`, so a more specific role found earlier wins.
class PageClassifier {
  public:
    PageClassifier(std::string_view page, const CleanOptions& options)
        : page_(page), options_(options), lines_(read_lines(page)), roles_(lines_.size()) {
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            roles_[i] = lines_[i].blank ? LineRole::blank : LineRole::body;
        }
    }

    CleanPage run() {
        mark_lines_by_their_own_features();
        mark_author_name_lines();
        mark_labels();
        first_paragraph_ = find_first_paragraph();
        mark_header_zone();
        mark_teaser_blocks();
        mark_comment_block();
        choose_title();
        mark_duplicates();
        mark_debris_around_article();
        return finish();
    }

  private:
    bool is_body(std::size_t i) const { return roles_[i] == LineRole::body; }

    std::size_t next_nonblank(std::size_t i) const {
        for (std::size_t j = i + 1; j < lines_.size(); ++j) {
            if (!lines_[j].blank)
                return j;
        }
        return kNone;
    }

    std::size_t previous_nonblank(std::size_t i) const {
        for (std::size_t j = i; j-- > 0;) {
            if (!lines_[j].blank)
                return j;
        }
        return kNone;
    }

    // Where the article starts: the first line of prose nothing else has claimed.
    std::size_t find_first_paragraph() const {
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            if (is_body(i) && lines_[i].paragraph)
                return i;
        }
        return lines_.size();
    }

    std::size_t find_last_paragraph() const {
        for (std::size_t i = lines_.size(); i-- > 0;) {
            if (is_body(i) && lines_[i].paragraph)
                return i;
        }
        return kNone;
    }

    void mark_lines_by_their_own_features() {
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            if (!is_body(i))
                continue;
            const PageLine& line = lines_[i];
            if (is_template_token(line.text)) {
                roles_[i] = LineRole::template_debris;
            } else if (is_home_breadcrumb(line.text)) {
                roles_[i] = LineRole::breadcrumb;
            } else if (is_read_more(line)) {
                roles_[i] = LineRole::read_more;
            } else if (is_comment_form_line(line)) {
                roles_[i] = LineRole::comment_form;
            } else if (is_photo_marker(line.text) || is_photo_credit(line.text)) {
                roles_[i] = LineRole::caption;
            } else if (is_writer_bio(line)) {
                roles_[i] = LineRole::author_bio;
            } else if (const std::string_view author = byline_author(line.text); !author.empty()) {
                roles_[i] = LineRole::byline;
                if (metadata_.author.empty())
                    metadata_.author = author;
            } else if (line.words <= 8 && parse_header_date(line.text)) {
                roles_[i] = LineRole::header_date;
            }
        }
    }

    // "Saeed Minhas" (once or more) followed by "Saeed Minhas is an accomplished
    // journalist ...": the name lines head the bio, and name the author.
    void mark_author_name_lines() {
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            if (!is_body(i) || !is_person_name(lines_[i].text, false))
                continue;
            const std::string_view name = lines_[i].text;
            std::size_t j = next_nonblank(i);
            while (j != kNone && lines_[j].text == name)
                j = next_nonblank(j);
            if (j == kNone || !is_body(j) || !lines_[j].text.starts_with(name))
                continue;
            const std::string_view rest = lines_[j].text.substr(name.size());
            const bool describes = rest.starts_with(", ") ||
                                   (rest.size() > 1 && rest[0] == ' ' && is_ascii_lower(rest[1]));
            if (!describes)
                continue;
            for (std::size_t k = i; k < j; ++k) {
                if (!lines_[k].blank)
                    roles_[k] = LineRole::byline;
            }
            roles_[j] = LineRole::author_bio;
            if (metadata_.author.empty())
                metadata_.author = name;
            i = j;
        }
    }

    // "Date:", "Publication:": a field name whose value the scraper lost. A
    // short line ending in ':' that introduces prose or a list is a heading
    // ("Objectives :") and stays.
    void mark_labels() {
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            const PageLine& line = lines_[i];
            if (!is_body(i) || !line.text.ends_with(':') || line.words > kLabelMaxWords)
                continue;
            const std::size_t next = next_nonblank(i);
            if (next == kNone || (!lines_[next].paragraph && !lines_[next].list_item)) {
                roles_[i] = LineRole::label;
            }
        }
    }

    // Above the first paragraph: the site banner, the header date, a
    // breadcrumb that ends with the title it leads to, section kickers.
    void mark_header_zone() {
        for (std::size_t i = 0; i < first_paragraph_ && i < lines_.size(); ++i) {
            if (roles_[i] == LineRole::header_date && !metadata_.date) {
                metadata_.date = parse_header_date(lines_[i].text);
                metadata_.date_origin = DateOrigin::header;
            }
            if (!is_body(i))
                continue;
            const PageLine& line = lines_[i];
            if (const std::string_view site = banner_site(line.text); !site.empty()) {
                roles_[i] = LineRole::banner;
                if (metadata_.source.empty())
                    metadata_.source = site;
                continue;
            }
            const std::size_t next = next_nonblank(i);
            if (next != kNone && lines_[next].words >= 2 &&
                line.text.size() > lines_[next].text.size() &&
                line.text.ends_with(lines_[next].text)) {
                roles_[i] = LineRole::breadcrumb;
                continue;
            }
            // "OPINION", "WORLD NEWS": a section kicker. Longer all-caps lines may
            // be a shouted title and are left to choose_title.
            if (line.words <= 2 && is_all_caps(line.text))
                roles_[i] = LineRole::label;
        }
    }

    // A teaser heading starts a list of other stories: short headlines and
    // "..."-truncated blurbs, dates, template debris. The list ends at the
    // first paragraph of prose. A heading directly followed by prose is an
    // in-body heading that happens to use the same words, and stays.
    void mark_teaser_blocks() {
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            if (!is_body(i) || !is_teaser_heading(lines_[i]))
                continue;
            const std::size_t next = next_nonblank(i);
            if (next != kNone && lines_[next].paragraph)
                continue;
            roles_[i] = LineRole::teaser;
            std::size_t j = i + 1;
            for (; j < lines_.size(); ++j) {
                if (lines_[j].blank)
                    continue;
                if (is_body(j) && lines_[j].paragraph)
                    break;
                if (is_body(j) || roles_[j] == LineRole::header_date)
                    roles_[j] = LineRole::teaser;
            }
            i = j - 1;
        }
    }

    // After the article has started, a comment-form heading starts the
    // comment area: the form, and any readers' comments, to the end of the page.
    void mark_comment_block() {
        for (std::size_t i = first_paragraph_; i < lines_.size(); ++i) {
            if (roles_[i] != LineRole::comment_form || !is_comment_heading(lines_[i].text))
                continue;
            for (std::size_t j = i + 1; j < lines_.size(); ++j) {
                if (is_body(j))
                    roles_[j] = LineRole::comment_form;
            }
            return;
        }
    }

    // The title is the headline above the first paragraph: the first line
    // nothing else has claimed that reads like one (a few words, not cut off,
    // not a field name). A line of one to three words above it ("Harbour
    // Gazette", "Opinion") is the site's name or a section, so the first line
    // of four words or more is preferred. Short lines above the title are
    // navigation: nothing of the article comes before its headline.
    void choose_title() {
        const std::size_t end = std::min(first_paragraph_, lines_.size());
        const auto headline = [&](std::size_t i) {
            const PageLine& line = lines_[i];
            return is_body(i) && line.words > 0 && line.words <= kTitleMaxWords && !line.ellipsis &&
                   !line.text.ends_with(':');
        };
        std::size_t title = kNone;
        for (std::size_t i = 0; i < end && title == kNone; ++i) {
            if (headline(i) && lines_[i].words >= 4)
                title = i;
        }
        for (std::size_t i = 0; i < end && title == kNone; ++i) {
            if (is_body(i))
                title = headline(i) ? i : end;
        }
        if (title == kNone || title >= end)
            return;
        roles_[title] = LineRole::title;
        title_line_ = title;
        metadata_.title = lines_[title].text;
        for (std::size_t i = 0; i < title; ++i) {
            if (is_body(i) && lines_[i].words <= kHeadingMaxWords &&
                !ends_sentence(lines_[i].text)) {
                roles_[i] = LineRole::breadcrumb;
            }
        }
    }

    // A line that repeats the line before it, or the title further down. A
    // sentence printed twice in a row is usually an image's alt text followed
    // by its visible caption (corpus/003: "China and Russian Navy hold joint
    // drills in the Sea of Japan."): the first copy stays, like the caption
    // sentences under "Photo N" markers, because a caption says in a sentence
    // of its own who, where and when ("... on June 24, 2020") and is worth
    // finding; the second copy adds nothing.
    void mark_duplicates() {
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            if (!is_body(i))
                continue;
            const std::size_t previous = previous_nonblank(i);
            const bool repeats_previous =
                previous != kNone && lines_[previous].text == lines_[i].text;
            const bool repeats_title = title_line_ != kNone && lines_[i].text == metadata_.title;
            if (repeats_previous || repeats_title)
                roles_[i] = LineRole::duplicate;
        }
    }

    // After the last paragraph, short all-caps lines are widget titles and
    // buttons ("SHARE", "SUBSCRIBE"), not headings of text that never comes.
    void mark_debris_around_article() {
        const std::size_t last = find_last_paragraph();
        if (last == kNone)
            return;
        for (std::size_t i = last + 1; i < lines_.size(); ++i) {
            if (is_body(i) && lines_[i].words <= kHeadingMaxWords && is_all_caps(lines_[i].text)) {
                roles_[i] = LineRole::template_debris;
            }
        }
    }

    // The date from a dated lead sentence when the page header has none. A
    // year the sentence leaves out comes from its weekday; without a weekday
    // (or without a known today) it cannot be known, and the page stays undated.
    void date_from_lead(const std::vector<TextBlock>& body) {
        if (metadata_.date)
            return;
        std::string body_text;
        for (const TextBlock& block : body) {
            body_text.append(page_.substr(block.begin, block.end - block.begin));
            body_text.push_back('\n');
        }
        const int lines_to_try = std::min(kLeadLines, static_cast<int>(body.size()));
        for (int k = 0; k < lines_to_try; ++k) {
            const TextBlock& block = body[static_cast<std::size_t>(k)];
            const auto lead = find_lead_date(page_.substr(block.begin, block.end - block.begin));
            if (!lead)
                continue;
            std::optional<int> year = lead->year;
            if (!year && lead->weekday && options_.today.year > 0) {
                year = resolve_weekday_year(lead->month, lead->day, *lead->weekday, options_.today,
                                            find_named_years(body_text));
            }
            if (!year)
                return;
            metadata_.date = CivilDate{*year, lead->month, lead->day};
            metadata_.date_origin = DateOrigin::lead;
            return;
        }
    }

    CleanPage finish() {
        CleanPage page;
        page.lines.reserve(lines_.size());
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            const PageLine& line = lines_[i];
            page.lines.push_back({line.begin, line.end, line.number, roles_[i]});
            if (roles_[i] == LineRole::body) {
                page.body.push_back({line.text_begin, line.text_end, line.number, line.number});
            } else if (roles_[i] == LineRole::author_bio) {
                const std::string_view bio = without_disclaimer(line.text);
                if (!metadata_.author_bio.empty())
                    metadata_.author_bio.push_back(' ');
                metadata_.author_bio.append(bio);
            }
        }
        date_from_lead(page.body);
        page.metadata = std::move(metadata_);
        return page;
    }

    std::string_view page_;
    const CleanOptions& options_;
    std::vector<PageLine> lines_;
    std::vector<LineRole> roles_;
    PageMetadata metadata_;
    std::size_t first_paragraph_ = 0;
    std::size_t title_line_ = kNone;
};

}  // namespace

std::string_view to_string(LineRole role) {
    switch (role) {
        case LineRole::blank:
            return "blank";
        case LineRole::body:
            return "body";
        case LineRole::title:
            return "title";
        case LineRole::header_date:
            return "header_date";
        case LineRole::breadcrumb:
            return "breadcrumb";
        case LineRole::banner:
            return "banner";
        case LineRole::label:
            return "label";
        case LineRole::teaser:
            return "teaser";
        case LineRole::read_more:
            return "read_more";
        case LineRole::comment_form:
            return "comment_form";
        case LineRole::template_debris:
            return "template_debris";
        case LineRole::caption:
            return "caption";
        case LineRole::duplicate:
            return "duplicate";
        case LineRole::author_bio:
            return "author_bio";
        case LineRole::byline:
            return "byline";
    }
    return "body";
}

CleanPage clean_page(std::string_view page, const CleanOptions& options) {
    return PageClassifier(page, options).run();
}

}  // namespace dossier
