# Writes OUTPUT, a C++ file defining dossier::find_web_asset() over the files
# NAMES (comma-separated) of WEB_DIR. index.html is served at "/", the others
# at "/<name>". Run at build time so that edits to the page rebuild it.
string(REPLACE "," ";" names "${NAMES}")
set(entries "")
set(arrays "")
set(index 0)
foreach(name IN LISTS names)
  file(READ "${WEB_DIR}/${name}" content HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
  string(APPEND arrays "constexpr char kFile${index}[] = {${bytes}};\n")
  if(name STREQUAL "index.html")
    set(url "/")
  else()
    set(url "/${name}")
  endif()
  if(name MATCHES "\\.html$")
    set(type "text/html; charset=utf-8")
  elseif(name MATCHES "\\.js$")
    set(type "text/javascript; charset=utf-8")
  elseif(name MATCHES "\\.css$")
    set(type "text/css; charset=utf-8")
  else()
    set(type "application/octet-stream")
  endif()
  string(APPEND entries "    {\"${url}\", \"${type}\", {kFile${index}, sizeof kFile${index}}},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${WEB_DIR} by query/http/embed_web_assets.cmake. Do not edit.\n"
  "#include \"query/http/web_assets.h\"\n"
  "#include <array>\n"
  "namespace dossier {\n"
  "namespace {\n${arrays}"
  "const WebAsset kAssets[] = {\n${entries}};\n"
  "}  // namespace\n"
  "const WebAsset* find_web_asset(std::string_view path) {\n"
  "    for (const WebAsset& asset : kAssets) {\n"
  "        if (asset.path == path) return &asset;\n"
  "    }\n"
  "    return nullptr;\n"
  "}\n"
  "}  // namespace dossier\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
