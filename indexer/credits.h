// The credits of a news text: who made it and which agency sent it, which
// are its author and source, not what it is about (docs/indexing.md, "How
// actors are matched").
//   - Credit lines: "(Reporting by Jonathan Stempel and Dan Wilchins in New
//     York; Additional reporting by Svea Herbst-Bayliss; Editing by Gary
//     Hill)", "Writing by ...", "Compiled by ...", "Edited by ...", "Photos
//     by ...", at the start of a line, after "(" or ";" or a full stop.
//   - The agency of a dateline: "NEW YORK (Reuters) -", "PARIS (AFP) --" at
//     the start of a line in the first 300 bytes of a text;
//   - that agency as the story's own interlocutor, given `agency`: "told
//     Reuters", "sent to Reuters", "in an interview with Reuters",
//     "according to Reuters", "by Reuters".
// No actor is found inside a credit; the people credited become authors of
// the article. Pure functions; nothing throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

struct Credits {
    struct Span {
        std::size_t begin = 0;  // byte offsets into the text
        std::size_t end = 0;
    };
    std::vector<Span> spans;          // in text order
    std::vector<std::string> people;  // the people credited, in order, each once
    std::string agency;               // of the dateline, "Reuters"; empty when none

    // True when [begin, end) lies inside a credit.
    bool covers(std::size_t begin, std::size_t end) const;
};

// `agency`: the article's own, from its first passage's Credits::agency.
Credits find_credits(std::string_view text, std::string_view agency = {});

}  // namespace dossier
