// Compression of the stored article records (common/stored_article.h) with a
// dictionary trained on the index's own first articles.
//
// A record is one to a few kilobytes; compressed alone it keeps about half its
// size (Xapian's zlib compression of document data reaches 0.51 on Reuters
// financial news), because the field layout and the corpus's vocabulary are
// learnt again in every record. A zstd dictionary learnt once from a sample of
// the corpus carries them: 0.39 on the same records, 20% less document data,
// at under 20 microseconds a record either way (docs/BENCHMARKS.md).
//
// The dictionary is stored in every shard's metadata
// (schema::kMetaRecordDictionary); an index built before it had one, or too
// small to learn one, stores its records plain and Xapian compresses them.
//
// Values: a compressor owns its (immutable) dictionary and may be shared by
// threads. Errors: train_record_dictionary returns an empty dictionary when
// the sample is too small; decompress throws std::runtime_error naming the
// problem when data is damaged or needs a dictionary this compressor lacks;
// compress and decompress throw it when the stored dictionary cannot be loaded.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// A dictionary learnt from sample records (encode_stored_article's output),
// at most `max_bytes`; empty when the samples are too few to learn from.
std::string train_record_dictionary(const std::vector<std::string>& samples,
                                    std::size_t max_bytes = 256 * 1024);

class RecordCompressor {
  public:
    // An empty dictionary: records are left as they are.
    explicit RecordCompressor(std::string dictionary = {});
    ~RecordCompressor();
    RecordCompressor(RecordCompressor&&) noexcept;
    RecordCompressor& operator=(RecordCompressor&&) noexcept;

    const std::string& dictionary() const;

    // The document data for a record: the record itself without a
    // dictionary, else a marker byte and the compressed record.
    std::string compress(std::string record) const;
    // The record of document data written by compress() with this
    // dictionary, or left plain by any compressor.
    std::string decompress(std::string_view data) const;

  private:
    struct Impl;
    std::shared_ptr<const Impl> impl_;
};

}  // namespace dossier
