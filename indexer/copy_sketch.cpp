#include "indexer/copy_sketch.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "common/text.h"

namespace dossier {

namespace {

// A shingle is sampled into a sketch when these bits of its hash are zero
// (one in 8), and is an index term when these are (one in 64: a term costs
// about 27 bytes of index, and Reuters financial news, 3 KB an article,
// grew 7% with one term in 32 and 13-byte terms).
constexpr std::uint64_t kSketchSampleMask = 7;
constexpr std::uint64_t kCandidateSampleMask = 63;
// Articles with at most this many shingles (about 260 words) keep them all:
// a one-in-8 sample of a brief is too few to find or judge its copies.
constexpr std::uint32_t kWholeSketchShingles = 256;
// How sure a sketch must be: its estimate this many standard errors
// (binomial, at the threshold) away from the threshold.
constexpr double kSketchConfidence = 2.5;

std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t word_hash(std::string_view folded) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (const unsigned char c : folded) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

bool in_sketch_sample(std::uint64_t hash) {
    return (hash & kSketchSampleMask) == 0;
}

// The sample both sketches can be compared on: a whole sketch cut down to
// the sampled shingles when the other is a sample.
std::vector<SketchHash> sampled_only(const std::vector<SketchHash>& hashes) {
    std::vector<SketchHash> out;
    std::copy_if(hashes.begin(), hashes.end(), std::back_inserter(out), in_sketch_sample);
    return out;
}

bool whole(const CopySketch& sketch) {
    return sketch.shingles <= kWholeSketchShingles;
}

}  // namespace

std::vector<std::uint64_t> shingle_hashes(const std::vector<std::string_view>& passages) {
    std::vector<std::uint64_t> words;
    for (const std::string_view text : passages) {
        for (const text::Word& word : text::find_words(text))
            words.push_back(
                word_hash(text::fold_case(text.substr(word.begin, word.end - word.begin))));
    }
    std::vector<std::uint64_t> shingles;
    if (words.size() < kShingleWords)
        return shingles;
    shingles.reserve(words.size() - kShingleWords + 1);
    for (std::size_t i = 0; i + kShingleWords <= words.size(); ++i) {
        // Rotations keep the words' order in the hash.
        std::uint64_t combined = 0;
        for (std::size_t k = 0; k < kShingleWords; ++k)
            combined ^= std::rotl(words[i + k], static_cast<int>(13 * k));
        shingles.push_back(mix(combined));
    }
    std::sort(shingles.begin(), shingles.end());
    shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
    return shingles;
}

CopySketch sketch_of(const std::vector<std::uint64_t>& shingles) {
    CopySketch sketch;
    sketch.shingles = static_cast<std::uint32_t>(shingles.size());
    for (const std::uint64_t hash : shingles) {
        if (whole(sketch) || in_sketch_sample(hash))
            sketch.sample.push_back(static_cast<SketchHash>(hash));
    }
    std::sort(sketch.sample.begin(), sketch.sample.end());
    sketch.candidates = candidate_hashes(shingles);
    return sketch;
}

std::vector<std::uint64_t> candidate_hashes(const std::vector<std::uint64_t>& shingles) {
    std::vector<std::uint64_t> out;
    for (std::size_t i = 0; i < shingles.size(); ++i) {
        if (i < 2 || (shingles[i] & kCandidateSampleMask) == 0)
            out.push_back(shingles[i]);
    }
    return out;
}

std::vector<std::size_t> probe_positions(const CopySketch& sketch,
                                         const std::vector<std::uint32_t>& articles_with) {
    std::vector<std::size_t> probes;
    // The rarest `share` of the positions `eligible` lets through, and one more.
    const auto take_rarest = [&](double share, auto eligible) {
        std::vector<std::pair<std::uint32_t, std::size_t>> by_rarity;
        for (std::size_t i = 0; i < sketch.sample.size(); ++i) {
            if (eligible(sketch.sample[i]))
                by_rarity.emplace_back(articles_with[i], i);
        }
        const std::size_t n =
            std::min(by_rarity.size(),
                     static_cast<std::size_t>(share * static_cast<double>(by_rarity.size())) + 1);
        std::partial_sort(by_rarity.begin(), by_rarity.begin() + n, by_rarity.end());
        for (std::size_t i = 0; i < n; ++i)
            probes.push_back(by_rarity[i].second);
    };
    // A sample's estimate may fall this far under the truth and still leave
    // the pair to be decided exactly.
    constexpr double kSampledShare = 1 - kCopyContainment + 0.25;
    if (whole(sketch)) {
        take_rarest(1 - kCopyContainment, [](std::uint64_t) { return true; });
        // Met with a sampled sketch, only the sampled part counts.
        take_rarest(kSampledShare, in_sketch_sample);
        std::sort(probes.begin(), probes.end());
        probes.erase(std::unique(probes.begin(), probes.end()), probes.end());
    } else {
        take_rarest(kSampledShare, [](std::uint64_t) { return true; });
    }
    return probes;
}

template <typename Hash>
std::size_t shared_count(const std::vector<Hash>& a, const std::vector<Hash>& b) {
    std::size_t shared = 0;
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (*i < *j) {
            ++i;
        } else if (*j < *i) {
            ++j;
        } else {
            ++shared;
            ++i;
            ++j;
        }
    }
    return shared;
}

template <typename Hash>
double containment(const std::vector<Hash>& a, const std::vector<Hash>& b) {
    const std::size_t smaller = std::min(a.size(), b.size());
    return smaller == 0 ? 0.0
                        : static_cast<double>(shared_count(a, b)) / static_cast<double>(smaller);
}

template std::size_t shared_count(const std::vector<std::uint64_t>&,
                                  const std::vector<std::uint64_t>&);
template std::size_t shared_count(const std::vector<SketchHash>&, const std::vector<SketchHash>&);
template double containment(const std::vector<std::uint64_t>&, const std::vector<std::uint64_t>&);
template double containment(const std::vector<SketchHash>&, const std::vector<SketchHash>&);

SketchVerdict judge_sketches(const CopySketch& a, const CopySketch& b) {
    if (whole(a) && whole(b))  // both samples are the whole sets: exact
        return containment(a.sample, b.sample) >= kCopyContainment ? SketchVerdict::copies
                                                                   : SketchVerdict::distinct;
    const std::vector<SketchHash> cut_a = whole(a) ? sampled_only(a.sample) : a.sample;
    const std::vector<SketchHash> cut_b = whole(b) ? sampled_only(b.sample) : b.sample;
    const std::size_t smaller = std::min(cut_a.size(), cut_b.size());
    if (smaller == 0)
        return SketchVerdict::uncertain;
    const double estimate = containment(cut_a, cut_b);
    const double margin = kSketchConfidence * std::sqrt(kCopyContainment * (1 - kCopyContainment) /
                                                        static_cast<double>(smaller));
    if (estimate >= kCopyContainment + margin)
        return SketchVerdict::copies;
    if (estimate < kCopyContainment - margin)
        return SketchVerdict::distinct;
    return SketchVerdict::uncertain;
}

}  // namespace dossier
