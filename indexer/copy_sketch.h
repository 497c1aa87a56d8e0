// What makes two articles copies of one story, and the sketch that finds
// them (docs/copies.md).
//
// Two articles are copies when most of the shorter one's word 5-shingles
// (five consecutive words, case-folded, punctuation dropped, numbers kept)
// are in the longer: containment |A n B| / min(|A|, |B|) >= kCopyContainment.
// Containment, not Jaccard: a first take inside its "UPDATE 2" has Jaccard
// 0.1-0.25 and containment near 1. Numbers are words, so two daily reports
// from one template with other figures share only their fixed sentences.
//
// A sketch is a consistent sample of an article's shingle hashes: a shingle
// is in it when its hash's low bits are zero, so the sample of A n B is the
// intersection of the samples, and the share of the shorter sample found in
// the other estimates containment. Short articles keep every shingle, so
// that a brief's copies are found at all.
//
// Plain values and pure functions; no errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

inline constexpr std::size_t kShingleWords = 5;
// Measured with benchmarks/copies against the exact reference
// (docs/BENCHMARKS.md, "Copies"): at 0.8 and above every sampled pair was one
// story; daily template reports and sibling stories sat between 0.5 and 0.75.
inline constexpr double kCopyContainment = 0.8;

// The sorted, distinct hashes of a text's word 5-shingles. Passages are one
// run of words: a shingle may span two passages.
std::vector<std::uint64_t> shingle_hashes(const std::vector<std::string_view>& passages);

// A sketch keeps the low 32 bits of each sampled hash (the sampling bits
// among them): a run holds every new article's sketch until it ends, and
// this halves them. Two samples of a few hundred hashes share a false
// 32-bit hash about once in 50,000 pairs, which moves an estimate by one
// hash in a few hundred.
using SketchHash = std::uint32_t;

struct CopySketch {
    std::vector<SketchHash> sample;  // sorted: the sampled shingle hashes
    std::uint32_t shingles = 0;      // distinct shingles of the article
    // The hashes the article is found by in the index (candidate_hashes).
    std::vector<std::uint64_t> candidates;
};

// The sketch of an article's sorted shingle hashes.
CopySketch sketch_of(const std::vector<std::uint64_t>& shingles);

// The hashes an article is found by in the index (schema::copy_candidate_term):
// a sparser consistent sample than the sketch's, and the two smallest hashes,
// so that every article with a shingle has a term and two copies of a short
// text share theirs.
std::vector<std::uint64_t> candidate_hashes(const std::vector<std::uint64_t>& shingles);

// Where to look a sketch up among other sketches: the positions in its
// sample of hashes that any sketch the sketches may judge a copy of it, and
// at least as long, holds one of (prefix filtering: if B holds 80% of A, it
// holds one of any 20% of A, and one more). `articles_with`, parallel to the
// sample, says how many sketches hold each hash: the rarest are taken, so
// that lookups meet few articles.
std::vector<std::size_t> probe_positions(const CopySketch& sketch,
                                         const std::vector<std::uint32_t>& articles_with);

// |A n B| / min(|A|, |B|) of two sorted sets (0 when either is empty): exact
// on shingle sets, an estimate on sketches.
// For std::uint64_t (shingle sets) and SketchHash (samples).
template <typename Hash>
double containment(const std::vector<Hash>& a, const std::vector<Hash>& b);
template <typename Hash>
std::size_t shared_count(const std::vector<Hash>& a, const std::vector<Hash>& b);

// How a pair's sketches decide it: copies, not copies, or too close to the
// threshold for the sample to tell (then the exact shingle sets decide).
enum class SketchVerdict { copies, distinct, uncertain };
SketchVerdict judge_sketches(const CopySketch& a, const CopySketch& b);

}  // namespace dossier
