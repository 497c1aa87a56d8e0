// dossier-serve's HTTP endpoint as a client sees it: a real server on a free
// loopback port, a real HTTP client (cpp-httplib), the seed corpus index.
#include "query/http/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <limits>
#include <set>
#include <thread>

#include "corpus_index.h"
#include "query/search/search_service.h"

namespace dossier {
namespace {

using nlohmann::json;
using testing::CorpusIndex;
using testing::TempDir;

const std::string kIndexer = DOSSIER_INDEX_BIN;
const std::string kSearch = DOSSIER_SEARCH_BIN;
const std::filesystem::path kHttpData = std::filesystem::path(DOSSIER_TEST_DATA_DIR) / "http";

std::string run_command(const std::string& command, int* status = nullptr) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    std::array<char, 4096> buffer{};
    std::size_t got = 0;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        out.append(buffer.data(), got);
    const int raw = ::pclose(pipe);
    if (status != nullptr)
        *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return out;
}

std::string quoted(const std::filesystem::path& p) {
    return "'" + p.string() + "'";
}

// A server on 127.0.0.1, any free port, run on its own thread.
class RunningServer {
  public:
    explicit RunningServer(ServerOptions options) {
        options.host = "127.0.0.1";
        options.port = 0;
        options.threads = options.threads == 0 ? 4 : options.threads;
        server_ = std::make_unique<HttpServer>(std::move(options));
        port_ = server_->bind();
        thread_ = std::thread([this] { server_->run(); });
        while (!server_->running())
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    explicit RunningServer(const std::filesystem::path& index)
        : RunningServer(options_for(index)) {}
    ~RunningServer() {
        server_->stop();
        thread_.join();
    }
    static ServerOptions options_for(const std::filesystem::path& index) {
        ServerOptions options;
        options.index_directory = index;
        options.access_log = nullptr;
        // A thread per connection is started up front: enough for any test
        // here, and cheaper to start and stop under the sanitizers than 256.
        options.max_connections = 32;
        return options;
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_connection_timeout(5);
        c.set_read_timeout(10);
        return c;
    }
    int port() const { return port_; }

  private:
    std::unique_ptr<HttpServer> server_;
    int port_ = 0;
    std::thread thread_;
};

struct Answer {
    int status = 0;
    std::string content_type;
    json body;
};

Answer get(const RunningServer& server, const std::string& target) {
    httplib::Client client = server.client();
    const auto res = client.Get(target.c_str());
    if (!res)
        return {};
    Answer answer{res->status, res->get_header_value("Content-Type"), json()};
    if (answer.content_type.rfind("application/json", 0) == 0)
        answer.body = json::parse(res->body);
    return answer;
}

json without_timing(json result) {
    result.erase("took_ms");
    return result;
}

// "<article id>@<ordinal>", as the service makes passage ids.
std::string passage_id_of(const json& article, const json& passage) {
    return article["id"].get<std::string>() + "@" + std::to_string(passage["ordinal"].get<int>());
}

class HttpApi : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { server_ = new RunningServer(CorpusIndex::path()); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static const RunningServer& server() { return *server_; }

