// The scale-out path: shards served by Xapian's stock xapian-tcpsrv, opened
// through a stub file, give the same hits and exact facet counts as one index.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <sstream>
#include <thread>

#include "indexer/indexing_run.h"
#include "query/search/search_service.h"
#include "test_support.h"

extern char** environ;

namespace dossier {
namespace {

namespace fs = std::filesystem;
using testing::corpus_dir;
using testing::TempDir;

void build_index(const fs::path& index, const std::vector<fs::path>& inputs, unsigned shards = 1) {
    IndexingOptions options;
    options.index_directory = index;
    options.inputs = inputs;
    options.shards = shards;
    options.threads = 2;
    options.today = CivilDate{2026, 11, 23};
    ProgressMeter quiet(stderr, false);
    std::ostringstream messages;
    run_indexing(options, quiet, messages);
}

// A port the kernel says is free now (bound to port 0, then released).
int free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

// xapian-tcpsrv serving one index on a loopback port, stopped on destruction.
class TcpServer {
  public:
    explicit TcpServer(const fs::path& index) : port_(free_loopback_port()) {
        const std::string port = std::to_string(port_);
        const std::string dir = index.string();
        const char* argv[] = {"xapian-tcpsrv", "--quiet",    "--interface", "127.0.0.1",
                              "--port",        port.c_str(), dir.c_str(),   nullptr};
        // Its connection log (our readiness probes show there as broken pipes) is noise here.
        posix_spawn_file_actions_t quiet;
        posix_spawn_file_actions_init(&quiet);
        posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&quiet, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
        const int spawned = posix_spawnp(&pid_, "xapian-tcpsrv", &quiet, nullptr,
                                         const_cast<char**>(argv), environ);
        posix_spawn_file_actions_destroy(&quiet);
        if (spawned != 0) {
            pid_ = 0;
            return;
        }
        for (int waited = 0; waited < 50 && !ready_; ++waited) {
            ready_ = accepts_connections(port_);
            if (!ready_)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    ~TcpServer() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);  // xapian-tcpsrv may wait for its children on SIGTERM
            ::waitpid(pid_, nullptr, 0);
        }
    }
    bool running() const { return ready_; }
    std::string stub_line() const { return "remote 127.0.0.1:" + std::to_string(port_) + "\n"; }

