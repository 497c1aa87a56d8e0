// The seed corpus indexed once per test program, for the search-side tests.
#pragma once

#include <memory>
#include <sstream>

#include "indexer/indexing_run.h"
#include "test_support.h"

namespace dossier::testing {

class CorpusIndex {
  public:
    static const std::filesystem::path& path() {
        static CorpusIndex instance;
        return instance.index_;
    }

  private:
    CorpusIndex() : index_(dir_ / "index") {
        IndexingOptions options;
        options.index_directory = index_;
        options.inputs = {corpus_dir()};
        options.today = CivilDate{2026, 11, 23};
        options.threads = 2;
        ProgressMeter quiet(stderr, false);
        std::ostringstream messages;
        run_indexing(options, quiet, messages);
    }
    TempDir dir_;
    std::filesystem::path index_;
};

}  // namespace dossier::testing