  private:
    static RunningServer* server_;
};
RunningServer* HttpApi::server_ = nullptr;

TEST_F(HttpApi, HealthSaysOk) {
    const Answer a = get(server(), "/health");
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.body["status"], "ok");
    EXPECT_EQ(a.body["busy"], false);
}

TEST_F(HttpApi, StatsAreTheServiceStats) {
    const Answer a = get(server(), "/stats");
    ASSERT_EQ(a.status, 200);
    SearchService service(CorpusIndex::path());
    EXPECT_EQ(a.body, to_json(service.stats()));
    EXPECT_EQ(a.body["articles"], 4);
    EXPECT_EQ(a.body["shards"], Xapian::Database(CorpusIndex::path().string()).size());
    // Every passage of every article, as the article views list them.
    std::size_t passages = 0;
    const Answer all = get(server(), "/search?limit=100");
    ASSERT_EQ(all.body["hits"].size(), 4u);
    for (const json& hit : all.body["hits"])
        passages += get(server(), "/articles/" + hit["article"]["id"].get<std::string>())
                        .body["passages"]
                        .size();
    EXPECT_EQ(a.body["passages"], passages);
}

// Each pair asks the CLI and the API the same question.
TEST_F(HttpApi, SearchReturnsExactlyWhatTheCliPrints) {
    const std::vector<std::pair<std::string, std::string>> requests = {
        {"sanctions", "q=sanctions"},
        {"--actor NATO --from 2024 --facets actor", "actor=NATO&from=2024&facets=actor"},
        {"'\"security consultation\"' --facets actor,year --facet-limit 3 --per-article 0 "
         "--limit 5 --offset 1",
         "q=%22security+consultation%22&facets=actor,year&facet_limit=3&per_article=0&limit=5&"
         "offset=1"},
        {"--actor Russia --actor China --sort date --type country --facets actor,month",
         "actor=Russia&actor=China&sort=date&type=country&facets=actor&facets=month"},
        {"'energy OR gas' --from 2024-06 --facets source,author --limit 3",
         "q=energy%20OR%20gas&from=2024-06&facets=source,author&limit=3"},
        // Ranking options: each changes the scores, the same way on both.
        {"'china OR russia OR security' --passage-weight 0.5 --rerank-depth 5 --explain",
         "q=china+OR+russia+OR+security&passage_weight=0.5&rerank_depth=5&explain=1"},
        {"'china OR russia OR security' --feedback --explain",
         "q=china+OR+russia+OR+security&feedback=true&explain=true"},
        {"'china OR russia OR security' --passage-weight 0",
         "q=china+OR+russia+OR+security&"
         "passage_weight=0"},
    };
    for (const auto& [arguments, query_string] : requests) {
        SCOPED_TRACE(arguments);
        const std::string cli = run_command(kSearch + " --json --index " +
                                            quoted(CorpusIndex::path()) + " " + arguments);
        const Answer http = get(server(), "/search?" + query_string);
        ASSERT_EQ(http.status, 200);
        EXPECT_GT(http.body["total"].get<int>(), 0);
        EXPECT_EQ(without_timing(json::parse(cli)), without_timing(http.body));
    }
}

// One hit per matching article, with at most per_article of its passages,
// best first, and the number of its passages that match.
TEST_F(HttpApi, HitsAreArticlesWithTheirBestPassages) {
    for (const unsigned per_article : {0u, 1u, 2u}) {
        SCOPED_TRACE("per_article=" + std::to_string(per_article));
        const Answer a =
            get(server(), "/search?q=china&limit=100&per_article=" + std::to_string(per_article));
        ASSERT_EQ(a.status, 200);
        const json& hits = a.body["hits"];
        EXPECT_EQ(a.body["total"], hits.size());
        EXPECT_EQ(a.body["total"], 4);  // every seed article names China
        std::set<std::string> articles;
        bool cut = false;
        for (std::size_t i = 0; i < hits.size(); ++i) {
            const json& hit = hits[i];
            SCOPED_TRACE(hit["article"]["id"].get<std::string>());
            EXPECT_EQ(hit["rank"], i + 1);
            EXPECT_TRUE(articles.insert(hit["article"]["id"].get<std::string>()).second);
            const unsigned matched = hit["matched_passages"];
            const json& passages = hit["passages"];
            EXPECT_GT(matched, 0u);
            EXPECT_EQ(passages.size(), per_article == 0 ? matched : std::min(per_article, matched));
            cut = cut || matched > passages.size();
            double previous = std::numeric_limits<double>::infinity();
            for (const json& passage : passages) {
                EXPECT_EQ(passage["passage_id"], passage_id_of(hit["article"], passage));
                EXPECT_GT(passage["score"].get<double>(), 0);
                EXPECT_LE(passage["score"].get<double>(), previous);
                previous = passage["score"].get<double>();
                EXPECT_TRUE(passage["snippet"]["text"].is_string());
            }
        }
        EXPECT_EQ(cut, per_article != 0);  // the seed articles name China in many passages
    }
}

// An article with no matching passage (a word of its title only, a filter
// alone) still shows its opening passage, and says that none matched.
TEST_F(HttpApi, HitWithoutMatchingPassagesShowsTheOpeningPassage) {
    const Answer a = get(server(), "/search?source=Global%20Village%20Space&limit=100");
    ASSERT_EQ(a.status, 200);
    ASSERT_GT(a.body["hits"].size(), 0u);
    for (const json& hit : a.body["hits"]) {
        EXPECT_EQ(hit["score"], 0);
        EXPECT_EQ(hit["matched_passages"], 0);
        ASSERT_EQ(hit["passages"].size(), 1u);
        EXPECT_EQ(hit["passages"][0]["ordinal"], 0);
        EXPECT_EQ(hit["passages"][0]["score"], 0);
    }
}

// Totals and facet counts are of articles: an article naming NATO in several
// passages counts once, and the facet count of a value is the total of a
// search filtered by it.
TEST_F(HttpApi, TotalsAndFacetCountsCountArticles) {
    const Answer all = get(server(), "/facets?facets=actor,year&facet_limit=1000");
    ASSERT_EQ(all.status, 200);
    EXPECT_EQ(all.body["total"], 4);
    unsigned years = 0;
    for (const json& year : all.body["facets"]["year"])
        years += year["count"].get<unsigned>();
    unsigned dated = 0;  // an article has at most one publication year
    const Answer every = get(server(), "/search?limit=100");
    for (const json& hit : every.body["hits"])
        dated += hit["article"]["date"].is_string() ? 1 : 0;
    EXPECT_EQ(years, dated);
    EXPECT_GT(dated, 0u);
    const json& actors = all.body["facets"]["actor"];
    const auto nato = std::find_if(actors.begin(), actors.end(), [](const json& v) {
        return v["value"] == "North Atlantic Treaty Organization";
    });
    ASSERT_NE(nato, actors.end());
    const Answer filtered = get(server(), "/search?actor=NATO&limit=100");
    ASSERT_EQ(filtered.status, 200);
    EXPECT_EQ((*nato)["count"], filtered.body["total"]);
    EXPECT_EQ(filtered.body["hits"].size(), filtered.body["total"].get<std::size_t>());
    unsigned naming = 0;  // passages that name NATO, over several per article
    for (const json& hit : filtered.body["hits"])
        naming += hit["matched_passages"].get<unsigned>();
    EXPECT_GT(naming, filtered.body["total"].get<unsigned>());
}

TEST_F(HttpApi, FacetsEndpointGivesTheSearchFacetsWithoutHits) {
    const Answer facets = get(server(), "/facets?q=sanctions&facets=actor,year");
    const Answer search = get(server(), "/search?q=sanctions&facets=actor,year");
    ASSERT_EQ(facets.status, 200);
    EXPECT_FALSE(facets.body.contains("hits"));
    EXPECT_EQ(facets.body["facets"], search.body["facets"]);
    EXPECT_EQ(facets.body["total"], search.body["total"]);
}

TEST_F(HttpApi, FacetsEndpointCountsActorsYearsMonthsAndSourcesByDefault) {
    const Answer a = get(server(), "/facets?actor=NATO");
    ASSERT_EQ(a.status, 200);
    for (const char* name : {"actor", "year", "month", "source"})
        EXPECT_TRUE(a.body["facets"].contains(name)) << name;
}

TEST_F(HttpApi, PassageComesWithItsArticleAndNeighbours) {
    const Answer search = get(server(), "/search?q=sanctions&limit=1");
    ASSERT_EQ(search.status, 200);
    const json& hit = search.body["hits"][0];
    const json& shown = hit["passages"][0];
    const std::string id = shown["passage_id"];
    SearchService service(CorpusIndex::path());
    const Answer a = get(server(), "/passages/" + id);
    ASSERT_EQ(a.status, 200);
    EXPECT_EQ(a.body, to_json(*service.passage(id)));
    EXPECT_EQ(a.body["article"], hit["article"]);  // one article shape everywhere
    EXPECT_EQ(a.body["passage"]["passage_id"], id);
    EXPECT_EQ(a.body["passage"]["text"], shown["text"]);
    EXPECT_EQ(a.body["passage"]["location"], shown["location"]);
    EXPECT_FALSE(a.body["passage"].contains("score"));  // only search hits are scored
    EXPECT_FALSE(a.body["passage"].contains("snippet"));
    const int ordinal = shown["ordinal"];
    const json& before = a.body["before"];
    const json& after = a.body["after"];
    EXPECT_EQ(before.size(), std::min(2, ordinal));
    for (std::size_t i = 0; i < before.size(); ++i)
        EXPECT_EQ(before[i]["ordinal"], ordinal - static_cast<int>(before.size() - i));
    for (std::size_t i = 0; i < after.size(); ++i)
        EXPECT_EQ(after[i]["ordinal"], ordinal + 1 + static_cast<int>(i));
    const Answer one = get(server(), "/passages/" + id + "?neighbours=1");
    EXPECT_LE(one.body["before"].size(), 1u);
    EXPECT_LE(one.body["after"].size(), 1u);
}

TEST_F(HttpApi, ArticleIsTheCleanedArticleWithItsPassages) {
    const Answer a = get(server(), "/articles/000_38333822f4d6acfe");
    ASSERT_EQ(a.status, 200);
    EXPECT_EQ(a.body["article"]["id"], "000_38333822f4d6acfe");
    EXPECT_EQ(a.body["article"]["line"], nullptr);  // a whole file, not a JSONL line
    EXPECT_EQ(a.body["article"]["extra"], json::object());
    EXPECT_GT(a.body["passages"].size(), 3u);
    EXPECT_FALSE(a.body["actors"].empty());
    for (std::size_t i = 0; i < a.body["passages"].size(); ++i) {
        const json& passage = a.body["passages"][i];
        EXPECT_EQ(passage["ordinal"], i);
        EXPECT_EQ(passage["passage_id"], passage_id_of(a.body["article"], passage));
        EXPECT_FALSE(passage.contains("score"));
        EXPECT_FALSE(passage.contains("snippet"));
    }
    // The same article object as a search hit carries.
    const Answer search = get(server(), "/search?q=%22security+consultation%22&limit=1");
    ASSERT_EQ(search.body["hits"][0]["article"]["id"], "000_38333822f4d6acfe");
    EXPECT_EQ(search.body["hits"][0]["article"], a.body["article"]);
}

TEST_F(HttpApi, UnknownIdsAndPathsAre404WithAMessage) {
    for (const char* target :
         {"/passages/nope@1", "/passages/000_38333822f4d6acfe@9999",
          "/passages/000_38333822f4d6acfe", "/articles/nope", "/no/such/path"}) {
        SCOPED_TRACE(target);
        const Answer a = get(server(), target);
        EXPECT_EQ(a.status, 404);
        EXPECT_TRUE(a.body["error"].is_string());
    }
}

TEST_F(HttpApi, BadParametersAre400WithTheReason) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"/search?limit=abc", "limit"},
        {"/search?limit=5000", "maximum"},
        {"/search?facets=colour", "unknown facet"},
        {"/search?q=x&q=y", "more than once"},
        {"/search?colour=red", "unknown parameter"},
        {"/search?type=planet&facets=actor", "actor type"},
        {"/search?from=2025&to=2024", "after"},
        {"/search?sort=random", "sort"},
        {"/search?q=x&passage_weight=heavy", "passage_weight must be a number"},
        {"/search?q=x&passage_weight=-1", "passage weight"},
        {"/search?q=x&rerank_depth=-3", "rerank_depth"},
        {"/search?q=x&rerank_depth=5000", "rerank depth"},
        {"/search?q=x&feedback=maybe", "feedback must be 0, 1, true or false"},
        {"/search?q=%FF%FE", "UTF-8"},
        {"/passages/x@1?neighbours=99", "neighbours"},
    };
    for (const auto& [target, reason] : cases) {
        SCOPED_TRACE(target);
        const Answer a = get(server(), target);
        EXPECT_EQ(a.status, 400);
        EXPECT_EQ(a.body.size(), 1u);
        EXPECT_NE(a.body["error"].get<std::string>().find(reason), std::string::npos)
            << a.body.dump();
    }
}

