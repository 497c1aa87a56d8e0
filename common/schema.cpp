#include "common/schema.h"

#include <cstdint>
#include <cstdio>

#include "common/text.h"

namespace dossier::schema {

namespace {
constexpr std::size_t kMaxTermBytes = 245;

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (const unsigned char c : s) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}
}  // namespace

std::string boolean_term(std::string_view prefix, std::string_view value) {
    std::string term;
    term.reserve(prefix.size() + value.size());
    term.append(prefix).append(value);
    if (term.size() <= kMaxTermBytes)
        return term;
    char digest[20];
    std::snprintf(digest, sizeof digest, "#%016llx", static_cast<unsigned long long>(fnv1a(value)));
    std::size_t keep = kMaxTermBytes - sizeof("#0123456789abcdef") + 1;
    // Cut on a UTF-8 character boundary.
    while (keep > 0 && (static_cast<unsigned char>(term[keep]) & 0xC0) == 0x80)
        --keep;
    term.resize(keep);
    term += digest;
    return term;
}

std::string article_term(std::string_view article_id) {
    return boolean_term(kArticleIdPrefix, article_id);
}

std::string day_term(std::string_view yyyymmdd) {
    return boolean_term(kDatePrefix, yyyymmdd.substr(0, 8));
}

std::string month_term(std::string_view yyyymmdd) {
    return boolean_term(kMonthPrefix, yyyymmdd.substr(0, 6));
}

std::string year_term(std::string_view yyyymmdd) {
    return boolean_term(kYearPrefix, yyyymmdd.substr(0, 4));
}

std::string folded_term(std::string_view prefix, std::string_view value) {
    return boolean_term(prefix, text::fold_case(text::trim(value)));
}

std::string stem_term(std::string_view stem) {
    std::string term(kStemPrefix);
    term.append(stem);
    return term;
}

std::string title_stem_term(std::string_view stem) {
    std::string term(kStemPrefix);
    term.append(kTitlePrefix).append(stem);
    return term;
}

bool is_stem_term(std::string_view term) {
    return term.size() > kStemPrefix.size() && term.substr(0, kStemPrefix.size()) == kStemPrefix;
}

bool is_word_term(std::string_view term) {
    // Stems are lower case, so "ZS" can only start a title stem.
    return is_stem_term(term) &&
           term.substr(kStemPrefix.size(), kTitlePrefix.size()) != kTitlePrefix;
}

bool split_passage_id(std::string_view passage_id, std::string& article_id, int& ordinal) {
    const std::size_t at = passage_id.rfind('@');
    if (at == std::string_view::npos || at + 1 >= passage_id.size() || at + 7 < passage_id.size())
        return false;
    int value = 0;
    for (const char c : passage_id.substr(at + 1)) {
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    article_id.assign(passage_id.substr(0, at));
    ordinal = value;
    return true;
}

std::string passage_id(std::string_view article_id, int ordinal) {
    std::string id(article_id);
    id += '@';
    id += std::to_string(ordinal);
    return id;
}

std::string actor_slot_value(std::string_view type, std::string_view name) {
    std::string value(type);
    value += ':';
    value.append(name);
    return value;
}

}  // namespace dossier::schema
