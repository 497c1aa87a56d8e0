// A query typed as prose ("Please supply information on the theory of
// parametric amplifiers", "What is the status of machine translation? If
// so, ...") loses, before it is parsed, the words that say nothing of what
// it asks for: the framing of the request and the stop words. The search
// result lists both (`request_words`, `dropped_words`); docs/ranking.md says
// what keeping them cost the ranking. A query with operators, quotes, fields
// or wildcards is the user's exact wish and is left alone.
//
// Pure functions of the text; nothing throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// True when `text` is words alone, as prose is typed: no operators (unless
// typed in capitals, which makes them words), quotes, fields or wildcards.
bool is_plain_prose(std::string_view text);

struct ProseWithout {
    std::string text;                  // the prose, the words taken out blanked
    std::vector<std::string> removed;  // those words, lower-case (see each function)
};

// The prose without the framing of a request: "please", "supply",
// "information" in "Please supply information on X"; "interested" in "I am
// interested in X"; "references" in "What references on X"; the whole of "A
// suitable article please". Recognised by the shape of a request (the stop
// phrases of Callan and Croft's INQUERY, 1993), not by a list of words
// dropped wherever they stand: "information" stays in "information
// retrieval systems", "supply" in "supply chain disruptions". Each sentence
// is read on its own:
//   - a head of politeness and first person ("please", "could you", "I
//     would like to have", "we are interested in") with its verbs of asking;
//     without those a sentence keeps its first verb unless the verb can only
//     ask ("Describe ...", "Give methods for ...", but "Supply chain ...");
//   - then a noun that names the thing asked for rather than its subject
//     ("information", "details", "articles", "papers", "references",
//     "abstracts", "documents", "literature", "material", "publications",
//     "reports"), after at most a determiner ("a", "some", "what"), and only
//     when a link to the subject follows ("on", "about", "concerning",
//     "pertinent to", "which deal with") and the subject has words;
//   - a sentence of nothing else ("A suitable article please").
// `removed` lists the framing words that are not stop words (the stop words
// of the framing go too, and are listed by without_stop_words). Prose whose
// words would all go is returned unchanged.
ProseWithout without_request_framing(std::string_view prose);

// The prose without its stop words (stop_words.h), `removed` listing each
// once. Xapian's parser drops a stop word only from a run of words that has
// others, so between two commas "if so" stays and ranks like a subject word.
// A word joined to its neighbour by anything but a space or punctuation
// stays, for the parser makes a phrase of "state-of-the-art" and reads
// "china+OR+russia" as it reads it with spaces. Prose of stop words alone
// ("The Who") is returned unchanged.
ProseWithout without_stop_words(std::string_view prose);

}  // namespace dossier