  private:
    int port_;
    pid_t pid_ = 0;
    bool ready_ = false;
};

// Each shard of the index at `index` behind its own xapian-tcpsrv (kept in
// `servers`): the stub that names them, or empty when one did not start.
std::string serve_each_shard(const fs::path& index,
                             std::vector<std::unique_ptr<TcpServer>>& servers) {
    std::string stub;
    std::istringstream shards(testing::read_file(index / "XAPIANDB"));
    std::string backend, name;
    while (shards >> backend >> name) {
        servers.push_back(std::make_unique<TcpServer>(index / name));
        if (!servers.back()->running())
            return {};
        stub += servers.back()->stub_line();
    }
    return stub;
}

nlohmann::json comparable(SearchResult result) {
    nlohmann::json json = to_json(result);
    json.erase("took_ms");
    for (auto& hit : json["hits"])
        hit.erase("score");  // compared apart, with a tolerance for rounding
    return json;
}

TEST(ShardedSearch, TwoShardsBehindXapianTcpsrvMatchOneLocalIndex) {
    TempDir dir;
    const fs::path pages = corpus_dir();
    build_index(dir / "whole", {pages});
    build_index(dir / "shard-a",
                {pages / "000_38333822f4d6acfe.txt", pages / "001_0c49961f96213048.txt"});
    build_index(dir / "shard-b",
                {pages / "002_5bee35d626bb8c1b.txt", pages / "003_a9a4a9c0d7962cea.txt"});
    TcpServer a(dir / "shard-a");
    TcpServer b(dir / "shard-b");
    ASSERT_TRUE(a.running() && b.running()) << "xapian-tcpsrv did not start";
    testing::write_file(dir / "shards.stub", a.stub_line() + b.stub_line());

    SearchService local(dir / "whole");
    SearchService sharded(dir / "shards.stub");
    for (const char* query :
         {"", "china", "sanctions OR alliance", "actor:lavrov", "date:2024-07.."}) {
        SearchRequest request;
        request.query = query;
        request.limit = 100;
        request.facets = {"actor", "year", "month", "source", "author", "mentioned_year"};
        request.facet_limit = 1000;
        request.sort = SortOrder::date;  // a total order that does not depend on merged statistics
        request.per_article = 0;
        const SearchResult one = local.search(request);
        const SearchResult two = sharded.search(request);
        EXPECT_EQ(one.total, two.total) << query;
        EXPECT_EQ(comparable(one)["facets"], comparable(two)["facets"]) << query;
        // Articles and the passages shown for them, in the same order.
        EXPECT_EQ(comparable(one)["hits"], comparable(two)["hits"]) << query;
    }
    // Passage scoring and reranking by passage evidence agree across shards:
    // they use only merged statistics (term frequencies, document count).
    SearchRequest ranked;
    ranked.query = "sanctions OR alliance OR security";
    ranked.limit = 100;
    ranked.per_article = 3;
    const SearchResult one = local.search(ranked);
    const SearchResult two = sharded.search(ranked);
    ASSERT_EQ(one.hits.size(), 4u);
    ASSERT_EQ(two.hits.size(), one.hits.size());
    for (std::size_t i = 0; i < one.hits.size(); ++i) {
        EXPECT_EQ(one.hits[i].article.id, two.hits[i].article.id) << i;
        EXPECT_NEAR(one.hits[i].score, two.hits[i].score, 1e-6 * one.hits[i].score) << i;
        ASSERT_EQ(one.hits[i].passages.size(), two.hits[i].passages.size()) << i;
        for (std::size_t p = 0; p < one.hits[i].passages.size(); ++p) {
            EXPECT_EQ(one.hits[i].passages[p].passage_id, two.hits[i].passages[p].passage_id);
            EXPECT_NEAR(one.hits[i].passages[p].score, two.hits[i].passages[p].score, 1e-9);
        }
    }
    EXPECT_EQ(one.total, 4u);
}

// Articles with copies in other shards: a story is one hit and one count in
// the total behind xapian-tcpsrv as in the local shards. Facet counts there
// are of articles (Xapian's spies see every copy), and say so.
TEST(ShardedSearch, StoriesCollapseTheSameBehindXapianTcpsrv) {
    TempDir dir;
    std::string lines;
    auto add = [&](const std::string& id, const std::string& source, const std::string& date,
                   const std::string& text) {
        lines += nlohmann::json{{"id", id},
                                {"title", "Port " + id},
                                {"source", source},
                                {"date", date},
                                {"text", text}}
                     .dump() +
                 "\n";
    };
    auto story = [](unsigned seed) {
        std::string text = "harbour";
        for (unsigned i = 0; i < 150; ++i)
            text += " w" + std::to_string((seed * 7919 + i * 104729) % 5003);
        return text;
    };
    for (int copy = 0; copy < 4; ++copy)
        add("wire-" + std::to_string(copy), copy % 2 ? "Site" : "Wire",
            "2024-03-0" + std::to_string(copy + 1), story(1));
    for (unsigned other = 2; other < 6; ++other)
        add("other-" + std::to_string(other), "Wire", "2024-04-01", story(other));
    testing::write_file(dir / "in" / "feed.jsonl", lines);
    build_index(dir / "three", {dir / "in"}, 3);
    std::vector<std::unique_ptr<TcpServer>> servers;
    const std::string stub = serve_each_shard(dir / "three", servers);
    ASSERT_FALSE(stub.empty()) << "xapian-tcpsrv did not start";
    testing::write_file(dir / "remote.stub", stub);

    SearchService local(dir / "three");
    SearchService remote(dir / "remote.stub");
    SearchRequest request;
    request.query = "harbour";
    request.limit = 100;
    request.facets = {"source"};
    request.sort = SortOrder::date;
    const SearchResult here = local.search(request);
    const SearchResult there = remote.search(request);
    EXPECT_EQ(here.total, 5u);
    EXPECT_EQ(there.total, here.total);
    ASSERT_EQ(there.hits.size(), here.hits.size());
    for (std::size_t i = 0; i < here.hits.size(); ++i) {
        EXPECT_EQ(there.hits[i].article.id, here.hits[i].article.id) << i;
        EXPECT_EQ(there.hits[i].story.size, here.hits[i].story.size) << i;
        // The copies listed (read from the story table here, matched on
        // the story key there): the same, in the same date order.
        const auto ids = [](const StoryInfo& info) {
            std::vector<std::string> out;
            for (const StoryCopy& copy : info.copies)
                out.push_back(copy.article.id + " " + copy.article.source + " " +
                              std::to_string(copy.length));
            return out;
        };
        EXPECT_EQ(ids(there.hits[i].story), ids(here.hits[i].story)) << i;
        EXPECT_EQ(there.hits[i].story.newest_id, here.hits[i].story.newest_id) << i;
        EXPECT_EQ(there.hits[i].story.longest_id, here.hits[i].story.longest_id) << i;
    }
    const auto wire = std::find_if(here.hits.begin(), here.hits.end(),
                                   [](const SearchHit& hit) { return hit.story.size == 4; });
    ASSERT_NE(wire, here.hits.end());
    EXPECT_EQ(wire->story.newest_id, "wire-3");
    EXPECT_EQ(wire->story.copies.size(), 3u);
    EXPECT_TRUE(here.facets_count_stories);
    EXPECT_FALSE(there.facets_count_stories);
    // Remote: every matching copy counted, as the local count of articles.
    request.copies = true;
    EXPECT_EQ(comparable(remote.search(request))["facets"],
              comparable(local.search(request))["facets"]);
    EXPECT_EQ(comparable(there)["facets"], comparable(local.search(request))["facets"]);
}

// One database, the same articles in three local shards (one writer thread
// each), and those three shards each behind its own xapian-tcpsrv: the same
// JSON, facets and passages included.
TEST(ShardedSearch, OneDatabaseLocalShardsAndRemoteShardsGiveTheSameJson) {
    TempDir dir;
    build_index(dir / "one", {corpus_dir()}, 1);
    build_index(dir / "three", {corpus_dir()}, 3);
    std::vector<std::unique_ptr<TcpServer>> servers;
    const std::string stub = serve_each_shard(dir / "three", servers);
    ASSERT_FALSE(stub.empty()) << "xapian-tcpsrv did not start";
    ASSERT_EQ(servers.size(), 3u);
    testing::write_file(dir / "remote.stub", stub);

    SearchService one(dir / "one");
    SearchService local(dir / "three");
    SearchService remote(dir / "remote.stub");
    for (const char* query : {"", "china", "sanctions OR alliance OR security", "actor:lavrov",
                              "date:2024-07..", "title:russia"}) {
        SearchRequest request;
        request.query = query;
        request.limit = 100;
        request.per_article = 3;
        request.facets = {"actor", "year", "month", "source", "author", "mentioned_year"};
        request.facet_limit = 1000;
        const nlohmann::json a = comparable(one.search(request));
        const nlohmann::json b = comparable(local.search(request));
        const nlohmann::json c = comparable(remote.search(request));
        EXPECT_EQ(a, b) << query;
        EXPECT_EQ(a, c) << query;
        EXPECT_FALSE(a["hits"].empty()) << query;
    }
}

}  // namespace
}  // namespace dossier
