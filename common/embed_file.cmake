# Writes OUTPUT, a C++ file defining `std::string_view dossier::FUNCTION()` as
# the bytes of INPUT, declared in HEADER. Run at build time so that edits to
# the data file rebuild it.
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by common/embed_file.cmake. Do not edit.\n"
  "#include \"${HEADER}\"\n"
  "namespace dossier {\n"
  "namespace { constexpr char kData[] = {${bytes}}; }\n"
  "std::string_view ${FUNCTION}() { return {kData, sizeof kData}; }\n"
  "}  // namespace dossier\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
