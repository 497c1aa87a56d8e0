#include "common/schema.h"

#include <cstdint>
#include <cstdio>

#include "common/text.h"

namespace dossier::schema {

namespace {
constexpr std::size_t kMaxTermBytes = 245;

std::uint64_t fnv1a(std::string_view s, std::uint64_t basis = 1469598103934665603ULL) {
    std::uint64_t hash = basis;
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

namespace {
constexpr char kBase64Digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// The top `digits` x 6 bits of `value` in base64 digits.
void append_base64(std::string& out, std::uint64_t value, int digits) {
    for (int shift = 58; digits-- > 0; shift -= 6)
        out += kBase64Digits[shift >= 0 ? (value >> shift) & 63 : (value << -shift) & 63];
}
}  // namespace

std::string story_key(std::string_view founding_article_id) {
    std::string key;
    append_base64(key, mix64(fnv1a(founding_article_id)), 10);
    return key;
}

std::string copy_candidate_term(std::uint64_t shingle_hash) {
    std::string term(kCopyCandidatePrefix);
    append_base64(term, shingle_hash, 6);
    return term;
}

std::string article_term(std::string_view article_id) {
    if (article_id.size() <= kLiteralArticleIdBytes && !article_id.starts_with('#'))
        return boolean_term(kArticleIdPrefix, article_id);
    // 96 bits of two differently seeded FNV-1a hashes, finished by
    // SplitMix64's mixer, in 16 URL-safe base64 characters: at a billion
    // articles the chance that two ids share a term is about 6e-12.
    const std::uint64_t high = mix64(fnv1a(article_id));
    const std::uint64_t low = mix64(fnv1a(article_id, 0x9e3779b97f4a7c15ULL)) >> 32;
    std::string term(kArticleIdPrefix);
    term += '#';
    append_base64(term, high, 10);                          // the high 64 bits' top 60
    const std::uint64_t rest = ((high & 0xF) << 32) | low;  // the last 4 bits and 32 more
    append_base64(term, rest << 28, 6);
    return term;
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

namespace {
// The actor types and the letter each is stored as in a slot value.
constexpr std::pair<char, std::string_view> kActorTypeCodes[] = {
    {'p', "person"}, {'c', "country"}, {'o', "organisation"}};
}  // namespace

std::string actor_slot_value(std::string_view type, std::string_view name) {
    std::string value;
    for (const auto& [code, full] : kActorTypeCodes) {
        if (full == type)
            value += code;
    }
    if (value.empty())
        value = type;  // a type without a letter is stored whole
    value += ':';
    value.append(name);
    return value;
}

std::pair<std::string_view, std::string_view> split_actor_slot_value(std::string_view value) {
    const std::size_t colon = value.find(':');
    if (colon == std::string_view::npos)
        return {value, value};
    std::string_view type = value.substr(0, colon);
    for (const auto& [code, full] : kActorTypeCodes) {
        if (type.size() == 1 && type.front() == code)
            type = full;
    }
    return {type, value.substr(colon + 1)};
}

}  // namespace dossier::schema
