#include "query/search/search_request.h"

#include <sstream>

namespace dossier {

std::vector<std::string> split_facet_list(const std::string& list) {
    std::vector<std::string> items;
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (!item.empty())
            items.push_back(item);
    }
    return items;
}

}  // namespace dossier
