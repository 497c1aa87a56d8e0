// What makes two articles copies (indexer/copy_sketch.h): word 5-shingle
// containment, and sketches that judge it as the exact sets would.
#include "indexer/copy_sketch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace dossier {
namespace {

// `count` words drawn from a vocabulary of `vocabulary` made-up words.
std::vector<std::string> random_words(std::mt19937& random, std::size_t count,
                                      unsigned vocabulary = 5000) {
    std::uniform_int_distribution<unsigned> pick(0, vocabulary - 1);
    std::vector<std::string> words;
    for (std::size_t i = 0; i < count; ++i)
        words.push_back("w" + std::to_string(pick(random)));
    return words;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& word : words)
        out += (out.empty() ? "" : " ") + word;
    return out;
}

std::vector<std::uint64_t> shingles_of(const std::string& text) {
    return shingle_hashes({text});
}

TEST(CopySketch, ShinglesIgnoreCaseAndPunctuationButKeepWordOrder) {
    const auto a = shingles_of("The Fed raised rates, it said. Markets fell sharply.");
    const auto b = shingles_of("the fed RAISED rates it said -- markets fell sharply");
    EXPECT_EQ(a, b);
    EXPECT_FALSE(a.empty());
    const auto reordered = shingles_of("fed the raised rates it said markets fell sharply");
    EXPECT_LT(containment(a, reordered), 1.0);
}

TEST(CopySketch, PassagesAreOneRunOfWords) {
    EXPECT_EQ(shingle_hashes({"one two three", "four five six"}),
              shingles_of("one two three four five six"));
}

TEST(CopySketch, TextsShorterThanAShingleHaveNone) {
    EXPECT_TRUE(shingles_of("four words only here").empty());
    EXPECT_EQ(shingles_of("exactly five words are here").size(), 1u);
}

TEST(CopySketch, AFirstTakeInsideItsUpdateIsContainedThoughJaccardIsLow) {
    std::mt19937 random(7);
    const std::vector<std::string> take = random_words(random, 120);
    std::vector<std::string> update = take;
    for (const std::string& word : random_words(random, 400))
        update.push_back(word);
    const auto a = shingles_of(joined(take));
    const auto b = shingles_of(joined(update));
    EXPECT_DOUBLE_EQ(containment(a, b), 1.0);
    const double jaccard = static_cast<double>(shared_count(a, b)) /
                           static_cast<double>(a.size() + b.size() - shared_count(a, b));
    EXPECT_LT(jaccard, 0.3);
}

TEST(CopySketch, TemplateReportsWithOtherFiguresAreNotCopies) {
    std::string monday, tuesday;
    for (int line = 0; line < 12; ++line) {
        monday += "The index of fund " + std::to_string(line) + " closed at " +
                  std::to_string(100 + line * 7) + " points, up " + std::to_string(line % 5) +
                  " percent. ";
        tuesday += "The index of fund " + std::to_string(line) + " closed at " +
                   std::to_string(230 + line * 3) + " points, up " +
                   std::to_string((line + 2) % 5) + " percent. ";
    }
    EXPECT_LT(containment(shingles_of(monday), shingles_of(tuesday)), kCopyContainment);
}

TEST(CopySketch, ShortSketchesHoldEveryShingleAndJudgeExactly) {
    std::mt19937 random(11);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<std::string> a = random_words(random, 60, 300);
        std::vector<std::string> b = a;
        // Change a few words: containment lands around the threshold.
        std::uniform_int_distribution<std::size_t> at(0, b.size() - 1);
        const int changes = trial % 6;
        for (int i = 0; i < changes; ++i)
            b[at(random)] = "x" + std::to_string(i);
        const auto sa = shingles_of(joined(a));
        const auto sb = shingles_of(joined(b));
        const CopySketch ka = sketch_of(sa);
        const CopySketch kb = sketch_of(sb);
        // Every shingle, by the low 32 bits of its hash.
        std::vector<SketchHash> low_bits(sa.begin(), sa.end());
        std::sort(low_bits.begin(), low_bits.end());
        EXPECT_EQ(ka.sample, low_bits);
        EXPECT_EQ(ka.candidates, candidate_hashes(sa));
        const SketchVerdict expected = containment(sa, sb) >= kCopyContainment
                                           ? SketchVerdict::copies
                                           : SketchVerdict::distinct;
        EXPECT_EQ(judge_sketches(ka, kb), expected) << "trial " << trial;
    }
}

TEST(CopySketch, LongSketchesAreSamplesThatNeverContradictClearCases) {
    std::mt19937 random(3);
    const std::vector<std::string> story = random_words(random, 1500);
    std::vector<std::string> repost = story;
    repost.resize(1400);  // a trimmed repost: containment 1
    const CopySketch original = sketch_of(shingles_of(joined(story)));
    const CopySketch trimmed = sketch_of(shingles_of(joined(repost)));
    EXPECT_LT(original.sample.size(), original.shingles);
    EXPECT_EQ(judge_sketches(original, trimmed), SketchVerdict::copies);
    const CopySketch unrelated = sketch_of(shingles_of(joined(random_words(random, 1500))));
    EXPECT_EQ(judge_sketches(original, unrelated), SketchVerdict::distinct);
}

TEST(CopySketch, ProbePositionsReachEveryArticleThatHoldsMostOfTheShorterOne) {
    std::mt19937 random(5);
    for (int trial = 0; trial < 100; ++trial) {
        const bool long_text = trial % 2 == 0;
        std::vector<std::string> a = random_words(random, long_text ? 600 : 80);
        // b holds a with 15% of its words changed (containment about 0.8 or
        // more on a whole sketch), plus text of its own.
        std::vector<std::string> b = a;
        std::uniform_int_distribution<std::size_t> at(0, a.size() - 1);
        for (std::size_t i = 0; i < a.size() / 40; ++i)
            b[at(random)] = "changed";
        for (const std::string& word : random_words(random, 300))
            b.push_back(word);
        const auto sa = shingles_of(joined(a));
        const auto sb = shingles_of(joined(b));
        const CopySketch ka = sketch_of(sa);
        const CopySketch kb = sketch_of(sb);
        if (judge_sketches(ka, kb) == SketchVerdict::distinct)
            continue;  // nothing to find
        const std::vector<std::uint32_t> everywhere(ka.sample.size(), 1);
        bool found = false;
        for (const std::size_t position : probe_positions(ka, everywhere)) {
            found = found ||
                    std::binary_search(kb.sample.begin(), kb.sample.end(), ka.sample[position]);
        }
        EXPECT_TRUE(found) << "trial " << trial << ", containment " << containment(sa, sb);
    }
}

TEST(CopySketch, CandidateHashesAreASparserConsistentSample) {
    std::mt19937 random(9);
    const std::vector<std::string> story = random_words(random, 3000);
    const auto shingles = shingles_of(joined(story));
    const auto candidates = candidate_hashes(shingles);
    EXPECT_GE(candidates.size(), 2u);
    EXPECT_LT(candidates.size(), shingles.size() / 16);
    // A copy with text of its own around it has the same sampled terms
    // (beyond the two smallest hashes, which its own text may undercut).
    std::vector<std::string> copy = random_words(random, 200);
    copy.insert(copy.end(), story.begin(), story.end());
    const auto in_copy = candidate_hashes(shingles_of(joined(copy)));
    EXPECT_GE(shared_count(candidates, in_copy), candidates.size() - 2);
}

}  // namespace
}  // namespace dossier
