// The search page's files (query/http/web/), embedded into the binary at build
// time by query/http/embed_web_assets.cmake so that dossier-serve needs no files
// beside the index.
#pragma once

#include <string_view>

namespace dossier {

struct WebAsset {
    std::string_view path;  // URL path: "/" for index.html, "/app.js", ...
    std::string_view content_type;
    std::string_view body;
};

// The asset served at `path`, or nullptr.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace dossier
