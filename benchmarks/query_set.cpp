#include "benchmarks/query_set.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace dossier::bench {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator))
        parts.push_back(part);
    if (!text.empty() && text.back() == separator)
        parts.emplace_back();
    return parts;
}

}  // namespace

std::vector<BenchQuery> load_query_set(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error(file.string() + ": cannot open");
    std::vector<BenchQuery> queries;
    std::string line;
    int line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (line.empty() || line[0] == '#')
            continue;
        const auto where = [&] { return file.string() + ":" + std::to_string(line_number) + ": "; };
        const std::vector<std::string> fields = split(line, '\t');
        if (fields.size() != 3)
            throw std::runtime_error(where() + "expected class<TAB>query<TAB>flags");
        BenchQuery query;
        query.query_class = fields[0];
        query.text = fields[1];
        if (fields[2] != "-") {
            for (const std::string& pair : split(fields[2], ';')) {
                const auto equals = pair.find('=');
                if (equals == std::string::npos)
                    throw std::runtime_error(where() + "flag without '=': " + pair);
                const std::string key = pair.substr(0, equals);
                const std::string value = pair.substr(equals + 1);
                if (key == "actor")
                    query.actors.push_back(value);
                else if (key == "from")
                    query.from = value;
                else if (key == "to")
                    query.to = value;
                else if (key == "facets")
                    query.facets = split(value, ',');
                else if (key == "offset")
                    query.offset = static_cast<unsigned>(std::stoul(value));
                else
                    throw std::runtime_error(where() + "unknown flag: " + key);
            }
        }
        // No words and no filter is the match-all query, timed for what
        // counting every passage costs; it must say so with a flag.
        if (query.text.empty() && query.actors.empty() && fields[2] == "-")
            throw std::runtime_error(where() + "a query needs words, an actor or a flag");
        queries.push_back(std::move(query));
    }
    return queries;
}

std::vector<QueryToken> tokenize_query(const std::string& text) {
    std::vector<QueryToken> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
        } else if (text[i] == '"') {
            const std::size_t close = text.find('"', i + 1);
            const std::size_t end = close == std::string::npos ? text.size() : close;
            tokens.push_back({text.substr(i + 1, end - i - 1), true, false});
            i = end + 1;
        } else {
            const std::size_t end = std::min(text.find(' ', i), text.size());
            std::string word = text.substr(i, end - i);
            const bool is_operator = word == "OR" || word == "AND" || word == "NOT";
            tokens.push_back({std::move(word), false, is_operator});
            i = end;
        }
    }
    return tokens;
}

double percentile(std::vector<double> values, double p) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

void LatencyTable::add(const std::string& query_class, std::vector<double> pass_ms,
                       std::size_t hits) {
    auto [it, inserted] = classes_.try_emplace(query_class);
    if (inserted)
        order_.push_back(query_class);
    it->second.medians.push_back(percentile(std::move(pass_ms), 50));
    it->second.hits += hits;
}

void LatencyTable::print_tsv(std::ostream& out, const std::string& engine, bool header) const {
    if (header)
        out << "engine\tclass\tqueries\tp50_ms\tp95_ms\tp99_ms\tmean_hits\n";
    std::vector<double> all;
    std::size_t all_hits = 0;
    const auto row = [&](const std::string& name, const std::vector<double>& medians,
                         std::size_t hits) {
        out << engine << '\t' << name << '\t' << medians.size() << '\t' << percentile(medians, 50)
            << '\t' << percentile(medians, 95) << '\t' << percentile(medians, 99) << '\t'
            << (medians.empty() ? 0.0
                                : static_cast<double>(hits) / static_cast<double>(medians.size()))
            << '\n';
    };
    for (const std::string& name : order_) {
        const ClassSamples& samples = classes_.at(name);
        row(name, samples.medians, samples.hits);
        all.insert(all.end(), samples.medians.begin(), samples.medians.end());
        all_hits += samples.hits;
    }
    row("all", all, all_hits);
}

std::string lower_day(const std::string& bound) {
    if (bound.empty())
        return "0000-00-00";
    if (bound.size() == 4)
        return bound + "-01-01";
    if (bound.size() == 7)
        return bound + "-01";
    return bound;
}

std::string upper_day(const std::string& bound) {
    if (bound.empty())
        return "9999-12-31";
    // Day 31 of any month: dates are compared as strings, so "2012-02-31"
    // bounds February exactly like "2012-02-29" would.
    if (bound.size() == 4)
        return bound + "-12-31";
    if (bound.size() == 7)
        return bound + "-31";
    return bound;
}

}  // namespace dossier::bench