TEST_F(HttpApi, OversizedRequestsAre413And414) {
    httplib::Client client = server().client();
    const auto long_query = client.Get(("/search?q=" + std::string(5000, 'a')).c_str());
    ASSERT_TRUE(long_query);
    EXPECT_EQ(long_query->status, 414);
    EXPECT_NE(long_query->body.find("limit"), std::string::npos);
    const auto long_uri = client.Get(("/search?q=a&actor=" + std::string(9000, 'b')).c_str());
    ASSERT_TRUE(long_uri);
    EXPECT_EQ(long_uri->status, 414);
    EXPECT_TRUE(json::parse(long_uri->body)["error"].is_string());
    const auto big_body =
        client.Post("/search", std::string(200'000, 'x'), "application/octet-stream");
    ASSERT_TRUE(big_body);
    EXPECT_EQ(big_body->status, 413);
    EXPECT_TRUE(json::parse(big_body->body)["error"].is_string());
}

TEST_F(HttpApi, WritesAre405) {
    httplib::Client client = server().client();
    const auto res = client.Post("/search", "q=x", "application/x-www-form-urlencoded");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405);
    EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD");
}

TEST_F(HttpApi, ConcurrentRequestsAllSucceedWithTheSameAnswer) {
    const json expected = without_timing(get(server(), "/search?q=sanctions&facets=actor").body);
    std::atomic<int> mismatches{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 6; ++c) {
        clients.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                const Answer a = get(server(), "/search?q=sanctions&facets=actor");
                if (a.status != 200 || without_timing(a.body) != expected)
                    ++mismatches;
            }
        });
    }
    for (std::thread& t : clients)
        t.join();
    EXPECT_EQ(mismatches, 0);
}

