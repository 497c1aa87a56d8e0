#include "common/schema.h"

#include <cstdint>
#include <cstdio>

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
