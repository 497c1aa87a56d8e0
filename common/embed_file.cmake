# Writes OUTPUT, a C++ file defining dossier::default_gazetteer_json() as the
# bytes of INPUT. Run at build time so that edits to the data file rebuild it.
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by common/embed_file.cmake. Do not edit.\n"
  "#include \"common/default_gazetteer.h\"\n"
  "namespace dossier {\n"
  "namespace { constexpr char kData[] = {${bytes}}; }\n"
  "std::string_view default_gazetteer_json() { return {kData, sizeof kData}; }\n"
  "}  // namespace dossier\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