TEST_F(HttpApi, PageAndAssetsAreServedWithAStrictContentSecurityPolicy) {
    httplib::Client client = server().client();
    const auto page = client.Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"),
              std::string::npos);
    EXPECT_NE(page->body.find("app.js"), std::string::npos);
    for (const char* asset : {"/app.js", "/style.css"}) {
        const auto res = client.Get(asset);
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 200) << asset;
        EXPECT_FALSE(res->body.empty());
    }
}

TEST(HttpServer, HostileTextComesBackVerbatimAsJsonStrings) {
    TempDir dir;
    int status = -1;
    run_command(kIndexer + " --quiet --index " + quoted(dir / "ix") + " " +
                    quoted(kHttpData / "hostile.jsonl"),
                &status);
    ASSERT_EQ(status, 0);
    RunningServer server(dir / "ix");
    const Answer a = get(server, "/search?q=zebrafinch");
    ASSERT_EQ(a.status, 200);
    EXPECT_EQ(a.content_type, "application/json; charset=utf-8");
    ASSERT_EQ(a.body["total"], 1);
    const json& hit = a.body["hits"][0];
    EXPECT_EQ(hit["article"]["title"],
              "<script>window.dossierPwned = 1;</script><b>Bold</b> & \"quoted\" <img src=x "
              "onerror=\"window.dossierPwned=2\">");
    ASSERT_EQ(hit["passages"].size(), 1u);
    const json& passage = hit["passages"][0];
    const std::string script = "<script>window.dossierPwned = 3;</script>";
    EXPECT_NE(passage["text"].get<std::string>().find(script), std::string::npos);
    EXPECT_NE(passage["snippet"]["text"].get<std::string>().find(script), std::string::npos);
    const Answer article = get(server, "/articles/hostile-1");
    EXPECT_EQ(article.body["article"]["source"], "The <i>Injector</i>");
    EXPECT_EQ(article.body["article"]["author"], "Mallory <b>Evil</b>");
    EXPECT_EQ(article.body["article"]["line"], 1);  // a JSONL record
    EXPECT_EQ(article.body["article"], hit["article"]);
    EXPECT_EQ(article.body["passages"][0]["text"], passage["text"]);
}

TEST(HttpServer, AnswersUnavailableUntilTheIndexExists) {
    TempDir dir;
    RunningServer server(dir / "ix");
    for (const char* target : {"/health", "/search?q=tugs", "/stats"}) {
        const Answer a = get(server, target);
        EXPECT_EQ(a.status, 503) << target;
        EXPECT_NE(a.body["error"].get<std::string>().find("dossier-index"), std::string::npos);
    }
    run_command(kIndexer + " --quiet --index " + quoted(dir / "ix") + " " +
                quoted(kHttpData / "update-1.jsonl"));
    EXPECT_EQ(get(server, "/health").status, 200);
    EXPECT_EQ(get(server, "/search?q=tugs").body["total"], 1);
}

// A client connection the test holds open: connected, and sending only
// what it is told to.
class RawConnection {
  public:
    explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ =
            ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    }
    ~RawConnection() { ::close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    bool connected() const { return connected_; }
    void send(std::string_view bytes) const {
        ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    }
    // True while the server has neither answered nor closed the connection.
    bool silent() const {
        pollfd p{fd_, POLLIN, 0};
        return ::poll(&p, 1, 0) == 0;
    }
    // One answer with a Content-Length body (or what came within 10 s).
    std::string read_answer() const {
        timeval wait{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        std::string out;
        char buffer[4096];
        for (ssize_t n; (n = ::recv(fd_, buffer, sizeof buffer, 0)) > 0;) {
            out.append(buffer, static_cast<std::size_t>(n));
            const std::size_t end = out.find("\r\n\r\n");
            const std::size_t length = out.find("Content-Length: ");
            if (end != std::string::npos && length != std::string::npos &&
                out.size() >= end + 4 + std::stoul(out.substr(length + 16)))
                break;
        }
        return out;
    }
    // Everything the server sends until it closes (or 10 s pass).
    std::string read_all() const {
        timeval wait{10, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        std::string out;
        char buffer[4096];
        for (ssize_t n; (n = ::recv(fd_, buffer, sizeof buffer, 0)) > 0;)
            out.append(buffer, static_cast<std::size_t>(n));
        return out;
    }

  private:
    int fd_;
    bool connected_ = false;
};

TEST(HttpServer, IdleAndSlowConnectionsHoldNoSearchWorker) {
    ServerOptions options = RunningServer::options_for(CorpusIndex::path());
    options.threads = 1;  // one search worker: any connection holding it would stop the rest
    // Far longer than the client waits: an answer that came only when the
    // held connections timed out would fail the test.
    options.idle_timeout = std::chrono::seconds(60);
    RunningServer server(options);
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 12; ++i) {
        held.push_back(std::make_unique<RawConnection>(server.port()));
        ASSERT_TRUE(held.back()->connected());
        if (i % 3 == 0)
            held.back()->send("GET /search?q=china HTTP/1.1\r\nHost: x\r\nX-Slow: ");  // never ends
    }
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(10);
    for (const char* target : {"/health", "/search?q=china", "/stats", "/search?q=nato"}) {
        const auto res = client.Get(target);
        ASSERT_TRUE(res) << target << ": no answer while connections were held";
        EXPECT_EQ(res->status, 200) << target;
    }
}

TEST(HttpServer, UnknownMethodsAndBrokenRequestLinesAre400AndCloseTheConnection) {
    RunningServer server(RunningServer::options_for(CorpusIndex::path()));
    for (const char* request :
         {"BREW /search HTTP/1.1\r\nHost: x\r\n\r\n", "GET /search HTTP/9.9\r\nHost: x\r\n\r\n"}) {
        RawConnection connection(server.port());
        connection.send(request);
        // Everything until the server closes: one answer. Its headers are
        // not read as another request.
        const std::string answer = connection.read_all();
        ASSERT_TRUE(answer.starts_with("HTTP/1.1 400")) << request << answer;
        EXPECT_EQ(answer.find("HTTP/1.1", 1), std::string::npos) << answer;
        const json body = json::parse(answer.substr(answer.find("\r\n\r\n") + 4));
        EXPECT_EQ(body["error"],
                  "malformed request: an unknown method, or a bad request line or header");
    }
}

TEST(HttpServer, HealthOpensNoSearchHandleAndCountsTheOpenOnes) {
    RunningServer server(CorpusIndex::path());
    for (int i = 0; i < 2; ++i) {
        const Answer health = get(server, "/health");
        ASSERT_EQ(health.status, 200);
        EXPECT_EQ(health.body["status"], "ok");
        EXPECT_EQ(health.body["handles_open"], 0) << "a health check opened a search handle";
    }
    ASSERT_EQ(get(server, "/search?q=china").status, 200);
    const Answer after = get(server, "/health");
    EXPECT_EQ(after.body["handles_open"], 1);
    EXPECT_EQ(after.body["busy"], false);
}

TEST(HttpServer, RequestSentSlowerThanTheRequestTimeoutIsAnswered408AndClosed) {
    ServerOptions options = RunningServer::options_for(CorpusIndex::path());
    options.request_timeout = std::chrono::milliseconds(1000);
    options.idle_timeout = std::chrono::seconds(60);  // not the reason it closes
    RunningServer server(options);
    RawConnection slow(server.port());
    ASSERT_TRUE(slow.connected());
    // A header byte every 100 ms: each arrives well within any per-read
    // timeout, and the whole would take 20 s.
    const std::string request =
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(200, 'a') + "\r\n\r\n";
    std::size_t sent = 0;
    while (sent < request.size() && slow.silent()) {
        slow.send(request.substr(sent++, 1));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_LT(sent, request.size()) << "the server waited for the whole slow request";
    const std::string answer = slow.read_all();
    ASSERT_TRUE(answer.starts_with("HTTP/1.1 408")) << answer;
    const json body = json::parse(answer.substr(answer.find("\r\n\r\n") + 4));
    EXPECT_EQ(body["error"], "request not received whole within 1000 ms");
    // The connection's thread is free again: the server still answers.
    EXPECT_EQ(get(server, "/health").status, 200);
}

TEST(HttpServer, KeepAliveConnectionServesRequestsAfterPausesShorterThanTheIdleTimeout) {
    ServerOptions options = RunningServer::options_for(CorpusIndex::path());
    options.request_timeout = std::chrono::milliseconds(500);
    options.idle_timeout = std::chrono::seconds(60);
    RunningServer server(options);
    RawConnection connection(server.port());
    ASSERT_TRUE(connection.connected());
    // The pauses between requests are longer than the request timeout: it
    // counts from a request's first byte, not from the last answer.
    for (int i = 0; i < 3; ++i) {
        connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        const std::string answer = connection.read_answer();
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << i << ": " << answer;
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
    }
}

TEST(HttpServer, ConnectionsOverTheCapAreAnswered503AndTheCapFreesWhenTheyClose) {
    ServerOptions options = RunningServer::options_for(CorpusIndex::path());
    options.max_connections = 3;
    options.idle_timeout = std::chrono::seconds(60);
    RunningServer server(options);
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 3; ++i)
        held.push_back(std::make_unique<RawConnection>(server.port()));
    // The server takes the held connections up in its own time: ask until it has.
    std::string refused;
    for (int attempt = 0; attempt < 200 && refused.empty(); ++attempt) {
        RawConnection extra(server.port());
        extra.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const std::string answer = extra.read_all();
        if (answer.starts_with("HTTP/1.1 503"))
            refused = answer;
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_FALSE(refused.empty()) << "a fourth connection was never refused";
    const json body = json::parse(refused.substr(refused.find("\r\n\r\n") + 4));
    EXPECT_EQ(body["error"], "too many connections (at most 3); try again shortly");
    EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos);
    held.clear();
    int status = 0;
    for (int attempt = 0; attempt < 200 && status != 200; ++attempt) {
        status = get(server, "/health").status;
        if (status != 200)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(status, 200) << "the cap was not freed when the connections closed";
}

TEST(HttpServer, AnswersFromTheNewCommitWhileServingWithoutFailedRequests) {
    TempDir dir;
    int status = -1;
    run_command(kIndexer + " --quiet --index " + quoted(dir / "ix") + " " +
                    quoted(kHttpData / "update-1.jsonl"),
                &status);
    ASSERT_EQ(status, 0);
    RunningServer server(dir / "ix");
    ASSERT_EQ(get(server, "/search?q=quillwort").body["total"], 0);

    std::atomic<bool> done{false};
    std::atomic<int> requests{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 3; ++c) {
        clients.emplace_back([&] {
            while (!done) {
                const Answer a = get(server, "/search?q=tugs+OR+quillwort&facets=year");
                ++requests;
                if (a.status != 200)
                    ++failures;
            }
        });
    }
    run_command(kIndexer + " --quiet --index " + quoted(dir / "ix") + " " +
                    quoted(kHttpData / "update-1.jsonl") + " " +
                    quoted(kHttpData / "update-2.jsonl"),
                &status);
    // Seen without a restart. How soon is a matter of reopen_interval (250 ms)
    // and of the machine's load, not asserted here: a generous bound only
    // keeps a broken reopen from hanging the test.
    const auto committed = std::chrono::steady_clock::now();
    bool found = false;
    while (!found && std::chrono::steady_clock::now() - committed < std::chrono::seconds(30)) {
        found = get(server, "/search?q=quillwort").body["total"] == 1;
        if (!found)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    done = true;
    for (std::thread& t : clients)
        t.join();
    EXPECT_EQ(status, 0);
    EXPECT_TRUE(found);
    EXPECT_GT(requests, 0);
    EXPECT_EQ(failures, 0);
}

TEST(HttpServer, SearchPastItsTimeBudgetIsCutAndSaysSo) {
    ServerOptions options = RunningServer::options_for(CorpusIndex::path());
    options.limits.time_budget_seconds = 1e-9;  // always exceeded
    RunningServer server(options);
    const Answer a = get(server, "/search?q=sanctions&facets=actor");
    ASSERT_EQ(a.status, 200);
    EXPECT_EQ(a.body["time_limited"], true);
    const Answer normal = get(server, "/health");
    EXPECT_EQ(normal.status, 200);
}

TEST(HttpServer, AccessLogHasMethodPathStatusAndTime) {
    TempDir dir;
    const auto log_path = dir / "access.log";
    FILE* log = std::fopen(log_path.c_str(), "w");
    ASSERT_NE(log, nullptr);
    {
        ServerOptions options = RunningServer::options_for(CorpusIndex::path());
        options.access_log = log;
        RunningServer server(options);
        get(server, "/search?q=sanctions");
        get(server, "/nope");
    }
    std::fclose(log);
    const std::string text = testing::read_file(log_path);
    EXPECT_NE(text.find("GET /search?q=sanctions 200 "), std::string::npos) << text;
    EXPECT_NE(text.find("GET /nope 404 "), std::string::npos) << text;
    EXPECT_NE(text.find(" ms\n"), std::string::npos);
}

}  // namespace
}  // namespace dossier
